import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { alloy } from '@mixstack/component-alloy';
import { grafana } from '@mixstack/component-grafana';
import { loki } from '@mixstack/component-loki';
import {
  alertmanager,
  kubernetesControlPlane,
  kubeStateMetrics,
  nodeExporter,
  prometheusOperator,
  prometheusServer,
} from '@mixstack/component-prometheus';
import { pyroscope } from '@mixstack/component-pyroscope';
import { tempo } from '@mixstack/component-tempo';
import { createStack, isMixstackError, type Part, render, validateStack } from '@mixstack/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { defaultStack } from './default-stack.js';

/** The parts the default stack is made of, one by one (what `prometheus()` composes, and Grafana). */
const defaultParts = (): Part[] => [
  grafana(),
  prometheusOperator(),
  prometheusServer(),
  alertmanager(),
  nodeExporter(),
  kubeStateMetrics(),
  kubernetesControlPlane(),
  loki(),
  tempo(),
  pyroscope(),
  alloy(),
];

const serialize = (files: ReadonlyMap<string, string>) =>
  [...files].map(([path, text]) => `${path}\n${text}`).join('\0');
const bytes = (parts: readonly Part[]) =>
  serialize(render(createStack({ namespace: 'monitoring' }, parts)).files);

describe('the default stack', () => {
  test('renders with no problem, and every file is an object of a known component', () => {
    const stack = defaultStack();
    expect(validateStack(stack)).toEqual([]);
    const result = render(stack);
    expect(result.summary.objects).toBe(result.files.size - 1);
    expect(Object.keys(result.summary.byComponent).sort()).toEqual(
      [
        'alertmanager',
        'alloy',
        'grafana',
        'loki',
        'kubeStateMetrics',
        'kubernetesControlPlane',
        'nodeExporter',
        'prometheus',
        'prometheusOperator',
        'prometheusRules',
        'prometheusScrapeTargets',
        'pyroscope',
        'stack',
        'tempo',
      ].sort(),
    );
  });

  test('is the same as its parts composed one by one', () => {
    expect(bytes(defaultParts())).toBe(serialize(render(defaultStack()).files));
  });

  test('the order of its parts never changes the output (any permutation)', () => {
    const expected = bytes(defaultParts());
    const count = defaultParts().length;
    fc.assert(
      fc.property(fc.shuffledSubarray(defaultParts(), { minLength: count, maxLength: count }), (parts) => {
        expect(bytes(parts)).toBe(expected);
      }),
      { numRuns: 25 },
    );
  });

  test('kubectl kustomize accepts the rendered folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mixstack-default-'));
    try {
      for (const [path, text] of render(defaultStack()).files) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      // The whole stack is several MiB of YAML: far above spawnSync's 1 MiB default buffer.
      const result = spawnSync('kubectl', ['kustomize', dir], {
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      });
      expect(result.error).toBeUndefined();
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('kind: Prometheus');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Every public factory of the packages in the default stack. */
const factories: Record<string, (options: never) => Part> = {
  grafana,
  prometheusOperator,
  prometheusServer,
  alertmanager,
  nodeExporter,
  kubeStateMetrics,
  kubernetesControlPlane,
  loki,
  tempo,
  pyroscope,
  alloy,
};

describe('random options to every factory', () => {
  test.each(Object.keys(factories))(
    '%s: never anything but a MixstackError, at the call or at render',
    (name) => {
      const factory = factories[name]!;
      fc.assert(
        fc.property(
          fc.oneof(
            fc.anything(),
            fc.object({ maxDepth: 3 }),
            fc.dictionary(
              fc.constantFrom(
                'replicas',
                'image',
                'resources',
                'storage',
                'name',
                'retention',
                'labels',
                'namespace',
              ),
              fc.anything(),
            ),
          ),
          (options) => {
            try {
              render(createStack({}, [factory(options as never)]));
            } catch (error) {
              if (!isMixstackError(error)) throw error;
            }
          },
        ),
        { numRuns: 60 },
      );
    },
  );
});
