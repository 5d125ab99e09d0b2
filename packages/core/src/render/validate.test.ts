import { describe, expect, test } from 'vitest';
import { addDatasource, addKinds, addMixin } from '../compose.js';
import { prometheusDatasource } from '../datasources/builders.js';
import type { MixstackError } from '../errors.js';
import type { KubeObject } from '../kube.js';
import type { Mixin } from '../mixin.js';
import type { Stack } from '../stack.js';
import { compliantObjects, edit, NAMESPACE, type Objects, stackOf } from '../validate/checks/test-helpers.js';
import { widgetCrd } from '../validate/crd-schema.test-helpers.js';
import type { KindDefinition } from '../validate/kinds.js';
import { render, validateStack } from './render.js';

const configMap = (name: string, extra: Record<string, unknown> = {}): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: NAMESPACE },
    data: {},
    ...extra,
  }) as KubeObject;

/** The problems of the compliant stack with some objects added or changed. */
function problemsOf(objects: Objects, extend: (stack: Stack) => Stack = (s) => s) {
  return validateStack(extend(stackOf(objects)));
}

const withObjects = (extra: Objects): Objects => ({ ...compliantObjects(), ...extra });

describe('object validation', () => {
  test.each([
    [
      'an unknown kind',
      withObjects({
        'app/widget': {
          apiVersion: 'apps/v1',
          kind: 'Deploymnet',
          metadata: { name: 'w', namespace: NAMESPACE },
        },
      }),
      { code: 'UNKNOWN_KIND', address: 'app/widget', path: 'kind', value: 'apps/v1/Deploymnet' },
    ],
    [
      'a namespaced object without a namespace',
      withObjects({ 'app/extra': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'extra' } } }),
      { code: 'INVALID_NAME', address: 'app/extra', path: 'metadata.namespace' },
    ],
    [
      'a namespaced object with an invalid namespace',
      withObjects({
        'app/extra': { ...configMap('extra'), metadata: { name: 'extra', namespace: 'Team_A' } },
      }),
      { code: 'INVALID_NAME', address: 'app/extra', path: 'metadata.namespace', value: 'Team_A' },
    ],
    [
      'a cluster-scoped object with a namespace',
      withObjects({
        'app/clusterRole': {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: { name: 'app', namespace: NAMESPACE },
        },
      }),
      { code: 'INVALID_NAME', address: 'app/clusterRole', path: 'metadata.namespace', value: NAMESPACE },
    ],
    [
      'an object without a name',
      withObjects({ 'app/extra': { ...configMap('x'), metadata: { namespace: NAMESPACE } } }),
      { code: 'SCHEMA', address: 'app/extra', path: 'metadata.name' },
    ],
    [
      'an object without apiVersion',
      withObjects({
        'app/extra': { kind: 'ConfigMap', metadata: { name: 'x', namespace: NAMESPACE } } as never,
      }),
      { code: 'SCHEMA', address: 'app/extra' },
    ],
    [
      'an invalid ConfigMap name',
      withObjects({ 'app/extra': configMap('Extra_Config') }),
      { code: 'INVALID_NAME', address: 'app/extra', path: 'metadata.name', value: 'Extra_Config' },
    ],
    [
      'a Service name that is a subdomain but not a DNS label',
      edit(compliantObjects(), 'app/service', 'metadata.name', 'app.web'),
      { code: 'INVALID_NAME', address: 'app/service', path: 'metadata.name', value: 'app.web' },
    ],
    [
      'an invalid label key',
      withObjects({
        'app/extra': {
          ...configMap('extra'),
          metadata: { name: 'extra', namespace: NAMESPACE, labels: { 'bad key': 'x' } },
        },
      }),
      { code: 'INVALID_NAME', address: 'app/extra', path: 'metadata.labels.bad key', value: 'bad key' },
    ],
    [
      'an invalid label value',
      withObjects({
        'app/extra': {
          ...configMap('extra'),
          metadata: { name: 'extra', namespace: NAMESPACE, labels: { team: 'a b' } },
        },
      }),
      { code: 'INVALID_NAME', address: 'app/extra', path: 'metadata.labels.team', value: 'a b' },
    ],
    [
      'an invalid annotation key',
      withObjects({
        'app/extra': {
          ...configMap('extra'),
          metadata: { name: 'extra', namespace: NAMESPACE, annotations: { '/x': 'y' } },
        },
      }),
      { code: 'INVALID_NAME', address: 'app/extra', path: 'metadata.annotations./x' },
    ],
    [
      'an annotation value that is not a string',
      withObjects({
        'app/extra': {
          ...configMap('extra'),
          metadata: {
            name: 'extra',
            namespace: NAMESPACE,
            annotations: { replicas: 3 as unknown as string },
          },
        },
      }),
      { code: 'SCHEMA', address: 'app/extra', path: 'metadata.annotations.replicas', value: 3 },
    ],
    [
      'a schema error from kubernetes-models',
      edit(compliantObjects(), 'app/deployment', 'spec.replicas', 'two'),
      { code: 'SCHEMA', address: 'app/deployment', path: 'spec.replicas', value: 'two' },
    ],
    [
      'a missing required field deep inside',
      edit(compliantObjects(), 'app/deployment', 'spec.template.spec.containers.0.name', undefined),
      { code: 'SCHEMA', address: 'app/deployment', path: 'spec.template.spec.containers.0.name' },
    ],
    [
      'a wrongly typed ConfigMap value',
      withObjects({ 'app/extra': configMap('extra', { data: { port: 8080 } }) }),
      { code: 'SCHEMA', address: 'app/extra', path: 'data.port', value: 8080 },
    ],
  ] as [string, Objects, Record<string, unknown>][])('%s', (_name, objects, expected) => {
    const [first] = problemsOf(objects);
    expect(first).toMatchObject(expected);
    expect(first?.hint.length).toBeGreaterThan(5);
  });

  test('an unknown kind suggests the closest known one', () => {
    const [error] = problemsOf(
      withObjects({
        'app/widget': {
          apiVersion: 'apps/v1',
          kind: 'Deploymnet',
          metadata: { name: 'w', namespace: NAMESPACE },
        },
      }),
    );
    expect(error?.hint).toContain('"apps/v1/Deployment"');
    expect(error?.hint).toContain('addKinds');
  });

  test('name rules follow the kind: ClusterRoles may use ":"', () => {
    const clusterRole = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'mixstack:app-reader' },
      rules: [],
    } as KubeObject;
    expect(problemsOf(withObjects({ 'app/clusterRole': clusterRole }))).toEqual([]);
  });

  test('a kind registered by a part validates; its own name rule and scope apply', () => {
    const widget: KindDefinition = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      namespaced: false,
      names: 'dns-label',
    };
    const object = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } } as KubeObject;
    expect(problemsOf(withObjects({ 'app/widget': object }), (s) => addKinds(s, 'pkg', [widget]))).toEqual(
      [],
    );
    const [error] = problemsOf(withObjects({ 'app/widget': { ...object, metadata: { name: 'w.x' } } }), (s) =>
      addKinds(s, 'pkg', [widget]),
    );
    expect(error).toMatchObject({ code: 'INVALID_NAME', path: 'metadata.name' });
  });

  test('a custom resource is checked against the CustomResourceDefinition the stack renders, as the API server would', () => {
    const widget: KindDefinition = { apiVersion: 'example.com/v1', kind: 'Widget', namespaced: true };
    const crd = widgetCrd({ properties: { size: { type: 'integer', minimum: 1 } } }) as unknown as KubeObject;
    const widgetObject = (spec: Record<string, unknown>) =>
      ({
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'w', namespace: NAMESPACE },
        spec,
      }) as KubeObject;
    const withWidgetKind = (s: Stack) => addKinds(s, 'pkg', [widget]);
    expect(
      problemsOf(withObjects({ 'app/crd': crd, 'app/widget': widgetObject({ size: 2 }) }), withWidgetKind),
    ).toEqual([]);
    const problems = problemsOf(
      withObjects({ 'app/crd': crd, 'app/widget': widgetObject({ size: 0, colour: 'red' }) }),
      withWidgetKind,
    );
    expect(problems.map((p) => [p.code, p.address, p.path, p.reason])).toEqual([
      ['SCHEMA', 'app/widget', 'spec.size', 'Widget must be at least 1'],
      ['SCHEMA', 'app/widget', 'spec.colour', 'Widget has no field "colour" in its CustomResourceDefinition'],
    ]);
    expect(problems[0]?.hint).toContain('the CustomResourceDefinition widgets.example.com the stack renders');
    // Without the CRD in the stack, only the kind's own validation applies.
    expect(
      problemsOf(withObjects({ 'app/widget': widgetObject({ size: 0, colour: 'red' }) }), withWidgetKind),
    ).toEqual([]);
  });

  test('the same kind, namespace and name twice is DUPLICATE_OBJECT naming both addresses', () => {
    const [error, ...rest] = problemsOf(
      withObjects({ 'app/other': configMap('app'), 'zeta/config': configMap('app') }),
    );
    expect(error).toMatchObject({
      code: 'DUPLICATE_OBJECT',
      address: 'app/other',
      related: ['app/configMap'],
    });
    expect(error?.reason).toContain('ConfigMap monitoring/app');
    expect(error?.reason).toContain('app/configMap');
    expect(rest[0]).toMatchObject({ code: 'DUPLICATE_OBJECT', address: 'zeta/config' });
  });

  test('the same name in another namespace or for another kind is no duplicate', () => {
    const objects = withObjects({
      'app/otherNamespace': { ...configMap('app'), metadata: { name: 'app', namespace: 'other' } },
      'app/secret': {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'app', namespace: NAMESPACE },
      } as KubeObject,
    });
    expect(problemsOf(objects)).toEqual([]);
  });

  test('render throws the first problem; validateStack returns all, objects by address first', () => {
    const objects = withObjects({ 'app/bad': configMap('Bad'), 'app/alsoBad': configMap('Also_Bad') });
    const all = problemsOf(objects);
    expect(all.map((e) => e.address)).toEqual(['app/alsoBad', 'app/bad']);
    let thrownError: unknown;
    try {
      render(stackOf(objects));
    } catch (error) {
      thrownError = error;
    }
    expect(thrownError).toMatchObject({ code: all[0]!.code, address: all[0]!.address });
    // The error render throws carries the other problems, so a CLI can list them all.
    expect((thrownError as MixstackError).problems.map((e) => e.address)).toEqual(all.map((e) => e.address));
  });
});

