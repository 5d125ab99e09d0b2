import { type ContainerResources, type DeepPartial, options } from '@mixstack/core';
import {
  clientsSchema,
  type DataStore,
  defineObjectStorage,
  defineSinglePodStore,
  durationSeconds,
  linuxNodes,
  nodeSelectorSchema,
  type ObjectStorageOptions,
  type ObjectStorageSettings,
  type PodClient,
  resources,
  resourcesSchema,
  type StorageOptions,
  storageSchema,
} from '@mixstack/kit';
import { TEMPO_IMAGE } from './versions.js';

/** Where Tempo keeps trace blocks: the PersistentVolumeClaim (`local`), or a bucket. */
export type TempoStore = DataStore;

/**
 * Where trace blocks go when not on the PersistentVolumeClaim (`local`): `gcs` or `s3`, with the
 * bucket of trace blocks and, for `s3`, its region (the endpoint is `s3.<region>.amazonaws.com`,
 * else `s3.amazonaws.com`). See the kit's `ObjectStorageOptions`.
 */
export type TempoObjectStorage = ObjectStorageOptions;

/** Who may reach Tempo besides the network clients that reach it through the stack. */
export interface TempoNetworkPolicy {
  /**
   * Entries by name, merged over a network client of the same name, `false` removing one. A
   * client of your own is admitted on every port (HTTP and OTLP).
   * @default {}
   */
  clients: Record<string, PodClient | false>;
  /**
   * Admit OTLP (4317, 4318) from every pod of every namespace: applications that send traces
   * to Tempo directly rather than through the stack's collector.
   * @default false
   */
  otlpFromEveryNamespace: boolean;
}

/** The values of the `tempo` component (`values.tempo`, every layer merged): every field set. */
export interface TempoValues {
  /**
   * The image, pinned (no `latest`); `common.imageRegistry` replaces its registry.
   * @default TEMPO_IMAGE (versions.ts)
   */
  image: string;
  /**
   * Pods of the single binary. Tempo 3 in monolithic mode is one pod: its backend scheduler
   * must run once, and its live store holds the recent traces of its own distributor only
   * (scaling out is Tempo's microservices mode, with Kafka, which this package does not deploy).
   * Any other value is refused with that reason, from the option or from an adjustment (it is
   * published as the replicas of the workload `tempo`, so that a stack-wide sizing sees it).
   * @default 1
   */
  replicas: number;
  /**
   * Requests and limits of the `tempo` container. Published as a contract: other packages
   * adjust them by container name (`setResources('tempo', 'tempo', ...)` of lib-rules).
   * @default { requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '2Gi' } }
   */
  resources: ContainerResources;
  /**
   * The PersistentVolumeClaim at `/var/tempo`, retained when the StatefulSet goes: the
   * write-ahead logs, the live store's blocks, the metrics generator's WAL, the backend
   * scheduler's work, and the trace blocks with `local`.
   * @default { size: '10Gi' }
   */
  storage: StorageOptions;
  /** Where trace blocks go besides the volume (see `TempoObjectStorage`). @default {} */
  objectStorage: TempoObjectStorage;
  /**
   * How long traces are kept: older blocks are deleted (`block_retention`). At least 1h; never
   * 0, which would keep them forever. A week covers the usual "what happened last week"
   * investigation while keeping a 10Gi volume enough for a small cluster; the RED metrics the
   * generator derives from the spans live on in Prometheus, for Prometheus' retention. Published
   * as the component's retention: `adjustRetention` and a stack-wide sizing's `maxRetention`
   * shorten it where made in a layer at least as strong.
   * @default '7d'
   */
  retention: string;
  /**
   * The traces pipeline contributed to the stack's collector (apps send OTLP to the collector
   * on their node, which adds the Kubernetes attributes and exports to Tempo); `false`
   * contributes none (apps or your own collector send to `tempo.<namespace>.svc:4317`).
   * @default true
   */
  collector: boolean;
  /** Who may reach Tempo (see `TempoNetworkPolicy`). @default { clients: {}, otlpFromEveryNamespace: false } */
  networkPolicy: TempoNetworkPolicy;
  /** @default { 'kubernetes.io/os': 'linux' } */
  nodeSelector: Record<string, string>;
  /** `server.log_level`. @default 'info' */
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

/** The options of `tempo()`: any of its values, deeply (the defaults fill the rest). */
export type TempoOptions = DeepPartial<TempoValues>;

/** Fresh defaults for every stack, so that nothing mutable is shared between two stacks. */
export function defaultTempoValues(): TempoValues {
  return {
    image: TEMPO_IMAGE,
    replicas: 1,
    resources: resources('100m', '512Mi', '2Gi'),
    storage: { size: '10Gi' },
    objectStorage: {},
    retention: '7d',
    collector: true,
    networkPolicy: { clients: {}, otlpFromEveryNamespace: false },
    nodeSelector: linuxNodes(),
    logLevel: 'info',
  };
}

/**
 * The retention as Tempo reads it: Go's durations know no days or weeks, so `7d` is `168h`
 * (whole hours; minutes and seconds are kept when given).
 */
export function goDuration(duration: string): string {
  const seconds = Math.round(durationSeconds(duration));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  return `${hours > 0 ? `${hours}h` : ''}${minutes > 0 ? `${minutes}m` : ''}${rest > 0 || seconds === 0 ? `${rest}s` : ''}`;
}

/** The checks of Tempo's replicas and retention, for its options and for the stack's adjustments. */
const singlePod = defineSinglePodStore({
  product: 'Tempo',
  keeps: 'traces',
  workload: 'tempo',
  // Why Tempo runs one pod, for the option's problem and an adjustment's alike.
  onePod:
    "Tempo 3 in monolithic mode is one pod: its backend scheduler must run once, and each pod's live store would hold only the recent traces it received",
  scaleOut: 'Tempo 3 in microservices mode (with Kafka)',
  exampleRetention: '7d',
});
const { retentionSchema, replicasSchema } = singlePod;

/** Where Tempo keeps its trace blocks: the option, its schema, its problems, its bucket contract. */
export const objectStorage = defineObjectStorage({
  product: 'Tempo',
  keeps: 'traces',
  stores: 'trace blocks',
  exampleBucket: 'acme-prod-tempo',
  bucketId: 'traces',
});

/** Checks the user's options when the part is applied, and the final values once per render. */
export const tempoSchema: options.Schema<TempoOptions> = options.object({
  image: options.pinnedImage(),
  replicas: replicasSchema,
  resources: resourcesSchema,
  storage: storageSchema,
  objectStorage: objectStorage.schema,
  retention: retentionSchema,
  collector: options.boolean(),
  networkPolicy: options.object({ clients: clientsSchema, otlpFromEveryNamespace: options.boolean() }),
  nodeSelector: nodeSelectorSchema,
  logLevel: options.oneOf(['debug', 'info', 'warn', 'error'] as const),
}) as options.Schema<TempoOptions>;

/** What the code works with, derived once from the values and the stack's common values. */
export type TempoSettings = ObjectStorageSettings;

/**
 * What the values as rendered cannot be, when the stack's adjustments or sizing changed the
 * options (which their schema already checked): more than one pod, a retention under 1h.
 */
export const resolvedProblems = singlePod.resolvedProblems;
