/** Seconds per unit of a Prometheus duration. */
const DURATION_UNITS: Readonly<Record<string, number>> = {
  y: 365 * 86400,
  w: 7 * 86400,
  d: 86400,
  h: 3600,
  m: 60,
  s: 1,
  ms: 0.001,
};

/**
 * Seconds of a Prometheus duration (`15d`, `1h30m`, `500ms`); `0` is 0. For durations that
 * options already checked (core's `options.duration()`): what is not a duration adds nothing.
 */
export function durationSeconds(duration: string): number {
  let total = 0;
  for (const [, amount, unit] of duration.matchAll(/([0-9]+)(ms|y|w|d|h|m|s)/g))
    total += Number(amount) * DURATION_UNITS[unit!]!;
  return total;
}
