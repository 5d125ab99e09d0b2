import {
  type AdmittedClient,
  type BuildContext,
  type CollectorPipeline,
  type CommonValues,
  type ContainerResources,
  contentHash,
  MixstackError,
} from '@mixstack/core';
import { admittedClients, type ComponentLabels, image, objectLabels, selectorLabels } from '@mixstack/kit';
import type { AlloyValues } from '../config.js';
import { alloyConfig, type PipelineNeeds, pipelineNeeds, profilerConfig } from '../pipelines/index.js';
import { printAlloy } from '../syntax/printer.js';

/** The component's name in the stack: its values key, and the prefix of its addresses and files. */
export const COMPONENT = 'alloy';
/** The Kubernetes name of its objects and of its container. */
export const NAME = 'alloy';
/** Alloy's HTTP server: `/metrics`, the health endpoints and the UI. */
export const HTTP_PORT = 12345;
export const HTTP_PORT_NAME = 'http-metrics';
/** The headless Service through which the pods find their peers of the Alloy cluster. */
export const CLUSTER_SERVICE = 'alloy-cluster';
/** With a traces pipeline, the Service applications send OTLP to (4317 gRPC, 4318 HTTP), served on their own node. */
export const OTLP_SERVICE = 'alloy-otlp';
/** Where the configuration is mounted, and the file Alloy runs. */
export const CONFIG_DIR = '/etc/alloy';
export const CONFIG_FILE = 'config.alloy';
/** A writable `emptyDir` under a read-only root filesystem. */
export const TMP_DIR = '/tmp';
/** Alloy's data (positions of the files and streams it reads, the WAL). */
export const STORAGE_DIR = `${TMP_DIR}/alloy`;
/** The uid of the `alloy` user of Grafana's image. */
export const ALLOY_USER = 473;
/**
 * The eBPF profiler's objects and container (a profiles pipeline with `ebpf`). Its Service's
 * name is its scrape job (`alloy-profiler`), apart from the collector's `alloy`: the mixin's
 * alerts on `job="alloy"` keep meaning the collector.
 */
export const PROFILER_NAME = 'alloy-profiler';
/** The scrape target of the profiler's pods, in its own namespace. */
export const PROFILER_TARGET = 'alloy-profiler';

/** The profiler's labels: Alloy's, as another component of it (selectors differ from the collector's). */
export const profilerLabels = (imageReference: string): ComponentLabels => ({
  name: NAME,
  component: 'profiler',
  image: imageReference,
});

/**
 * The labels of the OTLP Service: not the pods' component either, so that the scraper, which
 * selects Services by the pods' labels, does not find the pods through it too.
 */
export const otlpServiceLabels = (imageReference: string): ComponentLabels => ({
  name: NAME,
  component: 'otlp',
  image: imageReference,
});

/**
 * The labels of the headless cluster Service: not the pods' component, so that the scraper,
 * which selects Services by the pods' labels, does not scrape every pod twice.
 */
export const clusterServiceLabels = (imageReference: string): ComponentLabels => ({
  name: NAME,
  component: 'cluster',
  image: imageReference,
});

/** The recommended labels; the selector labels carry no version (a DaemonSet's selector is immutable). */
export const componentLabels = (imageReference: string): ComponentLabels => ({
  name: NAME,
  component: 'collector',
  image: imageReference,
});

/** The namespace of the pods when they read the node's files: the option, or `<stack namespace>-alloy`. */
export function nodeLogsNamespace(values: Pick<AlloyValues, 'namespace'>, common: CommonValues): string {
  if (values.namespace) return values.namespace;
  const derived = `${common.namespace}-alloy`;
  if (derived.length > 63) {
    throw new MixstackError({
      code: 'INVALID_NAME',
      message: `the derived namespace "${derived}" is longer than 63 characters`,
      address: COMPONENT,
      path: 'namespace',
      value: derived,
      hint: 'set alloy({ namespace }) to a shorter name',
    });
  }
  return derived;
}

/** The profiler's namespace: the option, or `<stack namespace>-profiler`. */
export function profilerNamespace(values: Pick<AlloyValues, 'profiler'>, common: CommonValues): string {
  if (values.profiler?.namespace) return values.profiler.namespace;
  const derived = `${common.namespace}-profiler`;
  if (derived.length > 63) {
    throw new MixstackError({
      code: 'INVALID_NAME',
      message: `the derived namespace "${derived}" of the eBPF profiler is longer than 63 characters`,
      address: COMPONENT,
      path: 'profiler.namespace',
      value: derived,
      hint: 'set alloy({ profiler: { namespace } }) to a shorter name',
    });
  }
  return derived;
}

