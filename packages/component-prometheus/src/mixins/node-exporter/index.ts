import type { Mixin, StackView, Values } from '@mixstack/core';
import { dashboardsOf } from '../../dashboards/index.js';
import { withoutStoppedParts } from '../running-parts.js';
import { mixinSelectors } from '../selectors.js';
import { nodeExporterAlerts } from './alerts.js';
import { nodeExporterRecordingRules } from './recording.js';

/** The nodes, as node-exporter sees them: utilisation records and alerts on disks, network, clock, RAID, systemd. */
export function nodeExporterMixin(values: Values, stack?: StackView): Mixin {
  const selectors = mixinSelectors(values, stack);
  const mixin: Mixin = {
    title: 'Node Exporter',
    prometheusAlerts: { groups: nodeExporterAlerts(selectors) },
    prometheusRules: { groups: nodeExporterRecordingRules(selectors) },
    grafanaDashboards: dashboardsOf('node-exporter', values, stack),
  };
  return withoutStoppedParts('node-exporter', mixin, selectors);
}
