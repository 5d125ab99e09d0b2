import { isPlainObject } from '../merge.js';
import { didYouMean } from '../names.js';

/** One problem of a custom resource against the schema of its CustomResourceDefinition. */
export interface CrdSchemaIssue {
  /** Where, as `spec.containers.0.image` (empty for the object itself). */
  path: string;
  /** What is wrong, without the path (`must be a string`, `unknown field "x"`). */
  message: string;
  /** The value found there (undefined for a missing field). */
  value: unknown;
}

type Schema = Record<string, unknown>;

/** The schema of each version of each CRD among `objects`, by `group/version/Kind`. */
export function crdSchemas(
  objects: Iterable<unknown>,
): Map<string, { crd: string; schema: Record<string, unknown> }> {
  const schemas = new Map<string, { crd: string; schema: Record<string, unknown> }>();
  for (const object of objects) {
    if (!isPlainObject(object) || object.kind !== 'CustomResourceDefinition') continue;
    if (object.apiVersion !== 'apiextensions.k8s.io/v1') continue;
    const spec = object.spec;
    const metadata = object.metadata;
    if (!isPlainObject(spec) || !isPlainObject(spec.names) || !Array.isArray(spec.versions)) continue;
    const crd = isPlainObject(metadata) && typeof metadata.name === 'string' ? metadata.name : '';
    for (const version of spec.versions) {
      if (!isPlainObject(version) || !isPlainObject(version.schema)) continue;
      const schema = version.schema.openAPIV3Schema;
      if (isPlainObject(schema))
        schemas.set(`${String(spec.group)}/${String(version.name)}/${String(spec.names.kind)}`, {
          crd,
          schema,
        });
    }
  }
  return schemas;
}

/**
 * The problems of a custom resource against its CRD's `openAPIV3Schema`, as the API server
 * finds them with kubectl's default strict field validation: types (with
 * `x-kubernetes-int-or-string`), `required`, unknown fields (unless
 * `x-kubernetes-preserve-unknown-fields` or `additionalProperties` allow them), `enum`,
 * `pattern`, bounds of numbers, lengths of strings, arrays and maps, and `allOf`, `anyOf`,
 * `oneOf`, `not`. A null field is accepted: the API server prunes it. Left out, as the
 * package tests' ajv check leaves them out: `format`, CEL rules (`x-kubernetes-validations`)
 * and the uniqueness of list-type sets and maps. `apiVersion`, `kind` and `metadata` at the
 * top are the API server's own (core checks names and labels).
 */
export function crdSchemaIssues(object: unknown, schema: Record<string, unknown>): CrdSchemaIssue[] {
  const issues: CrdSchemaIssue[] = [];
  if (!isPlainObject(object)) {
    issues.push({ path: '', message: 'must be an object', value: object });
    return issues;
  }
  const { apiVersion: _apiVersion, kind: _kind, metadata: _metadata, ...rest } = object;
  const properties = isPlainObject(schema.properties) ? schema.properties : {};
  const { apiVersion: _a, kind: _k, metadata: _m, ...ownProperties } = properties;
  const required = Array.isArray(schema.required)
    ? schema.required.filter((key) => key !== 'apiVersion' && key !== 'kind' && key !== 'metadata')
    : undefined;
  check(rest, { ...schema, properties: ownProperties, required }, '', issues, true);
  return issues;
}

const join = (path: string, key: string | number) => (path === '' ? String(key) : `${path}.${key}`);

/** The JavaScript RegExp of a CRD pattern (Go RE2), or undefined when it has no equivalent. */
const PATTERNS = new Map<string, RegExp | undefined>();
function patternOf(source: string): RegExp | undefined {
  if (!PATTERNS.has(source)) {
    let compiled: RegExp | undefined;
    try {
      // Go switches case-insensitivity on with (?i) anywhere; JavaScript only as a flag.
      compiled = source.includes('(?i)')
        ? new RegExp(source.replaceAll('(?i)', ''), 'iu')
        : new RegExp(source, 'u');
    } catch {
      compiled = undefined;
    }
    PATTERNS.set(source, compiled);
  }
  return PATTERNS.get(source);
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return isPlainObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return true;
  }
}

const TYPE_NAMES: Record<string, string> = {
  object: 'an object',
  array: 'a list',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
};

const isNumber = (value: unknown): value is number => typeof value === 'number';

/**
 * Checks a value against a schema. `strict`: a field the schema does not name is an error;
 * false inside allOf, anyOf, oneOf and not, whose branches only constrain fields the
 * schema itself names.
 */
