// The promtool cases of every mixin, by mixin name (tests only).

import type { AlertCases, RecordCases } from '@mixstack/kit';
import type { MixinName } from '../dashboards/index.js';
import { alertmanagerAlertCases } from './alertmanager/alerts.cases.js';
import { kubePrometheusAlertCases } from './kube-prometheus/alerts.cases.js';
import { kubePrometheusRecordCases } from './kube-prometheus/recording.cases.js';
import { kubeStateMetricsAlertCases } from './kube-state-metrics/alerts.cases.js';
import { kubernetesAlertCases } from './kubernetes/alerts.cases.js';
import { kubernetesRecordCases } from './kubernetes/recording.cases.js';
import { nodeExporterAlertCases } from './node-exporter/alerts.cases.js';
import { nodeExporterRecordCases } from './node-exporter/recording.cases.js';
import { prometheusAlertCases } from './prometheus/alerts.cases.js';
import { prometheusOperatorAlertCases } from './prometheus-operator/alerts.cases.js';

export const MIXIN_CASES: Readonly<Partial<Record<MixinName, { alerts: AlertCases; records: RecordCases }>>> =
  {
    kubernetes: { alerts: kubernetesAlertCases, records: kubernetesRecordCases },
    'kube-prometheus': { alerts: kubePrometheusAlertCases, records: kubePrometheusRecordCases },
    prometheus: { alerts: prometheusAlertCases, records: {} },
    alertmanager: { alerts: alertmanagerAlertCases, records: {} },
    'prometheus-operator': { alerts: prometheusOperatorAlertCases, records: {} },
    'kube-state-metrics': { alerts: kubeStateMetricsAlertCases, records: {} },
    'node-exporter': { alerts: nodeExporterAlertCases, records: nodeExporterRecordCases },
  };
