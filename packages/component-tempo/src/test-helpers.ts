// Parts the tests of this package compose Tempo with, written against core only: a metrics
// store that takes remote writes, a collector, a platform that sets the stack's object storage,
// the logs and metrics datasources. Components never import each other, so the tests use
// stand-ins that publish the same contracts as Prometheus, Alloy and Loki.
import {
  addDatasource,
  addNetworkClient,
  DATASOURCE_UIDS,
  defineComponent,
  lokiDatasource,
  options,
  type Part,
  prometheusDatasource,
  pyroscopeDatasource,
  type Stack,
  withValues,
} from '@mixstack/core';

/** The stand-ins take no options (besides `enabled`, which every component takes). */
type NoOptions = { readonly [key: string]: unknown };
const noOptions = options.object({}) as options.Schema<NoOptions>;

/** Pods labelled like the stack's metrics store. */
export const METRICS_POD_LABELS = { 'app.kubernetes.io/name': 'metrics-store' };

/**
 * A component that takes Prometheus remote writes at its `web` Service (the `remote-write`
 * role, as Prometheus plays it) and contributes the metrics datasource; it renders no objects.
 */
export const metricsStore = defineComponent<NoOptions, NoOptions>({
  name: 'metricsStore',
  source: '@test/metrics-store',
  schema: noOptions,
  defaults: () => ({}),
  contracts: (_values, common) => ({
    services: {
      web: {
        address: 'metricsStore/service',
        name: 'metrics-store',
        namespace: common.namespace,
        port: 9090,
        portName: 'web',
        scheme: 'http',
        podLabels: METRICS_POD_LABELS,
      },
    },
    roles: ['remote-write', 'datasource'],
  }),
  extend: (stack: Stack) =>
    addDatasource(stack, '@test/metrics-store', DATASOURCE_UIDS.prometheus, (_values, view) =>
      view.has('metricsStore') ? prometheusDatasource({ url: 'http://metrics-store:9090' }) : undefined,
    ),
  build: () => ({}),
});

/** The logs datasource (uid `loki`), as the log store contributes it. */
export const logsDatasource: Part = (stack) =>
  addDatasource(stack, '@test/logs', DATASOURCE_UIDS.loki, lokiDatasource({ url: 'http://logs:3100' }));

/** The profiles datasource (uid `pyroscope`), as the profile store contributes it. */
export const profilesDatasource: Part = (stack) =>
  addDatasource(
    stack,
    '@test/profiles',
    DATASOURCE_UIDS.pyroscope,
    pyroscopeDatasource({ url: 'http://profiles:4040' }),
  );

/** Pods labelled like the stack's collector. */
export const COLLECTOR_POD_LABELS = { 'app.kubernetes.io/name': 'collector' };

/** A component that renders the collector pipelines (the `collector` role, as Alloy plays it) and reaches `@ingest`. */
export const collector = defineComponent<NoOptions, NoOptions>({
  name: 'collector',
  source: '@test/collector',
  schema: noOptions,
  defaults: () => ({}),
  contracts: () => ({ roles: ['collector'] }),
  extend: (stack: Stack) =>
    addNetworkClient(stack, '@test/collector', 'collector', {
      podLabels: COLLECTOR_POD_LABELS,
      reaches: ['@ingest'],
    }),
  build: () => ({}),
});

/** What the stack's Prometheus and Grafana are to Tempo: network clients reaching its roles. */
export const scraperAndGrafana: Part = (stack) =>
  addNetworkClient(
    addNetworkClient(stack, 'test', 'prometheus', {
      podLabels: { 'app.kubernetes.io/name': 'prometheus' },
      reaches: ['@metrics'],
    }),
    'test',
    'grafana',
    { podLabels: { 'app.kubernetes.io/name': 'grafana' }, reaches: ['@datasource'] },
  );

/** What a platform such as `gke({ workloadIdentity: true })` sets: the platform and the object storage. */
export function objectStoragePlatform(platform: string, objectStorage: 'gcs' | 's3' | 'azure'): Part {
  return (stack) => withValues(stack, '@test/platform', 'platform', { common: { platform, objectStorage } });
}
