import {
  type ContainerResources,
  durationSeconds,
  type MixstackErrorDetails,
  type StackView,
  type Values,
} from '@mixstack/core';
import { defaultThanosValues, type ThanosValues } from '../config.js';
import { MIN_LOCAL_RETENTION, PROMETHEUS, SIDECAR_CONTAINER, THANOS } from './names.js';

/**
 * What the sidecar work reads of the stack's values: the `thanos` subtree only (this package's
 * own values, every layer merged), never another package's. The component parses the same
 * values and reports a bad option itself; this reads them as merged, the defaults filling what
 * a broken layer left out, so that a patch never crashes on what is reported elsewhere.
 */
export function thanosValues(values: Values): ThanosValues {
  const defaults = defaultThanosValues();
  const raw = (values[THANOS] ?? {}) as Partial<ThanosValues>;
  return {
    ...defaults,
    ...raw,
    sidecar: { ...defaults.sidecar, ...raw.sidecar },
    query: { ...defaults.query, ...raw.query },
    queryFrontend: { ...defaults.queryFrontend, ...raw.queryFrontend },
    objectStorage: { ...raw.objectStorage },
  };
}

/** Whether the values turn the component on (`enabled`, which core reads for every component). */
function componentOn(values: Values): boolean {
  return (values[THANOS] as { enabled?: unknown } | undefined)?.enabled !== false;
}

/** Whether the values ask for a sidecar: the component and its sidecar on. */
export function sidecarWanted(values: Values): boolean {
  return componentOn(values) && thanosValues(values).sidecar.enabled !== false;
}

/** Whether the sidecar runs: asked for, and the stack has Thanos (and it is on). */
export function sidecarRuns(values: Values, view: StackView): boolean {
  return view.has(THANOS) && sidecarWanted(values);
}

/** Whether it runs in the stack's Prometheus: it runs, and the stack has a Prometheus that is on. */
export function sidecarInPrometheus(values: Values, view: StackView): boolean {
  return sidecarRuns(values, view) && view.has(PROMETHEUS);
}

/**
 * The `thanos-sidecar` container's resources: as render resolved them when the component
 * publishes the container (so that `adjustResources` and a sizing apply), else the option.
 */
export function sidecarResources(values: Values, view: StackView): ContainerResources {
  return view.components[THANOS]?.containers[SIDECAR_CONTAINER] ?? thanosValues(values).sidecar.resources;
}

const DURATION = /^([0-9]+(ms|y|w|d|h|m|s))+$/;

/** Whether `localRetention` is a Prometheus duration Prometheus' retention may be adjusted to. */
export const isDuration = (value: unknown): value is string =>
  typeof value === 'string' && DURATION.test(value);

/**
 * What is wrong with `sidecar.localRetention`, if anything: not a duration, or shorter than
 * three 2-hour blocks — the sidecar uploads a block once Prometheus has cut it, and Thanos
 * advises keeping at least three locally so that an upload that fails for a while loses nothing.
 */
export function localRetentionProblem(localRetention: unknown): MixstackErrorDetails | undefined {
  const at = { code: 'INVALID_OPTION' as const, address: THANOS, path: 'sidecar.localRetention' };
  if (!isDuration(localRetention))
    return {
      ...at,
      message: "the sidecar's local retention is not a Prometheus duration",
      value: localRetention,
      hint: 'pass a duration such as "2d" (Prometheus keeps that much on its volume; the bucket keeps the rest)',
    };
  if (durationSeconds(localRetention) < durationSeconds(MIN_LOCAL_RETENTION))
    return {
      ...at,
      message: `the sidecar's local retention ${localRetention} is shorter than three 2-hour blocks (${MIN_LOCAL_RETENTION})`,
      value: localRetention,
      hint: `pass sidecar: { localRetention: "${MIN_LOCAL_RETENTION}" } or longer ("2d" is the default): Thanos advises keeping at least three blocks on Prometheus' volume, so that blocks not yet uploaded are not deleted`,
    };
  return undefined;
}
