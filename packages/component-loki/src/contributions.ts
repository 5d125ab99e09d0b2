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
  type DerivedField,
  type LogsPipeline,
  lokiDatasource,
  type Sections,
  type Stack,
  type StackView,
  type Values,
} from '@mixstack/core';
import { durationSeconds, grafanaVar, serviceUrl } from '@mixstack/kit';
import type { LokiValues } from './config.js';
import { COMPONENT, lokiSelector, WORKLOAD } from './manifests/context.js';
import { scrapeTarget } from './manifests/scrape-target.js';
import { lokiMixin, MIXIN_NAME } from './mixin/mixin.js';
import { SOURCE } from './source.js';

/** Where a collector pushes log lines: Loki's push API behind its Service. */
export const PUSH_PATH = '/loki/api/v1/push';

/** The id of the logs pipeline in the stack's `collectorPipelines` section. */
export const PIPELINE_ID = 'logs';

/** The component's own values as a contribution sees them (the layers merged, not yet parsed). */
function ownValues(values: Values): Partial<LokiValues> {
  return (values[COMPONENT] as Partial<LokiValues> | undefined) ?? {};
}

/**
 * The Loki datasource (uid `loki`) at the `http` Service. Grafana waits as long as Loki lets a
 * query run (its proxy's 30s would cut longer ones off).
 */
function datasource(values: Values, view: StackView) {
  const http = view.components[COMPONENT]?.services.http;
  if (!http) return undefined;
  const queryTimeout = ownValues(values).limits?.queryTimeout;
  return lokiDatasource({
    url: serviceUrl(http),
    ...(queryTimeout ? { jsonData: { timeout: durationSeconds(queryTimeout) + 30 } } : {}),
  });
}

/**
 * Links from log lines to traces: the `trace_id` that OpenTelemetry logs carry as structured
 * metadata, and a trace id written in the line (`traceID=…`, `"trace_id":"…"`), each opening
 * the trace in the tracing datasource.
 */
export function traceLinks(tracesUid: string): DerivedField[] {
  const link = { datasourceUid: tracesUid, url: grafanaVar('__value.raw'), urlDisplayLabel: 'View trace' };
  return [
    { name: 'trace_id', matcherType: 'label', matcherRegex: 'trace_id', ...link },
    {
      name: 'TraceID',
      matcherType: 'regex',
      matcherRegex: '(?:trace_?id|traceID)"?[=:]\\s*"?(\\w+)',
      ...link,
    },
  ];
}

/**
 * The Loki datasource links to traces exactly when the stack's tracing datasource (uid
 * `tempo`) is there too: known once the datasources section is resolved, whichever package
 * contributed it.
 */
function withTraceLinks(sections: Sections): Sections {
  const own = sections.datasources[DATASOURCE_UIDS.loki];
  if (own?.type !== 'loki' || !sections.datasources[DATASOURCE_UIDS.tempo]) return sections;
  const jsonData = { ...own.jsonData, derivedFields: traceLinks(DATASOURCE_UIDS.tempo) };
  return {
    ...sections,
    datasources: { ...sections.datasources, [DATASOURCE_UIDS.loki]: { ...own, jsonData } },
  };
}

/** The logs pipeline for the stack's collector, unless `collector: false`. */
function logsPipeline(values: Values, view: StackView): LogsPipeline | undefined {
  const collector = ownValues(values).collector;
  const http = view.components[COMPONENT]?.services.http;
  if (!collector || !http) return undefined;
  return {
    signal: 'logs',
    pushUrl: `${serviceUrl(http)}${PUSH_PATH}`,
    destination: http,
    source: collector.source ?? 'api',
    events: collector.events ?? true,
    staticLabels: { ...collector.staticLabels },
    stages: [...(collector.stages ?? [])],
  };
}

/** Whether a component that renders the collector pipelines runs in the stack. */
function hasCollector(view: StackView): boolean {
  return componentsPlaying(view, 'collector').length > 0;
}

