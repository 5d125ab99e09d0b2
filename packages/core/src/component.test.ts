import { describe, expect, test } from 'vitest';
import { defineComponent } from './component.js';
import {
  addCollectorPipeline,
  addInput,
  addNetworkClient,
  addNotice,
  addPatch,
  createStack,
  problemsOfPart,
} from './compose.js';
import { adjustResources, setComponentEnabled, setExternalUrl } from './contract-parts.js';
import type { StackView } from './contracts.js';
import { MixstackError } from './errors.js';
import type { KubeObject } from './kube.js';
import * as options from './options/index.js';
import { render, validateStack } from './render/render.js';
import type { Sections } from './sections.js';
import type { Part, Stack } from './stack.js';

/** A component small enough to read whole: one ConfigMap from typed values, with every contract. */
interface AppValues {
  replicas: number;
  resources: { requests: { cpu: string; memory: string }; limits: { memory: string; cpu?: string } };
  rootUrl?: string;
}

const appSchema = options.object({
  replicas: options.integer({ min: 1, max: 10 }),
  resources: options.object({
    requests: options.object({ cpu: options.quantity(), memory: options.quantity() }),
    limits: options.object({ cpu: options.quantity(), memory: options.quantity() }),
  }),
  rootUrl: options.string({ pattern: /^https?:\/\//, expected: 'a URL' }),
});

const seen: { values: unknown[]; views: StackView[] } = { values: [], views: [] };

function configMap(name: string, data: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'monitoring' },
    data,
  } as KubeObject;
}

const app = defineComponent<AppValues, options.Infer<typeof appSchema>>({
  name: 'app',
  source: '@test/app',
  schema: appSchema,
  defaults: () => ({
    replicas: 1,
    resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } },
  }),
  contracts: (values, common) => ({
    containers: { app: values.resources },
    services: {
      http: {
        address: 'app/service',
        name: 'app',
        namespace: common.namespace,
        port: 8080,
        portName: 'http',
        scheme: 'http',
        healthPath: '/ready',
        podLabels: { app: 'app' },
      },
    },
    buckets: { data: { bucket: 'app-data', serviceAccount: { name: 'app' }, access: 'readWrite' } },
    roles: ['datasource'],
    ...(values.rootUrl ? { externalUrl: values.rootUrl } : {}),
  }),
  build: (ctx) => {
    seen.values.push(ctx.values);
    seen.views.push(ctx.stack);
    return {
      config: configMap('app', {
        replicas: String(ctx.values.replicas),
        memory: ctx.contracts.containers.app!.requests.memory,
        clients: Object.keys(ctx.contracts.networkClients).join(','),
        url: ctx.contracts.externalUrl ?? '',
      }),
    };
  },
});

/** A second component that is no datasource: network clients of `@datasource` do not reach it. */
const other = defineComponent<{ note: string }, { note?: string }>({
  name: 'other',
  source: '@test/other',
  schema: options.object({ note: options.string() }),
  defaults: () => ({ note: 'hello' }),
  build: (ctx) => ({
    config: configMap('other', {
      note: ctx.values.note,
      clients: Object.keys(ctx.contracts.networkClients).join(','),
    }),
  }),
});

const stackOf = (...parts: Part[]): Stack => createStack({ namespace: 'monitoring' }, parts);
const dataOf = (stack: Stack, address: string) =>
  (render(stack).objects.find((o) => o.address === address)?.object as { data?: unknown } | undefined)
    ?.data as Record<string, string> | undefined;
const platform = { source: '@test/platform', layer: 'platform' } as const;

