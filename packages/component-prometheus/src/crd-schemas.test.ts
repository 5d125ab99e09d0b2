import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crdSchemaIssues, crdSchemas, createStack, render } from '@mixstack/core';
import { Ajv, type ValidateFunction } from 'ajv';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { CRD_FILES } from './crds/checksums.gen.js';
import { prometheus } from './index.js';
import { SCENARIOS } from './scenarios.test-helpers.js';
import { hasSharedCrds, SHARED_SKIP_MESSAGE, sharedCrdDir, testContributions } from './test-helpers.js';

/**
 * The CRDs' patterns are Go regular expressions, which may switch on case-insensitivity with
 * `(?i)` anywhere; Node 20's RegExp only takes it as a flag of the whole expression. Applying
 * it to the whole pattern accepts a little more than Go would, only for the fields (time
 * intervals of AlertmanagerConfig) that use it, none of which this package renders.
 */
function goRegExp(pattern: string, flags: string): RegExp {
  return pattern.includes('(?i)')
    ? new RegExp(pattern.replaceAll('(?i)', ''), `${flags}i`)
    : new RegExp(pattern, flags);
}
goRegExp.code = 'goRegExp';

interface Crd {
  spec: { names: { kind: string }; versions: { name: string; schema: { openAPIV3Schema: object } }[] };
}

/**
 * The openAPIV3Schema of a kind (`monitoring.coreos.com/v1/Prometheus`) in the real CRD files,
 * compiled with ajv on first use (the big schemas take seconds to compile).
 */
function crdValidators(): (key: string) => ValidateFunction | undefined {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { regExp: goRegExp } });
  const schemas = new Map<string, object>();
  for (const { file } of CRD_FILES) {
    const crd = parse(readFileSync(join(sharedCrdDir, file), 'utf8')) as Crd;
    for (const version of crd.spec.versions) {
      schemas.set(
        `monitoring.coreos.com/${version.name}/${crd.spec.names.kind}`,
        version.schema.openAPIV3Schema,
      );
    }
  }
  const compiled = new Map<string, ValidateFunction>();
  return (key) => {
    const schema = schemas.get(key);
    if (!schema) return undefined;
    if (!compiled.has(key)) compiled.set(key, ajv.compile(schema));
    return compiled.get(key);
  };
}

const stacks = {
  ...SCENARIOS,
  'only parts, no alertmanager': () =>
    createStack({}, [prometheus({ alertmanager: false, targetNamespaces: ['apps'] }), testContributions()]),
};

