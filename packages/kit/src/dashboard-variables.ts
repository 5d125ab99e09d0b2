import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';

/** `${name}`: a Grafana variable, replaced by Grafana (not by JavaScript). */
export const grafanaVar = (name: string): string => `$\{${name}}`;

/**
 * Every panel, query and query variable reads the Prometheus datasource chosen in the
 * `datasource` variable. Frozen: the SDK's builders keep a reference to it.
 */
export const DATASOURCE: Readonly<{ type: string; uid: string }> = Object.freeze({
  type: 'prometheus',
  uid: grafanaVar('datasource'),
});

/** The `datasource` variable: a dropdown of the Prometheus datasources, which every query reads. */
export interface DatasourceVariableSpec {
  kind: 'datasource';
}

/** A variable whose values come from a query (`label_values(up{job="x"}, namespace)`). */
export interface QueryVariableSpec {
  kind: 'query';
  /** Its name in queries (`$namespace`). */
  name: string;
  /** Its title above the dropdown. */
  label: string;
  query: string;
  /** The query as the variable editor shows it. @default undefined (none) */
  definition?: string;
  /**
   * An "All" entry matching this regex, selected by default; queries then match with
   * `=~"$name"`.
   * @default undefined (no "All" entry)
   */
  allValue?: string;
}

export type VariableSpec = DatasourceVariableSpec | QueryVariableSpec;

/** The `datasource` variable. */
export const datasourceVariable = (): DatasourceVariableSpec => ({ kind: 'datasource' });

/**
 * A `label_values(selector, label)` variable, shown with its query as definition; refreshed
 * with the time range and sorted (see `variableBuilder`).
 */
export function queryVariable(
  name: string,
  label: string,
  selector: string,
  labelName: string,
  options: { allValue?: string } = {},
): QueryVariableSpec {
  const query = `label_values(${selector}, ${labelName})`;
  return {
    kind: 'query',
    name,
    label,
    query,
    definition: query,
    ...(options.allValue !== undefined ? { allValue: options.allValue } : {}),
  };
}

/**
 * The SDK builder of a variable. Query variables refresh when the time range changes (the
 * values of the selected period, not of the dashboard's load) and list their values sorted.
 */
export function variableBuilder(
  spec: VariableSpec,
): dashboard.DatasourceVariableBuilder | dashboard.QueryVariableBuilder {
  if (spec.kind === 'datasource') {
    return new dashboard.DatasourceVariableBuilder('datasource').label('Data source').type('prometheus');
  }
  const builder = new dashboard.QueryVariableBuilder(spec.name)
    .label(spec.label)
    .datasource(DATASOURCE)
    .query(spec.query)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc);
  if (spec.definition !== undefined) builder.definition(spec.definition);
  if (spec.allValue !== undefined) {
    builder
      .includeAll(true)
      .allValue(spec.allValue)
      .current({ selected: true, text: 'All', value: '$__all' });
  }
  return builder;
}
