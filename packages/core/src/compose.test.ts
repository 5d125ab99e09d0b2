import { describe, expect, test } from 'vitest';
import {
  addCheck,
  addComponent,
  addDatasource,
  addException,
  addInhibitRule,
  addInput,
  addKinds,
  addMixin,
  addNotice,
  addPatch,
  addReceiver,
  addRoute,
  addScrapeTarget,
  addSecretMount,
  addTemplate,
  compose,
  createStack,
  definePart,
  emptyStack,
  isStack,
  withValues,
} from './compose.js';
import { isMixstackError, type MixstackError } from './errors.js';
import type { Component, Part, Stack } from './stack.js';
import { defaultChecks } from './validate/checks/index.js';
import type { KindDefinition } from './validate/kinds.js';
import { resolveValues } from './values.js';

/** The first problem of a stack (parts record their problems instead of throwing), or the one thrown. */
function thrown(run: () => unknown): MixstackError {
  let result: unknown;
  try {
    result = run();
  } catch (error) {
    if (isMixstackError(error)) return error;
    throw error;
  }
  if (isStack(result) && result.problems.length > 0) return result.problems[0]!;
  throw new Error('expected a MixstackError');
}

const component = (name: string, source = `pkg-${name}`): Component => ({ name, source, build: () => ({}) });
const part = (name: string, apply: (stack: Stack) => Stack): Part => definePart(name, apply);

