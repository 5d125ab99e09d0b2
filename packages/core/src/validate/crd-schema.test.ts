import { describe, expect, test } from 'vitest';
import { crdSchemaIssues, crdSchemas } from './crd-schema.js';
import { widgetCrd as crd } from './crd-schema.test-helpers.js';

/** The problems of a Widget with this spec against a CRD with this spec schema, as `path: message`. */
function problems(specSchema: Record<string, unknown>, spec: unknown): string[] {
  const schema = crdSchemas([crd(specSchema)]).get('example.com/v1/Widget')!.schema;
  const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec };
  return crdSchemaIssues(widget, schema).map((issue) => `${issue.path}: ${issue.message}`);
}

describe('crdSchemas', () => {
  test('indexes every version of every CRD by group/version/Kind, with the CRD name', () => {
    const two = crd({});
    two.spec.versions.push({ ...two.spec.versions[0]!, name: 'v2' });
    const schemas = crdSchemas([{ kind: 'ConfigMap' }, two, null]);
    expect([...schemas.keys()]).toEqual(['example.com/v1/Widget', 'example.com/v2/Widget']);
    expect(schemas.get('example.com/v1/Widget')?.crd).toBe('widgets.example.com');
  });

  test('ignores objects that are not apiextensions.k8s.io/v1 CRDs with a schema', () => {
    expect(crdSchemas([{ ...crd({}), apiVersion: 'apiextensions.k8s.io/v1beta1' }]).size).toBe(0);
    const noSchema = crd({});
    (noSchema.spec.versions[0] as Record<string, unknown>).schema = undefined;
    expect(crdSchemas([noSchema]).size).toBe(0);
  });
});

