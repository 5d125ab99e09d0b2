import {
  type CommonValues,
  type ContainerResources,
  type DeepPartial,
  durationSeconds,
  MixstackError,
  options,
} from '@mixstack/core';
import {
  clientsSchema,
  type DataStore,
  defineObjectStorage,
  linuxNodes,
  nodeSelectorSchema,
  type ObjectStorageOptions,
  type PodClient,
  resources,
  resourcesSchema,
  type StorageOptions,
  storageSchema,
} from '@mixstack/kit';
import { THANOS_IMAGE } from './versions.js';

/**
 * The shape of the `thanos` component's values. Every part (sidecar, Query, Query Frontend,
 * Store Gateway, Compactor) can be turned off, so that one package serves a cluster that only
 * ships its blocks (`sidecar` alone) and an observer that only reads the bucket (no sidecar).
 */

/** Where the blocks go: `filesystem` (a directory of each pod: tests only), or a bucket in GCS or S3. */
export type ThanosStore = DataStore<'filesystem'>;

/**
 * The bucket of blocks (see the kit's `ObjectStorageOptions`): `gcs` or `s3` with a bucket (and
 * an AWS region for `s3`); left out, the stack's object storage when a platform set it, else
 * `filesystem`, a directory of each pod, for tests only (the build warns).
 */
export type ThanosObjectStorage = ObjectStorageOptions<'filesystem'>;

/** The sidecar the Prometheus operator adds to the stack's Prometheus pods (`spec.thanos`). */
export interface ThanosSidecarOptions {
  /**
   * Add the sidecar to the stack's Prometheus (the `prometheus` component): it uploads each
   * 2-hour block to the bucket and serves the recent data to Query. `false` in an observer
   * stack that has no Prometheus of its own, or whose Prometheus should not ship.
   * @default true
   */
  enabled: boolean;
  /**
   * What Prometheus keeps on its own volume once blocks are shipped: its retention is adjusted
   * to this (in this package's layer, so a `retention` the user passes to `prometheus()` stays),
   * and the build summary says so. At least three block durations (6h), as Thanos advises.
   * @default '2d'
   */
  localRetention: string;
  /**
   * The ServiceAccount of the Prometheus pods, named in the object-storage contract so that a
   * platform grants it write access to the bucket (Workload Identity, IRSA). The build checks
   * it against the Prometheus resource it patches.
   * @default 'prometheus-k8s'
   */
  serviceAccount: string;
  /** Requests and limits of the `thanos-sidecar` container. @default { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } } */
  resources: ContainerResources;
}

/** Thanos Query: the global PromQL view over the sidecars, the Store Gateway and other endpoints. */
export interface ThanosQueryOptions {
  /** @default true */
  enabled: boolean;
  /** Pods; two so that Grafana keeps working through a node drain. @default 2 */
  replicas: number;
  /** Requests and limits of the `query` container. @default { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } } */
  resources: ContainerResources;
  /**
   * Labels that tell HA replicas apart; Query merges series that differ only by them.
   * `prometheus_replica` is the prometheus-operator's replica external label.
   * @default ['prometheus_replica']
   */
  replicaLabels: string[];
  /**
   * More Store API endpoints besides the stack's sidecars and Store Gateway, in Thanos'
   * address forms (`dnssrv+_grpc._tcp.thanos-sidecar.monitoring.svc.prod-eu.example`,
   * `thanos-query.prod-us.example:10901`): another cluster's sidecars or Query.
   * @default []
   */
  endpoints: string[];
}

/** Thanos Query Frontend: splits long range queries and caches their results, in front of Query. */
export interface ThanosQueryFrontendOptions {
  /** @default true */
  enabled: boolean;
  /** @default 2 */
  replicas: number;
  /** Requests and limits of the `query-frontend` container. @default { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '512Mi' } } */
  resources: ContainerResources;
  /** `--query-range.split-interval`. @default '24h' */
  splitInterval: string;
  /** Size of each pod's in-memory response cache (`max_size`). @default '256MB' */
  cacheSize: string;
}

/** Thanos Store Gateway: serves the bucket's blocks to Query. */
export interface ThanosStoreOptions {
  /** @default true */
  enabled: boolean;
  /** Pods (each serves every block), behind a headless Service so that Query reads each. @default 1 */
  replicas: number;
  /** Requests and limits of the `store` container. @default { requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '2Gi' } } */
  resources: ContainerResources;
  /** The PersistentVolumeClaim of its data directory (index headers, cache). @default { size: '10Gi' } */
  storage: StorageOptions;
  /** `--index-cache-size` of the in-memory index cache. @default '250MB' */
  indexCacheSize: string;
}

