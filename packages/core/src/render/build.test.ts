import { describe, expect, test } from 'vitest';
import {
  addComponent,
  addDatasource,
  addInhibitRule,
  addMixin,
  addPatch,
  addReceiver,
  addRoute,
  addScrapeTarget,
  addTemplate,
  createStack,
  definePart,
  withValues,
} from '../compose.js';
import type { KubeObject } from '../kube.js';
import type { Mixin } from '../mixin.js';
import type { Sections } from '../sections.js';
import type { BuildContext, BuiltObjects, Component, Patch, Stack } from '../stack.js';
import { compliantObjects, NAMESPACE, stackOf } from '../validate/checks/test-helpers.js';
import { stableUid } from './hash.js';
import { render, validateStack } from './render.js';

const configMap = (name: string, data: Record<string, string> = {}): KubeObject =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: NAMESPACE }, data }) as KubeObject;

/** A component that records the context it was built with and renders one ConfigMap from it. */
function recorder(
  name: string,
  seen: BuildContext[] = [],
  objects?: (context: BuildContext) => BuiltObjects,
): Component {
  return {
    name,
    source: `pkg-${name}`,
    build: (context) => {
      seen.push(context);
      return objects ? objects(context) : { config: configMap(name.toLowerCase()) };
    },
  };
}

const withComponent = (stack: Stack, component: Component) => addComponent(stack, component);
const mixin: Mixin = {
  title: 'App',
  prometheusAlerts: {
    groups: [
      { name: 'keep', rules: [{ alert: 'A', expr: 'up' }] },
      { name: 'drop', rules: [{ alert: 'B', expr: 'up' }] },
    ],
  },
  grafanaDashboards: { 'app.json': { title: 'App' }, 'fixed.json': { title: 'Fixed', uid: 'my-uid' } },
};

describe('build context', () => {
  test('components get their own values, all values, common values, sorted names and resolved sections', () => {
    const seen: BuildContext[] = [];
    let stack = stackOf(compliantObjects());
    stack = withComponent(stack, recorder('zeta', seen));
    stack = withComponent(stack, recorder('beta', seen));
    stack = withValues(stack, 'pkg-zeta', 'defaults', { zeta: { replicas: 1 }, beta: { port: 80 } });
    stack = addDatasource(stack, 'pkg', 'prometheus', (values) => ({
      name: 'Prometheus',
      type: 'prometheus',
      url: `http://prometheus.${values.common.namespace}:9090`,
    }));
    stack = addDatasource(stack, 'pkg', 'nothing', () => undefined);
    render(stack);
    expect(seen.map((c) => c.name)).toEqual(['beta', 'zeta']);
    const [beta, zeta] = seen;
    expect(zeta!.values).toEqual({ replicas: 1 });
    expect(beta!.values).toEqual({ port: 80 });
    expect(zeta!.allValues.beta).toEqual({ port: 80 });
    expect(zeta!.common.namespace).toBe(NAMESPACE);
    expect(zeta!.componentNames).toEqual(['app', 'beta', 'zeta']);
    expect(zeta!.datasources).toEqual({
      prometheus: { name: 'Prometheus', type: 'prometheus', url: `http://prometheus.${NAMESPACE}:9090` },
    });
    expect(Object.isFrozen(zeta!.datasources)).toBe(true);
  });

  test('lazy contributions read the final values, whatever part came first', () => {
    const seen: BuildContext[] = [];
    const contribute = definePart('contribute', (s) =>
      addScrapeTarget(s, 'pkg', 'app', (values) => ({
        namespace: values.common.namespace,
        selector: { app: 'x' },
        endpoints: [{ port: 'http' }],
      })),
    );
    const setNamespace = definePart('namespace', (s) =>
      withValues(s, 'lib', 'override', { common: { namespace: 'late' } }),
    );
    const component = definePart('component', (s) =>
      addComponent(
        s,
        recorder('reader', seen, () => ({})),
      ),
    );
    render(createStack({ createNamespace: false }, [contribute, component, setNamespace]));
    expect(seen[0]!.scrapeTargets.app?.namespace).toBe('late');
  });

  test('alert routes are ordered by order (default 100), then id; other sections by key', () => {
    const seen: BuildContext[] = [];
    let stack = withComponent(
      stackOf(compliantObjects()),
      recorder('reader', seen, () => ({})),
    );
    stack = addRoute(stack, 'pkg', 'zz-first', { order: 1, route: { receiver: 'a' } });
    stack = addRoute(stack, 'pkg', 'b-default', { route: { receiver: 'b' } });
    stack = addRoute(stack, 'pkg', 'a-default', { route: { receiver: 'c' } });
    stack = addRoute(stack, 'pkg', 'late', { order: 200, route: { receiver: 'd' } });
    stack = addReceiver(stack, 'pkg', 'z', {});
    stack = addReceiver(stack, 'pkg', 'a', {});
    stack = addInhibitRule(stack, 'pkg', 'info', {
      source_matchers: ['severity="critical"'],
      target_matchers: ['severity="info"'],
    });
    stack = addTemplate(
      stack,
      'pkg',
      'slack.tmpl',
      (values) => `{{ define "cluster" }}${values.common.cluster}{{ end }}`,
    );
    render(stack);
    const { alerting } = seen[0]!;
    expect(alerting.routes.map((r) => [r.id, r.order])).toEqual([
      ['zz-first', 1],
      ['a-default', 100],
      ['b-default', 100],
      ['late', 200],
    ]);
    expect(Object.keys(alerting.receivers)).toEqual(['a', 'z']);
    expect(alerting.templates['slack.tmpl']).toBe('{{ define "cluster" }}cluster{{ end }}');
    expect(Object.keys(alerting.inhibitRules)).toEqual(['info']);
  });

  test('dashboards without a uid get one derived from mixin and file name', () => {
    const seen: BuildContext[] = [];
    const stack = addMixin(
      withComponent(
        stackOf(compliantObjects()),
        recorder('reader', seen, () => ({})),
      ),
      'pkg',
      'app',
      mixin,
    );
    render(stack);
    const dashboards = seen[0]!.mixins.app!.grafanaDashboards!;
    expect(dashboards['app.json']!.uid).toBe(stableUid('app', 'app.json'));
    expect(dashboards['fixed.json']!.uid).toBe('my-uid');
  });
});