describe('defineComponent', () => {
  test('build gets the final values parsed and typed: defaults under the user options', () => {
    expect(dataOf(stackOf(app({ replicas: 3 })), 'app/config')).toMatchObject({
      replicas: '3',
      memory: '16Mi',
    });
  });

  test('every option mistake of every part is reported in one run, and render carries them all', () => {
    const problems = validateStack(
      createStack({ namespace: 'monitoring' }, [
        app({ replicas: 0, resources: { requests: { cpu: 'lots' } }, replica: 2 } as never),
        other({ note: 42 } as never),
      ]),
    );
    expect(problems.map((p) => [p.address, p.path])).toEqual([
      ['app', 'replicas'],
      ['app', 'resources.requests.cpu'],
      ['app', 'replica'],
      ['other', 'note'],
    ]);
    expect(problems[2]!.hint).toContain('Did you mean "replicas"?');
    try {
      render(createStack({}, [app({ replicas: 0 } as never), other({ note: 42 } as never)]));
      expect.unreachable('render must throw');
    } catch (error) {
      expect((error as { problems: { path: string }[] }).problems.map((p) => p.path)).toEqual([
        'replicas',
        'note',
      ]);
    }
  });

  test('option problems are recorded when the part is applied, never thrown by the factory', () => {
    expect(() => app('three' as never)).not.toThrow();
    expect(problemsOfPart(app('three' as never)).map((p) => p.code)).toEqual(['INVALID_OPTION']);
    expect(problemsOfPart(app({ enabled: 'no' } as never)).map((p) => p.path)).toEqual(['enabled']);
  });

  test('values another layer sets are checked with the same schema, once per render', () => {
    const bad: Part = (stack) => ({
      ...stack,
      values: [
        ...stack.values,
        { layer: 'platform', source: '@test/platform', values: { app: { replicas: 'x' } } },
      ],
    });
    const problems = validateStack(stackOf(app(), bad));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      code: 'INVALID_OPTION',
      address: 'app',
      path: 'replicas',
      value: 'x',
    });
    seen.values.length = 0;
    render(stackOf(app()));
    expect(seen.values).toEqual([
      { replicas: 1, resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } } },
    ]);
  });

  test('what a component adds to the sections goes when it is turned off', () => {
    const withNotice = defineComponent<object, object>({
      name: 'noisy',
      source: '@test/noisy',
      schema: options.object({}),
      defaults: () => ({}),
      build: () => ({}),
      extend: (stack) =>
        addNetworkClient(
          addNotice(stack, '@test/noisy', 'noisy', { level: 'info', message: 'hi' }),
          '@test/noisy',
          'noisy',
          {
            podLabels: { a: 'b' },
            reaches: ['app'],
          },
        ),
    });
    const on = render(stackOf(withNotice(), app()));
    expect(on.summary.notices.map((n) => n.id)).toEqual(['noisy']);
    expect(Object.keys(on.stack.components.app!.networkClients)).toEqual(['noisy']);
    const off = render(stackOf(withNotice({ enabled: false }), app()));
    expect(off.summary.notices).toEqual([]);
    expect(off.stack.components.app!.networkClients).toEqual({});
  });

  test('a collector pipeline is a section like the others: resolved lazily, gone when its component is off', () => {
    const logs = defineComponent<object, object>({
      name: 'logs',
      source: '@test/logs',
      schema: options.object({}),
      defaults: () => ({}),
      build: () => ({}),
      extend: (stack) =>
        addCollectorPipeline(stack, '@test/logs', 'logs', (values) => ({
          signal: 'logs',
          pushUrl: `http://logs.${values.common.namespace}.svc:3100/push`,
          destination: {
            address: 'logs/service',
            name: 'logs',
            namespace: values.common.namespace,
            port: 3100,
            portName: 'http',
            scheme: 'http',
            podLabels: { app: 'logs' },
          },
          source: 'api',
          events: true,
          staticLabels: {},
          stages: [{ type: 'json', fields: { level: 'level' } }],
        })),
    });
    const seen: Sections['collectorPipelines'][] = [];
    const collector = defineComponent<object, object>({
      name: 'collector',
      source: '@test/collector',
      schema: options.object({}),
      defaults: () => ({}),
      build: (ctx) => {
        seen.push(ctx.collectorPipelines);
        return {};
      },
    });
    render(stackOf(collector(), logs()));
    expect(seen.at(-1)?.logs).toMatchObject({
      signal: 'logs',
      pushUrl: 'http://logs.monitoring.svc:3100/push',
    });
    render(stackOf(collector(), logs({ enabled: false })));
    expect(seen.at(-1)).toEqual({});
    const traces = defineComponent<object, object>({
      name: 'traces',
      source: '@test/traces',
      schema: options.object({}),
      defaults: () => ({}),
      build: () => ({}),
      extend: (stack) =>
        addCollectorPipeline(stack, '@test/traces', 'traces', (values) => ({
          signal: 'traces',
          otlpEndpoint: `traces.${values.common.namespace}.svc:4317`,
          destination: {
            address: 'traces/service',
            name: 'traces',
            namespace: values.common.namespace,
            port: 4317,
            portName: 'otlp-grpc',
            scheme: 'http',
            podLabels: { app: 'traces' },
          },
        })),
    });
    render(stackOf(collector(), logs(), traces()));
    expect(Object.keys(seen.at(-1) ?? {}).sort()).toEqual(['logs', 'traces']);
    expect(seen.at(-1)?.traces).toEqual({
      signal: 'traces',
      otlpEndpoint: 'traces.monitoring.svc:4317',
      destination: expect.objectContaining({ name: 'traces', port: 4317, namespace: 'monitoring' }),
    });
    render(stackOf(collector(), logs(), traces({ enabled: false })));
    expect(Object.keys(seen.at(-1) ?? {})).toEqual(['logs']);
    expect(() => addCollectorPipeline(stackOf(logs()), '@test/other', 'logs', {} as never)).toThrow(
      /collector pipeline "logs"/,
    );
  });

  test('enabled is handled by core: off renders nothing, a platform turns it off, the user wins', () => {
    expect(dataOf(stackOf(app({ enabled: false })), 'app/config')).toBeUndefined();
    const offByPlatform: Part = (stack) => setComponentEnabled(stack, platform, 'app', false);
    expect(dataOf(stackOf(app(), offByPlatform), 'app/config')).toBeUndefined();
    expect(dataOf(stackOf(app({ enabled: true }), offByPlatform), 'app/config')).toBeDefined();
    const result = render(stackOf(app(), other(), offByPlatform));
    expect(result.stack.has('app')).toBe(false);
    expect(result.stack.has('other')).toBe(true);
    expect(result.stack.components.app?.enabled).toBe(false);
  });
});

