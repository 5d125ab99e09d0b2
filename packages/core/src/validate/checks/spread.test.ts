import { describe, expect, test } from 'vitest';
import { spread } from './spread.js';
import { compliantObjects, edit, exceptionTests, locations, type Objects, runCheck } from './test-helpers.js';

const P = 'spec.template.spec';

function unspread(): Objects {
  return edit(compliantObjects(), 'app/deployment', `${P}.topologySpreadConstraints`, undefined);
}

describe('spread', () => {
  test('passes the compliant fixture', () => {
    expect(runCheck(spread, compliantObjects())).toEqual([]);
  });

  test.each([
    ['no constraints', undefined],
    ['an empty list of constraints', []],
  ])('detects several replicas with %s', (_name, constraints) => {
    const objects = edit(compliantObjects(), 'app/deployment', `${P}.topologySpreadConstraints`, constraints);
    const violations = runCheck(spread, objects);
    expect(locations(violations)).toEqual([
      { address: 'app/deployment', path: `${P}.topologySpreadConstraints` },
    ]);
    expect(violations[0]?.value).toBe(2);
  });

  test('pod anti-affinity spreads too', () => {
    const objects = edit(unspread(), 'app/deployment', `${P}.affinity`, {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            podAffinityTerm: {
              topologyKey: 'kubernetes.io/hostname',
              labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'app' } },
            },
          },
        ],
      },
    });
    expect(runCheck(spread, objects)).toEqual([]);
  });

  test('an empty podAntiAffinity does not', () => {
    const objects = edit(unspread(), 'app/deployment', `${P}.affinity`, { podAntiAffinity: {} });
    expect(runCheck(spread, objects)).toHaveLength(1);
  });

  test('a single replica needs no spreading', () => {
    expect(runCheck(spread, edit(unspread(), 'app/deployment', 'spec.replicas', 1))).toEqual([]);
  });

  exceptionTests(spread, unspread, 'app/deployment');
});
