import {
  type Adjuster,
  addNotice,
  adjustRetention,
  durationSeconds,
  isMixstackError,
  type Notice,
  resolveValues,
  type Stack,
  type StackView,
  type Values,
} from '@mixstack/core';
import { objectStorage } from '../config.js';
import { MIN_LOCAL_RETENTION, PROMETHEUS, SOURCE } from './names.js';
import { isDuration, sidecarInPrometheus, sidecarWanted, thanosValues } from './settings.js';

/**
 * Prometheus' local retention once its blocks are shipped. Thanos adjusts it as an addon adjusts
 * a component: over the Prometheus defaults and a platform's profile, under what the user passes
 * to `prometheus({ retention })` (core applies an adjustment only over an option set in the same
 * or a weaker layer).
 */
export const RETENTION_ADJUSTER: Adjuster = { source: SOURCE, layer: 'addon' };

/**
 * The sidecar as the values known when `thanos()` is applied ask for it: the component's own
 * options are in by then. Values that conflict already (two parts setting one value differently)
 * adjust nothing: render reports the conflict and renders nothing anyway.
 */
function wantedWhenApplied(stack: Stack): { wanted: boolean; localRetention: unknown } {
  try {
    const values = resolveValues(stack.values);
    return { wanted: sidecarWanted(values), localRetention: thanosValues(values).sidecar.localRetention };
  } catch (error) {
    if (!isMixstackError(error)) throw error;
    return { wanted: false, localRetention: undefined };
  }
}

/**
 * Lowers Prometheus' retention to `sidecar.localRetention`, when `thanos()`'s options ask for the
 * sidecar. Values are data, not functions of the stack: whether the stack has a Prometheus is
 * not known here (its part may come later), so the adjustment is made whatever the order of the
 * parts, and the sidecar's patch reports a stack without Prometheus (core also names the
 * adjustment of a component the stack lacks). `adjusted` says whether it was made, so that the
 * patch can report a sidecar turned off by a later part while the retention stays shortened.
 */
export function withLocalRetention(stack: Stack): { stack: Stack; adjusted: boolean } {
  const { wanted, localRetention } = wantedWhenApplied(stack);
  // An invalid duration is reported by the sidecar's patch, not adjusted to.
  if (!wanted || !isDuration(localRetention)) return { stack, adjusted: false };
  return { stack: adjustRetention(stack, RETENTION_ADJUSTER, PROMETHEUS, localRetention), adjusted: true };
}

/**
 * The build summary's line: how long Prometheus keeps metrics on its volume (the retention
 * render resolved, so the user's own `retention` shows when it won) and where the blocks go.
 */
export function retentionNotice(values: Values, view: StackView): Notice | undefined {
  if (!sidecarInPrometheus(values, view)) return undefined;
  const retention = view.components[PROMETHEUS]?.retention;
  if (retention === undefined) return undefined;
  const thanos = thanosValues(values);
  const { store, bucket } = objectStorage.settingsOf(thanos, values.common);
  const where =
    store === objectStorage.volume
      ? 'a directory of each Prometheus pod (objectStorage type filesystem: for tests only, nothing leaves the pod)'
      : `the ${store.toUpperCase()} bucket "${bucket ?? '(no bucket given)'}"`;
  const message = `Thanos sidecar: Prometheus keeps ${retention} of metrics on its volume and ships every 2-hour block to ${where}; Thanos Query and the Store Gateway serve what is older.`;
  // The user's own retention (or a sizing) may be shorter than the sidecar's minimum: it wins, said.
  const seconds = durationSeconds(retention);
  if (seconds > 0 && seconds < durationSeconds(MIN_LOCAL_RETENTION))
    return {
      level: 'warning',
      message: `${message} ${retention} is under three 2-hour blocks (${MIN_LOCAL_RETENTION}): a block whose upload fails for a while may be deleted before it is shipped.`,
    };
  return { level: 'info', message };
}

/** The adjustment and the notice. */
export function withRetention(stack: Stack): { stack: Stack; adjusted: boolean } {
  const { stack: next, adjusted } = withLocalRetention(stack);
  return { stack: addNotice(next, SOURCE, 'thanos-sidecar-retention', retentionNotice), adjusted };
}
