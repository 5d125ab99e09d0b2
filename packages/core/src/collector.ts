import type { ServiceContract } from './contracts.js';

/**
 * The collector-pipelines contract: what a package asks the stack's one
 * collector to gather and where to send it, as data. The package that receives a signal
 * (Loki for logs) contributes a pipeline; the collector component renders every pipeline into
 * its own configuration. Neither knows the other: the pipeline says what and where, never how
 * a given collector does it.
 */

/** A parsing step the collector applies to each log line, in the order given. */
export type LogStage =
  /** Lines that start with `firstLine` (a regex) open an entry; the others are appended to it (stack traces). */
  | { type: 'multiline'; firstLine: string; maxWaitTime?: string; maxLines?: number }
  /** Parse the line as JSON; `fields` maps extracted names to JSON paths (`level: 'level'`). */
  | { type: 'json'; fields: Record<string, string> }
  /** Parse the line as logfmt; `fields` maps extracted names to logfmt keys. */
  | { type: 'logfmt'; fields: Record<string, string> }
  /** Promote extracted fields to stream labels: label name → extracted name. */
  | { type: 'labels'; labels: Record<string, string> }
  /** Drop lines that match `expression` (a regex), such as health-check noise. */
  | { type: 'drop'; expression: string; reason?: string };

/** Logs of the cluster's pods, gathered on every node, pushed to a log store. */
export interface LogsPipeline {
  signal: 'logs';
  /** The log store's push endpoint (`http://loki.monitoring.svc:3100/loki/api/v1/push`). */
  pushUrl: string;
  /** The Service of the stack the collector pushes to: its pods are what the collector's NetworkPolicy lets it reach. */
  destination: ServiceContract;
  /**
   * How container logs are read. `api`: through the Kubernetes API (no host access, Pod
   * Security restricted); `files`: from `/var/log/pods` on the node (host access, its own
   * privileged namespace, less load on the API server).
   */
  source: 'api' | 'files';
  /** Also gather the cluster's Kubernetes events as log lines. */
  events: boolean;
  /** Labels on every line, besides namespace, pod, container, app, node and cluster. */
  staticLabels: Record<string, string>;
  /** Parsing steps applied to every line, in order. */
  stages: readonly LogStage[];
}

/**
 * Traces the cluster's applications send over OTLP to the collector on their own node, which
 * adds the Kubernetes attributes (namespace, pod, node, service name), batches them and
 * exports them to a trace store over OTLP.
 */
export interface TracesPipeline {
  signal: 'traces';
  /** The trace store's OTLP gRPC endpoint, `host:port` (`tempo.monitoring.svc:4317`). */
  otlpEndpoint: string;
  /** The Service of the stack the collector exports to: its pods (on `podPort`, else `port`) are what the collector may reach. */
  destination: ServiceContract;
}

/**
 * Profiles of the cluster's processes, pushed to a profile store. Two sources, each optional:
 * pulling pprof endpoints of the pods that opt in with the `profiles.grafana.com/<type>.scrape`
 * annotations (no privilege: the collector reaches them over the network), and profiling every
 * process of every node with eBPF (privileged: host PID namespace and kernel capabilities, so
 * the collector runs that part in a namespace of its own).
 */
export interface ProfilesPipeline {
  signal: 'profiles';
  /** The profile store's base URL the collector pushes to (`http://pyroscope.monitoring.svc:4040`). */
  writeUrl: string;
  /** The Service of the stack the collector pushes to: its pods are what the collector's NetworkPolicy lets it reach. */
  destination: ServiceContract;
  /** Pull the profiles of the pods annotated `profiles.grafana.com/<type>.scrape: "true"`. */
  scrape: boolean;
  /** Profile every process on every node with eBPF (CPU only; needs kernel capabilities and the host's PID namespace). */
  ebpf: boolean;
}

/** What one package asks of the collector. */
export type CollectorPipeline = LogsPipeline | TracesPipeline | ProfilesPipeline;
