import { createStack, isMixstackError, type KubeObject, render } from '@mixstack/core';
import { grafana, prometheus } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { RESOURCE_PATHS, setResources } from './index.js';

const stack = (...lib: ReturnType<typeof setResources>[]) =>
  createStack({}, [prometheus(), grafana(), ...lib]);

interface Container {
  name: string;
  resources?: unknown;
}

/**
 * The resources a component's rendered objects give the container `workload`: the Prometheus and
 * Alertmanager resources hold them in `spec.resources` (the operator's main container), the
 * other workloads in their pod template's containers (kube-rbac-proxy matching every proxy).
 */
function renderedResources(
  objects: readonly { component: string; object: KubeObject }[],
  component: string,
  workload: string,
) {
  const found: unknown[] = [];
  for (const { object } of objects.filter((o) => o.component === component)) {
    const spec = (object as { spec?: Record<string, unknown> }).spec;
    if (
      (object.kind === 'Prometheus' || object.kind === 'Alertmanager') &&
      object.kind.toLowerCase() === workload
    )
      found.push(spec?.resources);
    const containers =
      (spec?.template as { spec?: { containers?: Container[] } } | undefined)?.spec?.containers ?? [];
    for (const container of containers)
      if (container.name === workload || container.name.startsWith(`${workload}-`))
        found.push(container.resources);
  }
  return found;
}

const table = Object.entries(RESOURCE_PATHS).flatMap(([component, workloads]) =>
  Object.keys(workloads).map((workload) => [component, workload] as const),
);

describe('setResources', () => {
  test.each(table)('%s / %s: the rendered container gets the resources', (component, workload) => {
    const resources = { requests: { cpu: '123m', memory: '321Mi' }, limits: { memory: '1234Mi' } };
    const before = renderedResources(render(stack()).objects, component, workload);
    const after = renderedResources(
      render(stack(setResources(component, workload, resources))).objects,
      component,
      workload,
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

  test('a component the stack does not deploy is a build error naming the components it has', () => {
    try {
      render(
        createStack({}, [
          grafana(),
          setResources('alertmanager', 'alertmanager', { limits: { memory: '1Gi' } }),
        ]),
      );
      expect.unreachable();
    } catch (error) {
      if (!isMixstackError(error)) throw error;
      expect(error.code).toBe('NOT_FOUND');
      expect(error.reason).toContain('no component "alertmanager"');
      expect(error.hint).toContain('grafana');
    }
  });

  test('the same container set twice, differently, is a conflict whatever the order', () => {
    const a = setResources('grafana', 'grafana', { limits: { memory: '1Gi' } });
    const b = setResources('grafana', 'grafana', { limits: { memory: '2Gi' } });
    const messages = [
      [a, b],
      [b, a],
    ].map((parts) => {
      try {
        render(createStack({}, [grafana(), ...parts]));
        return 'rendered';
      } catch (error) {
        if (!isMixstackError(error)) throw error;
        return `${error.code}: ${error.message}`;
      }
    });
    expect(messages[0]).toMatch(/^VALUES_CONFLICT/);
    expect(messages[1]).toBe(messages[0]);
  });
});
