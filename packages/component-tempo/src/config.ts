import { type ContainerResources, type DeepPartial, MixstackError, options } from '@mixstack/core';
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
import { EXAMPLE_ADDRESS, kafkaSchema, type TempoKafka } from './config/kafka.js';
import { TEMPO_IMAGE } from './versions.js';

export type { TempoKafka } from './config/kafka.js';

/** A workload of the distributed mode that scales by its own replicas. */
export interface TempoScalableWorkload {
  /**
   * Its pods; a PodDisruptionBudget and spreading over nodes from 2.
   * @default per workload (see `TempoDistributed`)
   */
  replicas: number;
  /**
   * Requests and limits of its container.
   * @default per workload (see `TempoDistributed`)
   */
  resources: ContainerResources;
}

/** A workload of the distributed mode whose pods are counted elsewhere (partitions) or fixed (one scheduler). */
export interface TempoFixedWorkload {
  /**
   * Requests and limits of its container.
   * @default per workload (see `TempoDistributed`)
   */
  resources: ContainerResources;
}

/**
 * The workloads of Tempo 3's distributed mode, rendered only with `kafka`: each runs the same
 * image with its own `-target`. Their replicas and resources are published by workload id
 * (`distributor`, `queryFrontend`, ...) and container name (`distributor`, `query-frontend`, ...).
 */
