import { createStack, type Part, render, validateStack } from '@mixstack/core';
import { grafana, prometheus } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { setResources } from './index.js';
import { renderedResources } from './test-helpers.js';

const stack = (...lib: Part[]) => createStack({}, [prometheus(), grafana(), ...lib]);

/** Every container the components of the stack publish, as render resolved them. */
const published = Object.entries(render(stack()).stack.components).flatMap(([component, contracts]) =>
  Object.keys(contracts.containers).map((container) => [component, container] as const),
);

describe('setResources on the containers the components publish', () => {
  test('the components of the metrics stack and Grafana publish these containers', () => {
    expect([...published].sort()).toEqual(
      [
        ['alertmanager', 'alertmanager'],
        ['grafana', 'grafana'],
        ['kubeStateMetrics', 'kube-rbac-proxy'],
        ['kubeStateMetrics', 'kube-state-metrics'],
        ['nodeExporter', 'kube-rbac-proxy'],
        ['nodeExporter', 'node-exporter'],
        ['prometheus', 'prometheus'],
        ['prometheusOperator', 'kube-rbac-proxy'],
        ['prometheusOperator', 'prometheus-operator'],
      ].sort(),
    );
  });

  test.each(published)('%s / %s: the rendered container gets the resources', (component, container) => {
    const resources = { requests: { cpu: '123m', memory: '321Mi' }, limits: { memory: '1234Mi' } };
    const before = renderedResources(render(stack()).objects, component, container);
    const after = renderedResources(
      render(stack(setResources(component, container, resources))).objects,
      component,
      container,
    );
    expect(after.length).toBeGreaterThan(0);
    expect(after.length).toBe(before.length);
    for (const value of after) expect(value).toEqual(resources);
    for (const value of before) expect(value).not.toEqual(resources);
  });

  test('only what is given changes; the rest keeps the component defaults', () => {
    const objects = render(stack(setResources('grafana', 'grafana', { limits: { memory: '2Gi' } }))).objects;
    const [resources] = renderedResources(objects, 'grafana', 'grafana') as {
      requests: unknown;
      limits: unknown;
    }[];
    expect(resources).toEqual({ requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '2Gi' } });
  });

  test('it wins over the component options (override layer)', () => {
    const objects = render(
      createStack({}, [
        grafana({ resources: { limits: { memory: '1Gi' } } }),
        setResources('grafana', 'grafana', { limits: { memory: '3Gi' } }),
      ]),
    ).objects;
    expect(renderedResources(objects, 'grafana', 'grafana')).toEqual([
      { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '3Gi' } },
    ]);
  });

  test('the same container set twice, differently, is a conflict whatever the order', () => {
    const a = setResources('grafana', 'grafana', { limits: { memory: '1Gi' } });
    const b = setResources('grafana', 'grafana', { limits: { memory: '2Gi' } });
    const problems = [
      [a, b],
      [b, a],
    ].map((parts) =>
      validateStack(createStack({}, [grafana(), ...parts])).map((p) => `${p.code}: ${p.message}`),
    );
    expect(problems[0]).toHaveLength(1);
    expect(problems[0]![0]).toMatch(/^VALUES_CONFLICT/);
    expect(problems[1]).toEqual(problems[0]);
  });
});
