/**
 * Monitoring-mixin content, in the shape of the monitoring-mixins project
 * (`prometheusAlerts`, `prometheusRules`, `grafanaDashboards`), so that it can be exported
 * for non-TypeScript users and proposed upstream unchanged.
 */

export interface AlertingRule {
  /** Alert name, UpperCamelCase by convention (`KubePodCrashLooping`). */
  alert: string;
  /** PromQL expression; parsed at build time. */
  expr: string;
  /** How long the condition must hold before the alert fires. */
  for?: string;
  /** How long the alert keeps firing after the condition stopped. */
  keep_firing_for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface RecordingRule {
  /** Name of the recorded series (`level:metric:operations`). */
  record: string;
  /** PromQL expression; parsed at build time. */
  expr: string;
  labels?: Record<string, string>;
}

export type Rule = AlertingRule | RecordingRule;

export interface RuleGroup<R extends Rule = Rule> {
  /** Group name, unique in its mixin; lib overrides address groups by it. */
  name: string;
  interval?: string;
  limit?: number;
  rules: R[];
}

/** A Grafana dashboard in its JSON model. `uid` is derived from the mixin and file name when left out. */
export interface Dashboard {
  title: string;
  uid?: string;
  [field: string]: unknown;
}

export interface Mixin {
  /** Human title, used as the dashboards' folder in Grafana (`Kubernetes`, `Node Exporter`). */
  title: string;
  prometheusAlerts?: { groups: RuleGroup<AlertingRule>[] };
  prometheusRules?: { groups: RuleGroup<RecordingRule>[] };
  /** Dashboards by file name (`nodes.json`). */
  grafanaDashboards?: Record<string, Dashboard>;
  /**
   * Alerting rules over logs: the same rule-group shape, with LogQL expressions (parsed with
   * the LogQL grammar at build time). The stack's log store evaluates them (Loki's ruler) and
   * sends the alerts to the stack's Alertmanager, like any other alert.
   */
  logAlerts?: { groups: RuleGroup<AlertingRule>[] };
  /** Recording rules over logs (LogQL metric queries), evaluated by the log store's ruler. */
  logRules?: { groups: RuleGroup<RecordingRule>[] };
}

export function isAlertingRule(rule: Rule): rule is AlertingRule {
  return 'alert' in rule;
}

/** Every alerting rule of a mixin, with its group. */
export function alertsOf(mixin: Mixin): { group: string; rule: AlertingRule }[] {
  return (mixin.prometheusAlerts?.groups ?? []).flatMap((group) =>
    group.rules.map((rule) => ({ group: group.name, rule })),
  );
}

/** Every recording rule of a mixin, with its group. */
export function recordingRulesOf(mixin: Mixin): { group: string; rule: RecordingRule }[] {
  return (mixin.prometheusRules?.groups ?? []).flatMap((group) =>
    group.rules.map((rule) => ({ group: group.name, rule })),
  );
}

/** Where the runbooks of mixstack's alerts live: `docs/runbooks/<AlertName>.md` of the repository. */
export const RUNBOOK_BASE_URL = 'https://github.com/mixstack/mixstack/blob/main/docs/runbooks';

/** The `runbook_url` annotation of one of mixstack's alerts. */
export function runbookUrl(alert: string): string {
  return `${RUNBOOK_BASE_URL}/${alert}.md`;
}

/**
 * A dashboard as plain JSON data. Dashboard builders (grafana-foundation-sdk) return objects
 * that carry functions and class instances, which core refuses to serialise; a JSON round
 * trip keeps exactly what Grafana reads.
 */
export function plainDashboard(built: object, title?: string): Dashboard {
  const data = JSON.parse(JSON.stringify(built)) as Partial<Dashboard>;
  const resolved = title ?? data.title;
  if (typeof resolved !== 'string' || resolved === '') throw new TypeError('a dashboard needs a title');
  return { ...data, title: resolved };
}

/**
 * The recording rules that go, and the series no rule records any more, when every rule for
 * which `isGone(expr, goneSeries)` holds goes: a fixpoint, since a rule that reads a series no
 * longer recorded goes too, and a series is gone once every rule that records it is.
 */
export function goneRecordings(
  rules: readonly RecordingRule[],
  isGone: (expr: string, goneSeries: ReadonlySet<string>) => boolean,
): { rules: ReadonlySet<RecordingRule>; series: ReadonlySet<string> } {
  const goneRules = new Set<RecordingRule>();
  let series = new Set<string>();
  for (;;) {
    for (const rule of rules) if (!goneRules.has(rule) && isGone(rule.expr, series)) goneRules.add(rule);
    const next = new Set(
      rules
        .filter((rule) => goneRules.has(rule))
        .map((rule) => rule.record)
        .filter((record) => rules.every((rule) => rule.record !== record || goneRules.has(rule))),
    );
    if (next.size === series.size) return { rules: goneRules, series };
    series = next;
  }
}

/**
 * The mixin with its alert groups, recording groups and dashboards replaced (what an edit of
 * a mixin returns); a kind of content the mixin did not have stays absent.
 */
export function withMixinContent(
  mixin: Mixin,
  content: {
    alertGroups: RuleGroup<AlertingRule>[];
    recordingGroups: RuleGroup<RecordingRule>[];
    dashboards: Record<string, Dashboard>;
  },
): Mixin {
  const { prometheusAlerts, prometheusRules, grafanaDashboards, ...rest } = mixin;
  return {
    ...rest,
    ...(prometheusAlerts ? { prometheusAlerts: { ...prometheusAlerts, groups: content.alertGroups } } : {}),
    ...(prometheusRules ? { prometheusRules: { ...prometheusRules, groups: content.recordingGroups } } : {}),
    ...(grafanaDashboards ? { grafanaDashboards: content.dashboards } : {}),
  };
}
