import type { AlertingRule, RuleGroup } from '@mixstack/core';
import { alert, alertGroup } from '@mixstack/kit';

/** The series every alert and panel of the mixin selects: the job of the scrape target. */
export const JOB = 'job="pyroscope"';

/**
 * The mixin's alerts; each has its promtool cases (`alerts.cases.ts`) and its runbook
 * (`docs/runbooks/<alert>.md`, the `runbook_url` that `alert()` sets).
 */
export function pyroscopeAlerts(): RuleGroup<AlertingRule>[] {
  return [
    alertGroup('pyroscope', [
      alert({
        alert: 'PyroscopeDown',
        severity: 'critical',
        // `absent` also fires when the targets are gone (a failed rollout deleted the pods).
        expr: `absent(up{${JOB}} == 1)`,
        for: '5m',
        summary: 'Pyroscope is down.',
        description: 'No Pyroscope target has answered a scrape for 5 minutes.',
      }),
    ]),
  ];
}
