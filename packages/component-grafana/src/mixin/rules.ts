import { type AlertingRule, type RecordingRule, type RuleGroup, runbookUrl } from '@mixstack/core';

/** Requests per second by namespace, job, handler and status code, over 5 minutes. */
export const REQUEST_RATE_RECORD =
  'namespace_job_handler_statuscode:grafana_http_request_duration_seconds_count:rate5m';

/**
 * Handlers whose errors are the datasources' (a query that fails in Prometheus or Loki), not
 * Grafana's: the proxy (by id or uid) and the query APIs.
 */
export const DATASOURCE_HANDLERS = '/api/datasources/proxy/.*|/api/ds/query|/api/tsdb/query';

export function grafanaRecordingRules(): RuleGroup<RecordingRule>[] {
  return [
    {
      name: 'grafana_rules',
      rules: [
        {
          record: REQUEST_RATE_RECORD,
          expr: 'sum by (namespace, job, handler, status_code) (rate(grafana_http_request_duration_seconds_count[5m]))',
        },
      ],
    },
  ];
}

export function grafanaAlerts(): RuleGroup<AlertingRule>[] {
  const selector = `handler!~"${DATASOURCE_HANDLERS}"`;
  return [
    {
      name: 'grafana_alerts',
      rules: [
        {
          alert: 'GrafanaRequestsFailing',
          expr: [
            `100 * sum without (status_code) (${REQUEST_RATE_RECORD}{${selector}, status_code=~"5.."})`,
            `/ sum without (status_code) (${REQUEST_RATE_RECORD}{${selector}})`,
            '> 50',
          ].join('\n'),
          for: '5m',
          labels: { severity: 'warning' },
          annotations: {
            summary: 'Grafana fails more than half of the requests to one of its handlers.',
            description:
              '{{ $labels.namespace }}/{{ $labels.job }} answers {{ $value | humanize }}% of the requests to {{ $labels.handler }} with a server error (5xx).',
            runbook_url: runbookUrl('GrafanaRequestsFailing'),
          },
        },
      ],
    },
  ];
}