if (hasSharedCrds) {
  describe('monitoring.coreos.com objects against the CRDs of prometheus-operator', () => {
    const validator = crdValidators();

    test.each(Object.keys(stacks))('%s: every object matches the openAPIV3Schema of its CRD', (name) => {
      const { objects } = render(stacks[name as keyof typeof stacks]());
      const monitoring = objects.filter((o) => o.object.apiVersion.startsWith('monitoring.coreos.com/'));
      expect(monitoring.length).toBeGreaterThan(5);
      for (const { address, object } of monitoring) {
        const validate = validator(`${object.apiVersion}/${object.kind}`);
        expect(validate, `a CRD for ${object.apiVersion} ${object.kind}`).toBeDefined();
        const valid = validate!(object);
        expect(valid ? [] : validate!.errors, `${address} against its CRD`).toEqual([]);
      }
    });

    test("core's crdSchemaIssues (what a build with the CRDs checks) agrees with ajv on every object and on every leaf changed to another type", () => {
      const schemas = crdSchemas(
        CRD_FILES.map(({ file }) => parse(readFileSync(join(sharedCrdDir, file), 'utf8')) as unknown),
      );
      /** Every path to a string, number or boolean in a value. */
      const leaves = (value: unknown, path: (string | number)[] = []): (string | number)[][] =>
        Array.isArray(value)
          ? value.flatMap((item, i) => leaves(item, [...path, i]))
          : typeof value === 'object' && value !== null
            ? Object.entries(value).flatMap(([key, item]) => leaves(item, [...path, key]))
            : [path];
      const withLeaf = (value: unknown, path: (string | number)[], leaf: unknown): unknown => {
        if (path.length === 0) return leaf;
        const [head, ...rest] = path as [string | number, ...(string | number)[]];
        if (Array.isArray(value))
          return value.map((item, i) => (i === head ? withLeaf(item, rest, leaf) : item));
        const record = value as Record<string, unknown>;
        return { ...record, [head]: withLeaf(record[head], rest, leaf) };
      };
      // Each leaf is changed twice: to another type, and to an odd value of its own type (outside
      // enums, patterns and bounds).
      const changes = (leaf: unknown): unknown[] =>
        typeof leaf === 'string'
          ? [12345, '~ not a valid value ~']
          : typeof leaf === 'number'
            ? ['not a number', -1e9]
            : ['maybe'];
      let changed = 0;
      let rejected = 0;
      for (const name of Object.keys(stacks)) {
        const { objects } = render(stacks[name as keyof typeof stacks]());
        for (const { address, object } of objects) {
          const key = `${object.apiVersion}/${object.kind}`;
          const custom = schemas.get(key);
          if (!custom) continue;
          const validate = validator(key)!;
          expect(crdSchemaIssues(object, custom.schema), address).toEqual([]);
          for (const path of leaves(object)) {
            if (path[0] === 'apiVersion' || path[0] === 'kind') continue;
            const leaf = path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], object);
            for (const change of changes(leaf)) {
              const mutated = withLeaf(object, path, change);
              const ajv = validate(mutated);
              const core = crdSchemaIssues(mutated, custom.schema);
              expect(
                core.length === 0,
                `${address} ${path.join('.')} = ${JSON.stringify(change)}: ajv ${ajv}, core ${JSON.stringify(core)}`,
              ).toBe(ajv);
              changed++;
              if (!ajv) rejected++;
            }
          }
        }
      }
      // The comparison covered many fields, and both sides rejected most changes.
      expect(changed).toBeGreaterThan(500);
      expect(rejected).toBeGreaterThan(changed / 3);
    });

    test("core's crdSchemaIssues also finds the unknown fields that kubectl's strict validation refuses (ajv lets them through)", () => {
      const { objects } = render(SCENARIOS.default!());
      const prometheusObject = objects.find((o) => o.object.kind === 'Prometheus')!.object as unknown as {
        spec: Record<string, unknown>;
      };
      const schema = crdSchemas([
        parse(readFileSync(join(sharedCrdDir, 'monitoring.coreos.com_prometheuses.yaml'), 'utf8')) as unknown,
      ]).get('monitoring.coreos.com/v1/Prometheus')!.schema;
      const typo = { ...prometheusObject, spec: { ...prometheusObject.spec, retentionSiz: '10GB' } };
      expect(validator('monitoring.coreos.com/v1/Prometheus')!(typo)).toBe(true);
      expect(crdSchemaIssues(typo, schema)).toEqual([
        {
          path: 'spec.retentionSiz',
          message:
            'has no field "retentionSiz" in its CustomResourceDefinition (did you mean "retention" or "retentionSize"?)',
          value: '10GB',
        },
      ]);
    });

    test('the validators reject what the CRDs reject (a string replica count, an unknown enum value)', () => {
      const { objects } = render(SCENARIOS.default!());
      const prometheusObject = objects.find((o) => o.object.kind === 'Prometheus')!.object as unknown as {
        spec: Record<string, unknown>;
      };
      const validate = validator('monitoring.coreos.com/v1/Prometheus')!;
      expect(validate({ ...prometheusObject, spec: { ...prometheusObject.spec, replicas: '2' } })).toBe(
        false,
      );
      expect(
        validate({ ...prometheusObject, spec: { ...prometheusObject.spec, retention: '15 days' } }),
      ).toBe(false);
      const monitor = objects.find((o) => o.object.kind === 'ServiceMonitor')!.object as unknown as {
        spec: { endpoints: Record<string, unknown>[] };
      };
      const validateMonitor = validator('monitoring.coreos.com/v1/ServiceMonitor')!;
      expect(
        validateMonitor({
          ...monitor,
          spec: { ...monitor.spec, endpoints: [{ ...monitor.spec.endpoints[0], scheme: 'ftp' }] },
        }),
      ).toBe(false);
    });
  });
} else {
  test.skip(`CRD schema validation ${SHARED_SKIP_MESSAGE}`, () => {});
}
