import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { addKinds, addMixin, addNotice, addPatch } from '../compose.js';
import type { KubeObject } from '../kube.js';
import { compliantObjects, NAMESPACE, type Objects, stackOf } from '../validate/checks/test-helpers.js';
import type { KindDefinition } from '../validate/kinds.js';
import { KUSTOMIZATION_FILE } from './files.js';
import { MAX_OBJECT_BYTES, render, toYamlStream, validateStack } from './render.js';
import { canonicalize, toYaml } from './serialize.js';

const crd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
    scope: 'Namespaced',
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
  },
} as KubeObject;

const rendered = render(stackOf(compliantObjects()));

describe('render: files', () => {
  test('one file per object, <component>-<key>.yaml, setup/ first, the Kustomization last', () => {
    expect([...rendered.files.keys()]).toEqual([
      'setup/stack-namespace.yaml',
      'app-configMap.yaml',
      'app-deployment.yaml',
      'app-networkPolicy.yaml',
      'app-podDisruptionBudget.yaml',
      'app-service.yaml',
      'app-serviceAccount.yaml',
      'stack-networkPolicyDefaultDeny.yaml',
      KUSTOMIZATION_FILE,
    ]);
  });

  test('each file is the canonical YAML of its object, and reads back as it', () => {
    for (const { path, object } of rendered.objects) {
      const text = rendered.files.get(path)!;
      expect(text).toBe(toYaml(canonicalize(object)));
      expect(parse(text, { version: '1.1' })).toEqual(object);
      expect(text.startsWith(`apiVersion: ${object.apiVersion}\nkind: ${object.kind}\nmetadata:\n`)).toBe(
        true,
      );
      expect(text.endsWith('\n') && !text.endsWith('\n\n') && !text.includes('\r')).toBe(true);
    }
  });

  test('the Kustomization lists every object file, setup/ first, and nothing else', () => {
    const kustomization = parse(rendered.files.get(KUSTOMIZATION_FILE)!);
    expect(kustomization).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: [...rendered.files.keys()].filter((path) => path !== KUSTOMIZATION_FILE),
    });
  });

  test('CRDs and kinds registered as setup go under setup/ as well', () => {
    const widgetKind: KindDefinition = { apiVersion: 'example.com/v1', kind: 'Widget', namespaced: true };
    const prioritySetup: KindDefinition = {
      apiVersion: 'example.com/v1',
      kind: 'Bootstrap',
      namespaced: false,
      setup: true,
    };
    const objects: Objects = {
      ...compliantObjects(),
      'app/widgetCrd': crd,
      'app/bootstrap': { apiVersion: 'example.com/v1', kind: 'Bootstrap', metadata: { name: 'boot' } },
      'app/widget': {
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'w', namespace: NAMESPACE },
      },
    };
    const result = render(addKinds(stackOf(objects), 'pkg', [widgetKind, prioritySetup]));
    const paths = [...result.files.keys()];
    expect(paths.slice(0, 3)).toEqual([
      'setup/app-bootstrap.yaml',
      'setup/app-widgetCrd.yaml',
      'setup/stack-namespace.yaml',
    ]);
    expect(paths).toContain('app-widget.yaml');
    expect(result.objects.map((o) => o.path)).toEqual(paths.filter((p) => p !== KUSTOMIZATION_FILE));
  });

  test('the Namespace enforces Pod Security restricted, and is left out with createNamespace: false', () => {
    const namespace = rendered.objects.find((o) => o.address === 'stack/namespace')!;
    expect(namespace.object.metadata?.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    const { 'stack/namespace': _gone, ...rest } = compliantObjects();
    expect([...render(stackOf(rest)).files.keys()]).not.toContain('setup/stack-namespace.yaml');
  });

  test('common labels go on every object; an object keeps its own value for the same key', () => {
    const stack = stackOf(compliantObjects(), {
      common: { labels: { team: 'platform', 'app.kubernetes.io/name': 'common' } },
    });
    for (const { object, address } of render(stack).objects) {
      expect(object.metadata?.labels?.team).toBe('platform');
      const own = compliantObjects()[address]?.metadata?.labels?.['app.kubernetes.io/name'];
      expect(object.metadata?.labels?.['app.kubernetes.io/name']).toBe(own ?? 'common');
    }
  });

  test('objects patches see the common labels, and objects they add get them too', () => {
    let seen: Record<string, string> | undefined;
    const stack = addPatch(stackOf(compliantObjects(), { common: { labels: { team: 'platform' } } }), {
      id: 'add-config',
      source: 'lib',
      target: 'objects',
      apply: (objects) => {
        seen = objects['app/configMap']?.metadata?.labels;
        return {
          ...objects,
          'lib/extra': {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'extra', namespace: NAMESPACE },
          } as KubeObject,
        };
      },
    });
    const result = render(stack);
    expect(seen?.team).toBe('platform');
    expect(result.objects.find((o) => o.address === 'lib/extra')?.object.metadata?.labels).toEqual({
      team: 'platform',
    });
  });

  test('an object over 1 MiB is TOO_LARGE, with its size', () => {
    const big = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'big', namespace: NAMESPACE },
      data: { 'dashboard.json': 'x'.repeat(MAX_OBJECT_BYTES) },
    } as KubeObject;
    expect(() => render(stackOf({ ...compliantObjects(), 'app/big': big }))).toThrow(
      expect.objectContaining({ code: 'TOO_LARGE', address: 'app/big', value: expect.any(Number) }),
    );
    const justUnder = {
      ...big,
      data: { 'dashboard.json': 'x'.repeat(MAX_OBJECT_BYTES - 200) },
    } as KubeObject;
    expect(render(stackOf({ ...compliantObjects(), 'app/big': justUnder })).files.has('app-big.yaml')).toBe(
      true,
    );
  });

  test('a value that cannot be serialized is NOT_SERIALIZABLE with its address', () => {
    const odd = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'odd', namespace: NAMESPACE },
      data: {},
      binaryData: undefined,
      extra: { when: new Date(0) },
    } as unknown as KubeObject;
    expect(() => render(stackOf({ ...compliantObjects(), 'app/odd': odd }))).toThrow(
      expect.objectContaining({ code: 'NOT_SERIALIZABLE', address: 'app/odd', path: 'extra.when' }),
    );
  });
});

