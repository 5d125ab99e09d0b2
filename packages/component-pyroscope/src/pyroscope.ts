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
import { GRPC_PORT, HTTP_PORT, pyroscopeConfig, renderPyroscopeConfig } from './config/pyroscope-config.js';
import {
  defaultPyroscopeValues,
  objectStorage,
  type PyroscopeOptions,
  type PyroscopeValues,
  pyroscopeSchema,
  resolvedProblems,
} from './config.js';
import { withPyroscopeContributions } from './contributions.js';
import { configMap } from './manifests/config-map.js';
import {
  COMPONENT,
  contextOf,
  GRPC_PORT_NAME,
  HTTP_PORT_NAME,
  NAME,
  pyroscopeSelector,
  WORKLOAD,
} from './manifests/context.js';
import { networkPolicy } from './manifests/network-policy.js';
import { service } from './manifests/service.js';
import { serviceAccount } from './manifests/service-account.js';
import { statefulSet } from './manifests/stateful-set.js';
import { SOURCE } from './source.js';

/**
 * Its objects by key (`pyroscope/statefulSet` is the address of `pyroscope-statefulSet.yaml`),
 * from the values as the stack resolved them (replicas and retention adjusted and sized).
 */
function build(ctx: BuildContext<PyroscopeValues>): BuiltObjects {
  const c = contextOf(ctx);
  throwProblems(resolvedProblems(c.values, ctx.values, COMPONENT));
  const config = renderPyroscopeConfig(pyroscopeConfig(c.values, c.settings));
  return {
    serviceAccount: serviceAccount(c),
    config: configMap(c, config),
    statefulSet: statefulSet(c, contentHash(config)),
    service: service(c),
    networkPolicy: networkPolicy(c),
  };
}

/** The `http` Service contract: queries, pushes, `/metrics`, ready when `/ready` answers. */
function httpServiceOf(namespace: string): ServiceContract {
  return httpService(COMPONENT, NAME, namespace, {
    port: HTTP_PORT,
    portName: HTTP_PORT_NAME,
    healthPath: '/ready',
    podLabels: pyroscopeSelector(),
  });
}

/**
 * What others may adjust or need to know (packages meet on contracts): its container and the
 * option of its resources (`setResources`, a sizing's requests), its replicas (always 1, published
 * so that a sizing sees every workload) and its retention with their options (`adjustRetention`,
 * `setSizing`), its Services (`http` for the datasource, the scraper and the
 * collector's pushes; `grpc`), its bucket when it stores in one (a platform grants its
 * ServiceAccount access), and its roles: Grafana queries it (`datasource`), the scraper
 * scrapes it (`metrics`), the collector pushes profiles to it (`ingest`).
 */
function contracts(values: PyroscopeValues, common: CommonValues): ComponentContracts {
  const http = httpServiceOf(common.namespace);
  const { healthPath: _readyOnHttp, ...grpc } = http;
  return {
    containers: { [NAME]: values.resources },
    resourceOptions: { [NAME]: 'resources' },
    replicas: { [WORKLOAD]: { value: values.replicas, option: 'replicas' } },
    retention: { value: values.retention, option: 'retention' },
    services: { http, grpc: { ...grpc, port: GRPC_PORT, portName: GRPC_PORT_NAME } },
    ...objectStorage.contracts(values, common, NAME),
    roles: ['datasource', 'metrics', 'ingest'],
  };
}

/** The final values, with what no single option can be wrong about alone checked against the stack's common values. */
function finalize(parsed: PyroscopeOptions, common: CommonValues): PyroscopeValues {
  const values = parsed as PyroscopeValues;
  throwProblems(objectStorage.problems(values, common, COMPONENT));
  return values;
}

/**
 * Grafana Pyroscope 2.2 as a single binary (one StatefulSet, the v2 storage architecture), its
 * profiles pipeline for the stack's collector (annotated pods, eBPF as an option), the
 * Pyroscope datasource, and its mixin.
 *
 * ```ts
 * createStack({ namespace: 'monitoring' }, [pyroscope({ retention: '14d', collector: { ebpf: true } })]);
 * ```
 */
export const pyroscope = defineComponent<PyroscopeValues, PyroscopeOptions>({
  name: COMPONENT,
  source: SOURCE,
  schema: pyroscopeSchema,
  defaults: defaultPyroscopeValues,
  finalize,
  contracts,
  extend: withPyroscopeContributions,
  build,
});
