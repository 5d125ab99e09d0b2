import type { Datasource } from '../sections.js';
import type {
  AlertmanagerDatasourceJsonData,
  DatasourceJsonDataByType,
  LokiDatasourceJsonData,
  PrometheusDatasourceJsonData,
  PyroscopeDatasourceJsonData,
  TempoDatasourceJsonData,
} from './types.js';

/**
 * The fixed uids of the stack's datasources: dashboards, correlation links and users' bookmarks
 * refer to them, so they never change. Each component contributes its own with `addDatasource`
 * under this uid (the prometheus component contributes `prometheus`, and so on).
 */
export const DATASOURCE_UIDS = {
  prometheus: 'prometheus',
  alertmanager: 'alertmanager',
  loki: 'loki',
  tempo: 'tempo',
  pyroscope: 'pyroscope',
} as const;

/** What every datasource builder takes. */
export interface DatasourceInput<J> {
  /** Where Grafana's server reaches the datasource (`http://prometheus-k8s.monitoring.svc:9090`). */
  url: string;
  /** Name shown in Grafana; unique among the stack's datasources. */
  name?: string;
  /** Selected for new panels; at most one datasource of the stack may be the default. */
  isDefault?: boolean;
  /** Plugin settings, typed per plugin. */
  jsonData?: J;
  /**
   * Secure settings (`basicAuthPassword`, `httpHeaderValue1`, `tlsClientKey`) by the name of the
   * environment variable holding them; the variable is fed from a Secret by Grafana's
   * `secretEnv` option. Never the secret itself.
   */
  secureJsonDataFromEnv?: Record<string, string>;
}

function datasource<T extends keyof DatasourceJsonDataByType>(
  type: T,
  defaults: { name: string; isDefault: boolean; jsonData: DatasourceJsonDataByType[T] | undefined },
  input: DatasourceInput<DatasourceJsonDataByType[T]>,
): Datasource {
  const jsonData = input.jsonData ?? defaults.jsonData;
  return {
    name: input.name ?? defaults.name,
    type,
    url: input.url,
    access: 'proxy',
    isDefault: input.isDefault ?? defaults.isDefault,
    editable: false,
    ...(jsonData ? { jsonData: { ...jsonData } } : {}),
    ...(input.secureJsonDataFromEnv ? { secureJsonDataFromEnv: { ...input.secureJsonDataFromEnv } } : {}),
  };
}

/**
 * A Prometheus datasource entry for the stack's `datasources` section (uid `prometheus`):
 * `addDatasource(stack, source, DATASOURCE_UIDS.prometheus, prometheusDatasource({ url }))`.
 * It is the default datasource unless `isDefault: false`; queries use POST.
 */
export function prometheusDatasource(input: DatasourceInput<PrometheusDatasourceJsonData>): Datasource {
  return datasource(
    'prometheus',
    { name: 'Prometheus', isDefault: true, jsonData: undefined },
    {
      ...input,
      jsonData: { httpMethod: 'POST', ...input.jsonData },
    },
  );
}

/** A Loki datasource entry (uid `loki`); `jsonData.derivedFields` link log lines to traces. */
export function lokiDatasource(input: DatasourceInput<LokiDatasourceJsonData>): Datasource {
  return datasource('loki', { name: 'Loki', isDefault: false, jsonData: undefined }, input);
}

/** A Tempo datasource entry (uid `tempo`), with its links to logs, metrics and the service graph. */
export function tempoDatasource(input: DatasourceInput<TempoDatasourceJsonData>): Datasource {
  return datasource('tempo', { name: 'Tempo', isDefault: false, jsonData: undefined }, input);
}

/**
 * A Pyroscope datasource entry (uid `pyroscope`, plugin `grafana-pyroscope-datasource`, built
 * into Grafana): flame graphs of the stack's profiles; the Tempo datasource links spans to it.
 */
export function pyroscopeDatasource(input: DatasourceInput<PyroscopeDatasourceJsonData>): Datasource {
  return datasource(
    'grafana-pyroscope-datasource',
    { name: 'Pyroscope', isDefault: false, jsonData: undefined },
    input,
  );
}

/**
 * An Alertmanager datasource entry (uid `alertmanager`): silences and alert groups in Grafana's
 * Alerting UI. Grafana-managed alerts are not sent to it unless `handleGrafanaManagedAlerts`.
 */
export function alertmanagerDatasource(
  input: DatasourceInput<Partial<AlertmanagerDatasourceJsonData>>,
): Datasource {
  return datasource(
    'alertmanager',
    { name: 'Alertmanager', isDefault: false, jsonData: undefined },
    {
      ...input,
      jsonData: { implementation: 'prometheus', handleGrafanaManagedAlerts: false, ...input.jsonData },
    },
  );
}
