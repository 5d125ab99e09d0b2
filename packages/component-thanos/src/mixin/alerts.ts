import type { AlertingRule, RuleGroup } from '@mixstack/core';
import { alert, alertGroup } from '@mixstack/kit';

/** The series every alert and panel of the mixin selects: the job of the scrape target. */
export const JOB = 'job="thanos"';

/**
 * The mixin's alerts; each has its promtool cases (`alerts.cases.ts`) and its runbook
 * (`docs/runbooks/<alert>.md`, the `runbook_url` that `alert()` sets).
 */
export function thanosAlerts(): RuleGroup<AlertingRule>[] {
  return [
    alertGroup('thanos', [
      alert({
        alert: 'ThanosDown',
        severity: 'critical',
        // `absent` also fires when the targets are gone (a failed rollout deleted the pods).
        expr: `absent(up{${JOB}} == 1)`,
        for: '5m',
        summary: 'Thanos is down.',
        description: 'No Thanos target has answered a scrape for 5 minutes.',
      }),
    ]),
  ];
}
