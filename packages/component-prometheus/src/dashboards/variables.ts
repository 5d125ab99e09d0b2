import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { Values } from '@mixstack/core';
import { type MixinSelectors, mixinSelectors } from '../mixins/selectors.js';
import { DATASOURCE } from './builder.js';

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

export function scopeOf(values: Values): Scope {
  const s = mixinSelectors(values);
  return { s, cluster: `${s.clusterLabel}=~"$cluster"` };
}

/** A label selector from matchers (empty ones left out): `{job="x", cluster=~"$cluster"}`. */
export const sel = (...matchers: (string | false | undefined)[]): string =>
  `{${matchers.filter((m): m is string => typeof m === 'string' && m !== '').join(', ')}}`;

export const datasourceVariable = (): dashboard.DatasourceVariableBuilder =>
  new dashboard.DatasourceVariableBuilder('datasource').label('Data source').type('prometheus');

interface QueryVariableOptions {
  /** An "All" entry matching this regex; the queries then use `=~"$name"`. */
  allValue?: string;
}

/** A `label_values(selector, label)` variable, refreshed with the time range, sorted. */
export function queryVariable(
  name: string,
  label: string,
  selector: string,
  labelName: string,
  options: QueryVariableOptions = {},
): dashboard.QueryVariableBuilder {
  const query = `label_values(${selector}, ${labelName})`;
  const builder = new dashboard.QueryVariableBuilder(name)
    .label(label)
    .datasource(DATASOURCE)
    .query(query)
    .definition(query)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc);
  if (options.allValue !== undefined) {
    builder
      .includeAll(true)
      .allValue(options.allValue)
      .current({ selected: true, text: 'All', value: '$__all' });
  }
  return builder;
}

/** `cluster`, from the `up` series of the dashboard's main job (see Scope). */
export const clusterVariable = (scope: Scope, jobSelector: string): dashboard.QueryVariableBuilder =>
  queryVariable('cluster', 'Cluster', `up${sel(jobSelector)}`, scope.s.clusterLabel, { allValue: '.*' });
