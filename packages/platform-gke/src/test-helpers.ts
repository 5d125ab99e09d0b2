// Helpers of this package's tests (index.ts does not export them, so they never reach dist/).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type AdmittedClient,
  addComponent,
  addMixin,
  type BucketClaim,
  type ContainerResources,
  type ContainerResourcesAdjustment,
  type Dashboard,
  dashboardExpressions,
  defineComponent,
  definePart,
  type KubeObject,
  type Mixin,
  options,
  type Part,
  type ResolvedContracts,
} from '@mixstack/core';
import { goldenDirectory } from '@mixstack/testing';
import { selectsJobs } from './mixin-pruning.js';

const quantities = () => options.object({ cpu: options.quantity(), memory: options.quantity() });

interface ArchiverOptions {
  /** Buckets by id. @default { data: 'acme-<name>-data' } */
  buckets?: Record<string, string>;
  /** @default 'readWrite' */
  access?: BucketClaim['access'];
  /** The ServiceAccount its pods run as, and its bucket claims name. @default its name */
  serviceAccount?: string;
  /** Render that ServiceAccount (false: a claim for a ServiceAccount nobody renders). @default true */
  renderServiceAccount?: boolean;
  resources?: ContainerResourcesAdjustment;
}

const archiverSchema: options.Schema<ArchiverOptions> = options.object({
  buckets: options.record(options.string({ minLength: 1 })),
  access: options.oneOf(['readWrite', 'read'] as const),
  serviceAccount: options.dnsLabel(),
  renderServiceAccount: options.boolean(),
  resources: options.object({ requests: quantities(), limits: quantities() }),
});

interface ArchiverValues {
  /** By id; a list given in the options replaces the default one (no merge of bucket lists). */
  buckets?: Record<string, string>;
  access: BucketClaim['access'];
  serviceAccount?: string;
  renderServiceAccount: boolean;
  resources: ContainerResources;
}

/** NetworkPolicy peers for the clients the stack says reach the component (core decides who does). */
function peers(clients: Readonly<Record<string, AdmittedClient>>, namespace: string): unknown[] {
  return Object.keys(clients)
    .sort()
    .map((name) => {
      const client = clients[name]!;
      if (client.cidr) return { ipBlock: { cidr: client.cidr } };
      const other = client.namespace !== undefined && client.namespace !== namespace;
      return {
        ...(other
          ? { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': client.namespace } } }
          : {}),
        podSelector: { matchLabels: { ...client.podLabels } },
      };
    });
}

function archiverObjects(
  name: string,
  values: ArchiverValues,
  namespace: string,
  contracts: ResolvedContracts,
): Record<string, KubeObject | false> {
  const labels = { 'app.kubernetes.io/name': name };
  const metadata = { name, namespace, labels };
  const serviceAccount = values.serviceAccount ?? name;
  return {
    // Unlabelled, as the golden file has it: only the Workload Identity annotation may change it.
    serviceAccount: values.renderServiceAccount && {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: serviceAccount, namespace },
      automountServiceAccountToken: false,
    },
    deployment: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata,
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: serviceAccount,
            automountServiceAccountToken: false,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: 65534,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [
              {
                name,
                image: 'registry.example.com/archiver:1.0.0',
                ports: [{ name: 'http', containerPort: 8080 }],
                readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
                livenessProbe: { httpGet: { path: '/healthy', port: 'http' } },
                resources: contracts.containers[name],
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  runAsNonRoot: true,
                  capabilities: { drop: ['ALL'] },
                },
              },
            ],
          },
        },
      },
    },
    service: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata,
      spec: { selector: labels, ports: [{ name: 'http', port: 8080, targetPort: 'http' }] },
    },
    networkPolicy: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata,
      spec: {
        podSelector: { matchLabels: labels },
        policyTypes: ['Ingress'],
        ingress: [
          { from: peers(contracts.networkClients, namespace), ports: [{ port: 'http', protocol: 'TCP' }] },
        ],
      },
    },
  } as unknown as Record<string, KubeObject | false>;
}

