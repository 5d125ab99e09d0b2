import type { RecordingRule, RuleGroup } from '@mixstack/core';
import { record, recordGroup } from '@mixstack/kit';
import { by } from '../promql.js';
import { RECORDS } from '../records.js';

/** Targets up and down per job: cheap to keep for a long time, and what overview panels count. */
export function kubePrometheusRecordingRules(): RuleGroup<RecordingRule>[] {
  return [
    recordGroup('kube-prometheus-general.rules', [
      record(RECORDS.targetsUp, `count ${by('job', 'namespace')} (up == 1)`),
      record(RECORDS.targetsDown, `count ${by('job', 'namespace')} (up == 0)`),
    ]),
  ];
}
