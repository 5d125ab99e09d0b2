import { createStack, isMixstackError, render } from '@mixstack/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { GrafanaOptions } from './config.js';
import { grafana } from './grafana.js';

/** Runs `fn`; any error must be a MixstackError. Returns whether it succeeded. */
function onlyMixstackErrors(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch (error) {
    if (!isMixstackError(error)) throw error;
    expect(error.hint.length).toBeGreaterThan(0);
    return false;
  }
}

const build = (options: unknown) => () => render(createStack({}, [grafana(options as GrafanaOptions)]));

/** Values near the real shapes: right keys, values of any type, sometimes right. */
const scalar = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constantFrom(
    '100m',
    '1Gi',
    'grafana',
    'ingress-nginx',
    '10.0.0.0/8',
    'GF_X',
    'https://g.example.com/',
    'Viewer',
  ),
);
const loose = fc.oneof(scalar, fc.dictionary(fc.string(), scalar), fc.array(scalar));
/** Valid options, field by field (each field may be left out). */
const name = fc.constantFrom('grafana', 'ingress-nginx', 'team-a', 'x');
const labelMap = fc.dictionary(
  fc.constantFrom('app', 'team', 'app.kubernetes.io/name'),
  fc.constantFrom('a', 'prometheus', ''),
  { maxKeys: 2 },
);
const cidrs = fc.constantFrom('10.0.0.0/8', '130.211.0.0/22', 'fd00::/8');
const source = fc.oneof(
  fc.record({ namespace: name, podLabels: labelMap }, { requiredKeys: ['namespace'] }),
  fc.record({ namespaceLabels: labelMap, podLabels: labelMap }, { requiredKeys: ['podLabels'] }),
  fc.record({ cidr: cidrs, except: fc.array(cidrs, { maxLength: 2 }) }, { requiredKeys: ['cidr'] }),
);
const iniValues = fc.oneof(
  fc.string().filter((v) => !/[\r\n`]/.test(v)),
  fc.integer(),
  fc.boolean(),
);
const valid = fc.record(
  {
    image: fc.constantFrom('grafana/grafana:13.1.3', `quay.io/x/y@sha256:${'b'.repeat(64)}`),
    replicas: fc.integer({ min: 1, max: 5 }),
    resources: fc.record(
      {
        requests: fc.record(
          { cpu: fc.constantFrom('100m', '1'), memory: fc.constantFrom('1Gi', '0') },
          { requiredKeys: [] },
        ),
        limits: fc.record({ memory: fc.constantFrom('2Gi', '512Mi') }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    ),
    adminSecret: fc.record(
      { name, userKey: fc.constantFrom('user', 'u.ser'), passwordKey: fc.constantFrom('pw', 'pass_word') },
      { requiredKeys: [] },
    ),
    anonymous: fc.record(
      { enabled: fc.boolean(), role: fc.constantFrom('Viewer', 'Editor') },
      { requiredKeys: [] },
    ),
    rootUrl: fc.constantFrom(
      'https://g.example.com/',
      'http://localhost:3000',
      'https://example.com/grafana',
    ),
    config: fc.dictionary(
      fc.constantFrom('server', 'auth.generic_oauth', 'dashboards'),
      fc.dictionary(fc.constantFrom('domain', 'enabled', 'x-y', 'min_refresh_interval'), iniValues, {
        maxKeys: 2,
      }),
      { maxKeys: 2 },
    ),
    secretEnv: fc.dictionary(
      fc.constantFrom('A', 'LOKI_PASSWORD', 'GF_DATABASE_PASSWORD'),
      fc.record({ name, key: fc.constantFrom('k', 'a.b') }),
      { maxKeys: 2 },
    ),
    networkPolicy: fc.record(
      {
        clients: fc.dictionary(
          fc.constantFrom('prometheus', 'ingress', 'lb', 'office'),
          fc.oneof(source, fc.constant(false)),
          { maxKeys: 3 },
        ),
      },
      { requiredKeys: [] },
    ),
    dashboards: fc.record(
      { allowUiUpdates: fc.boolean(), updateIntervalSeconds: fc.integer({ min: 10, max: 86400 }) },
      { requiredKeys: [] },
    ),
    nodeSelector: labelMap,
    tolerations: fc.array(
      fc.record(
        {
          key: fc.constantFrom('a', 'dedicated'),
          operator: fc.constantFrom('Exists', 'Equal'),
          effect: fc.constantFrom('NoSchedule', 'NoExecute'),
        },
        { requiredKeys: [] },
      ),
      { maxLength: 2 },
    ),
    service: fc.record(
      {
        annotations: fc.dictionary(fc.constantFrom('a', 'cloud.google.com/neg'), fc.string(), { maxKeys: 2 }),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);
const FIELDS = [
  'image',
  'replicas',
  'resources',
  'adminSecret',
  'anonymous',
  'rootUrl',
  'config',
  'secretEnv',
  'networkPolicy',
  'dashboards',
  'nodeSelector',
  'tolerations',
  'service',
  'unknownOption',
];
/** Valid options, half of the time with one field replaced by anything. */
const shaped = fc
  .tuple(valid, fc.option(fc.tuple(fc.constantFrom(...FIELDS), loose), { freq: 2 }))
  .map(([options, broken]) => (broken ? { ...options, [broken[0]]: broken[1] } : options));

describe('fuzzing grafana() options', () => {
  test('anything at all: only MixstackErrors', () => {
    fc.assert(
      fc.property(
        fc.anything(),
        (options) => void onlyMixstackErrors(() => grafana(options as GrafanaOptions)),
      ),
      { numRuns: 500 },
    );
  });

  test('options of about the right shape: building and rendering fail only with MixstackErrors', () => {
    let rendered = 0;
    fc.assert(
      fc.property(shaped, (options) => {
        if (
          onlyMixstackErrors(() => grafana(options as GrafanaOptions)) &&
          onlyMixstackErrors(build(options))
        )
          rendered++;
      }),
      { numRuns: 300 },
    );
    // The generator must also reach the render, not only the option checks.
    expect(rendered).toBeGreaterThan(50);
  });
});