/**
 * How long the Compactor keeps blocks at each resolution (Prometheus durations; `0d` keeps them
 * forever). With downsampling, raw blocks kept under 40h, or 5m blocks kept under 10 days, while
 * a lower resolution is kept longer, are refused: they would be deleted before the Compactor
 * downsamples them. The 1h retention is the component's published retention: `adjustRetention`
 * sets it, a stack-wide sizing's `maxRetention` caps it, and no resolution is rendered longer.
 */
export interface ThanosRetention {
  /** `--retention.resolution-raw`. @default '30d' */
  raw: string;
  /** `--retention.resolution-5m`. @default '180d' */
  fiveMinutes: string;
  /** `--retention.resolution-1h`. @default '1y' */
  oneHour: string;
}

/**
 * Thanos Compactor: compacts, downsamples and deletes blocks; exactly one pod per bucket (a
 * second one anywhere in the stack fails the build). Not adjustable in number.
 */
export interface ThanosCompactOptions {
  /** `false` where another stack compacts the bucket (one Compactor per bucket across the fleet). @default true */
  enabled: boolean;
  /** Requests and limits of the `compact` container. @default { requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '2Gi' } } */
  resources: ContainerResources;
  /** The PersistentVolumeClaim of its working directory. @default { size: '20Gi' } */
  storage: StorageOptions;
  /** Retention per resolution (see `ThanosRetention`). @default { raw: '30d', fiveMinutes: '180d', oneHour: '1y' } */
  retention: ThanosRetention;
  /** Downsample raw blocks to 5m after 40h and those to 1h after 10 days (`false`: `--downsampling.disable`). @default true */
  downsampling: boolean;
}

/** Who may reach Thanos besides the network clients that reach it through the stack. */
export interface ThanosNetworkPolicy {
  /**
   * Entries by name, merged over a network client of the same name, `false` removing one.
   * @default {}
   */
  clients: Record<string, PodClient | false>;
}

