import {
  type BuildContext,
  type BuiltObjects,
  type CommonValues,
  type ComponentContracts,
  contentHash,
  defineComponent,
  type ServiceContract,
  throwProblems,
} from '@mixstack/core';
import { httpService } from '@mixstack/kit';
import { kafkaSettings } from './config/kafka.js';
import {
  HTTP_PORT,
  OTLP_GRPC_PORT,
  OTLP_HTTP_PORT,
  renderTempoConfig,
  tempoConfig,
} from './config/tempo-config.js';
import {
  defaultTempoValues,
  objectStorage,
  resolvedProblems,
  type TempoOptions,
  type TempoValues,
  tempoSchema,
} from './config.js';
import { withTempoContributions } from './contributions.js';
import { distributedAddresses, distributedContracts, distributedObjects } from './distributed/build.js';
import { distributedStorageProblems, resolvedPartitionProblems } from './distributed/problems.js';
import { configMap } from './manifests/config-map.js';
import {
  COMPONENT,
  contextOf,
  HTTP_PORT_NAME,
  NAME,
  OTLP_GRPC_PORT_NAME,
  OTLP_HTTP_PORT_NAME,
  remoteWriteUrl,
  tempoSelector,
  WORKLOAD,
} from './manifests/context.js';
import { networkPolicy } from './manifests/network-policy.js';
import { service } from './manifests/service.js';
import { serviceAccount } from './manifests/service-account.js';
import { statefulSet } from './manifests/stateful-set.js';
import { SOURCE } from './source.js';

/**
 * Its objects by key (`tempo/statefulSet` is the address of `tempo-statefulSet.yaml`), from the
 * values as the stack resolved them (replicas and retention adjusted and sized).
 */
function build(ctx: BuildContext<TempoValues>): BuiltObjects {
  const c = contextOf(ctx);
  throwProblems(resolvedProblems(c.values, ctx.values, COMPONENT));
  throwProblems(resolvedPartitionProblems(c.replicas, ctx.values, COMPONENT));
  const config = renderTempoConfig(
    tempoConfig({
      values: c.values,
      settings: c.settings,
      cluster: c.common.cluster,
      ...(c.remoteWrite ? { remoteWriteUrl: remoteWriteUrl(c.remoteWrite) } : {}),
      ...(c.kafka
        ? {
            distributed: {
              kafka: { ...c.kafka, partitions: c.replicas.blockBuilder ?? c.kafka.partitions },
              ...distributedAddresses(c.namespace),
            },
          }
        : {}),
    }),
  );
  if (c.kafka) {
    return {
      serviceAccount: serviceAccount(c),
      config: configMap(c, config),
      ...distributedObjects(c, contentHash(config)),
    };
  }
  return {
    serviceAccount: serviceAccount(c),
    config: configMap(c, config),
    statefulSet: statefulSet(c, contentHash(config)),
    service: service(c),
    networkPolicy: networkPolicy(c),
  };
}

/** The `http` Service contract: queries, `/metrics`, ready when `/ready` answers. */
function httpServiceOf(namespace: string): ServiceContract {
  return httpService(COMPONENT, NAME, namespace, {
    port: HTTP_PORT,
    portName: HTTP_PORT_NAME,
    healthPath: '/ready',
    podLabels: tempoSelector(),
  });
}

/**
 * What others may adjust or need to know (packages meet on contracts): its container and the
 * option of its resources (`setResources`, a sizing's requests), its replicas (always 1, published
 * so that a sizing sees every workload) and its retention with their options (`adjustRetention`,
 * `setSizing`), its Services (`http` for the datasource and the scraper,
 * `otlpGrpc` and `otlpHttp` for the collector and apps), its bucket when it stores in one (a
 * platform grants its ServiceAccount access), and its roles: Grafana queries it
 * (`datasource`), the scraper scrapes it (`metrics`), the collector sends it traces (`ingest`).
 */
function contracts(values: TempoValues, common: CommonValues): ComponentContracts {
  if (kafkaSettings(values.kafka)) {
    return {
      ...distributedContracts(values, common),
      retention: { value: values.retention, option: 'retention' },
      ...objectStorage.contracts(values, common, NAME),
      roles: ['datasource', 'metrics', 'ingest'],
    };
  }
  const http = httpServiceOf(common.namespace);
  const { healthPath: _readyOnHttp, ...otlp } = http;
  return {
    containers: { [NAME]: values.resources },
    resourceOptions: { [NAME]: 'resources' },
    replicas: { [WORKLOAD]: { value: values.replicas, option: 'replicas' } },
    retention: { value: values.retention, option: 'retention' },
    services: {
      http,
      otlpGrpc: { ...otlp, port: OTLP_GRPC_PORT, portName: OTLP_GRPC_PORT_NAME },
      otlpHttp: { ...otlp, port: OTLP_HTTP_PORT, portName: OTLP_HTTP_PORT_NAME },
    },
    ...objectStorage.contracts(values, common, NAME),
    roles: ['datasource', 'metrics', 'ingest'],
  };
}

/** The final values, with what no single option can be wrong about alone checked against the stack's common values. */
function finalize(parsed: TempoOptions, common: CommonValues): TempoValues {
  const values = parsed as TempoValues;
  throwProblems([
    ...objectStorage.problems(values, common, COMPONENT),
    ...distributedStorageProblems(values, objectStorage.storeOf(values, common), COMPONENT),
  ]);
  return values;
}

/**
 * Grafana Tempo 3.0 in monolithic mode (one StatefulSet of the single binary, no Kafka), or in
 * distributed mode through the user's Kafka (`kafka: { address }`: distributor, live-store,
 * block-builder, metrics-generator, query-frontend, querier, backend scheduler and workers), its
 * traces pipeline for the stack's collector, span metrics and the service graph with exemplars
 * to the stack's Prometheus, the Tempo datasource linked to logs and metrics, and its mixin.
 *
 * ```ts
 * createStack({ namespace: 'monitoring' }, [tempo({ retention: '14d', storage: { size: '50Gi' } })]);
 * ```
 */
export const tempo = defineComponent<TempoValues, TempoOptions>({
  name: COMPONENT,
  source: SOURCE,
  schema: tempoSchema,
  defaults: defaultTempoValues,
  finalize,
  contracts,
  extend: withTempoContributions,
  build,
});
