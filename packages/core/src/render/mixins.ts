import { throwProblems } from '../errors.js';
import { inputStatuses, providedInputs, type RenderOptions, requestedInputs } from '../inputs.js';
import type { Stack } from '../stack.js';
import { resolveValues } from '../values.js';
import { applySectionPatches } from './build.js';
import { Problems, parseComponentValues, resolveStackView } from './contracts.js';
import { resolveSections } from './sections.js';
import { canonicalize, toJson, toYaml } from './serialize.js';
import { validateMixins } from './validate.js';

/**
 * The stack's mixins (after every patch) in the standard monitoring-mixins layout:
 * `<mixin>/prometheus_alerts.yaml`, `<mixin>/prometheus_rules.yaml` and
 * `<mixin>/dashboards_out/<file>.json`, so non-TypeScript users can load them and the content
 * can be proposed upstream. Rules over logs (LogQL) go to `<mixin>/loki_alerts.yaml` and
 * `<mixin>/loki_rules.yaml`, in the same rule-group format, for a Loki ruler. `options.inputs`
 * are the files of the stack's inputs, as `render` takes them (a mixin may be made of them,
 * `@mixstack/lib-mixins`); when given, a missing required input is a problem. Throws the first
 * problem (options, patches, invalid expressions, missing inputs) as a MixstackError carrying
 * the others.
 */
export function renderMixins(
  stack: Stack,
  options: Pick<RenderOptions, 'inputs'> = {},
): ReadonlyMap<string, string> {
  const collected = new Problems();
  for (const problem of stack.problems ?? []) collected.add(problem);
  const values = resolveValues(stack.values);
  const parsed = parseComponentValues(stack, values, collected);
  // Mixins may be made of the user's files (an upstream mixin's folder): read through inputs, as render does.
  const requests = requestedInputs(
    stack,
    values,
    resolveStackView({ stack, values, parsed, problems: new Problems() }),
  );
  // A caller that passes no inputs (a test of a component's mixin) is not told about the missing ones.
  const inputs = providedInputs(
    stack,
    requests,
    options.inputs ?? {},
    options.inputs ? collected : new Problems(),
  );
  const view = resolveStackView({
    stack,
    values,
    parsed,
    problems: collected,
    inputs: inputStatuses(requests, inputs),
    files: inputs,
  });
  const sections = applySectionPatches(
    stack,
    resolveSections(stack, values, view, collected),
    values,
    view,
    collected,
  );
  const problems = [...collected.list, ...validateMixins(sections.mixins, new Map(), sections.datasources)];
  throwProblems(problems);
  const files = new Map<string, string>();
  for (const name of Object.keys(sections.mixins).sort()) {
    const mixin = sections.mixins[name]!;
    if (mixin.prometheusAlerts?.groups.length) {
      files.set(`${name}/prometheus_alerts.yaml`, toYaml(canonicalize(mixin.prometheusAlerts)));
    }
    if (mixin.prometheusRules?.groups.length) {
      files.set(`${name}/prometheus_rules.yaml`, toYaml(canonicalize(mixin.prometheusRules)));
    }
    if (mixin.logAlerts?.groups.length) {
      files.set(`${name}/loki_alerts.yaml`, toYaml(canonicalize(mixin.logAlerts)));
    }
    if (mixin.logRules?.groups.length) {
      files.set(`${name}/loki_rules.yaml`, toYaml(canonicalize(mixin.logRules)));
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
