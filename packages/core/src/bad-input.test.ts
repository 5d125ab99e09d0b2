import { describe, expect, test } from 'vitest';
import {
  addComponent,
  addException,
  addInput,
  addMixin,
  type CommonOptions,
  createStack,
  definePart,
  withValues,
} from './compose.js';
import { isMixstackError, type MixstackErrorCode } from './errors.js';
import type { KubeObject } from './kube.js';
import type { Mixin } from './mixin.js';
import { MAX_OBJECT_BYTES, render } from './render/render.js';
import type { Part } from './stack.js';

/**
 * Bad input of every kind, each with the error a user gets: the code a program switches on
 * and the address (and path) that says where to look.
 */

const configMap = (name: string, extra: Record<string, unknown> = {}): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'monitoring' },
    data: {},
    ...extra,
  }) as KubeObject;

/** A part adding a component that renders the given objects. */
const renders = (name: string, objects: Record<string, unknown>): Part =>
  definePart(name, (stack) =>
    addComponent(stack, { name, source: `pkg-${name}`, build: () => objects as Record<string, KubeObject> }),
  );

const withMixin = (name: string, mixin: Mixin): Part =>
  definePart(name, (stack) => addMixin(stack, `pkg-${name}`, name, mixin));

const alert = (expr: string): Mixin => ({
  title: 'X',
  prometheusAlerts: { groups: [{ name: 'g', rules: [{ alert: 'A', expr }] }] },
});

const build =
  (common: unknown, parts: unknown = []) =>
  () =>
    render(createStack(common as CommonOptions, parts as Part[]));