describe('alert templates', () => {
  const alerting = (annotations: Record<string, string>, labels: Record<string, string> = {}): Mixin => ({
    title: 'App',
    prometheusAlerts: {
      groups: [
        {
          name: 'app',
          rules: [
            {
              alert: 'AppDown',
              expr: 'up == 0',
              for: '5m',
              labels: { severity: 'critical', ...labels },
              annotations,
            },
          ],
        },
      ],
    },
  });
  const problemsWith = (m: Mixin) => problemsOf(compliantObjects(), (s) => addMixin(s, 'pkg', 'app', m));

  test('a template Prometheus would refuse is reported at build time, with where it is', () => {
    const problems = problemsWith(
      alerting(
        { summary: 'Pod {{ $labels.pod }} is down', description: '{{ $labels.foo ' },
        { team: '{{ if .x }}a' },
      ),
    );
    expect(problems.map((p) => [p.code, p.address, p.path])).toEqual([
      ['INVALID_EXPRESSION', 'mixin/app', 'prometheusAlerts.groups.0.rules.0.labels.team'],
      ['INVALID_EXPRESSION', 'mixin/app', 'prometheusAlerts.groups.0.rules.0.annotations.description'],
    ]);
    expect(problems[1]!.reason).toContain('is not closed with "}}"');
  });

  test('a dashboard query without a datasource is parsed with the stack’s default datasource', () => {
    const dashboards: Mixin = {
      title: 'App',
      grafanaDashboards: {
        'app.json': { title: 'App', panels: [{ type: 'stat', targets: [{ expr: 'sum(up' }] }] },
      },
    };
    const withDefault = (s: Stack) =>
      addDatasource(
        addMixin(s, 'pkg', 'app', dashboards),
        'pkg',
        'prometheus',
        prometheusDatasource({ url: 'http://p:9090' }),
      );
    const problems = problemsOf(compliantObjects(), withDefault);
    expect(problems.map((p) => [p.code, p.address, p.path])).toEqual([
      ['INVALID_EXPRESSION', 'mixin/app/app.json', 'panels.0.targets.0.expr'],
    ]);
  });

  test('valid templates pass', () => {
    expect(
      problemsWith(alerting({ summary: '{{ $value | humanizePercentage }} of {{ $labels.job }}' })),
    ).toEqual([]);
  });
});