describe('contracts', () => {
  test('resources are adjusted per container over the options, and unknown names are reported with the closest', () => {
    const adjust =
      (component: string, container: string, memory: string): Part =>
      (stack) =>
        adjustResources(stack, { source: '@test/lib', layer: 'override' }, component, container, {
          requests: { memory },
        });
    expect(dataOf(stackOf(app(), adjust('app', 'app', '24Mi')), 'app/config')?.memory).toBe('24Mi');
    const problems = validateStack(stackOf(app(), adjust('ap', 'app', '1Mi'), adjust('app', 'ap', '1Mi')));
    expect(problems.map((p) => [p.code, p.address, p.path])).toEqual([
      ['NOT_FOUND', 'ap', 'contracts.resources'],
      ['NOT_FOUND', 'app', 'contracts.resources.ap'],
    ]);
    expect(problems[0]!.hint).toContain('Did you mean "app"?');
    expect(problems[1]!.hint).toContain('use one of its containers: app');
  });

  test('a request above its limit is reported for any container, whoever set it', () => {
    const problems = validateStack(
      stackOf(app(), (stack) =>
        adjustResources(stack, platform, 'app', 'app', { requests: { memory: '64Mi' } }),
      ),
    );
    expect(problems.map((p) => [p.address, p.path])).toEqual([['app', 'resources.app.requests.memory']]);
  });

  test('network clients reach components by name or by role, and a lazy client sees the stack', () => {
    const clients: Part = (stack) => {
      let next = addNetworkClient(stack, '@test/grafana', 'grafana', {
        podLabels: { 'app.kubernetes.io/name': 'grafana' },
        reaches: ['@datasource'],
      });
      next = addNetworkClient(next, '@test/lb', 'load-balancer', { cidr: '10.0.0.0/8', reaches: ['other'] });
      return addNetworkClient(next, '@test/x', 'only-with-app', (_values, view) =>
        view.has('app') ? { podLabels: { x: 'y' }, reaches: ['other'] } : undefined,
      );
    };
    expect(dataOf(stackOf(app(), other(), clients), 'app/config')?.clients).toBe('grafana');
    expect(dataOf(stackOf(app(), other(), clients), 'other/config')?.clients).toBe(
      'load-balancer,only-with-app',
    );
    expect(dataOf(stackOf(other(), clients), 'other/config')?.clients).toBe('load-balancer');
  });

  test('a client of pods names its namespace (the stack one when it gave none); each says how it reaches', () => {
    const clients: Part = (stack) => {
      let next = addNetworkClient(stack, '@test/grafana', 'grafana', {
        podLabels: { 'app.kubernetes.io/name': 'grafana' },
        reaches: ['@datasource', 'app'],
      });
      next = addNetworkClient(next, '@test/ingress', 'ingress', { namespace: 'ingress', reaches: ['app'] });
      next = addNetworkClient(next, '@test/teams', 'teams', {
        namespaceLabels: { team: 'a' },
        podLabels: { role: 'x' },
        reaches: ['app'],
      });
      return addNetworkClient(next, '@test/lb', 'load-balancer', { cidr: '10.0.0.0/8', reaches: ['app'] });
    };
    const view = render(stackOf(app(), clients)).stack.components.app!;
    expect(view.networkClients).toEqual({
      grafana: { podLabels: { 'app.kubernetes.io/name': 'grafana' }, namespace: 'monitoring' },
      ingress: { namespace: 'ingress' },
      teams: { namespaceLabels: { team: 'a' }, podLabels: { role: 'x' } },
      'load-balancer': { cidr: '10.0.0.0/8' },
    });
    expect(view.networkClientRoles).toEqual({
      grafana: ['datasource', 'direct'],
      ingress: ['direct'],
      teams: ['direct'],
      'load-balancer': ['direct'],
    });
  });

  test('Services, buckets and roles are published; the external URL of the options wins over a platform', () => {
    const exposed: Part = (stack) => setExternalUrl(stack, platform, 'app', 'https://platform.example/');
    const view = render(stackOf(app(), exposed)).stack;
    expect(view.components.app).toMatchObject({
      services: { http: { name: 'app', port: 8080, healthPath: '/ready' } },
      buckets: { data: { bucket: 'app-data', access: 'readWrite' } },
      roles: ['datasource'],
      externalUrl: 'https://platform.example/',
    });
    expect(dataOf(stackOf(app({ rootUrl: 'https://own.example/' }), exposed), 'app/config')?.url).toBe(
      'https://own.example/',
    );
  });
});

