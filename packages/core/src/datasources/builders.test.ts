import { describe, expect, test } from 'vitest';
import {
  alertmanagerDatasource,
  DATASOURCE_UIDS,
  lokiDatasource,
  prometheusDatasource,
  pyroscopeDatasource,
  tempoDatasource,
} from './builders.js';

describe('datasource builders', () => {
  test('the fixed uids never change: dashboards and correlation links refer to them', () => {
    expect(DATASOURCE_UIDS).toEqual({
      prometheus: 'prometheus',
      alertmanager: 'alertmanager',
      loki: 'loki',
      tempo: 'tempo',
      pyroscope: 'pyroscope',
    });
  });

  test('Prometheus is the default datasource and queries with POST unless told otherwise', () => {
    expect(prometheusDatasource({ url: 'http://prometheus:9090' })).toEqual({
      name: 'Prometheus',
      type: 'prometheus',
      url: 'http://prometheus:9090',
      access: 'proxy',
      isDefault: true,
      editable: false,
      jsonData: { httpMethod: 'POST' },
    });
    const custom = prometheusDatasource({
      url: 'http://p:9090',
      isDefault: false,
      jsonData: {
        httpMethod: 'GET',
        exemplarTraceIdDestinations: [{ name: 'trace_id', datasourceUid: 'tempo' }],
      },
    });
    expect(custom.isDefault).toBe(false);
    expect(custom.jsonData).toEqual({
      httpMethod: 'GET',
      exemplarTraceIdDestinations: [{ name: 'trace_id', datasourceUid: 'tempo' }],
    });
  });

  test.each([
    ['loki', lokiDatasource, 'Loki'],
    ['tempo', tempoDatasource, 'Tempo'],
    ['grafana-pyroscope-datasource', pyroscopeDatasource, 'Pyroscope'],
  ] as const)('%s: named after its plugin, never the default', (type, build, name) => {
    const entry = build({ url: 'http://x:3100', secureJsonDataFromEnv: { basicAuthPassword: 'PASSWORD' } });
    expect(entry).toMatchObject({
      type,
      name,
      isDefault: false,
      secureJsonDataFromEnv: { basicAuthPassword: 'PASSWORD' },
    });
    expect(entry.jsonData).toBeUndefined();
  });

  test('Pyroscope takes its smallest query step', () => {
    expect(pyroscopeDatasource({ url: 'http://pyroscope:4040', jsonData: { minStep: '15s' } })).toMatchObject(
      {
        type: 'grafana-pyroscope-datasource',
        url: 'http://pyroscope:4040',
        jsonData: { minStep: '15s' },
      },
    );
  });

  test('Alertmanager uses the Prometheus implementation and does not take Grafana-managed alerts', () => {
    expect(alertmanagerDatasource({ url: 'http://am:9093' }).jsonData).toEqual({
      implementation: 'prometheus',
      handleGrafanaManagedAlerts: false,
    });
  });
});