/** What the profiler's manifests read (a profiles pipeline with `ebpf`). */
export interface ProfilerContext {
  namespace: string;
  /** Its `config.alloy`, and the checksum that rolls its pods. */
  config: string;
  configChecksum: string;
  labels: Record<string, string>;
  selector: Record<string, string>;
  resources: ContainerResources;
}

/** What every manifest function reads: the final values, and what is derived from them once. */
export interface AlloyContext {
  values: AlloyValues;
  /** Where the pods run: the stack's namespace, or their own with host access. */
  namespace: string;
  stackNamespace: string;
  /** The pipelines of the stack, by id. */
  pipelines: Readonly<Record<string, CollectorPipeline>>;
  needs: PipelineNeeds;
  /** `config.alloy`, and its checksum, which rolls the pods when it changes. */
  config: string;
  configChecksum: string;
  /** The image with the stack's `imageRegistry` applied. */
  image: string;
  labels: Record<string, string>;
  selector: Record<string, string>;
  /** The container's resources as the contract resolved them: the options, then adjustments of other packages. */
  resources: ContainerResources;
  /** Who reaches the HTTP port: the stack's network clients (its scraper), then the options' own. */
  clients: Readonly<Record<string, AdmittedClient | false>>;
  clientRoles: Readonly<Record<string, readonly string[]>>;
  /** With a profiles pipeline that asks for `ebpf`: the profiler. */
  profiler: ProfilerContext | undefined;
}

function profilerContextOf(
  ctx: BuildContext<AlloyValues>,
  needs: PipelineNeeds,
): ProfilerContext | undefined {
  if (!needs.ebpf) return undefined;
  const config = printAlloy(
    profilerConfig(ctx.collectorPipelines, ctx.common.cluster, `${COMPONENT}/profilerConfigMap`),
  );
  const labels = profilerLabels(ctx.values.image);
  const namespace = profilerNamespace(ctx.values, ctx.common);
  // Privileged, with nothing else in it: not the stack's namespace, nor the collector's own.
  const taken = [
    ctx.common.namespace,
    ...(needs.nodeLogFiles ? [nodeLogsNamespace(ctx.values, ctx.common)] : []),
  ];
  if (taken.includes(namespace)) {
    throw new MixstackError({
      code: 'INVALID_NAME',
      message: `the eBPF profiler's namespace "${namespace}" is already the ${namespace === ctx.common.namespace ? "stack's" : "collector's"}: it needs one of its own, labelled privileged with nothing else in it`,
      address: COMPONENT,
      path: 'profiler.namespace',
      value: namespace,
      hint: `set alloy({ profiler: { namespace } }) to a namespace of its own, such as "${ctx.common.namespace}-profiler"`,
    });
  }
  return {
    namespace,
    config,
    configChecksum: contentHash(config),
    labels: objectLabels(labels),
    selector: selectorLabels(labels),
    resources: ctx.contracts.containers[PROFILER_NAME] ?? ctx.values.profiler.resources,
  };
}

export function contextOf(ctx: BuildContext<AlloyValues>): AlloyContext {
  const labels = componentLabels(ctx.values.image);
  const pipelines = ctx.collectorPipelines;
  const needs = pipelineNeeds(pipelines);
  const config = printAlloy(alloyConfig(pipelines, ctx.common.cluster, `${COMPONENT}/configMap`));
  return {
    values: ctx.values,
    namespace: needs.nodeLogFiles ? nodeLogsNamespace(ctx.values, ctx.common) : ctx.common.namespace,
    stackNamespace: ctx.common.namespace,
    pipelines,
    needs,
    config,
    configChecksum: contentHash(config),
    image: image(ctx.values.image, ctx.common),
    labels: objectLabels(labels),
    selector: selectorLabels(labels),
    resources: ctx.contracts.containers[NAME] ?? ctx.values.resources,
    clients: admittedClients(ctx.contracts.networkClients, ctx.values.networkPolicy.clients),
    clientRoles: ctx.contracts.networkClientRoles,
    profiler: profilerContextOf(ctx, needs),
  };
}