const archivers = new Map<string, ReturnType<typeof archiverComponent>>();

/** The definition of one archiver (one per name: a stack may have two). */
function archiverComponent(name: string) {
  return defineComponent<ArchiverValues, ArchiverOptions>({
    name,
    source: '@test/archiver',
    schema: archiverSchema,
    defaults: () => ({
      access: 'readWrite',
      renderServiceAccount: true,
      resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
    }),
    contracts: (values, common) => ({
      containers: { [name]: values.resources },
      services: {
        http: {
          address: `${name}/service`,
          name,
          namespace: common.namespace,
          port: 8080,
          portName: 'http',
          scheme: 'http',
          healthPath: '/ready',
        },
      },
      // The object-storage contract of core: the buckets its pods use, by an id of its own.
      buckets: Object.fromEntries(
        Object.entries(values.buckets ?? { data: `acme-${name}-data` }).map(([id, bucket]) => [
          id,
          { bucket, serviceAccount: { name: values.serviceAccount ?? name }, access: values.access },
        ]),
      ),
      roles: ['datasource'],
    }),
    build: (ctx) => archiverObjects(name, ctx.values, ctx.common.namespace, ctx.contracts),
  });
}

/**
 * A component written for these tests with core's `defineComponent`, as a new component (Loki,
 * Tempo) would be: it keeps data in buckets, runs a Deployment as its own ServiceAccount,
 * and publishes its container, its Service, its buckets and the `datasource` role — nothing
 * about GKE or Grafana. `gke()` must give it Workload Identity, and Grafana network access,
 * with no change to platform-gke or component-grafana.
 */
export function archiver(options: ArchiverOptions & { name?: string; enabled?: boolean } = {}): Part {
  const { name = 'archiver', ...rest } = options;
  if (!archivers.has(name)) archivers.set(name, archiverComponent(name));
  return archivers.get(name)!(rest);
}

function dashboard(title: string, exprs: string[][]): Dashboard {
  return {
    title,
    schemaVersion: 39,
    panels: exprs.map((targets, i) => ({
      id: i + 1,
      type: 'timeseries',
      title: `Panel ${i + 1}`,
      datasource: { type: 'prometheus', uid: 'prometheus' },
      gridPos: { h: 8, w: 12, x: 0, y: i * 8 },
      targets: targets.map((expr, j) => ({ refId: String.fromCharCode(65 + j), expr })),
    })),
  };
}

/** Content as upstream's kubernetes-mixin has it for a self-hosted control plane, plus content that must stay. */
export function upstreamLikeMixin(): Mixin {
  return {
    title: 'Upstream Like',
    prometheusAlerts: {
      groups: [
        {
          name: 'upstream-control-plane',
          rules: [
            {
              alert: 'UpstreamSchedulerDown',
              expr: 'absent(up{job="kube-scheduler"} == 1)',
              for: '15m',
              labels: { severity: 'critical' },
              annotations: {
                description: 'kube-scheduler has disappeared from Prometheus target discovery.',
              },
            },
            {
              alert: 'UpstreamControllerManagerDown',
              expr: 'absent(up{job="kube-controller-manager"} == 1)',
              for: '15m',
              labels: { severity: 'critical' },
            },
            {
              alert: 'UpstreamSchedulingSlow',
              expr: 'upstream:scheduler_e2e_duration:p99 > 5',
              labels: { severity: 'warning' },
            },
            {
              alert: 'UpstreamVersionMismatch',
              expr: 'count(count by (git_version) (kubernetes_build_info{job=~"apiserver|kubelet|kube-controller-manager|kube-scheduler"})) > 1',
              labels: { severity: 'warning' },
            },
            {
              alert: 'UpstreamAnyTargetDown',
              expr: 'up{job=~".+"} == 0',
              labels: { severity: 'warning' },
            },
          ],
        },
      ],
    },
    prometheusRules: {
      groups: [
        {
          name: 'upstream.rules',
          rules: [
            {
              record: 'upstream:scheduler_e2e_duration:p99',
              expr: 'histogram_quantile(0.99, sum by (le) (rate(scheduler_e2e_scheduling_duration_seconds_bucket{job="kube-scheduler"}[5m])))',
            },
            {
              record: 'upstream:apiserver_requests:rate5m',
              expr: 'sum(rate(apiserver_request_total{job="apiserver"}[5m]))',
            },
          ],
        },
      ],
    },
    grafanaDashboards: {
      'scheduler.json': dashboard('Upstream / Scheduler', [
        ['sum(up{job="kube-scheduler"})'],
        ['upstream:scheduler_e2e_duration:p99'],
      ]),
      'control-plane.json': dashboard('Upstream / Control plane', [
        ['sum(up{job="apiserver"})'],
        ['sum(up{job="kube-controller-manager"})', 'sum(up{job="kube-scheduler"})'],
        ['sum by (job) (up{job=~"apiserver|kube-scheduler"})'],
      ]),
    },
  };
}

