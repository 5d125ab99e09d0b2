import {
  addPatch,
  contentHash,
  definePart,
  findSyntaxError,
  options,
  type Part,
  type Stack,
  withValues,
} from '@mixstack/core';
import { type AlertPatch, type LibRulesValues, libRulesValues, SOURCE, VALUES_KEY } from './intent.js';
import { applyMixinEdits } from './mixin-edits.js';

/** The one sections patch every mixin-editing part relies on (added by the first of them). */
export const MIXINS_PATCH_ID = `${SOURCE}/mixins`;

/**
 * After every other sections patch (a platform's, an addon's): lib overrides are the last word,
 * and their names are checked against the mixins as the stack finally has them.
 */
export const MIXINS_PATCH_ORDER = 1000;

/**
 * Adds the shared patch unless another lib part already did: one patch applies the edits of
 * every part from the merged values, so the parts' order never matters and a name two parts
 * drop is dropped once.
 */
export function withMixinsPatch(stack: Stack): Stack {
  if (stack.patches[MIXINS_PATCH_ID]) return stack;
  return addPatch(stack, {
    id: MIXINS_PATCH_ID,
    source: SOURCE,
    target: 'sections',
    order: MIXINS_PATCH_ORDER,
    apply: (sections, { values }) => ({
      ...sections,
      mixins: applyMixinEdits(sections.mixins, libRulesValues(values)),
    }),
  });
}

/** Records edits in the `override` layer, named after the call for conflict messages. */
export function withEdits(stack: Stack, call: string, edits: LibRulesValues): Stack {
  return withValues(stack, `${SOURCE} ${call}`, 'override', { [VALUES_KEY]: edits });
}

const ALERT_NAME = /^([a-z0-9][a-z0-9-]*\/)?[a-zA-Z_:][a-zA-Z0-9_:]*$/;

const alertName = () =>
  options.string({
    pattern: ALERT_NAME,
    maxLength: 300,
    expected: 'an alert name such as "KubePodCrashLooping" (or "<mixin>/<alert>" for one mixin only)',
  });

const ruleGroupName = () =>
  options.string({
    pattern: /^\S(.*\S)?$/,
    maxLength: 300,
    expected: 'a rule group name such as "kubernetes-apps" (or "<mixin>/<group>")',
  });

const dashboardName = () =>
  options.string({
    pattern: /^\S(.*\S)?$/,
    maxLength: 300,
    expected: 'a dashboard file name, title or uid, such as "nodes.json" (or "<mixin>/<file>")',
  });

function nameList(fn: string, item: options.Schema<string>, names: unknown): string[] {
  return options.parseOptions(options.array(item, { minLength: 1 }), names, `lib-rules/${fn}`);
}

/**
 * The call as error messages name it: `patchAlert(TestAppSlow, {"severity":"info"})`. It is
 * also the value layer's source, which core sorts by: two calls with different arguments must
 * have different names, so a long one ends with a hash of the whole text instead of its tail.
 */
export function callName(fn: string, args: readonly unknown[]): string {
  const text = `${fn}(${args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(', ')})`;
  return text.length > 120 ? `${text.slice(0, 100)}... #${contentHash(text).slice(0, 8)})` : text;
}

const asRecord = (names: readonly string[]) => Object.fromEntries(names.map((name) => [name, true as const]));

function mixinEditPart(fn: string, names: string[], edits: LibRulesValues): Part {
  return definePart(callName(fn, names), (stack) =>
    withMixinsPatch(withEdits(stack, callName(fn, names), edits)),
  );
}

/**
 * Removes alerting rules by name from every mixin of the stack (`KubeCPUOvercommit`), or from
 * one mixin (`kubernetes/KubeCPUOvercommit`). A name that matches no alert is a build error
 * listing the closest names: a typo must not silently keep a noisy alert.
 */
export function dropAlerts(names: readonly string[]): Part {
  const parsed = nameList('dropAlerts', alertName(), names);
  return mixinEditPart('dropAlerts', parsed, { dropAlerts: asRecord(parsed) });
}

