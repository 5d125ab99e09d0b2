import { durationSeconds, type Notice, type StackView } from '@mixstack/core';
import { KEEPS_DATA } from './contract.js';
import { LOKI_HA_REPLICAS } from './formulas.js';
import { type SizingPlan, sizingPlan, type WorkloadPlan } from './plan.js';
import { cpuQuantity, memoryQuantity, storageQuantity } from './quantities.js';
import { loadSummary } from './table.js';

/**
 * The id of the notice the plan adds to the build summary; `mixstack explain` reads it by this
 * id (the stack's notices are the contract, not this package's code).
 */
export const SIZING_NOTICE = 'lib-sizing-plan';

function describe(w: WorkloadPlan): string {
  const resources = [
    w.cpu !== undefined ? `cpu ${cpuQuantity(w.cpu)}` : undefined,
    w.memory !== undefined ? `memory ${memoryQuantity(w.memory)}` : undefined,
    w.memoryLimit !== undefined ? `limit ${memoryQuantity(w.memoryLimit)}` : undefined,
  ].filter(Boolean);
  const volume =
    w.storage !== undefined ? `, volume ${storageQuantity(w.storage)} (set ${w.storageOption})` : '';
  const bucket = w.bucket !== undefined ? `, bucket ~${storageQuantity(w.bucket)}` : '';
  const pods =
    typeof w.replicas === 'number'
      ? `${w.replicas}${w.replicasOption ? ` (with ${w.replicasOption})` : ''} ×`
      : 'per node:';
  return `${w.component}/${w.workload ?? w.container} ${pods} ${resources.join(', ') || 'resources as set'}${volume}${bucket}`;
}

/** Where render kept what the user set over the plan (their options win), for the notice. */
function kept(plan: SizingPlan, view: StackView, w: WorkloadPlan): string[] {
  const resolved = view.components[w.component];
  if (!resolved) return [];
  const out: string[] = [];
  const replicas = w.workload !== undefined ? resolved.replicas[w.workload] : undefined;
  if (
    typeof w.replicas === 'number' &&
    !w.replicasOption &&
    replicas !== undefined &&
    replicas !== w.replicas
  )
    out.push(`${w.component}/${w.workload} replicas ${replicas} (plan ${w.replicas})`);
  const memory = resolved.containers[w.container]?.requests.memory;
  if (w.memory !== undefined && memory !== undefined && memory !== memoryQuantity(w.memory))
    out.push(`${w.component}/${w.container} memory ${memory} (plan ${memoryQuantity(w.memory)})`);
  if (
    KEEPS_DATA.has(w.component) &&
    resolved.retention !== undefined &&
    resolved.retention !== plan.load.retention
  )
    out.push(
      `${w.component} retention ${resolved.retention} (plan ${plan.load.retention}; its volume is sized for ${resolved.retention})`,
    );
  return out;
}

/**
 * The workload with its volume sized for the retention the stack kept (Thanos' sidecar keeps
 * Prometheus' at 2 days; the user may pass another), since the volume is what this notice asks
 * the user to set.
 */
function forKeptRetention(plan: SizingPlan, view: StackView, w: WorkloadPlan): WorkloadPlan {
  const retention = view.components[w.component]?.retention;
  if (!KEEPS_DATA.has(w.component) || retention === undefined || retention === plan.load.retention) return w;
  // A retention of 0 keeps data forever: no volume size follows from it.
  if (durationSeconds(retention) === 0) return w;
  const resized = sizingPlan({ ...plan.load, retention }).workloads.find(
    (other) => other.component === w.component && other.container === w.container,
  );
  return resized
    ? { ...w, storage: resized.storage, storageOption: resized.storageOption, bucket: resized.bucket }
    : w;
}

/**
 * Whether the stack already does what a warning asks: Loki's warning asks for its HA replicas,
 * which a stack with `loki({ mode: 'ha', ... })` runs (the plan cannot know; render does).
 */
function alreadyFollowed(warning: string, view: StackView): boolean {
  const replicas = view.components.loki?.replicas.loki;
  return warning.startsWith('Loki:') && replicas !== undefined && replicas >= LOKI_HA_REPLICAS;
}

/**
 * The plan for the components the stack has, for the build summary and `mixstack explain`:
 * what is sized, the volumes no contract sets (with the option that does), what the user's own
 * options kept, and what goes past what upstream documents.
 */
export function planNotice(plan: SizingPlan, view: StackView): Notice | undefined {
  // The workloads the stack runs: its component is there and publishes the container (a part
  // turned off, such as Thanos' Store Gateway in a stack that only ships blocks, publishes none).
  const present = plan.workloads.filter(
    (w) => view.components[w.component]?.containers[w.container] !== undefined,
  );
  if (present.length === 0) return undefined;
  const keptAsSet = present.flatMap((w) => kept(plan, view, w));
  const warnings = plan.warnings.filter(
    (w) => present.some((p) => w.toLowerCase().startsWith(p.component)) && !alreadyFollowed(w, view),
  );
  // One line each, as other multi-line notices of the build summary are written.
  const message = [
    `Sized from load (lib-sizing): ${loadSummary(plan)}.`,
    ...present.map((w) => `- ${describe(forKeptRetention(plan, view, w))}`),
    'Volumes have no contract: set each with the option named.',
    ...(keptAsSet.length > 0
      ? [
          `Kept as the stack set them (your options, or another part such as the Thanos sidecar): ${keptAsSet.join('; ')}.`,
        ]
      : []),
    ...warnings,
  ].join('\n');
  return { level: warnings.length > 0 ? 'warning' : 'info', message };
}
