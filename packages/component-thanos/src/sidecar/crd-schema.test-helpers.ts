import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedReference } from '@mixstack/testing';
import { parse } from 'yaml';

/**
 * The real prometheus-operator v0.93.0 CRDs of the shared reference folder, and a check of an
 * object against one's openAPIV3Schema as the API server applies it: a field the schema does not
 * declare is pruned (silently dropped), so it is an issue here, with wrong types, enum values,
 * patterns and missing required fields. It covers the keywords the CRDs use for the fields this
 * package renders (type, properties, additionalProperties, items, enum, pattern, required,
 * anyOf and int-or-string).
 */
export const crdFolder = sharedReference('reference/crds/prometheus-operator-v0.93.0');

type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  enum?: unknown[];
  pattern?: string;
  required?: string[];
  anyOf?: Schema[];
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
};

/** The schema of a kind's version (`monitoring.coreos.com_prometheuses.yaml`, `v1`). */
export function crdSchema(file: string, version = 'v1'): Schema {
  const crd = parse(readFileSync(join(crdFolder.path, file), 'utf8')) as {
    spec: { versions: { name: string; schema: { openAPIV3Schema: Schema } }[] };
  };
  const found = crd.spec.versions.find((v) => v.name === version);
  if (!found) throw new Error(`${file} has no version ${version}`);
  return found.schema.openAPIV3Schema;
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Where `value` does not fit `schema`, as `path: problem` lines (empty when it fits). */
export function crdIssues(schema: Schema, value: unknown, path = ''): string[] {
  const at = path || '(root)';
  if (schema['x-kubernetes-int-or-string'])
    return ['integer', 'string'].includes(typeOf(value))
      ? patternIssues(schema, value, at)
      : [`${at}: expected an integer or a string`];
  if (schema.anyOf && !schema.anyOf.some((option) => crdIssues(option, value, path).length === 0))
    return [`${at}: matches none of anyOf`];
  if (schema.type) {
    const actual = typeOf(value);
    const fits = actual === schema.type || (schema.type === 'number' && actual === 'integer');
    if (!fits) return [`${at}: expected ${schema.type}, got ${actual}`];
  }
  const issues = [...patternIssues(schema, value, at)];
  if (schema.enum && !schema.enum.includes(value))
    issues.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (typeOf(value) === 'array' && schema.items)
    (value as unknown[]).forEach((item, i) => {
      issues.push(...crdIssues(schema.items!, item, `${path}[${i}]`));
    });
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    for (const key of schema.required ?? [])
      if (!(key in object)) issues.push(`${at}: required field ${key} is missing`);
    for (const [key, field] of Object.entries(object)) {
      const child = path ? `${path}.${key}` : key;
      const declared = schema.properties?.[key];
      if (declared) issues.push(...crdIssues(declared, field, child));
      else if (typeof schema.additionalProperties === 'object')
        issues.push(...crdIssues(schema.additionalProperties, field, child));
      else if (!schema['x-kubernetes-preserve-unknown-fields'] && schema.additionalProperties !== true)
        issues.push(`${child}: not in the schema (the API server would prune it)`);
    }
  }
  return issues;
}

function patternIssues(schema: Schema, value: unknown, at: string): string[] {
  if (schema.pattern === undefined || typeof value !== 'string') return [];
  return new RegExp(schema.pattern).test(value)
    ? []
    : [`${at}: ${JSON.stringify(value)} does not match ${schema.pattern}`];
}
