import { type AlertingRule, type RecordingRule, type RuleGroup, runbookUrl } from '@mixstack/core';

/**
 * Typed builders for the rules of a mixin. A rule is data: a name, a PromQL string (parsed by
 * core at build time, and by promtool in the tests), a `for`, labels and annotations. Every
 * alert gets its `severity` label and its `summary`, `description` and `runbook_url`
 * annotations here, so no alert can miss one.
 */

/** critical: pages someone now; warning: needs attention within the working day; info: context for other alerts. */
export type Severity = 'critical' | 'warning' | 'info';

/** A Prometheus duration with one unit, such as `15m` (both Prometheus 2 and 3 accept these). */
export type Duration = `${number}${'s' | 'm' | 'h' | 'd' | 'w'}`;

export interface AlertDefinition {
  /** UpperCamelCase; also the runbook's file name (`docs/runbooks/<alert>.md`). */
  alert: string;
  severity: Severity;
  expr: string;
  /**
   * How long the condition must hold. `0s` only for events whose expression already spans a
   * window (an eviction counted over 15 minutes) or for alerts that mirror other alerts.
   */
  for: Duration;
  /** One sentence, no labels: the same for every instance of the alert (it groups well). */
  summary: string;
  /** Names what fails where, with the labels a responder needs (`{{ $labels.namespace }}`). */
  description: string;
  /**
   * Further labels, e.g. the windows of a burn-rate alert; `severity` is set from `severity`.
   * @default undefined (only `severity`)
   */
  labels?: Readonly<Record<string, string>>;
}

/** An alerting rule with its severity, texts and runbook URL. */
export function alert(definition: AlertDefinition): AlertingRule {
  return {
    alert: definition.alert,
    expr: definition.expr,
    for: definition.for,
    labels: { ...definition.labels, severity: definition.severity },
    annotations: {
      summary: definition.summary,
      description: definition.description,
      runbook_url: runbookUrl(definition.alert),
    },
  };
}

/** A recording rule; by convention its name is `level:metric:operations`. */
export function record(name: string, expr: string, labels?: Readonly<Record<string, string>>): RecordingRule {
  return labels ? { record: name, expr, labels: { ...labels } } : { record: name, expr };
}

/** An alert group; its name is stable (lib overrides drop and patch rules by group and name). */
export function alertGroup(name: string, rules: readonly AlertingRule[]): RuleGroup<AlertingRule> {
  return { name, rules: [...rules] };
}

/** A recording group; by convention its name ends in `.rules` (alert groups never do). */
export function recordGroup(name: string, rules: readonly RecordingRule[]): RuleGroup<RecordingRule> {
  return { name, rules: [...rules] };
}

/** Multi-line PromQL: one string with the lines joined, so the rendered YAML stays readable. */
export function lines(...parts: readonly string[]): string {
  return parts.join('\n');
}

/**
 * No target of `up` (a selector such as `up{job="loki"}`) answers, or none is left at all: the
 * expression of a component's "down" alert. In one Prometheus, `absent(up == 1)`: it also fires
 * when the targets are gone (a failed rollout deleted the pods), and the external label names
 * the cluster. With `multiCluster` (`common.multiCluster`: the rules run over the series of
 * several clusters), absent() would stay silent while any cluster still has a target and could
 * not say which cluster lost them, so the alert fires once per cluster that reports some target
 * (it has `up` series) but no answering one of these.
 */
export function noTargetUp(up: string, multiCluster: boolean): string {
  if (!multiCluster) return `absent(${up} == 1)`;
  return lines('group by (cluster) (up)', `unless on (cluster) group by (cluster) (${up} == 1)`);
}
