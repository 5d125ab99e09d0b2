import type { Mixin } from '@mixstack/core';
import { grafanaOverviewDashboard, OVERVIEW_FILE } from './dashboard.js';
import { grafanaAlerts, grafanaRecordingRules } from './rules.js';

/** Name of the mixin in the stack (`mixstack mixins` writes it to `grafana/`). */
export const MIXIN_NAME = 'grafana';

/** Grafana's own monitoring: its alert, the recording rule the alert and dashboard read, and the overview dashboard. */
export function grafanaMixin(): Mixin {
  return {
    title: 'Grafana',
    prometheusAlerts: { groups: grafanaAlerts() },
    prometheusRules: { groups: grafanaRecordingRules() },
    grafanaDashboards: { [OVERVIEW_FILE]: grafanaOverviewDashboard() },
  };
}
