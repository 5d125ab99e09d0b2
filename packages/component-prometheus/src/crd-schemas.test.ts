import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createStack, render } from '@mixstack/core';
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
