import {
  addPatch,
  definePart,
  didYouMean,
  MixstackError,
  options,
  type Part,
  type Stack,
  withValues,
} from '@mixstack/core';
import { libRulesValues, SOURCE } from './intent.js';
import { callName, withEdits } from './parts.js';

/** CPU and memory of a container, as every component's values take them. */
export interface ContainerResources {
  requests?: { cpu?: string; memory?: string };
  limits?: { cpu?: string; memory?: string };
}

/**
 * Where each component keeps the resources of each of its containers in its values: the
 * component (its values key and address prefix), then the container ("workload") name as
 * rendered, then the key path under `values.<component>`. One value may feed several
 * containers (kube-state-metrics' two kube-rbac-proxies share `rbacProxy.resources`).
 */
export const RESOURCE_PATHS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  prometheus: { prometheus: ['resources'] },
  alertmanager: { alertmanager: ['resources'] },
  prometheusOperator: { 'prometheus-operator': ['resources'], 'kube-rbac-proxy': ['rbacProxy', 'resources'] },
  nodeExporter: { 'node-exporter': ['resources'], 'kube-rbac-proxy': ['rbacProxy', 'resources'] },
  kubeStateMetrics: { 'kube-state-metrics': ['resources'], 'kube-rbac-proxy': ['rbacProxy', 'resources'] },
  grafana: { grafana: ['resources'] },
};

const quantities = options.object({ cpu: options.quantity(), memory: options.quantity() });

const resourcesSchema = options.check(
  options.object(
    { requests: quantities, limits: quantities },
    'resources such as { requests: { cpu: "500m", memory: "2Gi" }, limits: { memory: "4Gi" } }',
  ),
  (value) =>
    Object.values(value).every((part) => Object.keys(part ?? {}).length === 0)
      ? 'the resources set nothing'
      : undefined,
  'pass requests and/or limits, such as { requests: { memory: "2Gi" }, limits: { memory: "4Gi" } }',
) as options.Schema<ContainerResources>;

function unknown(what: string, value: string, known: readonly string[], context: string): MixstackError {
  return new MixstackError({
    code: 'NOT_FOUND',
    message: `setResources: unknown ${what} "${value}"${context}`,
    address: 'lib-rules/setResources',
    value,
    hint: `use one of: ${known.join(', ')}.${didYouMean(value, known)}`,
  });
}

/** One objects patch checks, at render time, that every component given to setResources is in the stack. */
const CHECK_PATCH_ID = `${SOURCE}/resources-in-stack`;

function withPresenceCheck(stack: Stack): Stack {
  if (stack.patches[CHECK_PATCH_ID]) return stack;
  // An objects patch only because it is the one place that sees which components the stack
  // built; it changes nothing. A setResources for a component the stack does not have would
  // otherwise be silently ignored.
  return addPatch(stack, {
    id: CHECK_PATCH_ID,
    source: SOURCE,
    target: 'objects',
    apply: (objects, { values }) => {
      const built = new Set(Object.keys(objects).map((address) => address.split('/')[0]!));
      for (const component of Object.keys(libRulesValues(values).resources ?? {}).sort()) {
        if (!built.has(component))
          throw new MixstackError({
            code: 'NOT_FOUND',
            message: `setResources: the stack has no component "${component}"`,
            address: 'lib-rules/setResources',
            value: component,
            hint: `add the part that deploys it, or remove the setResources call. Components in the stack: ${[...built].sort().join(', ')}.`,
          });
      }
      return objects;
    },
  });
}

/**
 * Sets the CPU and memory of one container of a component, over what its options say (the
 * `override` layer): `setResources('prometheus', 'prometheus', { requests: { memory: '4Gi' } })`.
 * Components and containers are those of `RESOURCE_PATHS`; an unknown one is an error listing
 * the valid ones, and a component the stack does not deploy is a build error.
 */
export function setResources(component: string, workload: string, resources: ContainerResources): Part {
  const components = Object.keys(RESOURCE_PATHS);
  if (typeof component !== 'string' || !Object.hasOwn(RESOURCE_PATHS, component))
    throw unknown('component', String(component), components, '');
  const workloads = Object.keys(RESOURCE_PATHS[component]!);
  if (typeof workload !== 'string' || !Object.hasOwn(RESOURCE_PATHS[component]!, workload))
    throw unknown('workload', String(workload), workloads, ` of component "${component}"`);
  const parsed = options.parseOptions(
    resourcesSchema,
    resources,
    `lib-rules/setResources(${component}, ${workload})`,
  );
  const path = RESOURCE_PATHS[component]![workload]!;
  const value = path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), parsed);
  const call = callName('setResources', [component, workload, parsed]);
  return definePart(call, (stack) => {
    const recorded = withEdits(stack, call, { resources: { [component]: { [workload]: true } } });
    return withPresenceCheck(withValues(recorded, `${SOURCE} ${call}`, 'override', { [component]: value }));
  });
}
