import { createStack, render, validateStack } from '@mixstack/core';
import { grafana } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { k3s } from './index.js';
import { archiver } from './test-helpers.js';

/**
 * A new component gets k3s's storage, the edge profile and Grafana's network access without
 * any edit to platform-k3s or component-grafana (DESIGN.md §7, §8): the archiver of the test
 * helpers is written with core's `defineComponent` and publishes a container, a Service and
 * the `datasource` role; nothing in it names k3s or Grafana, and neither knows it.
 */
describe('a component neither platform-k3s nor component-grafana has heard of', () => {
  const parts = () => [
    grafana(),
    archiver(),
    k3s({ profile: 'edge', grafana: { host: 'grafana.home.example' } }),
  ];
  const result = render(createStack({ namespace: 'monitoring' }, parts()));

  test('it reads the StorageClass k3s sets from the common values', () => {
    expect(result.values.common.storageClass).toBe('local-path');
  });

  test('the edge profile halves its requests, knowing only that it renders a Deployment', () => {
    const deployment = parse(result.files.get('archiver-deployment.yaml')!);
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.template.spec.containers[0].resources.requests).toEqual({
      cpu: '25m',
      memory: '32Mi',
    });
  });

  test("Grafana's network client reaches it as a datasource; Traefik reaches Grafana only", () => {
    expect(Object.keys(result.stack.components.archiver!.networkClients)).toEqual(['grafana']);
    expect(Object.keys(result.stack.components.grafana!.networkClients)).toContain('k3s-ingress-controller');
    expect(validateStack(createStack({ namespace: 'monitoring' }, parts()))).toEqual([]);
  });
});
