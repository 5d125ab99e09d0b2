import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
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
  compose,
  createStack,
  definePart,
  withValues,
} from './compose.js';
import type { KubeObject } from './kube.js';
import { renderMixins } from './render/mixins.js';
import { render } from './render/render.js';
import { toJson } from './render/serialize.js';
import type { BuildContext, Part, Stack } from './stack.js';

/**
 * DESIGN.md §2: the order of parts does not change the output. Eight synthetic parts touch
 * every layer and section; any permutation (and any grouping into nested lists or compose)
 * must render the same bytes.
 */

const configMap = (name: string, context: BuildContext, data: unknown): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: context.common.namespace },
    data: { 'content.json': toJson(data) },
  }) as KubeObject;

/** A component that renders its values into a ConfigMap. */
const app = definePart('app', (stack) => {
  const next = withValues(stack, 'pkg-app', 'defaults', {
    app: { replicas: 1, image: 'app:1.0', extra: ['a'] },
  });
  return addComponent(next, {
    name: 'app',
    source: 'pkg-app',
    build: (context) => ({
      config: configMap('app', context, { values: context.values, common: context.common }),
    }),
  });
});

/** Consumes the alerting section, as Alertmanager would. */
const alerting = definePart('alerting', (stack) =>
  addComponent(withValues(stack, 'pkg-alerting', 'defaults', { alerting: { groupWait: '30s' } }), {
    name: 'alerting',
    source: 'pkg-alerting',
    build: (context) => ({
      config: configMap('alerting', context, {
        route: {
          group_wait: (context.values as { groupWait: string }).groupWait,
          routes: context.alerting.routes,
        },
        receivers: context.alerting.receivers,
        inhibit_rules: context.alerting.inhibitRules,
        templates: context.alerting.templates,
      }),
    }),
  }),
);

/** Consumes datasources, dashboards, rules and scrape targets, as Grafana and Prometheus would. */
const consumers = definePart('consumers', (stack) => {
  const next = addComponent(stack, {
    name: 'grafana',
    source: 'pkg-grafana',
    build: (context) => ({
      datasources: configMap('grafana-datasources', context, context.datasources),
      dashboards: configMap(
        'grafana-dashboards',
        context,
        Object.fromEntries(
          Object.entries(context.mixins).map(([name, mixin]) => [name, mixin.grafanaDashboards ?? {}]),
        ),
      ),
    }),
  });
  return addComponent(next, {
    name: 'prometheus',
    source: 'pkg-prometheus',
    build: (context) => ({
      rules: configMap(
        'prometheus-rules',
        context,
        Object.values(context.mixins).flatMap((mixin) => [
          ...(mixin.prometheusAlerts?.groups ?? []),
          ...(mixin.prometheusRules?.groups ?? []),
        ]),
      ),
      scrape: configMap('prometheus-scrape', context, context.scrapeTargets),
    }),
  });
});

const platform = definePart('platform', (stack) => {
  let next = withValues(stack, 'pkg-platform', 'platform', {
    common: { platform: 'test', storageClass: 'fast' },
    app: { replicas: 2 },
  });
  next = withValues(next, 'pkg-platform-extra', 'platform', { alerting: { groupWait: '10s' } });
  return addDatasource(next, 'pkg-platform', 'metrics', (values) => ({
    name: 'Metrics',
    type: 'prometheus',
    url: `http://prometheus.${values.common.namespace}.svc:9090`,
  }));
});

const addon = definePart('addon', (stack) => {
  let next = withValues(stack, 'pkg-addon', 'addon', { app: { replicas: 3, image: 'app:1.1' } });
  next = addReceiver(next, 'pkg-addon', 'slack', { slack_configs: [{ channel: '#alerts' }] });
  next = addReceiver(next, 'pkg-addon', 'null', {});
  next = addRoute(next, 'pkg-addon', 'critical', {
    order: 10,
    route: { receiver: 'slack', matchers: ['severity="critical"'] },
  });
  next = addRoute(next, 'pkg-addon', 'default', { route: { receiver: 'null' } });
  next = addInhibitRule(next, 'pkg-addon', 'critical-inhibits-warning', {
    source_matchers: ['severity="critical"'],
    target_matchers: ['severity="warning"'],
    equal: ['alertname'],
  });
  next = addTemplate(
    next,
    'pkg-addon',
    'slack.tmpl',
    (values) => `{{ define "cluster" }}${values.common.cluster}{{ end }}`,
  );
  return addPatch(next, {
    id: 'addon-label',
    source: 'pkg-addon',
    target: 'objects',
    order: 1,
    apply: (objects) => relabel(objects, 'app/config', 'by', 'addon'),
  });
});

