/**
 * @mixstack/component-grafana: Grafana, provisioned with every datasource and dashboard of
 * the stack, and the typed datasource entries other components contribute.
 */
export {
  type AdminSecret,
  defaultGrafanaValues,
  type GrafanaOptions,
  type GrafanaValues,
  type IniValue,
  type NetworkSource,
  type SecretKeyRef,
  type Toleration,
} from './config.js';
export { type DashboardFolderOptions, dashboardFolder } from './dashboard-folder.js';
export {
  alertmanagerDatasource,
  DATASOURCE_UIDS,
  lokiDatasource,
  prometheusDatasource,
  tempoDatasource,
} from './datasources/builders.js';
export type {
  AlertmanagerDatasourceJsonData,
  DatasourceJsonDataByType,
  DerivedField,
  ExemplarTraceIdDestination,
  HttpJsonData,
  LokiDatasourceJsonData,
  PrometheusDatasourceJsonData,
  TempoDatasourceJsonData,
  TracesToLogsV2,
  TracesToMetrics,
  TracesToProfiles,
  TraceTag,
} from './datasources/types.js';
export { grafana } from './grafana.js';
export { grafanaOverviewDashboard } from './mixin/dashboard.js';
export { grafanaMixin } from './mixin/mixin.js';
export { GRAFANA_IMAGE, GRAFANA_VERSION } from './versions.js';
