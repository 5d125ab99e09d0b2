// Parts the tests of this package compose Loki with, written against core only: a component
// that receives alerts, one that renders collector pipelines, a platform that sets the stack's
// object storage, a mixin with LogQL rules. Components never import each other, so the tests
// use stand-ins that publish the same contracts as Alertmanager and Alloy.
import {
  addMixin,
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

/** Pods labelled like a receiver of alerts; `web` on 9093, the `alerts` role (what Alertmanager publishes). */
export const ALERTS_POD_LABELS = { 'app.kubernetes.io/name': 'alert-receiver' };

/** A component that receives alerts at its `web` Service, as Alertmanager does; it renders no objects. */
export const alertReceiver = defineComponent<NoOptions, NoOptions>({
  name: 'alertReceiver',
  source: '@test/alert-receiver',
  schema: noOptions,
  defaults: () => ({}),
  contracts: (_values, common) => ({
    services: {
      web: {
        address: 'alertReceiver/service',
        name: 'alert-receiver',
        namespace: common.namespace,
        port: 9093,
        portName: 'web',
        scheme: 'http',
        podLabels: ALERTS_POD_LABELS,
      },
    },
    roles: ['alerts'],
  }),
  build: () => ({}),
});

/** Pods labelled like the stack's collector. */
export const COLLECTOR_POD_LABELS = { 'app.kubernetes.io/name': 'log-collector' };

/** A component that renders the collector pipelines (the `collector` role, as Alloy plays it) and reaches `@ingest`. */
export const logCollector = defineComponent<NoOptions, NoOptions>({
  name: 'logCollector',
  source: '@test/log-collector',
  schema: noOptions,
  defaults: () => ({}),
  contracts: () => ({ roles: ['collector'] }),
  extend: (stack: Stack) =>
    addNetworkClient(stack, '@test/log-collector', 'log-collector', {
      podLabels: COLLECTOR_POD_LABELS,
      reaches: ['@ingest'],
    }),
  build: () => ({}),
});

/** What a platform such as `gke({ workloadIdentity: true })` sets: the platform and the object storage. */
export function objectStoragePlatform(platform: string, objectStorage: 'gcs' | 's3' | 'azure'): Part {
  return (stack) => withValues(stack, '@test/platform', 'platform', { common: { platform, objectStorage } });
}

/** A mixin with log alerts and log recording rules, as any package may contribute. */
export const appLogsMixin: Part = (stack) =>
  addMixin(stack, '@test/app', 'app', {
    title: 'App',
    logAlerts: {
      groups: [
        {
          name: 'app-logs',
          rules: [
            {
              alert: 'AppErrorsInLogs',
              expr: 'sum by (namespace) (count_over_time({app="app"} |= "error" [5m])) > 100',
              for: '10m',
              labels: { severity: 'warning' },
              annotations: { summary: 'The app logs many errors.' },
            },
          ],
        },
      ],
    },
    logRules: {
      groups: [
        {
          name: 'app-logs',
          rules: [{ record: 'app:log_lines:rate5m', expr: 'sum(rate({app="app"}[5m]))' }],
        },
      ],
    },
  });