describe('crdSchemaIssues', () => {
  const spec = {
    properties: {
      replicas: { type: 'integer', format: 'int32', minimum: 0, maximum: 10 },
      level: { type: 'string', enum: ['debug', 'info'] },
      size: { type: 'string', pattern: '^[0-9]+(Mi|Gi)$' },
      zone: { type: 'string', pattern: '(?i)^eu-[a-z]+$' },
      name: { type: 'string', minLength: 1, maxLength: 5 },
      ports: { type: 'array', maxItems: 2, items: { type: 'integer' } },
      port: { 'x-kubernetes-int-or-string': true },
      labels: { type: 'object', additionalProperties: { type: 'string' }, maxProperties: 2 },
      extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      template: {
        type: 'object',
        'x-kubernetes-embedded-resource': true,
        properties: { spec: { type: 'object', properties: { x: { type: 'string' } } } },
      },
      paused: { type: 'boolean' },
      ratio: { type: 'number', exclusiveMinimum: true, minimum: 0 },
      item: {
        type: 'object',
        properties: { key: { type: 'string' }, path: { type: 'string' } },
        required: ['key'],
      },
      source: {
        type: 'object',
        properties: { secret: { type: 'string' }, configMap: { type: 'string' } },
        oneOf: [{ required: ['secret'] }, { required: ['configMap'] }],
      },
      value: {
        anyOf: [{ type: 'integer' }, { type: 'string' }],
        'x-kubernetes-int-or-string': true,
        pattern: '^[0-9]+m?$',
      },
    },
  };

  test('a resource that follows the schema has no problem', () => {
    expect(
      problems(spec, {
        replicas: 3,
        level: 'info',
        size: '10Gi',
        zone: 'EU-west',
        name: 'abc',
        ports: [80, 443],
        port: 'http',
        labels: { a: 'b' },
        extra: { anything: { at: ['all'] } },
        template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { x: 'y' } },
        paused: false,
        ratio: 0.5,
        item: { key: 'k' },
        source: { secret: 's' },
        value: 100,
      }),
    ).toEqual([]);
  });

  test.each([
    ['a wrong type', { replicas: '3' }, 'spec.replicas: must be an integer'],
    ['a number under the minimum', { replicas: -1 }, 'spec.replicas: must be at least 0'],
    ['a number over the maximum', { replicas: 11 }, 'spec.replicas: must be at most 10'],
    ['an exclusive minimum', { ratio: 0 }, 'spec.ratio: must be more than 0'],
    ['a value outside the enum', { level: 'verbose' }, 'spec.level: must be one of "debug", "info"'],
    ['a string against its pattern', { size: '10 GB' }, 'spec.size: must match the pattern ^[0-9]+(Mi|Gi)$'],
    ['a Go (?i) pattern', { zone: 'us-east' }, 'spec.zone: must match the pattern (?i)^eu-[a-z]+$'],
    ['a string too short', { name: '' }, 'spec.name: must be at least 1 characters long'],
    ['a string too long', { name: 'abcdef' }, 'spec.name: must be at most 5 characters long'],
    ['a list too long', { ports: [1, 2, 3] }, 'spec.ports: must have at most 2 items'],
    ['a wrong item, by index', { ports: [80, 'https'] }, 'spec.ports.1: must be an integer'],
    ['int-or-string', { port: true }, 'spec.port: must be an integer or a string'],
    ['a map value', { labels: { a: 1 } }, 'spec.labels.a: must be a string'],
    ['a map too big', { labels: { a: 'x', b: 'y', c: 'z' } }, 'spec.labels: must have at most 2 fields'],
    ['a missing required field', { item: { path: 'p' } }, 'spec.item.key: needs the field "key"'],
    [
      'an unknown field, with the closest names',
      { replica: 2 },
      'spec.replica: has no field "replica" in its CustomResourceDefinition (did you mean "replicas"?)',
    ],
    [
      'an unknown field inside an embedded resource',
      { template: { apiVersion: 'v1', kind: 'Pod', spec: { y: 1 } } },
      'spec.template.spec.y: has no field "y" in its CustomResourceDefinition (did you mean "x"?)',
    ],
    [
      'oneOf matched by none',
      { source: {} },
      'spec.source: must match exactly one of the allowed forms (oneOf), matches 0',
    ],
    [
      'oneOf matched by two',
      { source: { secret: 's', configMap: 'c' } },
      'spec.source: must match exactly one of the allowed forms (oneOf), matches 2',
    ],
    [
      'a pattern on the string form of int-or-string',
      { value: '10x' },
      'spec.value: must match the pattern ^[0-9]+m?$',
    ],
  ])('finds %s', (_name, value, problem) => {
    expect(problems(spec, value)).toEqual([problem]);
  });

  test('null fields are accepted, as the API server prunes them', () => {
    expect(problems(spec, { replicas: null, item: null, level: null })).toEqual([]);
  });

  test("the top level: spec is required; apiVersion, kind and metadata are the API server's own", () => {
    const schema = crdSchemas([crd({})]).get('example.com/v1/Widget')!.schema;
    expect(
      crdSchemaIssues({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { anything: 1 } }, schema),
    ).toEqual([{ path: 'spec', message: 'needs the field "spec"', value: undefined }]);
    expect(crdSchemaIssues({ kind: 'Widget', spec: {}, status: {} }, schema)).toEqual([
      { path: 'status', message: 'has no field "status" in its CustomResourceDefinition', value: {} },
    ]);
    expect(crdSchemaIssues('widget', schema)).toEqual([
      { path: '', message: 'must be an object', value: 'widget' },
    ]);
  });

  test('allOf, anyOf and not are value validations over the same value', () => {
    const combined = {
      properties: {
        a: { type: 'integer', allOf: [{ minimum: 1 }, { maximum: 5 }] },
        b: { type: 'string', anyOf: [{ pattern: '^x' }, { pattern: '^y' }] },
        c: { type: 'string', not: { enum: ['forbidden'] } },
        d: {
          type: 'object',
          properties: { p: { type: 'string' }, q: { type: 'string' } },
          anyOf: [{ properties: { p: { minLength: 2 } } }],
        },
      },
    };
    expect(problems(combined, { a: 3, b: 'yes', c: 'fine', d: { p: 'pp', q: 'q' } })).toEqual([]);
    expect(problems(combined, { a: 9, b: 'no', c: 'forbidden', d: { p: 'p' } })).toEqual([
      'spec.a: must be at most 5',
      'spec.b: matches none of the allowed forms (anyOf)',
      'spec.c: matches a form that is not allowed (not)',
      'spec.d: matches none of the allowed forms (anyOf)',
    ]);
  });

  test('a pattern RE2 has and JavaScript has not is left unchecked, not an error', () => {
    expect(problems({ properties: { s: { type: 'string', pattern: '\\C' } } }, { s: 'x' })).toEqual([]);
  });
});