describe('components', () => {
  test('false and undefined leave an object out', () => {
    const stack = withComponent(
      stackOf(compliantObjects()),
      recorder('opt', [], () => ({ on: configMap('on'), off: false, gone: undefined })),
    );
    expect(
      render(stack)
        .objects.filter((o) => o.component === 'opt')
        .map((o) => o.key),
    ).toEqual(['on']);
  });

  test('a build that does not return objects by key is INVALID_PART', () => {
    const stack = withComponent(
      stackOf(compliantObjects()),
      recorder('broken', [], () => [configMap('x')] as never),
    );
    expect(validateStack(stack)[0]).toMatchObject({ code: 'INVALID_PART', address: 'broken' });
  });

  test('object keys must be camelCase', () => {
    const stack = withComponent(
      stackOf(compliantObjects()),
      recorder('bad', [], () => ({ 'config-map': configMap('x') })),
    );
    expect(validateStack(stack)[0]).toMatchObject({ code: 'INVALID_NAME', address: 'bad/config-map' });
  });
});

describe('patches', () => {
  const order: string[] = [];
  const objectsPatch = (id: string, patchOrder?: number): Patch => ({
    id,
    source: `pkg-${id}`,
    target: 'objects',
    order: patchOrder,
    apply: (objects) => {
      order.push(id);
      return objects;
    },
  });

  test('apply in ascending order, then by id, whatever order they were added in', () => {
    const patches = [
      objectsPatch('b', 10),
      objectsPatch('a', 10),
      objectsPatch('z'),
      objectsPatch('first', -5),
      objectsPatch('m'),
    ];
    for (const added of [patches, [...patches].reverse()]) {
      order.length = 0;
      render(added.reduce(addPatch, stackOf(compliantObjects())));
      expect(order).toEqual(['first', 'm', 'z', 'a', 'b']);
    }
  });

  test('section patches run before components build and see the values; objects patches see everything after', () => {
    const seen: BuildContext[] = [];
    const calls: string[] = [];
    let stack = addMixin(
      withComponent(stackOf(compliantObjects()), recorder('reader', seen)),
      'pkg',
      'app',
      mixin,
    );
    stack = addPatch(stack, {
      id: 'drop-group',
      source: 'lib-rules',
      target: 'sections',
      apply: (sections: Sections, { values }) => {
        calls.push(`sections:${values.common.namespace}`);
        const app = sections.mixins.app!;
        return {
          ...sections,
          mixins: {
            ...sections.mixins,
            app: {
              ...app,
              prometheusAlerts: { groups: app.prometheusAlerts!.groups.filter((g) => g.name !== 'drop') },
            },
          },
        };
      },
    });
    stack = addPatch(stack, {
      id: 'relabel',
      source: 'lib-labels',
      target: 'objects',
      apply: (objects, { sections, values }) => {
        calls.push(`objects:${Object.keys(sections.mixins).join()}:${values.common.cluster}`);
        const config = objects['reader/config']!;
        return {
          ...objects,
          'reader/config': { ...config, metadata: { ...config.metadata, labels: { patched: 'yes' } } },
        };
      },
    });
    const result = render(stack);
    expect(calls).toEqual([`sections:${NAMESPACE}`, 'objects:app:cluster']);
    expect(seen[0]!.mixins.app!.prometheusAlerts!.groups.map((g) => g.name)).toEqual(['keep']);
    expect(result.sections.mixins.app!.prometheusAlerts!.groups.map((g) => g.name)).toEqual(['keep']);
    expect(result.objects.find((o) => o.address === 'reader/config')!.object.metadata?.labels).toEqual({
      patched: 'yes',
    });
  });

  test('an objects patch may remove and add objects, and the result is validated', () => {
    const stack = addPatch(withComponent(stackOf(compliantObjects()), recorder('reader')), {
      id: 'swap',
      source: 'lib',
      target: 'objects',
      apply: ({ 'reader/config': _removed, ...rest }) => ({ ...rest, 'reader/extra': configMap('extra') }),
    });
    const addresses = render(stack).objects.map((o) => o.address);
    expect(addresses).toContain('reader/extra');
    expect(addresses).not.toContain('reader/config');

    const invalid = addPatch(stackOf(compliantObjects()), {
      id: 'bad',
      source: 'lib',
      target: 'objects',
      apply: (o) => ({ ...o, 'x/extra': configMap('Bad Name') }),
    });
    expect(validateStack(invalid)[0]).toMatchObject({
      code: 'INVALID_NAME',
      address: 'x/extra',
      path: 'metadata.name',
    });
  });

  test('objects given to patches are frozen; a patch edits by returning new ones', () => {
    const stack = addPatch(stackOf(compliantObjects()), {
      id: 'mutate',
      source: 'lib',
      target: 'objects',
      apply: (objects) => {
        (objects['app/configMap'] as unknown as { data: Record<string, string> }).data.x = 'y';
        return objects;
      },
    });
    expect(() => render(stack)).toThrow(TypeError);
  });

  test.each([
    ['returns a list', () => [], 'INVALID_PART', 'lib'],
    [
      'uses an address without a key',
      (o: Record<string, KubeObject>) => ({ ...o, app: configMap('x') }),
      'INVALID_NAME',
      'lib',
    ],
    [
      'uses a kebab-case key',
      (o: Record<string, KubeObject>) => ({ ...o, 'app/config-map': configMap('x') }),
      'INVALID_NAME',
      'lib',
    ],
    [
      'uses a nested address',
      (o: Record<string, KubeObject>) => ({ ...o, 'app/a/b': configMap('x') }),
      'INVALID_NAME',
      'lib',
    ],
  ])('an objects patch that %s is rejected', (_name, apply, code, address) => {
    const stack = addPatch(stackOf(compliantObjects()), {
      id: 'bad',
      source: 'lib',
      target: 'objects',
      apply: apply as never,
    });
    expect(validateStack(stack)[0]).toMatchObject({ code, address });
  });
});
