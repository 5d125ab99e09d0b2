/**
 * Stand-ins for the components the plan sizes, publishing the same contracts as the real ones
 * (component names, replica ids, container names, retention): a lib acts on the contracts, so
 * these are what it sees. Each renders a ConfigMap of what render resolved for it.
 */
import {
  type ContainerResources,
  defineComponent,
  type KubeObject,
  options,
  type Part,
  type RenderResult,
} from '@mixstack/core';

interface StandInValues {
  replicas: Record<string, number>;
  retention?: string;
  resources: Record<string, ContainerResources>;
}

const resources = (cpu: string, memory: string, limit: string): ContainerResources => ({
  requests: { cpu, memory },
  limits: { memory: limit },
});

const schema = options.object({
  replicas: options.record(options.integer({ min: 1 })),
  retention: options.duration(),
  resources: options.record(
    options.object({
      requests: options.object({ cpu: options.quantity(), memory: options.quantity() }),
      limits: options.object({ memory: options.quantity() }),
    }),
  ),
});

type StandInOptions = { replicas?: Record<string, number>; retention?: string } & {
  resources?: Record<string, { requests?: { cpu?: string; memory?: string }; limits?: { memory?: string } }>;
};

function standIn(name: string, defaults: StandInValues) {
  return defineComponent<StandInValues, StandInOptions>({
    name,
    source: `@test/${name}`,
    schema: schema as unknown as options.Schema<StandInOptions>,
    defaults: () => structuredClone(defaults),
    contracts: (values) => ({
      containers: values.resources,
      resourceOptions: Object.fromEntries(Object.keys(values.resources).map((c) => [c, `resources.${c}`])),
      replicas: Object.fromEntries(
        Object.entries(values.replicas).map(([id, value]) => [id, { value, option: `replicas.${id}` }]),
      ),
      ...(values.retention !== undefined
        ? { retention: { value: values.retention, option: 'retention' } }
        : {}),
    }),
    build: (ctx) => ({
      sized: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `${name}-sized`, namespace: 'monitoring' },
        data: {
          replicas: JSON.stringify(ctx.contracts.replicas),
          retention: ctx.contracts.retention ?? '',
          resources: JSON.stringify(ctx.contracts.containers),
        },
      } as KubeObject,
    }),
  });
}

/** The defaults of the real components (their `defaults()`), for the contracts the plan names. */
export const prometheus = standIn('prometheus', {
  replicas: { server: 2 },
  retention: '15d',
  resources: { prometheus: resources('100m', '400Mi', '2Gi') },
});
export const loki = standIn('loki', {
  replicas: { loki: 1 },
  retention: '15d',
  resources: { loki: resources('100m', '256Mi', '1Gi') },
});
export const tempo = standIn('tempo', {
  replicas: { tempo: 1 },
  retention: '7d',
  resources: { tempo: resources('100m', '256Mi', '1Gi') },
});
export const alloy = standIn('alloy', {
  replicas: {},
  resources: {
    alloy: resources('50m', '128Mi', '512Mi'),
    'alloy-profiler': resources('50m', '64Mi', '256Mi'),
  },
});
export const thanos = standIn('thanos', {
  replicas: { query: 2, queryFrontend: 2, store: 1 },
  resources: {
    query: resources('100m', '256Mi', '1Gi'),
    'query-frontend': resources('50m', '128Mi', '512Mi'),
    store: resources('100m', '512Mi', '2Gi'),
    compact: resources('100m', '512Mi', '2Gi'),
  },
});

/** Thanos in a stack that only ships blocks: Query, Store Gateway and Compactor turned off publish nothing. */
export const thanosSidecarOnly = standIn('thanos', {
  replicas: {},
  resources: { 'thanos-sidecar': resources('50m', '64Mi', '256Mi') },
});

/** Every stand-in: the stack the plan sizes in full. */
export const everyComponent = (): Part[] => [prometheus(), thanos(), loki(), tempo(), alloy()];

export interface Sized {
  replicas: Record<string, number>;
  retention: string;
  resources: Record<string, ContainerResources>;
}

/** What render resolved for a stand-in, read from its ConfigMap. */
export function sizedOf(result: RenderResult, component: string): Sized {
  const found = result.objects.find((o) => o.address === `${component}/sized`);
  if (!found) throw new Error(`no ${component} in the stack`);
  const data = (found.object as unknown as { data: Record<string, string> }).data;
  return {
    replicas: JSON.parse(data.replicas!),
    retention: data.retention!,
    resources: JSON.parse(data.resources!),
  };
}