describe('render: result', () => {
  test('objects carry address, component, key and path, and are frozen', () => {
    const deployment = rendered.objects.find((o) => o.address === 'app/deployment')!;
    expect(deployment).toMatchObject({ component: 'app', key: 'deployment', path: 'app-deployment.yaml' });
    expect(Object.isFrozen(deployment.object)).toBe(true);
  });

  test('the summary counts objects, files, kinds per component, rules, dashboards and notices', () => {
    const stack = addNotice(
      addMixin(stackOf(compliantObjects()), 'pkg', 'app', {
        title: 'App',
        prometheusAlerts: {
          groups: [
            {
              name: 'app',
              rules: [
                { alert: 'AppDown', expr: 'up == 0', labels: { severity: 'critical' } },
                { alert: 'AppSlow', expr: 'up == 1', labels: { severity: 'warning' } },
                { alert: 'AppOdd', expr: 'up == 2' },
              ],
            },
          ],
        },
        prometheusRules: {
          groups: [{ name: 'rec', rules: [{ record: 'job:up:sum', expr: 'sum by (job) (up)' }] }],
        },
        grafanaDashboards: { 'app.json': { title: 'App' } },
      }),
      'pkg',
      'crds',
      { level: 'info', message: 'apply setup/ first' },
    );
    expect(render(stack).summary).toEqual({
      objects: 8,
      files: 9,
      byComponent: {
        stack: { Namespace: 1, NetworkPolicy: 1 },
        app: {
          ConfigMap: 1,
          Deployment: 1,
          NetworkPolicy: 1,
          PodDisruptionBudget: 1,
          Service: 1,
          ServiceAccount: 1,
        },
      },
      alerts: { total: 3, bySeverity: { critical: 1, warning: 1, none: 1 } },
      recordingRules: 1,
      dashboards: 1,
      mixins: ['app'],
      notices: [{ id: 'crds', level: 'info', message: 'apply setup/ first' }],
    });
  });

  test('toYamlStream joins the object files in order, without the Kustomization', () => {
    const stream = toYamlStream(rendered);
    const documents = stream.split('---\n');
    expect(documents).toEqual(rendered.objects.map((o) => rendered.files.get(o.path)));
    expect(stream).not.toContain('Kustomization');
  });

  test('rendering twice gives the same bytes, and leaves the stack untouched', () => {
    const stack = stackOf(compliantObjects());
    const before = JSON.stringify(stack);
    const first = render(stack);
    const second = render(stack);
    expect([...second.files]).toEqual([...first.files]);
    expect(JSON.stringify(stack)).toBe(before);
  });
});

describe('render: the default deny', () => {
  test('the namespace the stack creates denies every pod ingress and egress, said in words', () => {
    const policy = rendered.objects.find((o) => o.address === 'stack/networkPolicyDefaultDeny')!.object;
    expect(policy).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: {
        name: 'default-deny',
        namespace: 'monitoring',
        labels: expect.any(Object),
        annotations: { 'mixstack.dev/egress': expect.stringMatching(/^none: /) },
      },
      spec: { podSelector: {}, policyTypes: ['Egress', 'Ingress'] },
    });
  });

  test('a namespace the user brings (createNamespace: false) gets none: it may hold workloads of theirs', () => {
    const own = render(stackOf(compliantObjects(), { common: { createNamespace: false } }));
    expect(own.objects.map((o) => o.object.kind)).not.toContain('Namespace');
    expect(own.objects.filter((o) => o.object.kind === 'NetworkPolicy').map((o) => o.address)).toEqual([
      'app/networkPolicy',
    ]);
  });
});

describe('render: stages', () => {
  const STAGES = ['values', 'sections', 'build', 'patches', 'schemas', 'expressions', 'checks'];

  test('onStage hears each stage end once, in order; serialise last', () => {
    const heard: string[] = [];
    render(stackOf(compliantObjects()), { onStage: (stage) => heard.push(stage) });
    expect(heard).toEqual([...STAGES, 'serialise']);
  });

  test('validateStack runs the same stages, without serialise', () => {
    const heard: string[] = [];
    validateStack(stackOf(compliantObjects()), { onStage: (stage) => heard.push(stage) });
    expect(heard).toEqual(STAGES);
  });

  test('a stack that fails validation still reports every stage it ran, and the output is the same with or without onStage', () => {
    const broken = compliantObjects();
    broken['app/configMap'] = {
      ...broken['app/configMap']!,
      metadata: { name: 'Bad_Name', namespace: NAMESPACE },
    };
    const heard: string[] = [];
    const withHook = validateStack(stackOf(broken), { onStage: (stage) => heard.push(stage) });
    expect(heard).toEqual(STAGES);
    expect(withHook.map((problem) => problem.message)).toEqual(
      validateStack(stackOf(broken)).map((problem) => problem.message),
    );
    expect(withHook.some((problem) => problem.address === 'app/configMap')).toBe(true);
  });
});
