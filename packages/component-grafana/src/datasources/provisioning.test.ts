import {
  addDatasource,
  alertmanagerDatasource,
  createStack,
  DATASOURCE_UIDS,
  type Datasource,
  definePart,
  lokiDatasource,
  prometheusDatasource,
  render,
  tempoDatasource,
  validateStack,
} from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { grafana } from '../grafana.js';
import {
  grafanaVar,
  type Json,
  objectAt,
  renderParts,
  testLokiDatasource,
  testPrometheusDatasource,
} from '../test-helpers.js';
import { datasourcesFile, escapeDollars } from './provisioning.js';

const contribute = (uid: string, datasource: Datasource) =>
  definePart(`datasource(${uid})`, (stack) => addDatasource(stack, 'test', uid, datasource));

/** The datasources provisioning file of a stack, as Grafana reads it. */
function provisioningOf(parts: ReturnType<typeof contribute>[], options = {}): Json {
  const secret = objectAt<Json>(renderParts([grafana(options), ...parts]), 'grafana/datasources');
  return parse(secret.stringData['datasources.yaml']);
}

describe('datasource builders', () => {
  test('prometheusDatasource: the default datasource, queried with POST, proxied by the server', () => {
    expect(prometheusDatasource({ url: 'http://p:9090', jsonData: { timeInterval: '30s' } })).toEqual({
      name: 'Prometheus',
      type: 'prometheus',
      url: 'http://p:9090',
      access: 'proxy',
      isDefault: true,
      editable: false,
      jsonData: { httpMethod: 'POST', timeInterval: '30s' },
    });
  });

  test.each([
    ['loki', lokiDatasource({ url: 'http://l:3100' }), 'Loki'],
    ['tempo', tempoDatasource({ url: 'http://t:3200' }), 'Tempo'],
    ['alertmanager', alertmanagerDatasource({ url: 'http://a:9093' }), 'Alertmanager'],
  ])('%s is never the default and has its plugin type and name', (type, datasource, name) => {
    expect(datasource).toMatchObject({ type, name, isDefault: false, access: 'proxy', editable: false });
  });

  test('alertmanagerDatasource: Prometheus implementation, Grafana-managed alerts not sent', () => {
    expect(alertmanagerDatasource({ url: 'http://a:9093' }).jsonData).toEqual({
      implementation: 'prometheus',
      handleGrafanaManagedAlerts: false,
    });
  });

  test('the builders copy their input: changing it later changes nothing', () => {
    const jsonData = { maxLines: 10 };
    const secure = { basicAuthPassword: 'LOKI_PASSWORD' };
    const built = lokiDatasource({ url: 'http://l:3100', jsonData, secureJsonDataFromEnv: secure });
    jsonData.maxLines = 99;
    secure.basicAuthPassword = 'OTHER';
    expect(built.jsonData).toEqual({ maxLines: 10 });
    expect(built.secureJsonDataFromEnv).toEqual({ basicAuthPassword: 'LOKI_PASSWORD' });
  });
});

