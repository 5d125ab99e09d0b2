/**
 * A tiny PromQL helper: the grouping clauses that keep the `cluster` label, and selectors
 * built from the job selectors of `selectors.ts`. Expressions stay plain strings; core parses
 * them at build time and promtool in the tests.
 *
 * Every aggregation and vector match of this package's rules names `cluster` first, so that
 * alerts and records keep it: within one Prometheus the series do not carry it (it is an
 * external label, added to alerts on their way to Alertmanager), and where several clusters
 * share a store (Thanos, remote write) they do, and the rules then work per cluster.
 */

/** `by (cluster, a, b)` */
export function by(...labels: readonly string[]): string {
  return `by (${['cluster', ...labels].join(', ')})`;
}

/** `on (cluster, a, b)` for vector matching. */
export function on(...labels: readonly string[]): string {
  return `on (${['cluster', ...labels].join(', ')})`;
}

/** `metric{selector, matcher, ...}`; empty parts are left out. */
export function m(metric: string, ...matchers: readonly string[]): string {
  const parts = matchers.filter((matcher) => matcher.trim() !== '');
  return parts.length === 0 ? metric : `${metric}{${parts.join(', ')}}`;
}

/**
 * A regex matcher for a classic histogram bucket boundary that matches both `le="1"`
 * (Prometheus 2 ingesting the text format) and `le="1.0"` (Prometheus 3 normalises `le`).
 */
export function le(bound: number): string {
  if (!Number.isInteger(bound))
    throw new RangeError(`le(${bound}): only whole-number bounds are written here`);
  return `le=~"${bound}(\\\\.0)?"`;
}

/** The same for several bounds in one matcher: `le=~"(1|5|30)(\\.0)?"`. */
export function leIn(...bounds: readonly number[]): string {
  if (!bounds.every(Number.isInteger))
    throw new RangeError(`leIn(${bounds}): only whole-number bounds are written here`);
  return `le=~"(${bounds.join('|')})(\\\\.0)?"`;
}

/** Seconds, for thresholds written as durations (`days(7)` is one week). */
export const days = (count: number): number => count * 24 * 3600;
export const hours = (count: number): number => count * 3600;
