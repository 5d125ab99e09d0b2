import {
  addCollectorPipeline,
  addDatasource,
  addMixin,
  addNetworkClient,
  addNotice,
  addPatch,
  addScrapeTarget,
  componentsPlaying,
  DATASOURCE_UIDS,
  type Sections,
  type Stack,
  type StackView,
  type TempoDatasourceJsonData,
  type TracesPipeline,
  type TracesToLogsV2,
  type TracesToMetrics,
  type TracesToProfiles,
  tempoDatasource,
  type Values,
} from '@mixstack/core';
import { serviceUrl } from '@mixstack/kit';
import { kafkaSettings } from './config/kafka.js';
import type { TempoValues } from './config.js';
import { workloadSelector } from './distributed/workload.js';
import { COMPONENT, remoteWriteService, tempoSelector } from './manifests/context.js';
import { distributedScrapeTarget, scrapeTarget } from './manifests/scrape-target.js';
import { MIXIN_NAME, tempoMixin } from './mixin/mixin.js';
import { SOURCE } from './source.js';

/** The id of the traces pipeline in the stack's `collectorPipelines` section. */
export const PIPELINE_ID = 'traces';

/** The network client of the metrics generator, reaching the stack's metrics store. */
export const GENERATOR_CLIENT = 'tempo-generator';

/** The component's own values as a contribution sees them (the layers merged, not yet parsed). */
function ownValues(values: Values): Partial<TempoValues> {
  return (values[COMPONENT] as Partial<TempoValues> | undefined) ?? {};
}

/** Whether Tempo runs in distributed mode: `kafka` with an address (without one it is a problem anyway). */
function isDistributed(values: Values): boolean {
  return kafkaSettings(ownValues(values).kafka) !== undefined;
}

/**
 * The Tempo datasource (uid `tempo`) at the `http` Service: search, the node graph of a trace,
 * streaming over HTTP (`stream_over_http_enabled`). Its links to logs and metrics are added
 * once the datasources are resolved (`withLinks`).
 */
function datasource(_values: Values, view: StackView) {
  const http = view.components[COMPONENT]?.services.http;
  if (!http) return undefined;
  return tempoDatasource({
    url: serviceUrl(http),
    jsonData: {
      nodeGraph: { enabled: true },
      search: { hide: false },
      streamingEnabled: { search: true, metrics: true },
    },
  });
}

/**
 * From a span to its pod's logs around it: the collector labels log streams `namespace` and
 * `pod`, and adds `k8s.namespace.name` and `k8s.pod.name` to spans, so the two name the same
 * pod. Lines are filtered by the trace id (the lines an app logs with it).
 */
export function logsLink(logsUid: string): TracesToLogsV2 {
  return {
    datasourceUid: logsUid,
    spanStartTimeShift: '-5m',
    spanEndTimeShift: '5m',
    tags: [
      { key: 'k8s.namespace.name', value: 'namespace' },
      { key: 'k8s.pod.name', value: 'pod' },
    ],
    filterByTraceID: true,
    filterBySpanID: false,
  };
}

/**
 * From a span to the RED metrics of its service and operation, from the generator's span
 * metrics (`service` is the span metrics' label of `service.name`).
 */
export function metricsLink(metricsUid: string): TracesToMetrics {
  const calls = 'traces_spanmetrics_calls_total';
  return {
    datasourceUid: metricsUid,
    spanStartTimeShift: '-10m',
    spanEndTimeShift: '10m',
    tags: [{ key: 'service.name', value: 'service' }],
    queries: [
      { name: 'Request rate', query: `sum by (span_name) (rate(${calls}{$__tags}[5m]))` },
      {
        name: 'Error rate',
        query: `sum by (span_name) (rate(${calls}{$__tags, status_code="STATUS_CODE_ERROR"}[5m]))`,
      },
      {
        name: 'Latency p95',
        query:
          'histogram_quantile(0.95, sum by (le, span_name) (rate(traces_spanmetrics_latency_bucket{$__tags}[5m])))',
      },
    ],
  };
}

/** The CPU profile type every profiler of the stack writes (pprof CPU profiles and eBPF alike). */
export const CPU_PROFILE_TYPE = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';

/**
 * From a span to the CPU profile of its pod around it (Grafana queries the span's time ±60s),
 * or to the span's own profile when the app tags its spans with `pyroscope.profile.id` (span
 * profiles). The collector labels profiles `namespace` and `pod`, and adds `k8s.namespace.name`
 * and `k8s.pod.name` to spans: the link works without the app naming itself the same way twice.
 */
export function profilesLink(profilesUid: string): TracesToProfiles {
  return {
    datasourceUid: profilesUid,
    profileTypeId: CPU_PROFILE_TYPE,
    tags: [
      { key: 'k8s.namespace.name', value: 'namespace' },
      { key: 'k8s.pod.name', value: 'pod' },
    ],
  };
}