describe('datasources provisioning file', () => {
  test('without datasources: an empty list that prunes what was provisioned before', () => {
    expect(provisioningOf([])).toEqual({ apiVersion: 1, datasources: [], prune: true });
  });

  test('the Prometheus datasource the prometheus component contributes is provisioned under its fixed uid', () => {
    const file = provisioningOf([testPrometheusDatasource() as never]);
    expect(file.datasources).toEqual([
      {
        uid: 'prometheus',
        name: 'Prometheus',
        type: 'prometheus',
        access: 'proxy',
        url: 'http://prometheus-k8s.monitoring.svc:9090',
        orgId: 1,
        isDefault: true,
        editable: false,
        jsonData: { httpMethod: 'POST', prometheusType: 'Prometheus', timeInterval: '30s' },
      },
    ]);
  });

  test('entries are sorted by uid, and correlation links between them are kept', () => {
    const tempo = tempoDatasource({
      url: 'http://tempo:3200',
      jsonData: {
        tracesToLogsV2: {
          datasourceUid: 'loki',
          filterByTraceID: true,
          tags: [{ key: 'service.name', value: 'service_name' }],
        },
        tracesToMetrics: {
          datasourceUid: 'prometheus',
          queries: [{ name: 'Rate', query: 'sum(rate(traces_spanmetrics_calls_total{$__tags}[5m]))' }],
        },
        serviceMap: { datasourceUid: 'prometheus' },
        nodeGraph: { enabled: true },
        lokiSearch: { datasourceUid: 'loki' },
      },
    });
    const file = provisioningOf([
      contribute(DATASOURCE_UIDS.tempo, tempo),
      testLokiDatasource() as never,
      testPrometheusDatasource() as never,
    ]);
    expect(file.datasources.map((d: Json) => d.uid)).toEqual(['loki', 'prometheus', 'tempo']);
    const provisioned = file.datasources[2].jsonData;
    expect(provisioned.tracesToLogsV2.datasourceUid).toBe('loki');
    expect(provisioned.serviceMap).toEqual({ datasourceUid: 'prometheus' });
    // `$` is doubled: Grafana reads `$$` as a literal `$` and would otherwise expand `$__tags` as a variable.
    expect(provisioned.tracesToMetrics.queries[0].query).toBe(
      'sum(rate(traces_spanmetrics_calls_total{$$__tags}[5m]))',
    );
    expect(file.datasources[0].jsonData.derivedFields[0].url).toBe(
      'https://traces.example.com/trace/$${__value.raw}',
    );
  });

  test.each([
    ['nothing to escape', 'abc', 'abc'],
    ['a variable', grafanaVar('__value.raw'), `$${grafanaVar('__value.raw')}`],
    ['an escaped dollar stays escaped', '$$', '$$$$'],
    ['nested values', { a: ['$x', 1, true, null] }, { a: ['$$x', 1, true, null] }],
  ])('escapeDollars: %s', (_name, value, expected) => {
    expect(escapeDollars(value)).toEqual(expected);
  });

  test('secure settings are references to environment variables fed from Secrets, never values', () => {
    const loki = lokiDatasource({
      url: 'http://loki-gateway.logging.svc',
      jsonData: { httpHeaderName1: 'X-Scope-OrgID' },
      secureJsonDataFromEnv: { httpHeaderValue1: 'LOKI_TENANT', basicAuthPassword: 'LOKI_PASSWORD' },
    });
    const result = renderParts([
      grafana({
        secretEnv: {
          LOKI_TENANT: { name: 'loki-auth', key: 'tenant' },
          LOKI_PASSWORD: { name: 'loki-auth', key: 'password' },
        },
      }),
      contribute('loki', loki),
    ]);
    const secret = objectAt<Json>(result, 'grafana/datasources');
    const file = parse(secret.stringData['datasources.yaml']);
    expect(file.datasources[0].secureJsonData).toEqual({
      basicAuthPassword: '$__env{LOKI_PASSWORD}',
      httpHeaderValue1: '$__env{LOKI_TENANT}',
    });
    expect(Object.keys(secret)).not.toContain('data');
    const env = objectAt<Json>(result, 'grafana/deployment').spec.template.spec.containers[0].env;
    expect(env).toContainEqual({
      name: 'LOKI_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'loki-auth', key: 'password' } },
    });
  });

  test('core’s no-inline-secrets check stays on: credentials in a datasource URL stop the render', () => {
    const leaky = prometheusDatasource({ url: 'https://admin:s3cret@prometheus.example.com' });
    const problems = validateStack(createStack({}, [grafana(), contribute('prometheus', leaky)]));
    expect(problems.map((p) => [p.code, p.address, p.path])).toEqual([
      ['SAFETY', 'grafana/datasources', 'stringData.datasources.yaml'],
    ]);
    expect(problems[0]!.message).toContain('[no-inline-secrets]');
  });

  test.each<[string, () => ReturnType<typeof contribute>[], string, string, string | undefined]>([
    [
      'a uid Grafana rejects',
      () => [contribute('no spaces', lokiDatasource({ url: 'http://l' }))],
      'INVALID_NAME',
      'datasource/no spaces',
      undefined,
    ],
    [
      'a uid over 40 characters',
      () => [contribute('x'.repeat(41), lokiDatasource({ url: 'http://l' }))],
      'INVALID_NAME',
      `datasource/${'x'.repeat(41)}`,
      undefined,
    ],
    [
      'an empty name',
      () => [contribute('loki', lokiDatasource({ url: 'http://l', name: ' ' }))],
      'INVALID_OPTION',
      'datasource/loki',
      'name',
    ],
    [
      'a plugin type in capitals',
      () => [contribute('loki', { name: 'L', type: 'Loki' })],
      'INVALID_OPTION',
      'datasource/loki',
      'type',
    ],
    [
      'a relative URL',
      () => [contribute('loki', lokiDatasource({ url: '/loki' }))],
      'INVALID_OPTION',
      'datasource/loki',
      'url',
    ],
    [
      'two datasources with one name',
      () => [
        contribute('a', lokiDatasource({ url: 'http://a' })),
        contribute('b', lokiDatasource({ url: 'http://b' })),
      ],
      'DUPLICATE_ADDRESS',
      'datasource/b',
      'name',
    ],
    [
      'two defaults',
      () => [
        contribute('a', prometheusDatasource({ url: 'http://a' })),
        contribute('b', prometheusDatasource({ url: 'http://b', name: 'Other' })),
      ],
      'INVALID_OPTION',
      'datasource/b',
      'isDefault',
    ],
    [
      'a link to a datasource nobody contributes',
      () => [
        contribute(
          'prometheus',
          prometheusDatasource({
            url: 'http://p',
            jsonData: { exemplarTraceIdDestinations: [{ name: 'trace_id', datasourceUid: 'tempo' }] },
          }),
        ),
      ],
      'NOT_FOUND',
      'datasource/prometheus',
      'jsonData.exemplarTraceIdDestinations.0.datasourceUid',
    ],
    [
      'a secure setting without its Secret',
      () => [
        contribute(
          'loki',
          lokiDatasource({ url: 'http://l', secureJsonDataFromEnv: { basicAuthPassword: 'LOKI_PASSWORD' } }),
        ),
      ],
      'NOT_FOUND',
      'datasource/loki',
      'secureJsonDataFromEnv.basicAuthPassword',
    ],
    [
      'a secure setting naming a bad variable',
      () => [
        contribute(
          'loki',
          lokiDatasource({ url: 'http://l', secureJsonDataFromEnv: { basicAuthPassword: 'loki-password' } }),
        ),
      ],
      'INVALID_OPTION',
      'datasource/loki',
      'secureJsonDataFromEnv.basicAuthPassword',
    ],
  ])('rejects %s', (_name, parts, code, address, path) => {
    const problems = validateStack(createStack({}, [grafana(), ...parts()]));
    expect(problems.map((p) => [p.code, p.address, p.path])).toEqual([[code, address, path]]);
  });

  test('the file is built from the section alone: same section, same bytes', () => {
    const section = {
      prometheus: prometheusDatasource({ url: 'http://p' }),
      loki: lokiDatasource({ url: 'http://l' }),
    };
    const reversed = { loki: section.loki, prometheus: section.prometheus };
    expect(datasourcesFile(section, {})).toBe(datasourcesFile(reversed, {}));
    expect(render(createStack({}, [grafana()])).files.get('grafana-datasources.yaml')).toContain(
      'prune: true',
    );
  });
});