/** The most replicas the stack's sizing allows Loki's StatefulSet, if it says (its cap, or Loki's own plan). */
function sizedReplicas(values: Values): number | undefined {
  const sizing = (values.contracts as { sizing?: Record<string, unknown> } | undefined)?.sizing;
  const planned = (
    sizing?.components as Record<string, { replicas?: Record<string, unknown> }> | undefined
  )?.[COMPONENT]?.replicas?.[WORKLOAD];
  const caps = [sizing?.maxReplicas, planned].filter((n): n is number => typeof n === 'number');
  return caps.length > 0 ? Math.min(...caps) : undefined;
}

/**
 * `ha` keeps its replicas against a sizing weaker than the user's layer (k3s's `edge` caps every
 * workload at 1, a plan from load may give Loki 1): the build says so, since the stack asked for
 * fewer pods. A sizing that does
 * lower them below 3 is a build problem instead (crossFieldProblems).
 */
function haAboveSizing(values: Values, view: StackView) {
  if (ownValues(values).mode !== 'ha') return undefined;
  const replicas = view.components[COMPONENT]?.replicas[WORKLOAD];
  const sized = sizedReplicas(values);
  if (replicas === undefined || sized === undefined || replicas <= sized) return undefined;
  return {
    level: 'info' as const,
    message: `Loki runs ${replicas} replicas in mode "ha", above the ${sized} the stack's sizing allows: "ha" writes each stream to 3 pods, and its replicas count as passed to loki(), which a sizing of a weaker layer (a platform's profile, a plan from load) leaves. Pass loki({ mode: "monolithic" }) for one pod`,
  };
}

/**
 * What comes with Loki, left out when it is turned off: its mixin, its scrape target, the Loki
 * datasource, the logs pipeline, its ruler as a client of the stack's Alertmanager, and
 * notices when nothing gathers the logs or when `ha` runs above the stack's sizing.
 */
export function withLokiContributions(stack: Stack): Stack {
  let next = addMixin(stack, SOURCE, MIXIN_NAME, (values, view) =>
    view.has(COMPONENT) ? lokiMixin(values.common.multiCluster) : undefined,
  );
  next = addScrapeTarget(next, SOURCE, COMPONENT, (values, view) =>
    view.has(COMPONENT) ? scrapeTarget(values.common.namespace) : undefined,
  );
  next = addDatasource(next, SOURCE, DATASOURCE_UIDS.loki, datasource);
  next = addPatch(next, {
    id: `${SOURCE}/trace-links`,
    source: SOURCE,
    target: 'sections',
    apply: withTraceLinks,
  });
  next = addCollectorPipeline(next, SOURCE, PIPELINE_ID, logsPipeline);
  // The ruler sends alerts to whichever component receives them (Alertmanager's `web`).
  next = addNetworkClient(next, SOURCE, 'loki-ruler', { podLabels: lokiSelector(), reaches: ['@alerts'] });
  next = addPatch(next, {
    id: `${SOURCE}/log-recording-rules`,
    source: SOURCE,
    target: 'sections',
    // After the patches that drop or change rules (lib-rules), so that it counts what is left.
    order: 900,
    apply: (sections, { stack: view }) => {
      if (!view.has(COMPONENT)) return sections;
      const count = Object.values(sections.mixins).reduce(
        (sum, mixin) => sum + (mixin.logRules?.groups ?? []).reduce((n, group) => n + group.rules.length, 0),
        0,
      );
      if (count === 0) return sections;
      return {
        ...sections,
        notices: {
          ...sections.notices,
          'loki-log-recording-rules': {
            level: 'warning',
            message: `Loki's ruler evaluates ${count} log recording rule${count === 1 ? '' : 's'} (logRules of the mixins) and sends the results nowhere: this package does not configure the ruler's remote write yet; alert on logs with logAlerts, which reach the Alertmanager`,
          },
        },
      };
    },
  });
  next = addNotice(next, SOURCE, 'loki-ha-above-sizing', haAboveSizing);
  return addNotice(next, SOURCE, 'loki-no-collector', (values, view) => {
    const pipeline = logsPipeline(values, view);
    if (!pipeline || hasCollector(view)) return undefined;
    return {
      level: 'warning',
      message: `Loki asks for a log collector, and the stack has none: nothing sends it logs. Add alloy() from @mixstack/component-alloy, or run your own collector pushing to ${pipeline.pushUrl} (and pass loki({ collector: false }) to say so)`,
    };
  });
}
