import {
  type BuildContext,
  type BuiltObjects,
  type CommonValues,
  type ComponentContracts,
  type ComponentFactory,
  type ComponentSwitch,
  contentHash,
  defineComponent,
  type ServiceContract,
  throwProblems,
} from '@mixstack/core';
import { httpService, serviceUrl } from '@mixstack/kit';
import { GRPC_PORT, HTTP_PORT, lokiConfig, renderLokiConfig } from './config/loki-config.js';
import { rulerRuleFiles } from './config/ruler-rules.js';
import {
  crossFieldProblems,
  defaultLokiValues,
  type LokiOptions,
  type LokiValues,
  lokiSchema,
  objectStorage,
  withModeDefaults,
} from './config.js';
import { withLokiContributions } from './contributions.js';
import { configMap, rulesConfigMap } from './manifests/config-map.js';
import {
  COMPONENT,
  contextOf,
  GRPC_PORT_NAME,
  HEADLESS_NAME,
  HTTP_PORT_NAME,
  lokiSelector,
  NAME,
  WORKLOAD,
} from './manifests/context.js';
import { networkPolicy } from './manifests/network-policy.js';
import { podDisruptionBudget } from './manifests/pod-disruption-budget.js';
import { headlessService, service } from './manifests/service.js';
import { serviceAccount } from './manifests/service-account.js';
import { statefulSet } from './manifests/stateful-set.js';
import { SOURCE } from './source.js';

/**
 * Its objects by key (`loki/statefulSet` is the address of `loki-statefulSet.yaml`), from the
 * values as the stack resolved them (replicas and retention adjusted and sized).
 */
function build(ctx: BuildContext<LokiValues>): BuiltObjects {
  const c = contextOf(ctx);
  throwProblems(crossFieldProblems(c.values, c.common, COMPONENT, ctx.values));
  const config = renderLokiConfig(
    lokiConfig({
      values: c.values,
      settings: c.settings,
      namespace: c.namespace,
      cluster: c.common.cluster,
      headlessService: HEADLESS_NAME,
      ...(c.alertmanager ? { alertmanagerUrl: serviceUrl(c.alertmanager) } : {}),
    }),
  );
  return {
    serviceAccount: serviceAccount(c),
    config: configMap(c, config),
    rules: rulesConfigMap(c, rulerRuleFiles(ctx.mixins)),
    statefulSet: statefulSet(c, contentHash(config)),
    service: service(c),
    headlessService: headlessService(c),
    networkPolicy: networkPolicy(c),
    podDisruptionBudget: podDisruptionBudget(c),
  };
}

/** The `http` Service contract: push, queries, `/metrics`, ready when `/ready` answers. */
function httpServiceOf(namespace: string): ServiceContract {
  return httpService(COMPONENT, NAME, namespace, {
    port: HTTP_PORT,
    portName: HTTP_PORT_NAME,
    healthPath: '/ready',
    podLabels: lokiSelector(),
  });
}

/**
 * What others may adjust or need to know (packages meet on contracts): its container and the
 * option of its resources (`setResources`, a sizing's requests), its replicas and retention with
 * their options (`adjustReplicas`, `adjustRetention`, `setSizing`), its Services (`http` for the
 * datasource, the collector and an Ingress; `grpc`), its bucket when it stores in one (a
 * platform grants its ServiceAccount access), and its roles: Grafana queries it
 * (`datasource`), the scraper scrapes it (`metrics`), the collector pushes to it (`ingest`).
 */
function contracts(values: LokiValues, common: CommonValues): ComponentContracts {
  const http = httpServiceOf(common.namespace);
  const { healthPath: _readyOnHttp, ...grpc } = http;
  return {
    containers: { [NAME]: values.resources },
    resourceOptions: { [NAME]: 'resources' },
    replicas: { [WORKLOAD]: { value: values.replicas, option: 'replicas' } },
    retention: { value: values.retention, option: 'retention' },
    services: {
      http,
      grpc: { ...grpc, port: GRPC_PORT, portName: GRPC_PORT_NAME },
    },
    ...objectStorage.contracts(values, common, NAME),
    roles: ['datasource', 'metrics', 'ingest'],
  };
}

const component = defineComponent<LokiValues, LokiOptions>({
  name: COMPONENT,
  source: SOURCE,
  schema: lokiSchema,
  defaults: defaultLokiValues,
  contracts,
  extend: withLokiContributions,
  build,
});

/**
 * Grafana Loki 3.8 as one StatefulSet of the single binary (`-target=all`): `monolithic` by
 * default, or `mode: 'ha'` (3 replicas or more, replication factor 3, memberlist, a bucket, one
 * compactor); its logs pipeline for the stack's collector, the Loki datasource, every mixin's
 * LogQL rules in its ruler (alerts to the stack's Alertmanager), and its mixin.
 *
 * ```ts
 * createStack({ namespace: 'monitoring' }, [loki({ retention: '30d', storage: { size: '50Gi' } })]);
 * createStack({ namespace: 'monitoring' }, [loki({ mode: 'ha', objectStorage: { type: 'gcs', bucket: 'acme-prod-loki' } })]);
 * ```
 */
export const loki: ComponentFactory<LokiValues, LokiOptions> = Object.assign(
  (options?: LokiOptions & ComponentSwitch) => component(withModeDefaults(options)),
  { definition: component.definition },
);