export interface TempoDistributed {
  /**
   * Receives OTLP from the collector and writes it to Kafka.
   * @default { replicas: 2, resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } } }
   */
  distributor: TempoScalableWorkload;
  /**
   * Grafana's endpoint (HTTP 3200): splits queries into jobs for the queriers.
   * @default { replicas: 2, resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '1Gi' } } }
   */
  queryFrontend: TempoScalableWorkload;
  /**
   * Runs the query jobs against the live-stores (recent traces) and the bucket.
   * @default { replicas: 2, resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '2Gi' } } }
   */
  querier: TempoScalableWorkload;
  /**
   * One per Kafka partition (`kafka.partitions`): the recent traces, on its claim (`storage`).
   * @default { resources: { requests: { cpu: '200m', memory: '1Gi' }, limits: { memory: '4Gi' } } }
   */
  liveStore: TempoFixedWorkload;
  /**
   * One per Kafka partition (`kafka.partitions`): cuts blocks and writes them to the bucket.
   * @default { resources: { requests: { cpu: '200m', memory: '512Mi' }, limits: { memory: '2Gi' } } }
   */
  blockBuilder: TempoFixedWorkload;
  /**
   * Reads the spans from Kafka and writes span metrics and the service graph to Prometheus.
   * @default { replicas: 1, resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '2Gi' } } }
   */
  metricsGenerator: TempoScalableWorkload;
  /**
   * Plans compaction and retention; always one pod (Tempo runs one scheduler).
   * @default { resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '512Mi' } } }
   */
  backendScheduler: TempoFixedWorkload;
  /**
   * Runs the scheduler's compaction and retention jobs on the bucket.
   * @default { replicas: 1, resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '2Gi' } } }
   */
  backendWorker: TempoScalableWorkload;
}

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
   * (scaling out is Tempo's distributed mode: `kafka: { address }`). Any other value is refused
   * with that reason, from the option or from an adjustment (it is published as the replicas
   * of the workload `tempo`, so that a stack-wide sizing sees it).
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
   * scheduler's work, and the trace blocks with `local`. In distributed mode, the claim of
   * each live-store.
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
  /**
   * Tempo 3's distributed mode, through your Kafka (see `TempoKafka`): given, the distributed
   * workloads (`distributed`) replace the single binary, and trace blocks must go to a bucket.
   * Left out: monolithic mode, one pod, no Kafka.
   * @default undefined (monolithic)
   */
  kafka?: TempoKafka;
  /**
   * The workloads of the distributed mode, with `kafka` (see `TempoDistributed`); unused without.
   * @default their replicas and resources (see `TempoDistributed`)
   */
  distributed: TempoDistributed;
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
    distributed: {
      distributor: { replicas: 2, resources: resources('100m', '256Mi', '1Gi') },
      queryFrontend: { replicas: 2, resources: resources('100m', '128Mi', '1Gi') },
      querier: { replicas: 2, resources: resources('100m', '256Mi', '2Gi') },
      liveStore: { resources: resources('200m', '1Gi', '4Gi') },
      blockBuilder: { resources: resources('200m', '512Mi', '2Gi') },
      metricsGenerator: { replicas: 1, resources: resources('100m', '256Mi', '2Gi') },
      backendScheduler: { resources: resources('50m', '128Mi', '512Mi') },
      backendWorker: { replicas: 1, resources: resources('100m', '256Mi', '2Gi') },
    },
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

/** Why the single binary runs one pod, for the option's problem and an adjustment's alike. */
const ONE_POD =
  "Tempo 3 in monolithic mode is one pod: its backend scheduler must run once, and each pod's live store would hold only the recent traces it received";

/** What to do instead of more pods of the single binary: the distributed mode, through the user's Kafka. */
const SCALE_OUT = `scaling out is Tempo 3's distributed mode: pass kafka: { address: "${EXAMPLE_ADDRESS}" } (your Kafka) with object storage`;

/**
 * The retention checks of Tempo (kit's, shared with the other single-pod stores). Its replicas
 * are checked here instead: kit's text says the scaled-out mode is not deployed, and this
 * package deploys it (`kafka`).
 */
const singlePod = defineSinglePodStore({
  product: 'Tempo',
  keeps: 'traces',
  workload: 'tempo',
  onePod: ONE_POD,
  scaleOut: 'Tempo 3 in distributed mode (kafka)',
  exampleRetention: '7d',
});
const { retentionSchema } = singlePod;

/** The `replicas` option of the single binary: 1, with the reason and the way to scale out for anything else. */
const replicasSchema = options.check(
  options.integer({ min: 1, max: 20 }),
  (value) => (value === 1 ? undefined : ONE_POD),
  `keep replicas: 1 and give the pod more resources; ${SCALE_OUT}`,
);

/** Where Tempo keeps its trace blocks: the option, its schema, its problems, its bucket contract. */
export const objectStorage = defineObjectStorage({
  product: 'Tempo',
  keeps: 'traces',
  stores: 'trace blocks',
  exampleBucket: 'acme-prod-tempo',
  bucketId: 'traces',
});

/** A scalable workload of the distributed mode: its replicas (1 to 100) and resources. */
const scalableSchema = options.object({
  replicas: options.integer({ min: 1, max: 100 }),
  resources: resourcesSchema,
});

/**
 * A workload whose pods are counted elsewhere: `replicas` is refused with where they come from
 * (a typo-like "unknown option" would not say why).
 */
function fixedSchema(why: string, hint: string) {
  const replicas: options.Schema<never> = {
    expected: 'no replicas option',
    parse(value, at) {
      throw new MixstackError({
        code: 'INVALID_OPTION',
        message: why,
        address: at.address,
        path: at.path.join('.'),
        value,
        hint,
      });
    },
  };
  return options.object({ resources: resourcesSchema, replicas });
}
const PARTITIONS_WHY =
  'the live-stores and block-builders are one per Kafka partition (each owns the partition of its ordinal): their count is kafka.partitions';
const PARTITIONS_HINT = 'pass kafka: { partitions } instead (the topic needs at least as many partitions)';

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
  kafka: kafkaSchema(),
  distributed: options.object({
    distributor: scalableSchema,
    queryFrontend: scalableSchema,
    querier: scalableSchema,
    liveStore: fixedSchema(PARTITIONS_WHY, PARTITIONS_HINT),
    blockBuilder: fixedSchema(PARTITIONS_WHY, PARTITIONS_HINT),
    metricsGenerator: scalableSchema,
    backendScheduler: fixedSchema(
      "Tempo's backend scheduler runs once: two would plan the same compaction and retention jobs",
      'leave its replicas out; scale the backend workers instead (distributed.backendWorker.replicas)',
    ),
    backendWorker: scalableSchema,
  }),
}) as options.Schema<TempoOptions>;

/** What the code works with, derived once from the values and the stack's common values. */
export type TempoSettings = ObjectStorageSettings;

/**
 * What the values as rendered cannot be, when the stack's adjustments or sizing changed the
 * options (which their schema already checked): more than one pod of the single binary, a
 * retention under 1h. `option` is what the options alone say.
 */
export function resolvedProblems(
  values: { replicas: number; retention: string },
  option: { replicas: number; retention: string },
  address: string,
): MixstackError[] {
  const problems = singlePod.resolvedProblems({ ...values, replicas: 1 }, option, address);
  if (values.replicas === 1) return problems;
  return [
    new MixstackError({
      code: 'INVALID_OPTION',
      message: `Tempo's replicas (replicas: ${option.replicas}) are adjusted to ${values.replicas} by adjustReplicas or the stack's sizing: ${ONE_POD}`,
      address,
      path: 'replicas',
      value: values.replicas,
      hint: `remove the adjustment of the workload "tempo" (Tempo stays at one pod: give it more resources instead); ${SCALE_OUT}`,
    }),
    ...problems,
  ];
}