const cases: [string, () => unknown, MixstackErrorCode, string, string?][] = [
  // Common options
  ['a namespace of the wrong type', build({ namespace: 42 }), 'INVALID_OPTION', 'createStack', 'namespace'],
  ['an empty namespace', build({ namespace: '' }), 'INVALID_OPTION', 'createStack', 'namespace'],
  [
    'a namespace that is not a DNS label',
    build({ namespace: 'Monitoring_NS' }),
    'INVALID_OPTION',
    'createStack',
    'namespace',
  ],
  [
    'a namespace that is too long',
    build({ namespace: 'n'.repeat(64) }),
    'INVALID_OPTION',
    'createStack',
    'namespace',
  ],
  ['an empty cluster name', build({ cluster: '' }), 'INVALID_OPTION', 'createStack', 'cluster'],
  ['an empty label key', build({ labels: { '': 'x' } }), 'INVALID_OPTION', 'createStack', 'labels.'],
  [
    'a label value that is not a string',
    build({ labels: { team: 1 } }),
    'INVALID_OPTION',
    'createStack',
    'labels.team',
  ],
  [
    'createNamespace as a string',
    build({ createNamespace: 'false' }),
    'INVALID_OPTION',
    'createStack',
    'createNamespace',
  ],
  ['a misspelled option', build({ clutser: 'prod' }), 'INVALID_OPTION', 'createStack', 'clutser'],
  ['common options that are a list', build([]), 'INVALID_OPTION', 'createStack'],
  // Parts
  ['parts that are not a list', build({}, 'prometheus'), 'INVALID_PART', 'createStack'],
  ['a number among the parts', build({}, [42]), 'INVALID_PART', 'part 1'],
  ['options among the parts', build({}, [[{ retention: '30d' }]]), 'INVALID_PART', 'part 1.1'],
  [
    'a part returning nothing',
    build({}, [definePart('broken', () => undefined as never)]),
    'INVALID_PART',
    'broken',
  ],
  // Names and addresses
  [
    'a component name that is not camelCase',
    build({}, [renders('Bad-Name', {})]),
    'INVALID_NAME',
    'pkg-Bad-Name',
  ],
  ['an empty mixin name', build({}, [withMixin('', { title: 'x' })]), 'INVALID_NAME', 'pkg-'],
  [
    'the same component twice',
    build({}, [renders('app', {}), renders('app', {})]),
    'DUPLICATE_ADDRESS',
    'component/app',
  ],
  [
    'the same mixin twice',
    build({}, [withMixin('app', { title: 'a' }), withMixin('app', { title: 'b' })]),
    'DUPLICATE_ADDRESS',
    'mixin/app',
  ],
  [
    'an object key that is not camelCase',
    build({}, [renders('app', { 'config-map': configMap('a') })]),
    'INVALID_NAME',
    'app/config-map',
  ],
  // Objects
  [
    'the same object from two components',
    build({}, [
      renders('app', { config: configMap('shared') }),
      renders('web', { config: configMap('shared') }),
    ]),
    'DUPLICATE_OBJECT',
    'web/config',
    'metadata.name',
  ],
  [
    'an unknown kind',
    build({}, [
      renders('app', { widget: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } } }),
    ]),
    'UNKNOWN_KIND',
    'app/widget',
    'kind',
  ],
  [
    'a namespaced object without namespace',
    build({}, [renders('app', { config: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } } })]),
    'INVALID_NAME',
    'app/config',
    'metadata.namespace',
  ],
  [
    'an object name with capitals',
    build({}, [renders('app', { config: configMap('MyConfig') })]),
    'INVALID_NAME',
    'app/config',
    'metadata.name',
  ],
  [
    'an invalid label on an object',
    build({}, [
      renders('app', {
        config: {
          ...configMap('a'),
          metadata: { name: 'a', namespace: 'monitoring', labels: { 'a/b/c': 'x' } },
        },
      }),
    ]),
    'INVALID_NAME',
    'app/config',
    'metadata.labels.a/b/c',
  ],
  [
    'a field of the wrong type',
    build({}, [renders('app', { config: configMap('a', { immutable: 'yes' }) })]),
    'SCHEMA',
    'app/config',
    'immutable',
  ],
  [
    'NaN in an object',
    build({}, [renders('app', { config: configMap('a', { data: { n: Number.NaN } }) })]),
    'SCHEMA',
    'app/config',
    'data.n',
  ],
  [
    'a Date in an object',
    build({}, [
      renders('app', {
        config: configMap('a', {
          metadata: { name: 'a', namespace: 'monitoring', annotations: { at: new Date(0) } },
        }),
      }),
    ]),
    'SCHEMA',
    'app/config',
    'metadata.annotations.at',
  ],
  [
    'a function in an object',
    build({}, [renders('app', { config: configMap('a', { extra: () => 1 }) })]),
    'NOT_SERIALIZABLE',
    'app/config',
    'extra',
  ],
  [
    'an object over 1 MiB',
    build({}, [renders('app', { config: configMap('a', { data: { big: 'x'.repeat(MAX_OBJECT_BYTES) } }) })]),
    'TOO_LARGE',
    'app/config',
  ],
  // Expressions
  [
    'invalid PromQL in an alert',
    build({}, [withMixin('app', alert('rate(x[5m]'))]),
    'INVALID_EXPRESSION',
    'mixin/app',
    'prometheusAlerts.groups.0.rules.0.expr',
  ],
  [
    'an empty PromQL expression',
    build({}, [withMixin('app', alert(' '))]),
    'INVALID_EXPRESSION',
    'mixin/app',
    'prometheusAlerts.groups.0.rules.0.expr',
  ],
  // Values and safety
  [
    'two platforms setting one value differently',
    build({}, [
      definePart('gke', (s) => withValues(s, 'platform-gke', 'platform', { common: { storageClass: 'a' } })),
      definePart('eks', (s) => withValues(s, 'platform-eks', 'platform', { common: { storageClass: 'b' } })),
    ]),
    'VALUES_CONFLICT',
    'platform-gke',
    'values.common.storageClass',
  ],
  [
    'an exception naming an unknown check',
    build({}, [
      definePart('x', (s) =>
        addException(s, { check: 'probe', address: 'app/job', reason: 'r', source: 'x' }),
      ),
    ]),
    'NOT_FOUND',
    'app/job',
  ],
  [
    'a workload with an unpinned image',
    build({}, [
      renders('app', {
        job: {
          apiVersion: 'batch/v1',
          kind: 'Job',
          metadata: { name: 'j', namespace: 'monitoring' },
          spec: {
            template: { spec: { restartPolicy: 'Never', containers: [{ name: 'j', image: 'busybox' }] } },
          },
        },
      }),
    ]),
    'SAFETY',
    'app/job',
  ],
  [
    'a missing input',
    build({}, [definePart('x', (s) => addInput(s, 'pkg-x', 'crds', { path: 'crds', description: 'CRDs' }))]),
    'NOT_FOUND',
    'pkg-x',
    'inputs.crds',
  ],
];

describe('bad input', () => {
  test.each(cases.map(([name, run, code, address, path]) => ({ name, run, code, address, path })))(
    '$name → $code at $address',
    ({ run, code, address, path }) => {
      let caught: unknown;
      try {
        run();
      } catch (error) {
        caught = error;
      }
      expect(isMixstackError(caught), String(caught)).toBe(true);
      expect(caught).toMatchObject({ code, address });
      if (path !== undefined) expect(caught).toMatchObject({ path });
      expect((caught as Error).message).toContain('Fix: ');
    },
  );
});
