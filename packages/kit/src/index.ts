/**
 * @mixstack/kit: what every component builds with, so that a new component copies no code
 * from another. Pure functions from data to data: no I/O, no globals, no clock. Kubernetes
 * objects come out as plain `kubernetes-models` shapes, rules as core's rule types, dashboards
 * as core's `Dashboard`.
 */

export { durationSeconds } from '@mixstack/core';
export {
  type AlertCase,
  type AlertCases,
  alertTest,
  type ExpectedAlert,
  expectation,
  type InputSeries,
  type PromtoolTestGroup,
  type PromtoolTests,
  promtoolTests,
  type RecordCase,
  type RecordCases,
  recordTest,
  seriesWith,
} from './cases.js';
export { buildDashboard, type DashboardSpec, type RowSpec } from './dashboard.js';
export type {
  Link,
  PanelSpec,
  PanelStyle,
  Query,
  StatSpec,
  TableColumn,
  TableSpec,
  TimeseriesSpec,
} from './dashboard-panels.js';
export {
  DATASOURCE,
  type DatasourceVariableSpec,
  datasourceVariable,
  grafanaVar,
  type QueryVariableSpec,
  queryVariable,
  type VariableSpec,
} from './dashboard-variables.js';
export {
  apiServerEgress,
  destinationRules,
  dnsEgress,
  type Egress,
  type EgressDestination,
  type EgressRule,
  egressDestinationsSchema,
  type NetworkPort,
  objectStorageEgress,
  serviceEgress,
} from './egress.js';
export { type ComponentLabels, image, imageVersion, objectLabels, selectorLabels } from './labels.js';
export { camelCase, pascalCase } from './names.js';
export { networkPeer } from './network-peer.js';
export {
  admittedClientSchema,
  admittedClients,
  clientIngress,
  clientPeers,
  clientsSchema,
  type NetworkPolicyInput,
  networkPolicy,
  type PodClient,
  tcpPorts,
} from './network-policy.js';
export {
  type BucketStore,
  type DataStore,
  defineObjectStorage,
  type ObjectStorage,
  type ObjectStorageOptions,
  type ObjectStorageSettings,
  type ObjectStorageSpec,
  s3Endpoint,
  type WithObjectStorage,
} from './object-storage.js';
export {
  type RbacProxyOptions,
  type RbacProxySidecar,
  rbacProxyContainer,
  rbacProxyRules,
  rbacProxySchema,
} from './rbac-proxy.js';
export { assertResources, containerResources, resources, resourcesSchema } from './resources.js';
export {
  type AlertDefinition,
  alert,
  alertGroup,
  type Duration,
  lines,
  noTargetUp,
  record,
  recordGroup,
  type Severity,
} from './rules.js';
export {
  linuxNodes,
  nodeSelectorSchema,
  type PodDisruptionBudgetInput,
  podDisruptionBudget,
  topologySpread,
} from './scheduling.js';
export {
  type PodIdentity,
  PRIVILEGED_NAMESPACE_LABELS,
  privilegedNamespace,
  restrictedPodSecurityContext,
  restrictedSecurityContext,
} from './security.js';
export { serviceAccount } from './service-account.js';
export { type HttpEndpoint, httpService, serviceUrl } from './service-contract.js';
export {
  rbacProxyEndpoint,
  SERVICE_ACCOUNT_TOKEN,
  type ServiceMonitorEndpoint,
  type ServiceMonitorInput,
  serviceMonitor,
} from './service-monitor.js';
export {
  defineSinglePodStore,
  type SinglePodStore,
  type SinglePodStoreSpec,
  type StoreValues,
} from './single-pod-store.js';
export {
  byteSizeValue,
  retainedClaims,
  retentionSizeFor,
  type StorageOptions,
  storageClassOf,
  storageSchema,
  volumeClaimSpec,
} from './storage.js';
export { type StoreStatefulSetInput, storeStatefulSet } from './store-stateful-set.js';
