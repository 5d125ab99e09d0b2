import {
  addPatch,
  contentHash,
  definePart,
  findSyntaxError,
  type Notice,
  options,
  type Part,
  partWithOptions,
  type Stack,
  withValues,
} from '@mixstack/core';
import {
  type AlertPatch,
  changesNothing,
  type LibRulesValues,
  libRulesValues,
  parseArguments,
  SOURCE,
  throwAll,
  VALUES_KEY,
} from './intent.js';
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
 * drop is dropped once. Every name that matches nothing is reported, and the edits of the
 * names that match are applied all the same.
 */
export function withMixinsPatch(stack: Stack): Stack {
  if (stack.patches[MIXINS_PATCH_ID]) return stack;
  return addPatch(stack, {
    id: MIXINS_PATCH_ID,
    source: SOURCE,
    target: 'sections',
    order: MIXINS_PATCH_ORDER,
    apply: (sections, { values, report }) => {
      const edits = libRulesValues(values);
      const { mixins, problems } = applyMixinEdits(sections.mixins, edits);
      for (const problem of problems) report(problem);
      const notice = editsNotice(edits);
      return {
        ...sections,
        mixins,
        ...(notice ? { notices: { ...sections.notices, [EDITS_NOTICE_ID]: notice } } : {}),
      };
    },
  });
}

/** The id of the build-summary notice that says what the overrides changed. */
export const EDITS_NOTICE_ID = 'lib-rules-edits';

function patchText(patch: AlertPatch): string {
  const parts: string[] = [];
  if (patch.severity !== undefined) parts.push(`severity ${patch.severity}`);
  if (patch.for !== undefined) parts.push(`for ${patch.for}`);
  if (patch.expr !== undefined) parts.push('expression replaced');
  for (const [key, value] of Object.entries(patch.labels ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)))
    parts.push(`label ${key}=${value}`);
  // Annotations are long texts: named, not quoted.
  for (const key of Object.keys(patch.annotations ?? {}).sort()) parts.push(`annotation ${key}`);
  return parts.join(', ');
}

/**
 * What the overrides changed in the mixins, said in the build summary (and on `mixstack
 * explain`'s page): a stack's reviewer sees which upstream content was dropped or patched.
 */