/**
 * The Tempo datasource links to logs exactly when the logs datasource (uid `loki`) is there,
 * to metrics and the service map exactly when the metrics datasource (uid `prometheus`) is,
 * and to profiles exactly when the profiles datasource (uid `pyroscope`) is: known once the
 * datasources section is resolved, whichever package contributed them.
 */
export function withLinks(sections: Sections): Sections {
  const own = sections.datasources[DATASOURCE_UIDS.tempo];
  if (own?.type !== 'tempo') return sections;
  const logs = sections.datasources[DATASOURCE_UIDS.loki];
  const metrics = sections.datasources[DATASOURCE_UIDS.prometheus];
  const profiles = sections.datasources[DATASOURCE_UIDS.pyroscope];
  if (!logs && !metrics && !profiles) return sections;
  const links: TempoDatasourceJsonData = {
    ...(logs ? { tracesToLogsV2: logsLink(DATASOURCE_UIDS.loki) } : {}),
    ...(metrics
      ? {
          tracesToMetrics: metricsLink(DATASOURCE_UIDS.prometheus),
          serviceMap: { datasourceUid: DATASOURCE_UIDS.prometheus },
        }
      : {}),
    ...(profiles ? { tracesToProfiles: profilesLink(DATASOURCE_UIDS.pyroscope) } : {}),
  };
  const jsonData = { ...own.jsonData, ...links };
  return {
    ...sections,
    datasources: { ...sections.datasources, [DATASOURCE_UIDS.tempo]: { ...own, jsonData } },
  };
}

/** The OTLP gRPC endpoint apps and collectors send traces to. */
function otlpEndpoint(view: StackView): string | undefined {
  const otlp = view.components[COMPONENT]?.services.otlpGrpc;
  return otlp ? `${otlp.name}.${otlp.namespace}.svc:${otlp.port}` : undefined;
}

/** The traces pipeline for the stack's collector, unless `collector: false`. */
function tracesPipeline(values: Values, view: StackView): TracesPipeline | undefined {
  const otlp = view.components[COMPONENT]?.services.otlpGrpc;
  const endpoint = otlpEndpoint(view);
  if (ownValues(values).collector === false || !otlp || !endpoint) return undefined;
  return { signal: 'traces', otlpEndpoint: endpoint, destination: otlp };
}

/** Whether a component that renders the collector pipelines runs in the stack. */
function hasCollector(view: StackView): boolean {
  return componentsPlaying(view, 'collector').length > 0;
}

/**
 * What comes with Tempo, left out when it is turned off: its mixin, its scrape target, the
 * Tempo datasource and its links, the traces pipeline, its metrics generator as a client of the
 * stack's metrics store, and notices when span metrics or traces have no way to go.
 */
export function withTempoContributions(stack: Stack): Stack {
  let next = addMixin(stack, SOURCE, MIXIN_NAME, (values, view) =>
    view.has(COMPONENT) ? tempoMixin(values.common.multiCluster) : undefined,
  );
  next = addScrapeTarget(next, SOURCE, COMPONENT, (values, view) => {
    if (!view.has(COMPONENT)) return undefined;
    return isDistributed(values)
      ? distributedScrapeTarget(values.common.namespace)
      : scrapeTarget(values.common.namespace);
  });
  next = addDatasource(next, SOURCE, DATASOURCE_UIDS.tempo, datasource);
  next = addPatch(next, {
    id: `${SOURCE}/datasource-links`,
    source: SOURCE,
    target: 'sections',
    apply: withLinks,
  });
  // The generator writes span metrics to whichever component takes remote writes (`web`).
  // In distributed mode, the metrics-generators' pods.
  next = addNetworkClient(next, SOURCE, GENERATOR_CLIENT, (values) => ({
    podLabels: isDistributed(values) ? workloadSelector('metrics-generator') : tempoSelector(),
    reaches: ['@remote-write'],
  }));
  next = addNotice(next, SOURCE, 'tempo-no-remote-write', (_values, view) => {
    if (!view.has(COMPONENT) || remoteWriteService(view)) return undefined;
    return {
      level: 'warning',
      message:
        "Tempo's metrics generator makes span metrics and the service graph, and the stack has no component that takes Prometheus remote writes (role remote-write): they have nowhere to go, so the Tempo datasource shows no service map and no RED metrics. Add prometheus() from @mixstack/component-prometheus",
    };
  });
  next = addCollectorPipeline(next, SOURCE, PIPELINE_ID, tracesPipeline);
  return addNotice(next, SOURCE, 'tempo-no-collector', (values, view) => {
    const pipeline = tracesPipeline(values, view);
    if (!pipeline || hasCollector(view)) return undefined;
    return {
      level: 'warning',
      message: `Tempo asks for a collector to gather traces, and the stack has none. Add alloy() from @mixstack/component-alloy, or send OTLP to ${pipeline.otlpEndpoint} (gRPC; HTTP on 4318) directly: pass tempo({ collector: false, networkPolicy: { otlpFromEveryNamespace: true } }) so that Tempo's NetworkPolicy admits the apps`,
    };
  });
}