describe('embedded expressions', () => {
  const mixin = (expr: unknown, extra: Partial<Mixin> = {}): Mixin => ({
    title: 'App',
    prometheusAlerts: {
      groups: [
        {
          name: 'app',
          rules: [{ alert: 'AppDown', expr: expr as string, for: '5m', labels: { severity: 'critical' } }],
        },
      ],
    },
    ...extra,
  });
  const withMixin = (m: Mixin) => problemsOf(compliantObjects(), (s) => addMixin(s, 'pkg', 'app', m));

  test('valid mixins pass', () => {
    expect(withMixin(mixin('up{job="app"} == 0'))).toEqual([]);
  });

  test.each([
    ['an alert', mixin('up{job="app" == 0'), 'mixin/app', 'prometheusAlerts.groups.0.rules.0.expr'],
    [
      'a recording rule',
      mixin('up', {
        prometheusRules: {
          groups: [{ name: 'rec', rules: [{ record: 'job:up:sum', expr: 'sum by (job) (up' }] }],
        },
      }),
      'mixin/app',
      'prometheusRules.groups.0.rules.0.expr',
    ],
    [
      'a dashboard target',
      mixin('up', {
        grafanaDashboards: {
          'app.json': {
            title: 'App',
            panels: [{ datasource: { type: 'prometheus' }, targets: [{ expr: 'rate(x[5m]' }] }],
          },
        },
      }),
      'mixin/app/app.json',
      'panels.0.targets.0.expr',
    ],
    [
      'a dashboard variable query',
      mixin('up', {
        grafanaDashboards: {
          'app.json': {
            title: 'App',
            templating: {
              list: [
                {
                  name: 'job',
                  type: 'query',
                  datasource: { type: 'prometheus' },
                  query: 'label_values(up{, job)',
                },
              ],
            },
          },
        },
      }),
      'mixin/app/app.json',
      'templating.list.0.query',
    ],
    ['a missing expr', mixin(undefined), 'mixin/app', 'prometheusAlerts.groups.0.rules.0.expr'],
  ])('invalid PromQL in %s is INVALID_EXPRESSION with address and path', (_name, m, address, path) => {
    const [error] = withMixin(m);
    expect(error).toMatchObject({ code: 'INVALID_EXPRESSION', address, path });
  });

  test('rules over logs are parsed as LogQL: a LogQL alert passes, a PromQL one is refused where it is', () => {
    const logs = (expr: string): Mixin => ({
      title: 'Logs',
      logAlerts: {
        groups: [{ name: 'logs', rules: [{ alert: 'PanicsLogged', expr, labels: { severity: 'warning' } }] }],
      },
      logRules: {
        groups: [
          {
            name: 'logs-rec',
            rules: [
              {
                record: 'namespace:panics:rate5m',
                expr: 'sum by (namespace) (rate({job=~".+"} |= "panic" [5m]))',
              },
            ],
          },
        ],
      },
    });
    const problems = (m: Mixin) => problemsOf(compliantObjects(), (s) => addMixin(s, 'pkg', 'logs', m));
    expect(
      problems(logs('sum by (namespace) (count_over_time({namespace="shop"} |= "panic" [5m])) > 0')),
    ).toEqual([]);
    const refused = problems(logs('rate(http_requests_total[5m]) > 0'));
    expect(refused.map((p) => [p.address, p.path, p.message.includes('LogQL')])).toEqual([
      ['mixin/logs', 'logAlerts.groups.0.rules.0.expr', true],
    ]);
  });

  test('Grafana variables are substituted before parsing dashboard queries', () => {
    const m = mixin('up', {
      grafanaDashboards: {
        'app.json': {
          title: 'App',
          panels: [
            {
              datasource: { type: 'prometheus' },
              targets: [{ expr: 'sum(rate(x{job="$job"}[$__rate_interval]))' }],
            },
          ],
        },
      },
    });
    expect(withMixin(m)).toEqual([]);
  });

  test.each([
    [
      'an invalid alert name',
      mixin('up', {
        prometheusAlerts: { groups: [{ name: 'g', rules: [{ alert: 'App Down', expr: 'up' }] }] },
      }),
      'INVALID_NAME',
      'prometheusAlerts.groups.0.rules.0',
    ],
    [
      'a repeated group name',
      mixin('up', {
        prometheusAlerts: {
          groups: [
            { name: 'g', rules: [] },
            { name: 'g', rules: [] },
          ],
        },
      }),
      'DUPLICATE_ADDRESS',
      'prometheusAlerts.groups.1.name',
    ],
    [
      'a dashboard file name with a path',
      mixin('up', { grafanaDashboards: { '../x.json': { title: 'x' } } }),
      'INVALID_NAME',
      'grafanaDashboards.../x.json',
    ],
    [
      'a dashboard file name without .json',
      mixin('up', { grafanaDashboards: { nodes: { title: 'x' } } }),
      'INVALID_NAME',
      'grafanaDashboards.nodes',
    ],
  ])('%s is reported', (_name, m, code, path) => {
    expect(withMixin(m)[0]).toMatchObject({ code, address: 'mixin/app', path });
  });

  test('a registered PrometheusRule-like kind has its expressions parsed', () => {
    const promRule: KindDefinition = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      namespaced: true,
      expressions: (object) =>
        (
          (object as unknown as { spec: { groups: { rules: { expr: string }[] }[] } }).spec.groups ?? []
        ).flatMap((group, g) =>
          group.rules.map((rule, r) => ({
            path: `spec.groups.${g}.rules.${r}.expr`,
            language: 'promql' as const,
            expression: rule.expr,
          })),
        ),
    };
    const rule = (expr: string) =>
      ({
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PrometheusRule',
        metadata: { name: 'app', namespace: NAMESPACE },
        spec: {
          groups: [
            {
              name: 'g',
              rules: [
                { record: 'a', expr: 'up' },
                { record: 'b', expr },
              ],
            },
          ],
        },
      }) as KubeObject;
    const register = (s: Stack) => addKinds(s, 'pkg', [promRule]);
    expect(problemsOf(withObjects({ 'app/rules': rule('sum(up)') }), register)).toEqual([]);
    expect(problemsOf(withObjects({ 'app/rules': rule('sum(up') }), register)[0]).toMatchObject({
      code: 'INVALID_EXPRESSION',
      address: 'app/rules',
      path: 'spec.groups.0.rules.1.expr',
      value: 'sum(up',
    });
  });
});
