import {
  addCollectorPipeline,
  addDatasource,
  addMixin,
  addNotice,
  addScrapeTarget,
  componentsPlaying,
  DATASOURCE_UIDS,
  type ProfilesPipeline,
  pyroscopeDatasource,
  type Stack,
  type StackView,
  type Values,
} from '@mixstack/core';
import { serviceUrl } from '@mixstack/kit';
import type { PyroscopeCollector, PyroscopeValues } from './config.js';
import { COMPONENT } from './manifests/context.js';
import { scrapeTarget } from './manifests/scrape-target.js';
import { MIXIN_NAME, pyroscopeMixin } from './mixin/mixin.js';
import { SOURCE } from './source.js';

/** The id of the profiles pipeline in the stack's `collectorPipelines` section. */
export const PIPELINE_ID = 'profiles';

/** The annotations prefix the collector's scrape of profiles reads (`profiles.grafana.com/<type>.scrape`). */
export const ANNOTATION_PREFIX = 'profiles.grafana.com';

/** The component's own values as a contribution sees them (the layers merged, not yet parsed). */
function ownValues(values: Values): Partial<PyroscopeValues> {
  return (values[COMPONENT] as Partial<PyroscopeValues> | undefined) ?? {};
}

/**
 * What the collector is asked to gather: `false` for nothing; a field left out (a layer
 * replaced `false` with a partial object) takes its default, scraping on and eBPF off.
 */
function collectorOf(values: Values): PyroscopeCollector | undefined {
  const collector = ownValues(values).collector;
  if (collector === false) return undefined;
  const asked = (collector ?? {}) as Partial<PyroscopeCollector>;
  const scrape = asked.scrape !== false;
  const ebpf = asked.ebpf === true;
  return scrape || ebpf ? { scrape, ebpf } : undefined;
}

/**
 * The Pyroscope datasource (uid `pyroscope`) at the `http` Service; its smallest step is the
 * collector's interval (15s), below which a profile query has no more detail to show.
 */
function datasource(_values: Values, view: StackView) {
  const http = view.components[COMPONENT]?.services.http;
  if (!http) return undefined;
  return pyroscopeDatasource({ url: serviceUrl(http), jsonData: { minStep: '15s' } });
}

/** The profiles pipeline for the stack's collector, unless `collector: false`. */
function profilesPipeline(values: Values, view: StackView): ProfilesPipeline | undefined {
  const http = view.components[COMPONENT]?.services.http;
  const collector = collectorOf(values);
  if (!http || !collector) return undefined;
  return { signal: 'profiles', writeUrl: serviceUrl(http), destination: http, ...collector };
}

/** Whether a component that renders the collector pipelines runs in the stack. */
function hasCollector(view: StackView): boolean {
  return componentsPlaying(view, 'collector').length > 0;
}

/** What an app adds to its pod template to be profiled by the collector's scrape. */
export function scrapeAnnotationsHint(): string {
  const p = ANNOTATION_PREFIX;
  return [
    `To profile an app, annotate its pod template, per profile type (cpu, memory, goroutine, block, mutex): ${p}/cpu.scrape: "true" and ${p}/cpu.port: "8080" (or ${p}/cpu.port_name: "http"), a port its container declares, optionally ${p}/cpu.path and ${p}/cpu.scheme;`,
    `name it with ${p}/service_name: "shop-api".`,
    'The app serves pprof on that port (Go: import net/http/pprof). See the README of @mixstack/component-pyroscope',
  ].join(' ');
}

/**
 * What comes with Pyroscope, left out when it is turned off: its mixin, its scrape target,
 * the Pyroscope datasource, the profiles pipeline, a notice when the pipeline has no collector
 * to run it, and one that says how an app asks to be profiled.
 */
export function withPyroscopeContributions(stack: Stack): Stack {
  let next = addMixin(stack, SOURCE, MIXIN_NAME, (values, view) =>
    view.has(COMPONENT) ? pyroscopeMixin(values.common.multiCluster) : undefined,
  );
  next = addScrapeTarget(next, SOURCE, COMPONENT, (values, view) =>
    view.has(COMPONENT) ? scrapeTarget(values.common.namespace) : undefined,
  );
  next = addDatasource(next, SOURCE, DATASOURCE_UIDS.pyroscope, datasource);
  next = addCollectorPipeline(next, SOURCE, PIPELINE_ID, profilesPipeline);
  next = addNotice(next, SOURCE, 'pyroscope-no-collector', (values, view) => {
    const pipeline = profilesPipeline(values, view);
    if (!pipeline || hasCollector(view)) return undefined;
    return {
      level: 'warning',
      message: `Pyroscope asks for a collector to gather profiles, and the stack has none. Add alloy() from @mixstack/component-alloy, or push from the apps with a Pyroscope SDK to ${pipeline.writeUrl}: pass pyroscope({ collector: false, networkPolicy: { pushFromEveryNamespace: true } }) so that Pyroscope's NetworkPolicy admits the apps`,
    };
  });
  return addNotice(next, SOURCE, 'pyroscope-scrape-annotations', (values, view) => {
    const pipeline = profilesPipeline(values, view);
    if (!pipeline?.scrape) return undefined;
    return { level: 'info', message: scrapeAnnotationsHint() };
  });
}