function check(
  value: unknown,
  schema: Schema,
  path: string,
  issues: CrdSchemaIssue[],
  strict: boolean,
): void {
  // The API server prunes a null field (nullable or not) before it validates.
  if (value === null || value === undefined) return;
  const add = (message: string) => issues.push({ path, message, value });
  if (schema['x-kubernetes-int-or-string'] === true) {
    if (!Number.isInteger(value) && typeof value !== 'string') {
      add('must be an integer or a string');
      return;
    }
  } else if (typeof schema.type === 'string' && !hasType(value, schema.type)) {
    add(`must be ${TYPE_NAMES[schema.type] ?? schema.type}`);
    return;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((allowed) => allowed === value)) {
    add(`must be one of ${schema.enum.map((allowed) => JSON.stringify(allowed)).join(', ')}`);
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (isNumber(schema.minLength) && length < schema.minLength)
      add(`must be at least ${schema.minLength} characters long`);
    if (isNumber(schema.maxLength) && length > schema.maxLength)
      add(`must be at most ${schema.maxLength} characters long`);
    if (typeof schema.pattern === 'string' && patternOf(schema.pattern)?.test(value) === false)
      add(`must match the pattern ${schema.pattern}`);
  }
  if (typeof value === 'number') {
    const exclusiveMinimum = schema.exclusiveMinimum === true;
    const exclusiveMaximum = schema.exclusiveMaximum === true;
    if (isNumber(schema.minimum) && (exclusiveMinimum ? value <= schema.minimum : value < schema.minimum))
      add(`must be ${exclusiveMinimum ? 'more than' : 'at least'} ${schema.minimum}`);
    if (isNumber(schema.maximum) && (exclusiveMaximum ? value >= schema.maximum : value > schema.maximum))
      add(`must be ${exclusiveMaximum ? 'less than' : 'at most'} ${schema.maximum}`);
    if (isNumber(schema.multipleOf) && schema.multipleOf > 0 && value % schema.multipleOf !== 0)
      add(`must be a multiple of ${schema.multipleOf}`);
  }
  if (Array.isArray(value)) {
    if (isNumber(schema.minItems) && value.length < schema.minItems)
      add(`must have at least ${schema.minItems} items`);
    if (isNumber(schema.maxItems) && value.length > schema.maxItems)
      add(`must have at most ${schema.maxItems} items`);
    if (isPlainObject(schema.items)) {
      for (let i = 0; i < value.length; i++) check(value[i], schema.items, join(path, i), issues, strict);
    }
  }
  if (isPlainObject(value)) checkObject(value, schema, path, issues, strict);
  checkCombinations(value, schema, path, issues);
}

function checkObject(
  value: Schema,
  schema: Schema,
  path: string,
  issues: CrdSchemaIssue[],
  strict: boolean,
): void {
  const keys = Object.keys(value);
  if (isNumber(schema.minProperties) && keys.length < schema.minProperties)
    issues.push({ path, message: `must have at least ${schema.minProperties} fields`, value });
  if (isNumber(schema.maxProperties) && keys.length > schema.maxProperties)
    issues.push({ path, message: `must have at most ${schema.maxProperties} fields`, value });
  if (Array.isArray(schema.required)) {
    for (const key of schema.required) {
      if (typeof key === 'string' && (value[key] === undefined || value[key] === null))
        issues.push({ path: join(path, key), message: `needs the field "${key}"`, value: undefined });
    }
  }
  const properties = isPlainObject(schema.properties) ? schema.properties : undefined;
  const additional = schema.additionalProperties;
  const keepsUnknown = schema['x-kubernetes-preserve-unknown-fields'] === true || additional === true;
  const embedded = schema['x-kubernetes-embedded-resource'] === true;
  for (const key of keys) {
    const property = properties && Object.hasOwn(properties, key) ? properties[key] : undefined;
    if (isPlainObject(property)) check(value[key], property, join(path, key), issues, strict);
    else if (isPlainObject(additional)) check(value[key], additional, join(path, key), issues, strict);
    else if (
      !strict ||
      keepsUnknown ||
      (embedded && (key === 'apiVersion' || key === 'kind' || key === 'metadata'))
    )
      continue;
    else if (value[key] !== null && value[key] !== undefined)
      issues.push({
        path: join(path, key),
        message: `has no field "${key}" in its CustomResourceDefinition${suggestion(key, properties)}`,
        value: value[key],
      });
  }
}

/** ` (did you mean "retentionSize"?)` for a field close to one the schema names, else nothing. */
function suggestion(key: string, properties: Schema | undefined): string {
  const text = properties ? didYouMean(key, Object.keys(properties)) : '';
  return text === '' ? '' : ` (${text.trim().replace(/^Did/, 'did')})`;
}

/** allOf, anyOf, oneOf and not: value validations over the same value. */
function checkCombinations(value: unknown, schema: Schema, path: string, issues: CrdSchemaIssue[]): void {
  const issuesOf = (branch: unknown) => {
    const found: CrdSchemaIssue[] = [];
    if (isPlainObject(branch)) check(value, branch, path, found, false);
    return found;
  };
  if (Array.isArray(schema.allOf)) for (const branch of schema.allOf) issues.push(...issuesOf(branch));
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some((branch) => issuesOf(branch).length === 0))
    issues.push({ path, message: 'matches none of the allowed forms (anyOf)', value });
  if (Array.isArray(schema.oneOf)) {
    const matching = schema.oneOf.filter((branch) => issuesOf(branch).length === 0).length;
    if (matching !== 1)
      issues.push({
        path,
        message: `must match exactly one of the allowed forms (oneOf), matches ${matching}`,
        value,
      });
  }
  if (isPlainObject(schema.not) && issuesOf(schema.not).length === 0)
    issues.push({ path, message: 'matches a form that is not allowed (not)', value });
}
