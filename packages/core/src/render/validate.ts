import { MixstackError } from '../errors.js';
import { type KubeObject, kindKey, objectIdentity } from '../kube.js';
import { isPlainObject } from '../merge.js';
import type { Mixin } from '../mixin.js';
import { didYouMean, isDnsLabel, isDnsSubdomain, isLabelKey, isLabelValue } from '../names.js';
import type { Datasource } from '../sections.js';
import type { Stack } from '../stack.js';
import { builtinKinds } from '../validate/builtin-kinds.js';
import { builtinWorkload } from '../validate/checks/pods.js';
import type { CheckedObject } from '../validate/checks/types.js';
import { crdSchemaIssues, crdSchemas } from '../validate/crd-schema.js';
import { dashboardExpressions } from '../validate/dashboards.js';
import {
  findSyntaxError,
  languageNames,
  type SyntaxProblem,
  substituteGrafanaVariables,
} from '../validate/expressions.js';
import { goTemplateProblem } from '../validate/go-template.js';
import type { EmbeddedExpression, KindDefinition, NameRule } from '../validate/kinds.js';

const builtinByKey = new Map(builtinKinds.map((kind) => [`${kind.apiVersion}/${kind.kind}`, kind]));

/** Built-in kinds plus those the stack registered. */
export function kindRegistry(stack: Stack): Map<string, KindDefinition> {
  const registry = new Map(builtinByKey);
  for (const [key, kind] of Object.entries(stack.kinds)) if (!registry.has(key)) registry.set(key, kind);
  return registry;
}

const NAME_RULES: Record<NameRule, { test: (name: string) => boolean; expected: string }> = {
  'dns-label': {
    test: isDnsLabel,
    expected: 'a DNS label (lower-case letters, digits and "-", at most 63 characters)',
  },
  'dns-subdomain': {
    test: isDnsSubdomain,
    expected: 'a DNS subdomain (lower-case letters, digits, "-" and ".", at most 253 characters)',
  },
  'path-segment': {
    test: (name) => name.length > 0 && !/[/%]/.test(name) && name !== '.' && name !== '..',
    expected: 'a name without "/" or "%"',
  },
};

/**
 * Parse results of one validation run, by language and expression: a mixin's rules are parsed
 * again inside the PrometheusRule objects built from them, and dashboards repeat queries.
 */
export type ExpressionCache = Map<string, SyntaxProblem | undefined>;

function expressionError(
  address: string,
  found: EmbeddedExpression,
  cache: ExpressionCache,
  what = '',
): MixstackError | undefined {
  const text =
    found.language === 'promql' || found.language === 'logql'
      ? substituteGrafanaVariables(found.expression)
      : found.expression;
  const key = `${found.language}\u0000${text}`;
  if (!cache.has(key)) cache.set(key, findSyntaxError(found.language, text));
  const problem = cache.get(key);
  if (!problem) return undefined;
  return new MixstackError({
    code: 'INVALID_EXPRESSION',
    message: `${what}${problem.message}`,
    address,
    path: found.path,
    value: found.expression,
    hint: `correct the ${languageNames[found.language]} expression; the upstream grammar must parse it`,
  });
}

function hasKubeShape(object: unknown): object is KubeObject {
  return isPlainObject(object) && typeof object.apiVersion === 'string' && typeof object.kind === 'string';
}

/** An object that passed the structural checks, with its kind: its expressions can be read. */
export interface AcceptedObject {
  address: string;
  object: KubeObject;
  kind: KindDefinition;
}

/**
 * Structure, kind, names, duplicates and schema of every object, and the objects whose
 * structure is sound enough to read their embedded expressions (`validateObjectExpressions`).
 */
