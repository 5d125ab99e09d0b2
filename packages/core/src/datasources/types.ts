/**
 * Typed `jsonData` of the datasources mixstack provisions, in the field names of Grafana's
 * provisioning files. grafana-foundation-sdk has no provisioning types, so these are our own,
 * kept to the fields we use and checked against Grafana's documentation:
 * - provisioning: grafana.com/docs/grafana/latest/administration/provisioning/#data-sources
 * - Prometheus: grafana.com/docs/grafana/latest/datasources/prometheus/configure/ ("Provision the Prometheus data source")
 * - Loki: grafana.com/docs/grafana/latest/datasources/loki/configure-loki-data-source/ (derived fields)
 * - Tempo: grafana.com/docs/grafana/latest/datasources/tempo/configure-tempo-data-source/provision/
 * - Pyroscope: grafana.com/docs/grafana/latest/datasources/pyroscope/ (`minStep`)
 * - Alertmanager: the provisioning table ("implementation", "handleGrafanaManagedAlerts")
 *
 * Values are what Grafana shows in its UI: write `${__value.raw}`, not `$${__value.raw}`.
 * The provisioning file escapes every `$` itself (Grafana expands environment variables in
 * every string of a provisioning file; `$$` is a literal `$`).
 */

/** Settings every HTTP datasource understands. */
export interface HttpJsonData {
  /** Request timeout in seconds (overrides `dataproxy.timeout`). */
  timeout?: number;
  /** Verify the server's certificate against the CA in `secureJsonData.tlsCACert`. */
  tlsAuthWithCACert?: boolean;
  /** Send the client certificate in `secureJsonData.tlsClientCert`/`tlsClientKey`. */
  tlsAuth?: boolean;
  /** Do not verify the server's certificate (not recommended). */
  tlsSkipVerify?: boolean;
  /** Name of the server certificate, when it differs from the URL's host. */
  serverName?: string;
  /** Names of custom HTTP headers; their values go in `secureJsonData.httpHeaderValue1`, ... */
  httpHeaderName1?: string;
  httpHeaderName2?: string;
  httpHeaderName3?: string;
  /** Cookies forwarded to the datasource. */
  keepCookies?: string[];
}

/** An exemplar's link to a trace: internal (`datasourceUid`) or external (`url`). */
export interface ExemplarTraceIdDestination {
  /** Label of the exemplar holding the trace id (`trace_id` for OpenTelemetry, `traceID` for Jaeger clients). */
  name: string;
  /** Uid of the tracing datasource (Tempo) for an internal link. */
  datasourceUid?: string;
  /** URL of an external link; `${__value.raw}` is the trace id. */
  url?: string;
  /** Text of the link. */
  urlDisplayLabel?: string;
}

export interface PrometheusDatasourceJsonData extends HttpJsonData {
  /** `POST` (default, allows long queries) or `GET`. */
  httpMethod?: 'POST' | 'GET';
  /** The scrape interval: the smallest step Grafana queries with (`15s`, `30s`). */
  timeInterval?: string;
  /** Query timeout (`60s`). */
  queryTimeout?: string;
  /** `Prometheus`, `Mimir`, `Cortex` or `Thanos`. */
  prometheusType?: 'Prometheus' | 'Mimir' | 'Cortex' | 'Thanos';
  /** The server's version, such as `3.13.2`: Grafana uses the APIs that version has. */
  prometheusVersion?: string;
  /** Links from exemplars to traces. */
  exemplarTraceIdDestinations?: ExemplarTraceIdDestination[];
  /** Show data-source-managed rules in the Alerting UI. */
  manageAlerts?: boolean;
  /** Uid of the Alertmanager datasource that handles this datasource's alerts. */
  alertmanagerUid?: string;
  /** Browser cache level of the query editor. */
  cacheLevel?: 'Low' | 'Medium' | 'High' | 'None';
  /** Do not fetch and parse recording rules (a big rule set makes dashboards slow). */
  disableRecordingRules?: boolean;
  /** URL-encoded query parameters added to every query. */
  customQueryParameters?: string;
  /** Default query editor. */
  defaultEditor?: 'code' | 'builder';
}

/** A field Grafana derives from a log line (or a label) and links to a trace. */
export interface DerivedField {
  /** Name of the field shown on the log line. */
  name: string;
  /** Regex whose first group is the value (`regex`), or the label name (`label`). */
  matcherRegex: string;
  /** `regex` (default) matches the log line; `label` reads a label or structured metadata (OTLP `trace_id`). */
  matcherType?: 'regex' | 'label';
  /** For an internal link the query sent to `datasourceUid` (`${__value.raw}`); otherwise the full URL. */
  url: string;
  /** Uid of the datasource of an internal link (Tempo). */
  datasourceUid?: string;
  /** Text of the link. */
  urlDisplayLabel?: string;
  /** Open an external link in a new tab. */
  targetBlank?: boolean;
}