export function upstreamLike(): Part {
  return definePart('upstream-like', (stack) =>
    addMixin(stack, 'test', 'upstream-like', upstreamLikeMixin()),
  );
}

/** A workload that uses what GKE Autopilot rejects. */
export function hostAgent(volumePath = '/var/lib/agent', hostNetwork = false): Part {
  return definePart('host-agent', (stack) =>
    addComponent(stack, {
      name: 'hostAgent',
      source: 'test',
      exceptions: [{ key: 'daemonSet', check: 'host-access', reason: 'a test agent reading the node' }],
      build: ({ common }) => ({
        daemonSet: {
          apiVersion: 'apps/v1',
          kind: 'DaemonSet',
          metadata: { name: 'host-agent', namespace: common.namespace },
          spec: {
            selector: { matchLabels: { app: 'host-agent' } },
            template: {
              metadata: { labels: { app: 'host-agent' } },
              spec: {
                hostNetwork,
                containers: [
                  {
                    name: 'agent',
                    image: 'example.com/agent:1.0.0',
                    volumeMounts: [{ name: 'host', mountPath: '/host', readOnly: true }],
                  },
                ],
                volumes: [{ name: 'host', hostPath: { path: volumePath } }],
              },
            },
          },
        },
      }),
    }),
  );
}

/** This package's golden files (`UPDATE_GOLDEN=1 npx vitest run` rewrites them). */
export const { expectGoldenFolder } = goldenDirectory(
  join(dirname(fileURLToPath(import.meta.url)), '__golden__'),
);

/**
 * Every alert, recording rule, panel query and template variable (without an "All" fallback)
 * of the mixins that still selects one of `jobs`, as `<mixin>: <expr>` (short, for messages).
 */
export function queriesSelecting(mixins: Readonly<Record<string, Mixin>>, jobs: readonly string[]): string[] {
  const found: string[] = [];
  for (const [name, mixin] of Object.entries(mixins)) {
    const rules = [
      ...(mixin.prometheusAlerts?.groups ?? []).flatMap((g) => g.rules),
      ...(mixin.prometheusRules?.groups ?? []).flatMap((g) => g.rules),
    ];
    for (const rule of rules)
      if (selectsJobs(rule.expr, jobs)) found.push(`${name}: ${rule.expr.slice(0, 80)}`);
    for (const [file, dashboard] of Object.entries(mixin.grafanaDashboards ?? {})) {
      const list = (dashboard.templating as { list?: { includeAll?: boolean }[] } | undefined)?.list ?? [];
      for (const { path, expression } of dashboardExpressions(dashboard)) {
        const variable = /^templating\.list\.(\d+)\./.exec(path)?.[1];
        if (variable !== undefined && list[Number(variable)]?.includeAll === true) continue;
        if (selectsJobs(expression, jobs)) found.push(`${name}/${file} ${path}: ${expression.slice(0, 80)}`);
      }
    }
  }
  return found;
}
