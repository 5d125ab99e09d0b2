import { canonicalize, type Mixin, type RuleGroup, toYaml } from '@mixstack/core';

/**
 * The rule files of Loki's ruler: every mixin's log alerts and log recording rules (core's
 * `logAlerts` and `logRules`, LogQL already parsed by core at build), in Loki's ruler format,
 * which is Prometheus' rule-group YAML. The ruler reads them from its local store under the
 * tenant `fake`; each file is a rule namespace, so alerts and recording rules get a file each
 * (`<mixin>-alerts.yaml`, `<mixin>-rules.yaml`) and a group name may appear in both.
 */
export function rulerRuleFiles(mixins: Readonly<Record<string, Mixin>>): Record<string, string> {
  const files: Record<string, string> = {};
  const add = (file: string, groups: readonly RuleGroup[] | undefined) => {
    if (groups && groups.length > 0) files[file] = toYaml(canonicalize({ groups }));
  };
  for (const name of Object.keys(mixins).sort()) {
    add(`${name}-alerts.yaml`, mixins[name]!.logAlerts?.groups);
    add(`${name}-rules.yaml`, mixins[name]!.logRules?.groups);
  }
  return files;
}