export interface LokiDatasourceJsonData extends HttpJsonData {
  /** Maximum number of log lines Grafana fetches (default 1000). */
  maxLines?: number;
  /** Fields derived from log lines, with links to traces. */
  derivedFields?: DerivedField[];
  /** Show data-source-managed rules in the Alerting UI. */
  manageAlerts?: boolean;
  /** Uid of the Alertmanager datasource that handles this datasource's alerts. */
  alertmanagerUid?: string;
}

/** A span attribute (`key`), optionally renamed for the target datasource (`value`). */
export interface TraceTag {
  key: string;
  value?: string;
}

export interface TracesToLogsV2 {
  /** Uid of the logs datasource (Loki). */
  datasourceUid: string;
  /** Shift of the query's start from the span's start (`-1h`, `-5m`). */
  spanStartTimeShift?: string;
  /** Shift of the query's end from the span's end (`1h`, `5m`). */
  spanEndTimeShift?: string;
  /** Span attributes that become label matchers of the logs query. */
  tags?: TraceTag[];
  /** Filter the log lines by the trace id. */
  filterByTraceID?: boolean;
  /** Filter the log lines by the span id. */
  filterBySpanID?: boolean;
  /** Use `query` instead of the generated one. */
  customQuery?: boolean;
  /** The logs query, with `${__span.traceId}`, `${__tags}` and the like. */
  query?: string;
}

export interface TracesToMetrics {
  /** Uid of the metrics datasource (Prometheus). */
  datasourceUid: string;
  spanStartTimeShift?: string;
  spanEndTimeShift?: string;
  /** Span attributes that become label matchers (`$__tags` in the queries). */
  tags?: TraceTag[];
  /** Named PromQL queries shown as links on a span. */
  queries?: { name: string; query: string }[];
}

export interface TracesToProfiles {
  /** Uid of the profiles datasource (Pyroscope). */
  datasourceUid: string;
  tags?: TraceTag[];
  /** Profile type such as `process_cpu:cpu:nanoseconds:cpu:nanoseconds`. */
  profileTypeId?: string;
  customQuery?: boolean;
  query?: string;
}

export interface TempoDatasourceJsonData extends HttpJsonData {
  /** Links from spans to logs. */
  tracesToLogsV2?: TracesToLogsV2;
  /** Links from spans to metrics. */
  tracesToMetrics?: TracesToMetrics;
  /** Links from spans to profiles. */
  tracesToProfiles?: TracesToProfiles;
  /** The Prometheus datasource holding the metrics-generator's service graph. */
  serviceMap?: { datasourceUid: string };
  /** Show the node graph of a trace. */
  nodeGraph?: { enabled: boolean };
  /** Search traces through a Loki datasource (older Grafana versions; kept for them). */
  lokiSearch?: { datasourceUid: string };
  /** Hide the search tab. */
  search?: { hide?: boolean };
  /** Time window of trace-by-id queries around the span. */
  traceQuery?: { timeShiftEnabled?: boolean; spanStartTimeShift?: string; spanEndTimeShift?: string };
  /** Stream search and metrics results (needs Tempo's gRPC streaming endpoint). */
  streamingEnabled?: { search?: boolean; metrics?: boolean };
}

export interface PyroscopeDatasourceJsonData extends HttpJsonData {
  /** The smallest step of profile queries (`15s`, the collector's scrape interval). */
  minStep?: string;
}

export interface AlertmanagerDatasourceJsonData extends HttpJsonData {
  /** The Alertmanager implementation: `prometheus` for Prometheus' Alertmanager. */
  implementation: 'prometheus' | 'mimir' | 'cortex';
  /** Send Grafana-managed alerts to this Alertmanager. */
  handleGrafanaManagedAlerts?: boolean;
}

/** The plugin types mixstack knows the `jsonData` of. */
export interface DatasourceJsonDataByType {
  prometheus: PrometheusDatasourceJsonData;
  loki: LokiDatasourceJsonData;
  tempo: TempoDatasourceJsonData;
  'grafana-pyroscope-datasource': PyroscopeDatasourceJsonData;
  alertmanager: AlertmanagerDatasourceJsonData;
}
