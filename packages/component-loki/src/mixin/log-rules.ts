import type { AlertingRule, RuleGroup } from '@mixstack/core';
import { alert, alertGroup } from '@mixstack/kit';

/** Name of the group of alerts over logs, which Loki's ruler evaluates. */
export const LOG_ALERT_GROUP = 'loki_log_alerts';

/** Lines containing "panic" in 5 minutes above which a namespace's workloads are panicking, not logging a word. */
export const PANIC_LINES = 10;

/**
 * Alerts over the logs of the cluster (LogQL), which Loki's ruler evaluates and sends to the
 * stack's Alertmanager: what metrics cannot see, such as a Go program that panics and restarts
 * before any metric of it is scraped. One rule, to show the shape; more belong to the
 * components whose logs they read.
 */
export function lokiLogAlerts(): RuleGroup<AlertingRule>[] {
  return [
    alertGroup(LOG_ALERT_GROUP, [
      alert({
        alert: 'LokiLogPanics',
        severity: 'warning',
        // `namespace=~".+"`: every stream the collector labels with its namespace (a stream
        // selector needs one matcher that is not empty). The window is in the expression.
        expr: `sum by (namespace) (count_over_time({namespace=~".+"} |= "panic" [5m])) > ${PANIC_LINES}`,
        for: '0s',
        summary: 'Workloads of a namespace log many panics.',
        description: `The pods of namespace {{ $labels.namespace }} logged {{ $value }} lines containing "panic" in the last 5 minutes (more than ${PANIC_LINES}).`,
      }),
    ]),
  ];
}
