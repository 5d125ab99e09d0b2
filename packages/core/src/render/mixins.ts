import type { Stack } from '../stack.js';
import { resolveValues } from '../values.js';
import { applySectionPatches } from './build.js';
import { resolveSections } from './sections.js';
import { canonicalize, toJson, toYaml } from './serialize.js';
import { validateMixins } from './validate.js';

/**
 * The stack's mixins (after every patch) in the standard monitoring-mixins layout:
 * `<mixin>/prometheus_alerts.yaml`, `<mixin>/prometheus_rules.yaml` and
 * `<mixin>/dashboards_out/<file>.json`, so non-TypeScript users can load them and the content
 * can be proposed upstream. Throws the first invalid expression as a MixstackError.
 */
export function renderMixins(stack: Stack): ReadonlyMap<string, string> {
  const values = resolveValues(stack.values);
  const sections = applySectionPatches(stack, resolveSections(stack, values), values);
  const problems = validateMixins(sections.mixins);
  if (problems.length > 0) throw problems[0];
  const files = new Map<string, string>();
  for (const name of Object.keys(sections.mixins).sort()) {
    const mixin = sections.mixins[name]!;
    if (mixin.prometheusAlerts?.groups.length) {
      files.set(`${name}/prometheus_alerts.yaml`, toYaml(canonicalize(mixin.prometheusAlerts)));
    }
    if (mixin.prometheusRules?.groups.length) {
      files.set(`${name}/prometheus_rules.yaml`, toYaml(canonicalize(mixin.prometheusRules)));
    }
    for (const file of Object.keys(mixin.grafanaDashboards ?? {}).sort()) {
      files.set(
        `${name}/dashboards_out/${file}`,
        toJson(mixin.grafanaDashboards![file], { address: `mixin/${name}/${file}` }),
      );
    }
  }
  return files;
}
