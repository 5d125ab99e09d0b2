import type {
  Adjustable,
  ComponentContracts,
  ComponentSizing,
  ContainerResources,
  ContainerResourcesAdjustment,
  ContractValues,
  StackSizing,
} from '../contracts.js';
import { durationSeconds } from '../duration.js';
import type { MixstackError } from '../errors.js';
import { merge } from '../merge.js';
import { didYouMean } from '../names.js';
import { quantityValue } from '../quantity.js';
import type { Stack } from '../stack.js';
import { strongestLayerAt, type Values } from '../values.js';

/**
 * The adjustable contracts of every component, resolved: what its options say, then a
 * per-component adjustment (`adjustResources`, `adjustReplicas`, `adjustRetention`) where it was
 * made in the same or a stronger layer than the option, then the sizing (`setSizing`): first
 * its per-component values, then its caps, each where it was made in a stronger layer than what
 * decided the value so far. So a platform's profile shrinks the defaults but never what the user
 * passed, and a lib's override wins over all.
 */

type Report = (problem: ConstructorParameters<typeof MixstackError>[0]) => void;

/** The adjusted contracts of one component. */
export interface Adjusted {
  containers: Record<string, ContainerResources>;
  replicas: Record<string, number>;
  retention?: string;
}

/** A value and the strongest layer that decided it (-1: none). */
interface Decided<T> {
  value: T;
  layer: number;
}

const DURATION = /^(0|([0-9]+(ms|y|w|d|h|m|s))+)$/;

function contractValues(values: Values): ContractValues {
  return (values.contracts as ContractValues | undefined) ?? {};
}

/** Half of `quantity` (or any factor), rounded up to a whole millicore (cpu) or mebibyte (memory). */
export function scaledQuantity(resource: 'cpu' | 'memory', quantity: string, factor: number): string {
  const value = quantityValue(quantity);
  if (value === undefined || value <= 0) return quantity;
  // Rounded to a millionth first: 102m is 0.102, whose half in millicores is 51.00000000000001.
  const up = (n: number) => Math.max(1, Math.ceil(Number(n.toFixed(6))));
  return resource === 'cpu' ? `${up(value * 1000 * factor)}m` : `${up((value * factor) / 2 ** 20)}Mi`;
}

/** Seconds of a retention, `0` (keep forever) as the longest. */
function retentionSeconds(duration: string): number {
  const seconds = durationSeconds(duration);
  return seconds === 0 ? Number.POSITIVE_INFINITY : seconds;
}

/** The stack-wide sizing and the per-component one, as `values.contracts.sizing` holds them. */
type Sizing = NonNullable<ContractValues['sizing']>;

