/**
 * @mixstack/component-grafana: Grafana, provisioned with every datasource and dashboard of
 * the stack. The typed datasource entries components contribute are in @mixstack/core.
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
export { grafana } from './grafana.js';
export { grafanaOverviewDashboard } from './mixin/dashboard.js';
export { grafanaMixin } from './mixin/mixin.js';
export { GRAFANA_IMAGE, GRAFANA_VERSION } from './versions.js';
