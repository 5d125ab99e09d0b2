import type { AlertingRule, RuleGroup } from '@mixstack/core';
import { alert, alertGroup, lines } from '@mixstack/kit';
import { by, m } from '../promql.js';
import type { MixinSelectors } from '../selectors.js';

/** Alerts on prometheus-operator, per controller (prometheus, alertmanager, thanos, ...), and on its config reloaders. */
export function prometheusOperatorAlerts(s: MixinSelectors): RuleGroup<AlertingRule>[] {
  const op = (metric: string, ...matchers: string[]) => m(metric, s.prometheusOperator, ...matchers);
  const controller = by('namespace', 'controller');
  const who = 'The {{ $labels.controller }} controller of prometheus-operator in {{ $labels.namespace }}';
  const ratio = (failed: string, total: string, window: string) =>
    lines(
      `sum ${controller} (rate(${op(failed)}[${window}]))`,
      `/ sum ${controller} (rate(${op(total)}[${window}]))`,
    );

  return [
    alertGroup('prometheus-operator', [
      alert({
        alert: 'PrometheusOperatorListErrors',
        severity: 'warning',
        expr: lines(
          ratio(
            'prometheus_operator_list_operations_failed_total',
            'prometheus_operator_list_operations_total',
            '10m',
          ),
          '> 0.4',
        ),
        for: '15m',
        summary: 'prometheus-operator fails to list objects.',
        description: `${who} fails {{ $value | humanizePercentage }} of its list requests to the Kubernetes API.`,
      }),
      alert({
        alert: 'PrometheusOperatorWatchErrors',
        severity: 'warning',
        expr: lines(
          ratio(
            'prometheus_operator_watch_operations_failed_total',
            'prometheus_operator_watch_operations_total',
            '5m',
          ),
          '> 0.4',
        ),
        for: '15m',
        summary: 'prometheus-operator fails to watch objects.',
        description: `${who} fails {{ $value | humanizePercentage }} of its watch requests to the Kubernetes API.`,
      }),
      alert({
        alert: 'PrometheusOperatorSyncFailed',
        severity: 'warning',
        expr: `min ${controller} (min_over_time(${op('prometheus_operator_syncs', 'status="failed"')}[5m])) > 0`,
        for: '10m',
        summary: 'prometheus-operator cannot sync some of its objects.',
        description: `${who} fails to sync {{ $value }} object(s): their workloads do not reflect their latest spec.`,
      }),
      alert({
        alert: 'PrometheusOperatorReconcileErrors',
        severity: 'warning',
        expr: lines(
          ratio(
            'prometheus_operator_reconcile_errors_total',
            'prometheus_operator_reconcile_operations_total',
            '5m',
          ),
          '> 0.1',
        ),
        for: '10m',
        summary: 'prometheus-operator fails to reconcile objects.',
        description: `${who} fails {{ $value | humanizePercentage }} of its reconciliations.`,
      }),
      alert({
        alert: 'PrometheusOperatorStatusUpdateErrors',
        severity: 'warning',
        expr: lines(
          ratio(
            'prometheus_operator_status_update_errors_total',
            'prometheus_operator_status_update_operations_total',
            '5m',
          ),
          '> 0.1',
        ),
        for: '10m',
        summary: 'prometheus-operator fails to update the status of objects.',
        description: `${who} fails {{ $value | humanizePercentage }} of its status updates; kubectl shows stale conditions.`,
      }),
      alert({
        alert: 'PrometheusOperatorNodeLookupErrors',
        severity: 'warning',
        expr: `sum ${by('namespace')} (rate(${op('prometheus_operator_node_address_lookup_errors_total')}[5m])) > 0.1`,
        for: '10m',
        summary: 'prometheus-operator fails to look up node addresses.',
        description:
          'prometheus-operator in {{ $labels.namespace }} fails {{ printf "%.2f" $value }} node address lookups per second; the kubelet Service it maintains may miss nodes.',
      }),
      alert({
        alert: 'PrometheusOperatorNotReady',
        severity: 'warning',
        expr: `max ${controller} (max_over_time(${op('prometheus_operator_ready')}[5m])) == 0`,
        for: '5m',
        summary: 'A prometheus-operator controller is not ready.',
        description: `${who} is not ready: it reconciles nothing until it is.`,
      }),
      alert({
        alert: 'PrometheusOperatorRejectedResources',
        severity: 'warning',
        expr: `min ${by('namespace', 'controller', 'resource')} (min_over_time(${op('prometheus_operator_managed_resources', 'state="rejected"')}[5m])) > 0`,
        for: '5m',
        summary: 'prometheus-operator rejects some of its resources as invalid.',
        description: `${who} rejected {{ $value }} {{ $labels.resource }} object(s) as invalid; their rules or scrape settings are not applied.`,
      }),
      alert({
        alert: 'ConfigReloaderSidecarErrors',
        severity: 'warning',
        expr: `max ${by('namespace', 'pod')} (max_over_time(${m('reloader_last_reload_successful', 'namespace=~".+"')}[5m])) == 0`,
        for: '10m',
        summary: 'A config reloader sidecar fails to apply configuration changes.',
        description:
          'The config reloader of pod {{ $labels.namespace }}/{{ $labels.pod }} has failed to apply the latest configuration for 10 minutes; the main container keeps running on its previous configuration.',
      }),
    ]),
  ];
}