function checkedSizing(sizing: Sizing, report: Report): Sizing {
  const out: Sizing = {};
  const bad = (field: keyof StackSizing, value: unknown, hint: string) =>
    report({
      code: 'INVALID_OPTION',
      message: `the stack's sizing has an invalid ${field}`,
      address: 'contracts',
      path: `contracts.sizing.${field}`,
      value,
      hint,
    });
  if (sizing.maxReplicas !== undefined) {
    if (Number.isInteger(sizing.maxReplicas) && sizing.maxReplicas >= 1) out.maxReplicas = sizing.maxReplicas;
    else bad('maxReplicas', sizing.maxReplicas, 'pass a whole number of at least 1');
  }
  if (sizing.requestsFactor !== undefined) {
    const f = sizing.requestsFactor;
    if (typeof f === 'number' && f > 0 && f <= 1) out.requestsFactor = f;
    else bad('requestsFactor', f, 'pass a number above 0 and at most 1 (0.5 halves every request)');
  }
  if (sizing.maxRetention !== undefined) {
    const r = sizing.maxRetention;
    if (typeof r === 'string' && DURATION.test(r) && durationSeconds(r) > 0) out.maxRetention = r;
    else bad('maxRetention', r, 'pass a Prometheus duration above zero, such as "7d"');
  }
  if (sizing.components !== undefined) out.components = checkedComponentSizings(sizing.components, report);
  return out;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The per-component sizings, each invalid value reported (by its path) and left out. */
function checkedComponentSizings(
  components: Record<string, ComponentSizing>,
  report: Report,
): Record<string, ComponentSizing> {
  const out: Record<string, ComponentSizing> = {};
  const bad = (path: string, value: unknown, hint: string) =>
    report({
      code: 'INVALID_OPTION',
      message: `the stack's sizing has an invalid ${path}`,
      address: 'contracts',
      path: `contracts.sizing.components.${path}`,
      value,
      hint,
    });
  for (const [component, sizing] of Object.entries(components)) {
    const replicas: Record<string, number> = {};
    const resources: Record<string, ContainerResourcesAdjustment> = {};
    const checked: ComponentSizing = {};
    for (const [workload, count] of Object.entries(sizing.replicas ?? {})) {
      if (Number.isInteger(count) && count >= 1) replicas[workload] = count;
      else bad(`${component}.replicas.${workload}`, count, 'pass a whole number of at least 1');
    }
    for (const [container, adjustment] of Object.entries(sizing.resources ?? {})) {
      const fields = (['requests', 'limits'] as const).flatMap((kind) =>
        isRecord(adjustment?.[kind])
          ? Object.entries(adjustment[kind]).map(([resource, q]) => [`${kind}.${resource}`, q] as const)
          : [],
      );
      const invalid = fields.filter(
        ([field, q]) =>
          !['requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'].includes(field) ||
          typeof q !== 'string' ||
          quantityValue(q) === undefined,
      );
      for (const [field, q] of invalid)
        bad(
          `${component}.resources.${container}.${field}`,
          q,
          'pass Kubernetes quantities for requests and limits of cpu and memory, such as "500m" or "2Gi"',
        );
      if (invalid.length === 0) resources[container] = adjustment as ContainerResourcesAdjustment;
    }
    if (Object.keys(replicas).length > 0) checked.replicas = replicas;
    if (Object.keys(resources).length > 0) checked.resources = resources;
    if (sizing.retention !== undefined) {
      if (typeof sizing.retention === 'string' && DURATION.test(sizing.retention))
        checked.retention = sizing.retention;
      else bad(`${component}.retention`, sizing.retention, 'pass a Prometheus duration such as "15d"');
    }
    out[component] = checked;
  }
  return out;
}

interface Context {
  stack: Stack;
  values: Values;
  report: Report;
}

const layerAt = (ctx: Context, keys: readonly string[]) => strongestLayerAt(ctx.stack.values, keys);
const optionKeys = (component: string, option: string | undefined) =>
  option === undefined ? undefined : [component, ...option.split('.')];

/** The component's own value, then its adjustment where that is at least as strong. */
function withAdjustment<T>(
  ctx: Context,
  own: T,
  option: readonly string[] | undefined,
  adjustmentKeys: readonly string[],
  adjustment: T | undefined,
  apply: (own: T, adjustment: T) => T,
): Decided<T> {
  const ownLayer = option ? layerAt(ctx, option) : -1;
  if (adjustment === undefined) return { value: own, layer: ownLayer };
  const adjustmentLayer = layerAt(ctx, adjustmentKeys);
  if (adjustmentLayer < ownLayer) return { value: own, layer: ownLayer };
  return { value: apply(own, adjustment), layer: Math.max(ownLayer, adjustmentLayer) };
}

/** A value decided so far, then the sizing's plan for it where the plan's layer is stronger. */
function withSizing<T, P>(
  ctx: Context,
  decided: Decided<T>,
  keys: readonly string[],
  plan: P | undefined,
  apply: (value: T, plan: P) => T,
): Decided<T> {
  if (plan === undefined) return decided;
  const layer = layerAt(ctx, keys);
  return layer > decided.layer ? { value: apply(decided.value, plan), layer } : decided;
}

function unknownNames(
  ctx: Context,
  kind: 'resources' | 'replicas',
  component: string,
  adjusted: readonly string[],
  known: readonly string[],
  what: string,
): string[] {
  const unknown = adjusted.filter((name) => !known.includes(name)).sort();
  for (const name of unknown)
    ctx.report({
      code: 'NOT_FOUND',
      message: `component "${component}" has no ${what} "${name}"`,
      address: component,
      path: `contracts.${kind}.${name}`,
      value: name,
      hint: `use one of its ${what}s: ${known.join(', ') || 'none'}.${didYouMean(name, [...known])}`,
    });
  return adjusted.filter((name) => known.includes(name));
}

function adjustedContainers(
  ctx: Context,
  component: string,
  own: ComponentContracts,
  sizing: Sizing,
): Record<string, ContainerResources> {
  const declared = own.containers ?? {};
  const adjustments = contractValues(ctx.values).resources?.[component] ?? {};
  const known = Object.keys(declared).sort();
  unknownNames(ctx, 'resources', component, Object.keys(adjustments), known, 'container');
  const planned = sizing.components?.[component]?.resources ?? {};
  const plannedPath = ['contracts', 'sizing', 'components', component, 'resources'];
  const factor = sizing.requestsFactor;
  const factorLayer = layerAt(ctx, ['contracts', 'sizing', 'requestsFactor']);
  const out: Record<string, ContainerResources> = {};
  // In the order the component publishes them (its documentation lists them so).
  for (const container of Object.keys(declared)) {
    const decided = withAdjustment(
      ctx,
      declared[container]!,
      optionKeys(component, own.resourceOptions?.[container]),
      ['contracts', 'resources', component, container],
      adjustments[container] as ContainerResources | undefined,
      (base, adjustment) => merge(base, adjustment as never),
    );
    const sized = withSizing(ctx, decided, [...plannedPath, container], planned[container], (base, plan) =>
      merge(base, plan as never),
    );
    let resources = sized.value;
    if (factor !== undefined && factor !== 1 && factorLayer > sized.layer && resources.requests) {
      const requests = { ...resources.requests };
      for (const resource of ['cpu', 'memory'] as const)
        if (typeof requests[resource] === 'string')
          requests[resource] = scaledQuantity(resource, requests[resource], factor);
      resources = { ...resources, requests };
    }
    out[container] = resources;
  }
  return out;
}

function checkedReplicas(
  ctx: Context,
  component: string,
  workload: string,
  value: unknown,
): number | undefined {
  if (Number.isInteger(value) && (value as number) >= 1) return value as number;
  ctx.report({
    code: 'INVALID_OPTION',
    message: `the replicas of "${component}" (${workload}) are adjusted to an invalid count`,
    address: component,
    path: `contracts.replicas.${workload}`,
    value,
    hint: 'pass a whole number of at least 1 to adjustReplicas',
  });
  return undefined;
}

function adjustedReplicas(
  ctx: Context,
  component: string,
  own: ComponentContracts,
  sizing: Sizing,
): Record<string, number> {
  const declared: Readonly<Record<string, Adjustable<number>>> = own.replicas ?? {};
  const adjustments = contractValues(ctx.values).replicas?.[component] ?? {};
  const known = Object.keys(declared).sort();
  unknownNames(ctx, 'replicas', component, Object.keys(adjustments), known, 'workload');
  const planned = sizing.components?.[component]?.replicas ?? {};
  const plannedPath = ['contracts', 'sizing', 'components', component, 'replicas'];
  const maxLayer = layerAt(ctx, ['contracts', 'sizing', 'maxReplicas']);
  const out: Record<string, number> = {};
  for (const workload of known) {
    const { value, option } = declared[workload]!;
    const adjustment = Object.hasOwn(adjustments, workload)
      ? checkedReplicas(ctx, component, workload, adjustments[workload])
      : undefined;
    const decided = withAdjustment(
      ctx,
      value,
      optionKeys(component, option),
      ['contracts', 'replicas', component, workload],
      adjustment,
      (_, adjusted) => adjusted,
    );
    const sized = withSizing(ctx, decided, [...plannedPath, workload], planned[workload], (_, plan) => plan);
    out[workload] =
      sizing.maxReplicas !== undefined && maxLayer > sized.layer
        ? Math.min(sized.value, sizing.maxReplicas)
        : sized.value;
  }
  return out;
}

function adjustedRetention(
  ctx: Context,
  component: string,
  own: ComponentContracts,
  sizing: Sizing,
): string | undefined {
  const adjustments = contractValues(ctx.values).retention ?? {};
  const adjustment = adjustments[component];
  const planned = sizing.components?.[component]?.retention;
  if (!own.retention) {
    if (adjustment !== undefined)
      ctx.report({
        code: 'NOT_FOUND',
        message: `retention is adjusted for the component "${component}", which keeps no data it publishes a retention for`,
        address: component,
        path: 'contracts.retention',
        value: adjustment,
        hint: 'set the retention of the components that store data (Prometheus, Loki, Tempo, Pyroscope)',
      });
    return undefined;
  }
  let valid: string | undefined;
  if (adjustment !== undefined) {
    if (typeof adjustment === 'string' && DURATION.test(adjustment)) valid = adjustment;
    else
      ctx.report({
        code: 'INVALID_OPTION',
        message: `the retention of "${component}" is adjusted to an invalid duration`,
        address: component,
        path: 'contracts.retention',
        value: adjustment,
        hint: 'pass a Prometheus duration such as "7d" to adjustRetention',
      });
  }
  const decided = withAdjustment(
    ctx,
    own.retention.value,
    optionKeys(component, own.retention.option),
    ['contracts', 'retention', component],
    valid,
    (_, adjusted) => adjusted,
  );
  const sized = withSizing(
    ctx,
    decided,
    ['contracts', 'sizing', 'components', component, 'retention'],
    planned,
    (_, plan) => plan,
  );
  const max = sizing.maxRetention;
  const maxLayer = layerAt(ctx, ['contracts', 'sizing', 'maxRetention']);
  if (max !== undefined && maxLayer > sized.layer && retentionSeconds(sized.value) > retentionSeconds(max))
    return max;
  return sized.value;
}

/** What adjusts each kind, and what a component publishes for it, for hints. */
const ADJUSTERS = {
  resources: { fn: 'setResources', what: 'containers' },
  replicas: { fn: 'adjustReplicas', what: 'replicas' },
  retention: { fn: 'adjustRetention', what: 'a retention' },
} as const;

/** Adjusted contracts by component; adjustments of components the stack lacks are problems. */
export function adjustedContracts(
  stack: Stack,
  declared: ReadonlyMap<string, ComponentContracts>,
  values: Values,
  reportProblem: Report,
): Map<string, Adjusted> {
  // Reported by component, then field: the order of the parts never changes the list.
  const reported: Parameters<Report>[0][] = [];
  const report: Report = (problem) => reported.push(problem);
  const out = resolve({ stack, values, report }, declared);
  const key = (p: Parameters<Report>[0]) => `${p.address ?? ''}\u0000${p.path ?? ''}`;
  for (const problem of reported.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)))
    reportProblem(problem);
  return out;
}