export function editsNotice(edits: LibRulesValues): Notice | undefined {
  const names = (map: Record<string, unknown> | undefined) => Object.keys(map ?? {}).sort();
  const lines: [string, string[]][] = [
    ['dropped alerts', names(edits.dropAlerts)],
    [
      'patched alerts',
      names(edits.patchAlerts).map((name) => `${name} (${patchText(edits.patchAlerts![name]!)})`),
    ],
    ['dropped rule groups', names(edits.dropRuleGroups)],
    ['dropped dashboards', names(edits.dropDashboards)],
  ];
  const changed = lines.filter(([, list]) => list.length > 0);
  if (changed.length === 0) return undefined;
  return {
    level: 'info',
    message: `Mixin overrides (lib-rules): ${changed.map(([what, list]) => `${what}: ${list.join(', ')}`).join('; ')}.`,
  };
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

/**
 * A part editing mixins by a list of names. The names are checked when the part is applied:
 * every bad one is recorded in the stack (and listed by `validateStack` with every other
 * problem), none thrown by the call.
 */
function mixinEditPart(
  fn: string,
  item: options.Schema<string>,
  names: unknown,
  edits: (names: string[]) => LibRulesValues,
): Part {
  const address = `lib-rules/${fn}`;
  const schema = options.object({ names: options.required(options.array(item, { minLength: 1 })) });
  return partWithOptions(
    address,
    () => {
      const { value, problems } = parseArguments(schema, { names }, address);
      throwAll(problems);
      return value!.names;
    },
    (parsed) =>
      definePart(callName(fn, parsed), (stack) =>
        withMixinsPatch(withEdits(stack, callName(fn, parsed), edits(parsed))),
      ),
  );
}

/**
 * Removes alerting rules by name from every mixin of the stack (`KubeCPUOvercommit`), or from
 * one mixin (`kubernetes/KubeCPUOvercommit`). Every name that matches no alert is a problem
 * listing the closest names: a typo must not silently keep a noisy alert.
 */
export function dropAlerts(names: readonly string[]): Part {
  return mixinEditPart('dropAlerts', alertName(), names, (parsed) => ({ dropAlerts: asRecord(parsed) }));
}

/** Removes rule groups (alerting or recording) by name, from every mixin or from `<mixin>/<group>`. */
export function dropRuleGroups(names: readonly string[]): Part {
  return mixinEditPart('dropRuleGroups', ruleGroupName(), names, (parsed) => ({
    dropRuleGroups: asRecord(parsed),
  }));
}

/** Removes dashboards by file name (`nodes.json`), title, uid or `<mixin>/<file>`. */
export function dropDashboards(names: readonly string[]): Part {
  return mixinEditPart('dropDashboards', dashboardName(), names, (parsed) => ({
    dropDashboards: asRecord(parsed),
  }));
}

const SEVERITIES = ['critical', 'warning', 'info', 'none'] as const;

const alertPatchSchema = options.object(
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
) as options.Schema<AlertPatch>;

const patchAlertSchema = options.object({
  name: options.required(alertName()),
  patch: alertPatchSchema,
});

/**
 * Changes an alerting rule, in every mixin (`KubePodCrashLooping`) or in one
 * (`kubernetes/KubePodCrashLooping`): its severity, `for`, labels, annotations or expression.
 * Applied before `dropAlerts`; an alert name that matches nothing is a problem of the stack.
 */
export function patchAlert(name: string, patch: AlertPatch): Part {
  const address = 'lib-rules/patchAlert';
  return partWithOptions(
    address,
    () => {
      const { value, problems } = parseArguments(patchAlertSchema, { name, patch: patch ?? {} }, address);
      if (problems.length === 0 && Object.keys(value!.patch ?? {}).length === 0)
        problems.push(
          changesNothing(
            address,
            'patch',
            'the patch changes nothing',
            'pass at least one of severity, for, labels, annotations, expr',
          ),
        );
      throwAll(problems);
      return { name: value!.name, patch: value!.patch! };
    },
    (parsed) => {
      const call = callName('patchAlert', [parsed.name, parsed.patch]);
      return definePart(call, (stack) =>
        withMixinsPatch(withEdits(stack, call, { patchAlerts: { [parsed.name]: parsed.patch } })),
      );
    },
  );
}

const REGISTRY = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;

const imageRegistrySchema = options.object({
  mirror: options.required(
    options.string({
      pattern: REGISTRY,
      maxLength: 253,
      expected: 'a registry host with an optional path, such as "registry.example.com/mirror"',
      hint: 'pass only the registry and path, without a scheme ("https://") or a trailing slash',
    }),
  ),
});

/**
 * Pulls every image of the stack from a mirror: `registry.example.com/mirror` turns
 * `quay.io/prometheus/prometheus:v3.13.2` into `registry.example.com/mirror/prometheus/prometheus:v3.13.2`.
 * Sets the stack's `imageRegistry` (a common value core owns) in the `override` layer, so it
 * wins over `createStack({ imageRegistry })`.
 */
export function imageRegistry(mirror: string): Part {
  const address = 'lib-rules/imageRegistry';
  return partWithOptions(
    address,
    () => {
      const { value, problems } = parseArguments(imageRegistrySchema, { mirror }, address);
      throwAll(problems);
      return value!.mirror;
    },
    (parsed) =>
      definePart(`imageRegistry(${parsed})`, (stack) =>
        withValues(stack, `${SOURCE} imageRegistry(${parsed})`, 'override', {
          common: { imageRegistry: parsed },
        }),
      ),
  );
}
