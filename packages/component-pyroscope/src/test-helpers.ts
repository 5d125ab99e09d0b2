// Parts the tests of this package compose Pyroscope with, written against core only: a
// collector, the stack's scraper and Grafana as network clients, a platform that sets the
// stack's object storage. Components never import each other, so the tests use stand-ins that
// publish the same contracts as Alloy, Prometheus and Grafana.
import {
  addNetworkClient,
  defineComponent,
  options,
  type Part,
  type Stack,
  withValues,
} from '@mixstack/core';

/** The stand-ins take no options (besides `enabled`, which every component takes). */
type NoOptions = { readonly [key: string]: unknown };
const noOptions = options.object({}) as options.Schema<NoOptions>;

/** Pods labelled like the stack's collector. */
export const COLLECTOR_POD_LABELS = { 'app.kubernetes.io/name': 'collector' };
/** Pods labelled like the stack's Grafana and Prometheus. */
export const GRAFANA_POD_LABELS = { 'app.kubernetes.io/name': 'grafana' };
export const PROMETHEUS_POD_LABELS = { 'app.kubernetes.io/name': 'prometheus' };

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

/** What the stack's Prometheus and Grafana are to Pyroscope: network clients reaching its roles. */
export const scraperAndGrafana: Part = (stack) =>
  addNetworkClient(
    addNetworkClient(stack, 'test', 'prometheus', {
      podLabels: PROMETHEUS_POD_LABELS,
      reaches: ['@metrics'],
    }),
    'test',
    'grafana',
    { podLabels: GRAFANA_POD_LABELS, reaches: ['@datasource'] },
  );

/** What a platform such as `gke({ workloadIdentity: true })` sets: the platform and the object storage. */
export function objectStoragePlatform(platform: string, objectStorage: 'gcs' | 's3' | 'azure'): Part {
  return (stack) => withValues(stack, '@test/platform', 'platform', { common: { platform, objectStorage } });
}