const mixins = definePart('mixins', (stack) => {
  let next = addMixin(stack, 'pkg-mixins', 'app', (values) => ({
    title: 'App',
    prometheusAlerts: {
      groups: [
        {
          name: 'app',
          rules: [
            {
              alert: 'AppDown',
              expr: `up{job="app", cluster="${values.common.cluster}"} == 0`,
              labels: { severity: 'critical' },
            },
            { alert: 'AppNoisy', expr: 'rate(app_errors_total[5m]) > 0', labels: { severity: 'info' } },
          ],
        },
      ],
    },
    prometheusRules: {
      groups: [
        {
          name: 'app.rules',
          rules: [{ record: 'job:app_errors:rate5m', expr: 'sum by (job) (rate(app_errors_total[5m]))' }],
        },
      ],
    },
    grafanaDashboards: {
      'app.json': {
        title: 'App',
        panels: [
          {
            datasource: { type: 'prometheus' },
            targets: [{ expr: 'rate(app_requests_total[$__rate_interval])' }],
          },
        ],
      },
    },
  }));
  next = addScrapeTarget(next, 'pkg-mixins', 'app', (values) => ({
    namespace: values.common.namespace,
    selector: { 'app.kubernetes.io/name': 'app' },
    endpoints: [{ port: 'http', interval: '30s' }],
  }));
  return addRoute(next, 'pkg-mixins', 'app-team', {
    order: 5,
    route: { receiver: 'slack', matchers: ['team="app"'] },
  });
});

const user = definePart('user', (stack) =>
  withValues(stack, 'my-stack', 'user', { app: { image: 'app:2.0' } }),
);

const lib = definePart('lib', (stack) => {
  let next = withValues(stack, 'lib-app', 'override', {
    app: { replicas: (n: number) => n * 10, extra: (e: string[]) => [...e, 'b'] },
  });
  next = addPatch(next, {
    id: 'drop-noisy',
    source: 'lib-rules',
    target: 'sections',
    order: 2,
    apply: (sections) => ({
      ...sections,
      mixins: Object.fromEntries(
        Object.entries(sections.mixins).map(([name, mixin]) => [
          name,
          {
            ...mixin,
            prometheusAlerts: mixin.prometheusAlerts && {
              groups: mixin.prometheusAlerts.groups.map((g) => ({
                ...g,
                rules: g.rules.filter((r) => r.alert !== 'AppNoisy'),
              })),
            },
          },
        ]),
      ),
    }),
  });
  return addPatch(next, {
    id: 'lib-label',
    source: 'lib-labels',
    target: 'objects',
    order: 5,
    apply: (objects) => relabel(objects, 'app/config', 'by', 'lib'),
  });
});

/** Sets one label of one object; two patches setting the same label make their order visible. */
function relabel(objects: Readonly<Record<string, KubeObject>>, address: string, key: string, value: string) {
  const object = objects[address]!;
  return {
    ...objects,
    [address]: {
      ...object,
      metadata: { ...object.metadata, labels: { ...object.metadata?.labels, [key]: value } },
    },
  };
}

const parts: Part[] = [app, alerting, consumers, platform, addon, mixins, user, lib];
const common = { namespace: 'obs', cluster: 'prod', labels: { team: 'platform' } };

function output(stack: Stack): string[] {
  const result = render(stack);
  return [...[...result.files].flat(), toJson(result.sections), ...[...renderMixins(stack)].flat()];
}

const reference = output(createStack(common, parts));
const content = (name: string) => {
  const rendered = render(createStack(common, parts));
  const file = rendered.files.get(`${name}.yaml`)!;
  return { object: parse(file), data: JSON.parse(parse(file).data['content.json']) };
};

describe('order independence', () => {
  test('the reference output reflects every layer, section and patch (so the property is not vacuous)', () => {
    const appConfig = content('app-config');
    expect(appConfig.data.values).toEqual({ replicas: 30, image: 'app:2.0', extra: ['a', 'b'] });
    expect(appConfig.data.common).toMatchObject({ platform: 'test', storageClass: 'fast', namespace: 'obs' });
    expect(appConfig.object.metadata.labels).toEqual({ team: 'platform', by: 'lib' });
    const alertingConfig = content('alerting-config').data;
    expect(alertingConfig.route.group_wait).toBe('10s');
    expect(alertingConfig.route.routes.map((r: { id: string }) => r.id)).toEqual([
      'app-team',
      'critical',
      'default',
    ]);
    expect(Object.keys(alertingConfig.receivers)).toEqual(['null', 'slack']);
    expect(alertingConfig.templates['slack.tmpl']).toContain('prod');
    const rules = content('prometheus-rules').data;
    expect(rules[0].rules.map((r: { alert: string }) => r.alert)).toEqual(['AppDown']);
    expect(content('prometheus-scrape').data.app.namespace).toBe('obs');
    expect(content('grafana-datasources').data.metrics.url).toBe('http://prometheus.obs.svc:9090');
    expect(content('grafana-dashboards').data.app['app.json'].uid).toMatch(/^[0-9a-f]{24}$/);
  });

  test('property: any permutation of the parts renders identical bytes', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(parts, { minLength: parts.length, maxLength: parts.length }),
        (permutation) => {
          expect(output(createStack(common, permutation))).toEqual(reference);
        },
      ),
      { numRuns: 60 },
    );
  });

  test('property: grouping parts into nested lists or compose() changes nothing', () => {
    const grouping = fc
      .tuple(
        fc.shuffledSubarray(parts, { minLength: parts.length, maxLength: parts.length }),
        fc.integer({ min: 0, max: parts.length }),
        fc.integer({ min: 0, max: parts.length }),
        fc.boolean(),
      )
      .map(([permutation, a, b, useCompose]) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const group = permutation.slice(from, to);
        const grouped = useCompose ? compose('group', ...group) : [group, false, null];
        return [...permutation.slice(0, from), grouped, ...permutation.slice(to)];
      });
    fc.assert(
      fc.property(grouping, (entries) => {
        expect(output(createStack(common, entries as Part[]))).toEqual(reference);
      }),
      { numRuns: 40 },
    );
  });
});