function resolve(ctx: Context, declared: ReadonlyMap<string, ComponentContracts>): Map<string, Adjusted> {
  const { stack, values, report } = ctx;
  const contracts = contractValues(values);
  const sizing = checkedSizing(contracts.sizing ?? {}, report);
  for (const kind of ['resources', 'replicas', 'retention'] as const) {
    const publishing = [...declared]
      .filter(([, c]) =>
        kind === 'resources'
          ? Object.keys(c.containers ?? {}).length > 0
          : kind === 'replicas'
            ? Object.keys(c.replicas ?? {}).length > 0
            : c.retention !== undefined,
      )
      .map(([n]) => n);
    for (const component of Object.keys(contracts[kind] ?? {}).sort()) {
      if (stack.components[component]) continue;
      report({
        code: 'NOT_FOUND',
        message: `${kind === 'resources' ? 'resources are' : `${kind} is`} adjusted for the component "${component}", which the stack does not have`,
        address: component,
        path: `contracts.${kind}`,
        value: component,
        hint: `add the part that deploys it, or remove the adjustment (${ADJUSTERS[kind].fn}). Components with ${ADJUSTERS[kind].what}: ${publishing.join(', ') || 'none'}.${didYouMean(component, publishing)}`,
      });
    }
  }
  const out = new Map<string, Adjusted>();
  // A component whose values failed is reported already: it is not in `declared`, its contracts are unknown.
  for (const [component, own] of declared) {
    const retention = adjustedRetention(ctx, component, own, sizing);
    out.set(component, {
      containers: adjustedContainers(ctx, component, own, sizing),
      replicas: adjustedReplicas(ctx, component, own, sizing),
      ...(retention !== undefined ? { retention } : {}),
    });
  }
  return out;
}