/** Removes rule groups (alerting or recording) by name, from every mixin or from `<mixin>/<group>`. */
export function dropRuleGroups(names: readonly string[]): Part {
  const parsed = nameList('dropRuleGroups', ruleGroupName(), names);
  return mixinEditPart('dropRuleGroups', parsed, { dropRuleGroups: asRecord(parsed) });
}

/** Removes dashboards by file name (`nodes.json`), title, uid or `<mixin>/<file>`. */
export function dropDashboards(names: readonly string[]): Part {
  const parsed = nameList('dropDashboards', dashboardName(), names);
  return mixinEditPart('dropDashboards', parsed, { dropDashboards: asRecord(parsed) });
}

const SEVERITIES = ['critical', 'warning', 'info', 'none'] as const;

const alertPatchSchema = options.check(
  options.object(
    {
      severity: options.oneOf(SEVERITIES),
      for: options.duration(),
      labels: options.check(
        options.record(
          options.string({ pattern: /^[^\r\n]*$/, maxLength: 1024, expected: 'a label value (one line)' }),
          options.string({
            pattern: /^(?!__)[a-zA-Z_][a-zA-Z0-9_]*$/,
            expected: 'a label name such as "team"',
          }),
        ),
        (labels) =>
          'severity' in labels || 'alertname' in labels
            ? `"${'severity' in labels ? 'severity' : 'alertname'}" cannot be set through labels`
            : undefined,
        "set the severity with the severity field (it is checked); the alert name is the rule's identity and cannot be changed",
      ),
      annotations: options.record(
        options.string({ maxLength: 10_000, expected: 'an annotation text' }),
        options.string({
          pattern: /^[a-zA-Z_][a-zA-Z0-9_]*$/,
          expected: 'an annotation name such as "summary"',
        }),
      ),
      expr: options.check(
        options.string({ minLength: 1, maxLength: 100_000, expected: 'a PromQL expression' }),
        (expr) => {
          const problem = findSyntaxError('promql', expr);
          return problem ? `the expression does not parse: ${problem.message}` : undefined;
        },
        'write an expression Prometheus accepts, such as sum by (namespace) (rate(x[5m])) > 1',
      ),
    },
    'an alert patch { severity?, for?, labels?, annotations?, expr? }',
  ),
  (patch) => (Object.keys(patch).length === 0 ? 'the patch changes nothing' : undefined),
  'pass at least one of severity, for, labels, annotations, expr',
) as options.Schema<AlertPatch>;

/**
 * Changes an alerting rule, in every mixin (`KubePodCrashLooping`) or in one
 * (`kubernetes/KubePodCrashLooping`): its severity, `for`, labels, annotations or expression.
 * Applied before `dropAlerts`; an alert name that matches nothing is a build error.
 */
export function patchAlert(name: string, patch: AlertPatch): Part {
  const [parsedName] = nameList('patchAlert', alertName(), [name]);
  const parsed = options.parseOptions(alertPatchSchema, patch, 'lib-rules/patchAlert');
  const call = callName('patchAlert', [parsedName!, parsed]);
  return definePart(call, (stack) =>
    withMixinsPatch(withEdits(stack, call, { patchAlerts: { [parsedName!]: parsed } })),
  );
}

const REGISTRY = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;

/**
 * Pulls every image of the stack from a mirror: `registry.example.com/mirror` turns
 * `quay.io/prometheus/prometheus:v3.13.2` into `registry.example.com/mirror/prometheus/prometheus:v3.13.2`.
 * Sets the stack's `imageRegistry` in the `override` layer, so it wins over `createStack({ imageRegistry })`.
 */
export function imageRegistry(mirror: string): Part {
  const parsed = options.parseOptions(
    options.string({
      pattern: REGISTRY,
      maxLength: 253,
      expected: 'a registry host with an optional path, such as "registry.example.com/mirror"',
      hint: 'pass only the registry and path, without a scheme ("https://") or a trailing slash',
    }),
    mirror,
    'lib-rules/imageRegistry',
  );
  return definePart(`imageRegistry(${parsed})`, (stack) =>
    withValues(stack, `${SOURCE} imageRegistry(${parsed})`, 'override', {
      common: { imageRegistry: parsed },
    }),
  );
}