describe('the stack view and collected problems', () => {
  test('lazy entries ask which components run and whether an input was given', () => {
    const part: Part = (stack) => {
      let next = addInput(stack, '@test/app', 'crds', { description: 'the CRDs', optional: true });
      next = addNotice(next, '@test/app', 'needs-other', (_values, view) =>
        view.has('other') ? undefined : { level: 'info', message: 'no other' },
      );
      return addNotice(next, '@test/app', 'crds-missing', (_values, view) =>
        view.input('crds') === 'missing' ? { level: 'warning', message: 'no CRDs' } : undefined,
      );
    };
    const ids = (stack: Stack, inputs = {}) => render(stack, { inputs }).summary.notices.map((n) => n.id);
    expect(ids(stackOf(app(), part))).toEqual(['crds-missing', 'needs-other']);
    expect(ids(stackOf(app(), other(), part), { crds: new Map([['a.yaml', 'x']]) })).toEqual([]);
  });

  test('builds and patches report every problem; what did not fail still renders', () => {
    const reporting = defineComponent<object, object>({
      name: 'reporting',
      source: '@test/reporting',
      schema: options.object({}),
      defaults: () => ({}),
      build: (ctx) => {
        ctx.report({ code: 'INVALID_OPTION', message: 'first', address: 'reporting', hint: 'fix it' });
        ctx.report({ code: 'INVALID_OPTION', message: 'second', address: 'reporting', hint: 'fix it' });
        return {};
      },
    });
    const throwing: Part = (stack) =>
      addPatch(stack, {
        id: 'throws',
        source: '@test/patch',
        target: 'objects',
        apply: () => {
          throw new (class extends Error {})('not a MixstackError');
        },
      });
    expect(() => validateStack(stackOf(throwing))).toThrow('not a MixstackError');
    const failing: Part = (stack) =>
      addPatch(stack, {
        id: 'fails',
        source: '@test/patch',
        target: 'sections',
        apply: (_sections, { report }) => {
          report({
            code: 'NOT_FOUND',
            message: 'no such alert',
            address: '@test/patch',
            hint: 'check the name',
          });
          throw new MixstackError({
            code: 'NOT_FOUND',
            message: 'then gave up',
            address: '@test/patch',
            hint: 'x',
          });
        },
      });
    const problems = validateStack(stackOf(reporting(), failing, app()));
    // Sections patches run before builds; the patch's own report and its throw are both kept.
    expect(problems.map((p) => p.reason)).toEqual(['no such alert', 'then gave up', 'first', 'second']);
    expect(render(stackOf(app())).objects.map((o) => o.address)).toContain('app/config');
  });
});