/** The values of the `thanos` component (`values.thanos`, every layer merged): every field set. */
export interface ThanosValues {
  /**
   * The image, pinned (no `latest`); `common.imageRegistry` replaces its registry.
   * @default THANOS_IMAGE (versions.ts)
   */
  image: string;
  /** The bucket of blocks (see `ThanosObjectStorage`). @default {} */
  objectStorage: ThanosObjectStorage;
  /** @default see `ThanosSidecarOptions` */
  sidecar: ThanosSidecarOptions;
  /** @default see `ThanosQueryOptions` */
  query: ThanosQueryOptions;
  /** @default see `ThanosQueryFrontendOptions` */
  queryFrontend: ThanosQueryFrontendOptions;
  /** @default see `ThanosStoreOptions` */
  store: ThanosStoreOptions;
  /** @default see `ThanosCompactOptions` */
  compact: ThanosCompactOptions;
  /** @default { clients: {} } */
  networkPolicy: ThanosNetworkPolicy;
  /** @default { 'kubernetes.io/os': 'linux' } */
  nodeSelector: Record<string, string>;
  /** `--log.level` of every part. @default 'info' */
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

/** The options of `thanos()`: any of its values, deeply (the defaults fill the rest). */
export type ThanosOptions = DeepPartial<ThanosValues>;

/** Fresh defaults for every stack, so that nothing mutable is shared between two stacks. */
export function defaultThanosValues(): ThanosValues {
  return {
    image: THANOS_IMAGE,
    objectStorage: {},
    sidecar: {
      enabled: true,
      localRetention: '2d',
      serviceAccount: 'prometheus-k8s',
      resources: resources('50m', '64Mi', '256Mi'),
    },
    query: {
      enabled: true,
      replicas: 2,
      resources: resources('100m', '256Mi', '1Gi'),
      replicaLabels: ['prometheus_replica'],
      endpoints: [],
    },
    queryFrontend: {
      enabled: true,
      replicas: 2,
      resources: resources('50m', '128Mi', '512Mi'),
      splitInterval: '24h',
      cacheSize: '256MB',
    },
    store: {
      enabled: true,
      replicas: 1,
      resources: resources('100m', '512Mi', '2Gi'),
      storage: { size: '10Gi' },
      indexCacheSize: '250MB',
    },
    compact: {
      enabled: true,
      resources: resources('100m', '512Mi', '2Gi'),
      storage: { size: '20Gi' },
      retention: { raw: '30d', fiveMinutes: '180d', oneHour: '1y' },
      downsampling: true,
    },
    networkPolicy: { clients: {} },
    nodeSelector: linuxNodes(),
    logLevel: 'info',
  };
}

/** The bucket of blocks: the option, its schema, its problems. */
export const objectStorage = defineObjectStorage({
  product: 'Thanos',
  keeps: 'blocks (tests only)',
  stores: 'metric blocks',
  exampleBucket: 'acme-prod-thanos',
  bucketId: 'blocks',
  volume: 'filesystem',
});

/** A label name (`prometheus_replica`), as Prometheus and Thanos accept it. */
const labelName = (): options.Schema<string> =>
  options.string({
    pattern: /^[a-zA-Z_][a-zA-Z0-9_]*$/,
    expected: 'a label name such as "prometheus_replica"',
  });

/** Thanos' DNS service-discovery prefixes: `dnssrv+` and `dnssrvnoa+` take the port from the SRV record. */
const ENDPOINT =
  /^(?:(?:dns|dnsdualstack)\+[A-Za-z0-9.-]+:[0-9]{1,5}|(?:dnssrv|dnssrvnoa)\+[A-Za-z0-9._-]+|[A-Za-z0-9.-]+:[0-9]{1,5}|\[[0-9a-fA-F:]+\]:[0-9]{1,5})$/;

/** A Store API address in one of Thanos' forms: `host:port`, `dns+host:port`, `dnssrv+_grpc._tcp.name.namespace.svc`. */
const endpoint = (): options.Schema<string> =>
  options.string({
    pattern: ENDPOINT,
    expected:
      'a Store API address such as "thanos-query.prod-us.example:10901" or "dnssrv+_grpc._tcp.thanos-sidecar.monitoring.svc" (no scheme)',
    hint: 'write host:port, or a DNS lookup prefix (dns+host:port, dnssrv+_grpc._tcp.<service>.<namespace>.svc)',
  });

/** Checks the user's options when the part is applied, and the final values once per render. */
export const thanosSchema: options.Schema<ThanosOptions> = options.object({
  image: options.pinnedImage(),
  objectStorage: objectStorage.schema,
  sidecar: options.object({
    enabled: options.boolean(),
    // Checked by the sidecar work (a duration of at least three 2-hour blocks), which reads it.
    localRetention: options.string(),
    serviceAccount: options.dnsSubdomain('prometheus-k8s'),
    resources: resourcesSchema,
  }),
  query: options.object({
    enabled: options.boolean(),
    replicas: options.integer({ min: 1, max: 20 }),
    resources: resourcesSchema,
    replicaLabels: options.array(labelName(), { unique: true }),
    endpoints: options.array(endpoint(), { unique: true }),
  }),
  queryFrontend: options.object({
    enabled: options.boolean(),
    replicas: options.integer({ min: 1, max: 20 }),
    resources: resourcesSchema,
    splitInterval: options.duration(),
    cacheSize: options.byteSize(),
  }),
  store: options.object({
    enabled: options.boolean(),
    replicas: options.integer({ min: 1, max: 20 }),
    resources: resourcesSchema,
    storage: storageSchema,
    indexCacheSize: options.byteSize(),
  }),
  compact: options.object({
    enabled: options.boolean(),
    resources: resourcesSchema,
    storage: storageSchema,
    retention: options.object({
      raw: options.duration(),
      fiveMinutes: options.duration(),
      oneHour: options.duration(),
    }),
    downsampling: options.boolean(),
  }),
  networkPolicy: options.object({ clients: clientsSchema }),
  nodeSelector: nodeSelectorSchema,
  logLevel: options.oneOf(['debug', 'info', 'warn', 'error'] as const),
}) as options.Schema<ThanosOptions>;

/** Seconds of a retention, `0` (keep forever) counting as longer than any other. */
export function retentionSeconds(duration: string): number {
  const seconds = durationSeconds(duration);
  return seconds === 0 ? Number.POSITIVE_INFINITY : seconds;
}

/** The shorter of two retentions (`0d`, forever, is the longest). */
export const shorterRetention = (a: string, b: string): string =>
  retentionSeconds(b) < retentionSeconds(a) ? b : a;

/**
 * The ages at which the Compactor downsamples (pkg/compact/downsample/downsample.go): raw blocks
 * older than 40 hours to 5m, 5m blocks older than 10 days to 1h.
 */
export const DOWNSAMPLE_TO_5M_AFTER = '40h';
export const DOWNSAMPLE_TO_1H_AFTER = '10d';

/** Where a retention came from, for the message: the options, or what the stack adjusted them to. */
export type RetentionOrigin = 'options' | 'resolved';

/**
 * A retention per resolution that deletes data before the Compactor could downsample it while
 * a lower resolution is kept longer (Thanos' docs/components/compact.md): raw blocks kept
 * under 40h never become 5m blocks, 5m blocks kept under 10 days never become 1h blocks. The
 * lower resolutions would then stay empty for exactly the range they are kept for.
 */
export function retentionProblems(
  retention: ThanosRetention,
  downsampling: boolean,
  address: string,
  origin: RetentionOrigin = 'options',
): MixstackError[] {
  if (!downsampling) return [];
  const problems: MixstackError[] = [];
  const { raw, fiveMinutes, oneHour } = retention;
  const longestLower = Math.max(retentionSeconds(fiveMinutes), retentionSeconds(oneHour));
  const adjusted = origin === 'resolved' ? ' (as the stack resolved it: a sizing or adjustRetention)' : '';
  if (
    retentionSeconds(raw) < durationSeconds(DOWNSAMPLE_TO_5M_AFTER) &&
    longestLower > retentionSeconds(raw)
  ) {
    problems.push(
      new MixstackError({
        code: 'INVALID_OPTION',
        message: `raw blocks are kept ${raw}${adjusted}, and the Compactor downsamples them to 5m only once they are ${DOWNSAMPLE_TO_5M_AFTER} old: they would be deleted first, and the 5m and 1h resolutions kept longer would stay empty`,
        address,
        path: 'compact.retention.raw',
        value: raw,
        hint: `keep raw blocks at least "${DOWNSAMPLE_TO_5M_AFTER}" (such as "2d"), or pass compact: { downsampling: false } and keep only raw data`,
      }),
    );
  }
  if (
    retentionSeconds(fiveMinutes) < durationSeconds(DOWNSAMPLE_TO_1H_AFTER) &&
    retentionSeconds(oneHour) > retentionSeconds(fiveMinutes)
  ) {
    problems.push(
      new MixstackError({
        code: 'INVALID_OPTION',
        message: `5m blocks are kept ${fiveMinutes}${adjusted}, and the Compactor downsamples them to 1h only once they are ${DOWNSAMPLE_TO_1H_AFTER} old: they would be deleted first, and the 1h resolution kept ${oneHour} would stay empty`,
        address,
        path: 'compact.retention.fiveMinutes',
        value: fiveMinutes,
        hint: `keep 5m blocks at least "${DOWNSAMPLE_TO_1H_AFTER}" (such as "14d"), or keep 1h blocks no longer than them`,
      }),
    );
  }
  return problems;
}

/** The parts' dependencies on each other: Query Frontend forwards to Query, Query needs a Store API. */
function partProblems(values: ThanosValues, address: string): MixstackError[] {
  const problems: MixstackError[] = [];
  if (values.queryFrontend.enabled && !values.query.enabled)
    problems.push(
      new MixstackError({
        code: 'INVALID_OPTION',
        message: 'Query Frontend forwards every query to Thanos Query, which is turned off',
        address,
        path: 'queryFrontend.enabled',
        value: true,
        hint: 'pass queryFrontend: { enabled: false } too, or leave Query on',
      }),
    );
  if (
    values.query.enabled &&
    !values.sidecar.enabled &&
    !values.store.enabled &&
    values.query.endpoints.length === 0
  )
    problems.push(
      new MixstackError({
        code: 'INVALID_OPTION',
        message:
          'Thanos Query has no Store API to read: the sidecar and the Store Gateway are off, and query.endpoints is empty',
        address,
        path: 'query.endpoints',
        value: [],
        hint: 'turn the Store Gateway on (store: { enabled: true }), list endpoints (query: { endpoints: ["thanos-sidecar.prod-eu.example:10901"] }), or turn Query off',
      }),
    );
  return problems;
}

/** The problems of the final values that no single option shows: the bucket, the retentions, the parts. */
export function valuesProblems(values: ThanosValues, common: CommonValues, address: string): MixstackError[] {
  // Query and Query Frontend never touch the bucket: a stack of them alone needs none.
  const readsBucket = values.store.enabled || values.compact.enabled || values.sidecar.enabled;
  return [
    ...(readsBucket ? objectStorage.problems(values, common, address) : []),
    ...(values.compact.enabled
      ? retentionProblems(values.compact.retention, values.compact.downsampling, address)
      : []),
    ...partProblems(values, address),
  ];
}
