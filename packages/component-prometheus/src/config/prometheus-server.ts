import { type ContainerResources, type DeepPartial, options } from '@mixstack/core';
import {
  clientsSchema,
  linuxNodes,
  nodeSelectorSchema,
  type PodClient,
  resources,
  resourcesSchema,
  type StorageOptions,
  storageSchema,
} from '@mixstack/kit';
import { defaultImages } from '../versions.js';
import type { Shape } from './shared.js';

/** Options of `prometheusServer()`: the `Prometheus` custom resource and what it needs. */
export interface PrometheusServerOptions {
  /** Name of the `Prometheus` resource; its objects are called `prometheus-<name>`. @default 'k8s' */
  name: string;
  /** @default 2 */
  replicas: number;
  /** @default quay.io/prometheus/prometheus:v3.13.2 */
  image: string;
  /** How long samples are kept. @default '15d' */
  retention: string;
  /**
   * Disk space the samples may use before the oldest are deleted (Prometheus units, base 2:
   * `GB` is 2^30 bytes). When left out, 85% of `storage.size`, so that the volume never fills.
   * @default undefined (85% of the storage size)
   */
  retentionSize?: string;
  /** One PersistentVolumeClaim per replica, retained when the StatefulSet goes. @default { size: '50Gi' } */
  storage: StorageOptions;
  /** @default requests 200m / 1Gi, limit 4Gi */
  resources: ContainerResources;
  /** @default '30s' */
  scrapeInterval: string;
  /** @default '30s' */
  evaluationInterval: string;
  /** External labels besides `cluster` (the stack's cluster name), which is always set. @default {} */
  externalLabels: Record<string, string>;
  /** The URL users reach Prometheus at (links in alerts). @default undefined */
  externalUrl?: string;
  /**
   * Namespaces Prometheus discovers targets and reads ServiceMonitors, PodMonitors and rules
   * in. `'all'` grants cluster-wide discovery; with a list, Prometheus gets a Role in each of
   * them, plus the namespaces of the stack's own targets (its namespace, node-exporter's,
   * kube-system and default for the control plane, and every scrape target's).
   * @default 'all'
   */
  targetNamespaces: 'all' | string[];
  /**
   * Labels every PrometheusRule must carry to be loaded (the `ruleSelector`); the rules this
   * stack renders from its mixins carry them.
   * @default { prometheus: 'k8s', role: 'alert-rules' }
   */
  ruleLabels: Record<string, string>;
  /** Exemplar storage (trace ids on samples, for Tempo); `false` turns it off. @default { maxSize: 100000 } */
  exemplars: { maxSize: number } | false;
  /** Accept samples on `/api/v1/write` (Tempo's metrics generator pushes there). @default true */
  remoteWriteReceiver: boolean;
  /** Further Prometheus feature flags (`exemplar-storage` is added while `exemplars` is on). @default [] */
  enableFeatures: string[];
  /**
   * Who may reach Prometheus besides itself and the network clients that reach it through the
   * stack (Grafana, which reaches every datasource): entries by name, merged over a network
   * client of the same name, `false` removing one. @default { clients: {} }
   */
  networkPolicy: { clients: Record<string, PodClient | false> };
  /** @default { 'kubernetes.io/os': 'linux' } */
  nodeSelector: Record<string, string>;
}

export function defaultPrometheusServerOptions(): PrometheusServerOptions {
  return {
    name: 'k8s',
    replicas: 2,
    image: defaultImages().prometheus,
    retention: '15d',
    storage: { size: '50Gi' },
    resources: resources('200m', '1Gi', '4Gi'),
    scrapeInterval: '30s',
    evaluationInterval: '30s',
    externalLabels: {},
    targetNamespaces: 'all',
    ruleLabels: { prometheus: 'k8s', role: 'alert-rules' },
    exemplars: { maxSize: 100000 },
    remoteWriteReceiver: true,
    enableFeatures: [],
    networkPolicy: { clients: {} },
    nodeSelector: linuxNodes(),
  };
}

const url = options.string({
  pattern: /^https?:\/\/[^\s/?#]+([/?#]\S*)?$/,
  expected: 'an http(s) URL such as "https://prometheus.example.com"',
});

const featureFlag = options.string({
  pattern: /^[a-z0-9][a-z0-9-]*$/,
  expected: 'a feature flag name such as "promql-experimental-functions"',
});

/** The server's options; `prometheus()` takes the same at its top level. */
export const prometheusServerShape: Shape = {
  name: options.dnsLabel(),
  replicas: options.integer({ min: 1, max: 100 }),
  image: options.pinnedImage(),
  retention: options.duration(),
  retentionSize: options.byteSize(),
  storage: storageSchema,
  resources: resourcesSchema,
  scrapeInterval: options.duration(),
  evaluationInterval: options.duration(),
  externalLabels: options.labels(),
  externalUrl: url,
  targetNamespaces: options.either(
    options.oneOf(['all'] as const),
    options.array(options.dnsLabel(), { minLength: 1, unique: true }),
  ),
  ruleLabels: options.check(
    options.labels(),
    (labels) => (Object.keys(labels).length === 0 ? 'ruleLabels must not be empty' : undefined),
    'pass at least one label, such as { role: "alert-rules" }: an empty ruleSelector would load every PrometheusRule of the cluster',
  ),
  exemplars: options.either(
    options.oneOf([false] as const),
    options.object({ maxSize: options.integer({ min: 1, max: 100_000_000 }) }),
  ),
  remoteWriteReceiver: options.boolean(),
  enableFeatures: options.array(featureFlag, { unique: true }),
  networkPolicy: options.object({ clients: clientsSchema }),
  nodeSelector: nodeSelectorSchema,
};

export const prometheusServerOptionsSchema = options.object(prometheusServerShape) as options.Schema<
  DeepPartial<PrometheusServerOptions>
>;