describe('createStack', () => {
  test('validates the common options, with the option path and a suggestion for typos', () => {
    expect(thrown(() => createStack({ namespace: 'Monitoring' }))).toMatchObject({
      code: 'INVALID_OPTION',
      address: 'createStack',
      path: 'namespace',
      value: 'Monitoring',
    });
    const typo = thrown(() => createStack({ namespce: 'x' } as never));
    expect(typo).toMatchObject({ code: 'INVALID_OPTION', path: 'namespce' });
    expect(typo.hint).toContain('Did you mean "namespace"?');
  });

  test('records every problem of the stack, not only the first, and still applies the sound parts', () => {
    const seen: string[] = [];
    const stack = createStack({ namespace: 'Monitoring', cluster: 'a b' }, [
      1 as never,
      part('good', (s) => {
        seen.push('good');
        return s;
      }),
      part('broken', () => null as never),
    ]);
    expect(stack.problems.map((p) => [p.code, p.address, p.path])).toEqual([
      ['INVALID_OPTION', 'createStack', 'namespace'],
      ['INVALID_OPTION', 'createStack', 'cluster'],
      ['INVALID_PART', 'part 1', undefined],
      ['INVALID_PART', 'broken', undefined],
    ]);
    expect(seen).toEqual(['good']);
  });

  test('puts the common options into the user layer', () => {
    const stack = createStack({ namespace: 'obs', labels: { team: 'a' } });
    expect(stack.values).toEqual([
      {
        layer: 'user',
        source: 'createStack',
        values: { common: { namespace: 'obs', labels: { team: 'a' } } },
      },
    ]);
    expect(resolveValues(stack.values).common).toMatchObject({
      namespace: 'obs',
      cluster: 'cluster',
      createNamespace: true,
    });
  });

  test('accepts no arguments', () => {
    expect(isStack(createStack())).toBe(true);
  });

  test('rejects parts that are not in an array', () => {
    expect(thrown(() => createStack({}, (() => emptyStack()) as never))).toMatchObject({
      code: 'INVALID_PART',
      address: 'createStack',
    });
  });

  test.each([
    ['a number', [1], 'part 1'],
    ['options instead of a part', [{ retention: '30d' }], 'part 1'],
    ['a string', [(s: Stack) => s, 'prometheus'], 'part 2'],
    ['something inside a nested array', [[(s: Stack) => s, [true]]], 'part 1.2.1'],
    ['true (only false skips)', [true], 'part 1'],
  ])('rejects %s as INVALID_PART, addressed by position', (_name, parts, address) => {
    const error = thrown(() => createStack({}, parts as never));
    expect(error).toMatchObject({ code: 'INVALID_PART', address });
    expect(error.hint).toContain('prometheus()');
  });

  test.each([
    ['undefined', undefined],
    ['an object', {}],
    ['an array', []],
    ['null', null],
  ])('rejects a part that returns %s, naming the part', (_name, result) => {
    const bad = part('broken', () => result as never);
    expect(thrown(() => createStack({}, [bad]))).toMatchObject({ code: 'INVALID_PART', address: 'broken' });
    const anonymous = (() => result) as never;
    expect(thrown(() => createStack({}, [(s: Stack) => s, anonymous])).address).toBe('anonymous (part 2)');
  });

  test('flattens nested arrays and skips false, null and undefined', () => {
    const seen: string[] = [];
    const mark = (name: string) =>
      part(name, (stack) => {
        seen.push(name);
        return stack;
      });
    const on = false as boolean;
    createStack({}, [
      mark('a'),
      [mark('b'), [false, null, mark('c')], undefined],
      on && mark('never'),
      mark('d'),
    ]);
    expect(seen).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('compose and definePart', () => {
  test('compose applies its parts in order, as one named part', () => {
    const seen: string[] = [];
    const mark = (name: string) =>
      part(name, (stack) => {
        seen.push(name);
        return stack;
      });
    const combined = compose('bundle', mark('x'), [mark('y')], null);
    expect(combined.partName).toBe('bundle');
    createStack({}, [combined]);
    expect(seen).toEqual(['x', 'y']);
  });

  test('errors inside compose are addressed inside it', () => {
    expect(thrown(() => createStack({}, [compose('bundle', (s: Stack) => s, 42 as never)])).address).toBe(
      'part bundle.2',
    );
  });
});

describe('stack immutability', () => {
  test('stacks are frozen and adding returns a new stack', () => {
    const before = createStack();
    const after = addComponent(before, component('app'));
    expect(Object.isFrozen(before)).toBe(true);
    expect(Object.isFrozen(after.components)).toBe(true);
    expect(before.components).toEqual({});
    expect(Object.keys(after.components)).toEqual(['app']);
    expect(() => {
      (before.values as unknown[]).push(1);
    }).toThrow(TypeError);
  });

  test('the empty stack holds every default check and nothing else', () => {
    const stack = emptyStack();
    expect(Object.keys(stack.checks).sort()).toEqual(defaultChecks.map((c) => c.name).sort());
    expect(stack.components).toEqual({});
    expect(isStack(stack)).toBe(true);
    expect(isStack({ ...stack, values: {} })).toBe(false);
  });
});

describe('duplicate addresses', () => {
  const cases: [string, (stack: Stack, source: string) => Stack, string][] = [
    ['component', (s, source) => addComponent(s, component('app', source)), 'component/app'],
    ['mixin', (s, source) => addMixin(s, source, 'node-exporter', { title: 'Node' }), 'mixin/node-exporter'],
    [
      'datasource',
      (s, source) => addDatasource(s, source, 'prometheus', { name: 'P', type: 'prometheus' }),
      'datasource/prometheus',
    ],
    [
      'scrape target',
      (s, source) => addScrapeTarget(s, source, 'node', { namespace: 'm', selector: {}, endpoints: [] }),
      'scrape target/node',
    ],
    [
      'notice',
      (s, source) => addNotice(s, source, 'crds', { level: 'info', message: 'apply setup first' }),
      'notice/crds',
    ],
    ['receiver', (s, source) => addReceiver(s, source, 'slack', {}), 'receiver/slack'],
    [
      'route',
      (s, source) => addRoute(s, source, 'critical', { route: { receiver: 'slack' } }),
      'route/critical',
    ],
    [
      'inhibit rule',
      (s, source) =>
        addInhibitRule(s, source, 'info', { source_matchers: ['a="b"'], target_matchers: ['c="d"'] }),
      'inhibit rule/info',
    ],
    [
      'template',
      (s, source) => addTemplate(s, source, 'slack.tmpl', '{{ define "x" }}{{ end }}'),
      'template/slack.tmpl',
    ],
    [
      'secret mount',
      (s, source) => addSecretMount(s, source, 'slack', { secretName: 'slack' }),
      'secret mount/slack',
    ],
    [
      'patch',
      (s, source) => addPatch(s, { id: 'drop', source, target: 'sections', apply: (x) => x }),
      'patch/drop',
    ],
    [
      'exception',
      (s, source) => addException(s, { check: 'probes', address: 'app/job', reason: 'a job', source }),
      'exception/probes@app/job',
    ],
    [
      'input',
      (s, source) => addInput(s, source, 'crds', { path: 'crds', description: 'CRDs' }),
      'input/crds',
    ],
  ];

  test.each(cases)(
    'a %s contributed twice is DUPLICATE_ADDRESS naming both sources',
    (_name, add, address) => {
      const first = part('first', (s) => add(s, 'pkg-one'));
      const second = part('second', (s) => add(s, 'pkg-two'));
      const error = thrown(() => createStack({}, [first, second]));
      expect(error.code).toBe('DUPLICATE_ADDRESS');
      expect(error.address).toBe(address);
      expect(error.related).toEqual(['pkg-one', 'pkg-two']);
      expect(error.reason).toContain('"pkg-one"');
      expect(error.reason).toContain('"pkg-two"');
    },
  );

  test('a safety check added twice is DUPLICATE_ADDRESS', () => {
    const [check] = defaultChecks;
    expect(thrown(() => addCheck(emptyStack(), check!))).toMatchObject({
      code: 'DUPLICATE_ADDRESS',
      address: `check/${check!.name}`,
    });
    const custom = { name: 'autopilot', description: 'What GKE Autopilot rejects.', run: () => [] };
    expect(Object.keys(addCheck(emptyStack(), custom).checks)).toContain('autopilot');
  });
});

describe('names', () => {
  test.each(['NodeExporter', 'node-exporter', 'node_exporter', '', '1app'])(
    'a component may not be named %j',
    (name) => {
      expect(thrown(() => addComponent(emptyStack(), component(name)))).toMatchObject({
        code: 'INVALID_NAME',
        value: name,
      });
    },
  );

  test('"stack" is reserved for the objects core renders', () => {
    expect(thrown(() => addComponent(emptyStack(), component('stack')))).toMatchObject({
      code: 'INVALID_NAME',
      value: 'stack',
    });
  });

  test.each(['NodeExporter', 'node exporter', '-node', 'node_exporter'])(
    'a mixin may not be named %j',
    (name) => {
      expect(thrown(() => addMixin(emptyStack(), 'pkg', name, { title: 'x' }))).toMatchObject({
        code: 'INVALID_NAME',
        address: 'pkg',
      });
    },
  );
});

describe('exceptions', () => {
  test('need a reason', () => {
    expect(
      thrown(() =>
        addException(emptyStack(), { check: 'probes', address: 'app/job', reason: '  ', source: 'me' }),
      ),
    ).toMatchObject({
      code: 'INVALID_OPTION',
      path: 'reason',
    });
  });

  test.each(['app', 'app/', 'App/job', 'app/job/x', 'app/Job', '*/job'])(
    'need an address "component/key" or "component/*", not %j',
    (address) => {
      expect(
        thrown(() => addException(emptyStack(), { check: 'probes', address, reason: 'r', source: 'me' })),
      ).toMatchObject({
        code: 'INVALID_NAME',
        path: 'address',
        value: address,
      });
    },
  );

  test.each([
    ['an empty reason', { key: 'job', check: 'probes', reason: '' }],
    ['an invalid key', { key: 'Job', check: 'probes', reason: 'r' }],
  ])('component-level exceptions with %s are rejected', (_name, exception) => {
    expect(
      thrown(() => addComponent(emptyStack(), { ...component('app'), exceptions: [exception] })).code,
    ).toBe('INVALID_OPTION');
  });
});

describe('addKinds', () => {
  const base: KindDefinition = { apiVersion: 'example.com/v1', kind: 'Widget', namespaced: true };
  const withHook: KindDefinition = { ...base, expressions: () => [] };

  test('registers kinds with their source', () => {
    expect(addKinds(emptyStack(), 'pkg', [base]).kinds['example.com/v1/Widget']).toMatchObject({
      ...base,
      source: 'pkg',
    });
  });

  test('two consistent registrations keep the one with more hooks, in either order', () => {
    for (const [a, b] of [
      [
        ['pkg-a', base],
        ['pkg-b', withHook],
      ],
      [
        ['pkg-b', withHook],
        ['pkg-a', base],
      ],
    ] as [string, KindDefinition][][]) {
      const stack = addKinds(addKinds(emptyStack(), a![0], [a![1]]), b![0], [b![1]]);
      expect(stack.kinds['example.com/v1/Widget']?.source).toBe('pkg-b');
    }
  });

  test('with equal hooks, the source that sorts first wins, in either order', () => {
    const one = addKinds(addKinds(emptyStack(), 'pkg-z', [base]), 'pkg-a', [base]);
    const two = addKinds(addKinds(emptyStack(), 'pkg-a', [base]), 'pkg-z', [base]);
    expect(one.kinds['example.com/v1/Widget']?.source).toBe('pkg-a');
    expect(two.kinds['example.com/v1/Widget']?.source).toBe('pkg-a');
  });

  test.each([
    ['scope', { namespaced: false }],
    ['setup', { setup: true }],
    ['name rule', { names: 'dns-label' as const }],
  ])('registrations that disagree on the %s are DUPLICATE_ADDRESS naming both', (_name, change) => {
    const error = thrown(() =>
      addKinds(addKinds(emptyStack(), 'pkg-a', [base]), 'pkg-b', [{ ...base, ...change }]),
    );
    expect(error).toMatchObject({
      code: 'DUPLICATE_ADDRESS',
      address: 'kind/example.com/v1/Widget',
      related: ['pkg-a', 'pkg-b'],
    });
  });
});

describe('withValues', () => {
  test('appends a layer and freezes it', () => {
    const stack = withValues(emptyStack(), 'pkg', 'defaults', { app: { replicas: 1 } });
    expect(stack.values).toEqual([{ layer: 'defaults', source: 'pkg', values: { app: { replicas: 1 } } }]);
    expect(Object.isFrozen(stack.values[0]!.values.app)).toBe(true);
  });
});
