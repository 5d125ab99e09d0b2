import {
  addPatch,
  DATASOURCE_UIDS,
  type Datasource,
  prometheusDatasource,
  type Sections,
  type SectionsPatch,
  type Stack,
  type StackView,
  type Values,
} from '@mixstack/core';
import { imageVersion } from '@mixstack/kit';
import { JOBS } from '../jobs.js';
import { SOURCE, THANOS } from '../sidecar/names.js';
import { thanosValues } from '../sidecar/settings.js';

/** Query's and Query Frontend's HTTP port (`--http-address`), where Grafana sends PromQL. */
export const QUERY_HTTP_PORT = 10902;

/**
 * Where Grafana queries Thanos: Query Frontend when it runs (split and cached range queries),
 * else Query. The Service Thanos publishes under that name, when it publishes one (its scheme,
 * namespace and port), else the Service the name and Thanos' HTTP port make.
 */
export function queryUrl(values: Values, view: StackView): string {
  const thanos = thanosValues(values);
  const name = thanos.queryFrontend.enabled !== false ? JOBS.queryFrontend : JOBS.query;
  const services = view.components[THANOS]?.services ?? {};
  const published = Object.keys(services)
    .sort()
    .map((id) => services[id]!)
    .find((service) => service.name === name);
  if (published)
    return `${published.scheme}://${published.name}.${published.namespace}.svc:${published.port}`;
  return `http://${name}.${values.common.namespace}.svc:${QUERY_HTTP_PORT}`;
}

/**
 * The Prometheus datasource through Thanos: the URL of Query (Frontend), `prometheusType`
 * `Thanos` and the Thanos version (Grafana picks the APIs it calls by them); everything else the
 * datasource had stays (its name and uid, which dashboards use, the exemplar links to traces,
 * the Alertmanager for its rules, the scrape interval as the smallest step). A stack without a
 * Prometheus of its own (an observer over the bucket) gets the datasource from here.
 */
export function throughThanos(own: Datasource | undefined, values: Values, view: StackView): Datasource {
  const version = imageVersion(thanosValues(values).image);
  const base = own ?? prometheusDatasource({ url: '' });
  const { prometheusVersion: _previous, ...jsonData } = base.jsonData ?? {};
  return {
    ...base,
    url: queryUrl(values, view),
    jsonData: { ...jsonData, prometheusType: 'Thanos', ...(version ? { prometheusVersion: version } : {}) },
  };
}

/** The `prometheus` datasource through Thanos when Query runs; the sections as they were otherwise. */
export function withThanosDatasource(sections: Sections, values: Values, view: StackView): Sections {
  if (!view.has(THANOS) || thanosValues(values).query.enabled === false) return sections;
  const own = sections.datasources[DATASOURCE_UIDS.prometheus];
  // A datasource of another type under the uid is someone else's: left alone.
  if (own !== undefined && own.type !== 'prometheus') return sections;
  return {
    ...sections,
    datasources: {
      ...sections.datasources,
      [DATASOURCE_UIDS.prometheus]: throughThanos(own, values, view),
    },
  };
}

/**
 * Grafana's Prometheus datasource through Thanos Query: a sections patch, so that it applies to
 * the datasource whichever package contributed it, after every part, in any order (the
 * exemplar links another patch adds keep, since each patch keeps the other's fields).
 */
export const queryDatasourcePatch: SectionsPatch = {
  id: `${SOURCE}/query-datasource`,
  source: SOURCE,
  target: 'sections',
  apply: (sections, { values, stack }) => withThanosDatasource(sections, values, stack),
};

/** Adds the patch (see `queryDatasourcePatch`). */
export function withQueryDatasource(stack: Stack): Stack {
  return addPatch(stack, queryDatasourcePatch);
}