export function validateObjectSchemas(
  stack: Stack,
  objects: Readonly<Record<string, KubeObject>>,
): { errors: MixstackError[]; accepted: AcceptedObject[] } {
  const registry = kindRegistry(stack);
  // The CRDs the stack renders validate its custom resources, as the API server will.
  const customResources = crdSchemas(Object.values(objects));
  const errors: MixstackError[] = [];
  const accepted: AcceptedObject[] = [];
  const identities = new Map<string, string>();
  for (const address of Object.keys(objects).sort()) {
    const object = objects[address] as unknown;
    const fail = (
      code: MixstackError['code'],
      message: string,
      path: string | undefined,
      value: unknown,
      hint: string,
    ) => errors.push(new MixstackError({ code, message, address, path, value, hint }));
    if (!hasKubeShape(object)) {
      fail(
        'SCHEMA',
        'an object needs a string apiVersion and kind',
        undefined,
        object,
        'build the object with its apiVersion and kind',
      );
      continue;
    }
    const typed = object as unknown as KubeObject;
    const name = typed.metadata?.name;
    if (typeof name !== 'string' || name === '') {
      fail('SCHEMA', `${typed.kind} has no metadata.name`, 'metadata.name', name, 'give the object a name');
      continue;
    }
    const kind = registry.get(kindKey(typed));
    if (!kind) {
      const known = [...registry.keys()];
      fail(
        'UNKNOWN_KIND',
        `unknown kind ${kindKey(typed)}`,
        'kind',
        kindKey(typed),
        `register the kind with addKinds(stack, source, [kindFromModel(Model, { namespaced })]) or fix the apiVersion/kind.${didYouMean(kindKey(typed), known)}`,
      );
      continue;
    }
    const namespace = typed.metadata?.namespace;
    if (kind.namespaced && (typeof namespace !== 'string' || !isDnsLabel(namespace))) {
      fail(
        'INVALID_NAME',
        `${typed.kind} is namespaced and needs a valid metadata.namespace`,
        'metadata.namespace',
        namespace,
        'set metadata.namespace (usually the common namespace, values.common.namespace)',
      );
      continue;
    }
    if (!kind.namespaced && namespace !== undefined) {
      fail(
        'INVALID_NAME',
        `${typed.kind} is cluster-scoped and must not have a namespace`,
        'metadata.namespace',
        namespace,
        'remove metadata.namespace',
      );
      continue;
    }
    const rule = NAME_RULES[kind.names ?? 'dns-subdomain'];
    if (!rule.test(name)) {
      fail('INVALID_NAME', `invalid ${typed.kind} name`, 'metadata.name', name, `use ${rule.expected}`);
      continue;
    }
    for (const field of ['labels', 'annotations'] as const) {
      for (const [key, value] of Object.entries(typed.metadata?.[field] ?? {})) {
        if (!isLabelKey(key))
          fail(
            'INVALID_NAME',
            `invalid ${field.slice(0, -1)} key`,
            `metadata.${field}.${key}`,
            key,
            'use a key such as "team" or "example.com/team"',
          );
        else if (typeof value !== 'string')
          fail(
            'SCHEMA',
            `${field.slice(0, -1)} values must be strings`,
            `metadata.${field}.${key}`,
            value,
            'quote the value',
          );
        else if (field === 'labels' && !isLabelValue(value))
          fail(
            'INVALID_NAME',
            'invalid label value',
            `metadata.labels.${key}`,
            value,
            'use at most 63 letters, digits, "-", "_" or "." (alphanumeric at both ends)',
          );
      }
    }
    const identity = `${typed.apiVersion.split('/').slice(0, -1).join('/')}/${objectIdentity(typed)}`;
    const previous = identities.get(identity);
    if (previous) {
      errors.push(
        new MixstackError({
          code: 'DUPLICATE_OBJECT',
          message: `${objectIdentity(typed)} is rendered twice, by ${previous} and by ${address}`,
          address,
          path: 'metadata.name',
          value: name,
          related: [previous],
          hint: 'rename one of them, or remove the part that renders the second',
        }),
      );
    }
    identities.set(identity, address);
    const issues = kind.validate?.(object) ?? [];
    for (const issue of issues) {
      fail(
        'SCHEMA',
        `${typed.kind} ${issue.message}`,
        issue.path || undefined,
        issue.value,
        `fix the field to match the Kubernetes schema of ${kindKey(typed)}`,
      );
    }
    // Checked only once the kind's own schema passed: one mistake, one error.
    const custom = issues.length === 0 ? customResources.get(kindKey(typed)) : undefined;
    if (custom) {
      for (const issue of crdSchemaIssues(object, custom.schema)) {
        fail(
          'SCHEMA',
          `${typed.kind} ${issue.message}`,
          issue.path || undefined,
          issue.value,
          `fix the field to match the CustomResourceDefinition ${custom.crd} the stack renders (the cluster checks ${kindKey(typed)} against it)`,
        );
      }
    }
    accepted.push({ address, object: typed, kind });
  }
  return { errors, accepted };
}

