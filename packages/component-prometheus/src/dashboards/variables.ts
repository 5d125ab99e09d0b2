import type { StackView, Values } from '@mixstack/core';
import { type QueryVariableSpec, queryVariable } from '@mixstack/kit';
import { type MixinSelectors, mixinSelectors } from '../mixins/selectors.js';

/**
 * What every dashboard's queries are built from: the job selectors of this package's
 * ServiceMonitors (from the final values) and the cluster matcher.
 *
 * The cluster: series carry the `cluster` label only where it is added (remote write,
 * federation, Thanos, Mimir): Prometheus' external labels are not on the series of its own
 * TSDB. The `cluster` variable therefore has an "All" entry matching `.*` (which also matches a
 * series without the label), and is the default: with the stack's own Prometheus the dropdown
 * lists no cluster and every query still selects its series; with a multi-cluster datasource
 * the user picks one.
 */
export interface Scope {
  s: MixinSelectors;
  /** `cluster=~"$cluster"`, in every selector. */
  cluster: string;
}

export function scopeOf(values: Values, stack?: StackView): Scope {
  const s = mixinSelectors(values, stack);
  return { s, cluster: `${s.clusterLabel}=~"$cluster"` };
}

/** A label selector from matchers (empty ones left out): `{job="x", cluster=~"$cluster"}`. */
export const sel = (...matchers: (string | false | undefined)[]): string =>
  `{${matchers.filter((m): m is string => typeof m === 'string' && m !== '').join(', ')}}`;

/** `cluster`, from the `up` series of the dashboard's main job (see Scope). */
export const clusterVariable = (scope: Scope, jobSelector: string): QueryVariableSpec =>
  queryVariable('cluster', 'Cluster', `up${sel(jobSelector)}`, scope.s.clusterLabel, { allValue: '.*' });
