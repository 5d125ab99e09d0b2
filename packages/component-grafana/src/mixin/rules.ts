import type { AlertingRule, RecordingRule, RuleGroup } from '@mixstack/core';
import { alert, alertGroup, lines, record, recordGroup } from '@mixstack/kit';

/**
 * Requests per second by namespace, job, handler and status code, over 5 minutes (upstream's
 * name; the cluster is kept too, for rules that run over several clusters).
 */
export const REQUEST_RATE_RECORD =
  'namespace_job_handler_statuscode:grafana_http_request_duration_seconds_count:rate5m';

/**
 * Handlers whose errors are the datasources' (a query that fails in Prometheus or Loki), not
 * Grafana's: the proxy (by id or uid) and the query APIs.
 */
export const DATASOURCE_HANDLERS = '/api/datasources/proxy/.*|/api/ds/query|/api/tsdb/query';

export function grafanaRecordingRules(): RuleGroup<RecordingRule>[] {
  return [
    recordGroup('grafana_rules', [
      record(
        REQUEST_RATE_RECORD,
        'sum by (cluster, namespace, job, handler, status_code) (rate(grafana_http_request_duration_seconds_count[5m]))',
      ),
    ]),
  ];
}

export function grafanaAlerts(): RuleGroup<AlertingRule>[] {
  const selector = `handler!~"${DATASOURCE_HANDLERS}"`;
  return [
    alertGroup('grafana_alerts', [
      alert({
        alert: 'GrafanaRequestsFailing',
        severity: 'warning',
        expr: lines(
          `100 * sum without (status_code) (${REQUEST_RATE_RECORD}{${selector}, status_code=~"5.."})`,
          `/ sum without (status_code) (${REQUEST_RATE_RECORD}{${selector}})`,
          '> 50',
        ),
        for: '5m',
        summary: 'Grafana fails more than half of the requests to one of its handlers.',
        description:
          '{{ $labels.namespace }}/{{ $labels.job }} answers {{ $value | humanize }}% of the requests to {{ $labels.handler }} with a server error (5xx).',
      }),
    ]),
  ];
}