/** The PromQL, LogQL and TraceQL expressions embedded in the objects, each parsed by its grammar. */
export function validateObjectExpressions(
  accepted: readonly AcceptedObject[],
  cache: ExpressionCache = new Map(),
): MixstackError[] {
  const errors: MixstackError[] = [];
  for (const { address, object, kind } of accepted) {
    for (const expression of kind.expressions?.(object) ?? []) {
      const error = expressionError(address, expression, cache);
      if (error) errors.push(error);
    }
  }
  return errors;
}

/** Problems in address order; a stable sort keeps each object's own problems in the order found. */
export function byAddress(problems: readonly MixstackError[]): MixstackError[] {
  return [...problems].sort((a, b) => {
    const x = a.address ?? '';
    const y = b.address ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

const DASHBOARD_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*\.json$/;

/** Rule names, group names, dashboard file names and every expression of the mixins. */
export function validateMixins(
  mixins: Readonly<Record<string, Mixin>>,
  cache: ExpressionCache = new Map(),
  datasources: Readonly<Record<string, Datasource>> = {},
): MixstackError[] {
  // Panels that name no datasource query Grafana's default one.
  const defaultPlugin = Object.values(datasources).find((d) => d.isDefault)?.type;
  const errors: MixstackError[] = [];
  for (const name of Object.keys(mixins).sort()) {
    const mixin = mixins[name]!;
    const address = `mixin/${name}`;
    for (const section of ['prometheusAlerts', 'prometheusRules', 'logAlerts', 'logRules'] as const) {
      const groups = mixin[section]?.groups ?? [];
      // Rules over logs are LogQL, evaluated by the log store's ruler.
      const language = section.startsWith('log') ? 'logql' : 'promql';
      const seen = new Set<string>();
      groups.forEach((group, g) => {
        if (seen.has(group.name)) {
          errors.push(
            new MixstackError({
              code: 'DUPLICATE_ADDRESS',
              message: `rule group "${group.name}" appears twice`,
              address,
              path: `${section}.groups.${g}.name`,
              value: group.name,
              hint: 'give every rule group of a mixin its own name (overrides address groups by name)',
            }),
          );
        }
        seen.add(group.name);
        group.rules.forEach((rule, r) => {
          const path = `${section}.groups.${g}.rules.${r}`;
          const ruleName = 'alert' in rule ? rule.alert : rule.record;
          if (typeof ruleName !== 'string' || !/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(ruleName)) {
            errors.push(
              new MixstackError({
                code: 'INVALID_NAME',
                message: 'invalid rule name',
                address,
                path,
                value: ruleName,
                hint: 'alert and record names are metric-like names: letters, digits, "_" and ":"',
              }),
            );
          }
          if (typeof rule.expr !== 'string') {
            // String(undefined) would parse as the metric name "undefined".
            errors.push(
              new MixstackError({
                code: 'INVALID_EXPRESSION',
                message: `rule ${ruleName} has no ${language === 'logql' ? 'LogQL' : 'PromQL'} expression`,
                address,
                path: `${path}.expr`,
                value: rule.expr,
                hint: 'give every rule an expr string',
              }),
            );
            return;
          }
          const error = expressionError(
            address,
            { path: `${path}.expr`, language, expression: rule.expr },
            cache,
            `rule ${ruleName}: `,
          );
          if (error) errors.push(error);
          if ('alert' in rule) errors.push(...templateErrors(address, path, ruleName, rule));
        });
      });
    }
    for (const [file, dashboard] of Object.entries(mixin.grafanaDashboards ?? {}).sort(([a], [b]) =>
      a < b ? -1 : 1,
    )) {
      // The file name becomes a path (`dashboards_out/<file>`) and a ConfigMap key.
      if (!DASHBOARD_FILE.test(file)) {
        errors.push(
          new MixstackError({
            code: 'INVALID_NAME',
            message: 'invalid dashboard file name',
            address,
            path: `grafanaDashboards.${file}`,
            value: file,
            hint: 'use a file name such as "nodes.json": letters, digits, ".", "_" and "-", ending in .json',
          }),
        );
        continue;
      }
      for (const expression of dashboardExpressions(dashboard, defaultPlugin)) {
        const error = expressionError(
          `${address}/${file}`,
          expression,
          cache,
          `dashboard "${dashboard.title}": `,
        );
        if (error) errors.push(error);
      }
    }
  }
  return errors;
}

/**
 * Prometheus expands the labels and annotations of alerts as Go templates, and refuses to load
 * a rule file whose templates do not parse: report them at build time, where they came from.
 */
function templateErrors(
  address: string,
  path: string,
  ruleName: unknown,
  rule: { labels?: Readonly<Record<string, string>>; annotations?: Readonly<Record<string, string>> },
): MixstackError[] {
  const errors: MixstackError[] = [];
  for (const field of ['labels', 'annotations'] as const) {
    for (const [key, value] of Object.entries(rule[field] ?? {})) {
      if (typeof value !== 'string') continue;
      const problem = goTemplateProblem(value);
      if (problem === undefined) continue;
      errors.push(
        new MixstackError({
          code: 'INVALID_EXPRESSION',
          message: `alert ${String(ruleName)}: the template of ${field.slice(0, -1)} "${key}" does not parse: ${problem}`,
          address,
          path: `${path}.${field}.${key}`,
          value,
          hint: 'close every action with "}}" and every {{if}}, {{range}} or {{with}} with {{end}}; write a literal "{{" as {{ "{{" }}',
        }),
      );
    }
  }
  return errors;
}

/** Objects with their workload facts, for the safety checks. */
export function checkedObjects(stack: Stack, objects: Readonly<Record<string, KubeObject>>): CheckedObject[] {
  const registry = kindRegistry(stack);
  return (
    Object.keys(objects)
      .sort()
      // Objects without a plain shape are already reported by validateObjectSchemas; the checks
      // may assume a string apiVersion and kind.
      .filter((address) => hasKubeShape(objects[address]))
      .map((address) => {
        const object = objects[address]!;
        const workload =
          builtinWorkload(object as unknown as Record<string, unknown>) ??
          registry.get(kindKey(object))?.workload?.(object);
        return { address, object, workload };
      })
  );
}

/** Runs every safety check; violations without a matching named exception are errors. */
export function runChecks(stack: Stack, objects: Readonly<Record<string, KubeObject>>): MixstackError[] {
  const exceptions = new Set(Object.keys(stack.exceptions));
  for (const component of Object.values(stack.components)) {
    for (const exception of component.exceptions ?? [])
      exceptions.add(`${exception.check}@${component.name}/${exception.key}`);
  }
  const errors: MixstackError[] = [];
  // Sorted: the order of the parts that added the exceptions must not change the errors.
  for (const key of [...exceptions].sort()) {
    const check = key.slice(0, key.indexOf('@'));
    if (stack.checks[check]?.allowsExceptions === false) {
      errors.push(
        new MixstackError({
          code: 'SAFETY',
          message: `the safety check "${check}" cannot be excepted`,
          address: key.slice(key.indexOf('@') + 1),
          value: check,
          hint: 'the cluster enforces this check, not mixstack: remove the exception and fix the object (for Pod Security, run the workload in a namespace labelled for the level it needs)',
        }),
      );
    }
    if (!stack.checks[check]) {
      errors.push(
        new MixstackError({
          code: 'NOT_FOUND',
          message: `an exception names the unknown safety check "${check}"`,
          address: key.slice(key.indexOf('@') + 1),
          value: check,
          hint: `use one of the check names.${didYouMean(check, Object.keys(stack.checks))}`,
        }),
      );
    }
  }
  const checked = checkedObjects(stack, objects);
  for (const name of Object.keys(stack.checks).sort()) {
    const check = stack.checks[name]!;
    for (const violation of check.run(checked)) {
      const component = violation.address.split('/')[0];
      const excepted =
        exceptions.has(`${name}@${violation.address}`) || exceptions.has(`${name}@${component}/*`);
      if (excepted && check.allowsExceptions !== false) continue;
      errors.push(
        new MixstackError({
          code: 'SAFETY',
          message: `[${name}] ${violation.message}`,
          address: violation.address,
          path: violation.path,
          value: violation.value,
          hint: `${violation.hint}; if the object cannot comply, add a named exception with the reason (addException)`,
        }),
      );
    }
  }
  return errors;
}
