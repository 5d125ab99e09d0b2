import { type ContainerResources, type DeepPartial, options } from '@mixstack/core';
import {
  clientsSchema,
  type DataStore,
  defineObjectStorage,
  defineSinglePodStore,
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
import { PYROSCOPE_IMAGE } from './versions.js';

/** Where Pyroscope keeps profile blocks: the PersistentVolumeClaim (`local`), or a bucket. */
export type PyroscopeStore = DataStore;

/**
 * Where profile blocks go when not on the PersistentVolumeClaim (`local`): `gcs` or `s3`, with
 * the bucket of profile blocks and, for `s3`, its region (the endpoint is
 * `s3.<region>.amazonaws.com`, else `s3.amazonaws.com`). See the kit's `ObjectStorageOptions`.
 */
export type PyroscopeObjectStorage = ObjectStorageOptions;

/** What the stack's collector gathers for Pyroscope (the profiles pipeline). */
export interface PyroscopeCollector {
  /**
   * Pull the pprof endpoints of the pods that opt in with the `profiles.grafana.com/<type>.scrape`
   * annotations (see the README). No privilege: the collector reaches the pods over the network.
   * @default true
   */
  scrape: boolean;
  /**
   * Profile every process of every node with eBPF (CPU only, no change to the apps). The
   * collector then runs a privileged part: the host's PID namespace, kernel capabilities (BPF,
   * PERFMON, SYS_PTRACE...) and the kernel's tracing filesystem, in a namespace of its own
   * labelled for the `privileged` Pod Security level.
   * @default false
   */
  ebpf: boolean;
}

/** Who may reach Pyroscope besides the network clients that reach it through the stack. */
export interface PyroscopeNetworkPolicy {
  /**
   * Entries by name, merged over a network client of the same name, `false` removing one. A
   * client of your own is admitted on every port (HTTP and gRPC).
   * @default {}
   */
  clients: Record<string, PodClient | false>;
  /**
   * Admit HTTP (4040) from every pod of every namespace: applications that push profiles with a
   * Pyroscope SDK (the Go SDK, the Java agent; span profiles need them) rather than being
   * scraped by the stack's collector. The same port answers queries, so this opens the query
   * API to every pod as well.
   * @default false
   */
  pushFromEveryNamespace: boolean;
}

/** The values of the `pyroscope` component (`values.pyroscope`, every layer merged): every field set. */
export interface PyroscopeValues {
  /**
   * The image, pinned (no `latest`); `common.imageRegistry` replaces its registry.
   * @default PYROSCOPE_IMAGE (versions.ts)
   */
  image: string;
  /**
   * Pods of the single binary. Pyroscope's single binary is one pod: its metastore is a Raft
   * cluster of one on loopback, and a second pod would be a second, separate Pyroscope with
   * its own half of the profiles (scaling out is Pyroscope's microservices mode, which this
   * package does not deploy). Any other value is refused with that reason, from the option or
   * from an adjustment (it is published as the replicas of the workload `pyroscope`, so that a
   * stack-wide sizing sees it).
   * @default 1
   */
  replicas: number;
  /**
   * Requests and limits of the `pyroscope` container. Published as a contract: other packages
   * adjust them by container name (`setResources('pyroscope', 'pyroscope', ...)` of lib-rules).
   * @default { requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '2Gi' } }
   */
  resources: ContainerResources;
  /**
   * The PersistentVolumeClaim at `/data`, retained when the StatefulSet goes: the metastore
   * (Raft log and index), the compaction worker's scratch space, and the profile blocks with
   * `local`.
   * @default { size: '10Gi' }
   */
  storage: StorageOptions;
  /** Where profile blocks go besides the volume (see `PyroscopeObjectStorage`). @default {} */
  objectStorage: PyroscopeObjectStorage;
  /**
   * How long profiles are kept (`limits.retention_period`; queries may reach back as far,
   * `limits.max_query_lookback`). At least 1h; never 0, which would keep them forever.
   * Pyroscope's own default is 31 days, written down here so that it is a decision. Published
   * as the component's retention: `adjustRetention` and a stack-wide sizing's `maxRetention`
   * shorten it (and the query lookback with it) where made in a layer at least as strong.
   * @default '31d'
   */
  retention: string;
  /**
   * The profiles pipeline contributed to the stack's collector: scraping annotated pods and,
   * as an option, eBPF (see `PyroscopeCollector`); `false` contributes none (apps push with an
   * SDK, or your own collector sends to `http://pyroscope.<namespace>.svc:4040`). `true` is
   * the defaults.
   * @default { scrape: true, ebpf: false }
   */
  collector: PyroscopeCollector | false;
  /** Who may reach Pyroscope (see `PyroscopeNetworkPolicy`). @default { clients: {}, pushFromEveryNamespace: false } */
  networkPolicy: PyroscopeNetworkPolicy;
  /** @default { 'kubernetes.io/os': 'linux' } */
  nodeSelector: Record<string, string>;
  /** `server.log_level`. @default 'info' */
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

/**
 * The options of `pyroscope()`: any of its values, deeply (the defaults fill the rest);
 * `collector: true` is the collector's defaults.
 */
export type PyroscopeOptions = Omit<DeepPartial<PyroscopeValues>, 'collector'> & {
  /**
   * The profiles pipeline of the stack's collector: `{ scrape?, ebpf? }` (see
   * `PyroscopeCollector`), `true` for its defaults, `false` for none.
   * @default { scrape: true, ebpf: false }
   */
  collector?: DeepPartial<PyroscopeCollector> | boolean;
};

/** Fresh defaults for every stack, so that nothing mutable is shared between two stacks. */
export function defaultPyroscopeValues(): PyroscopeValues {
  return {
    image: PYROSCOPE_IMAGE,
    replicas: 1,
    resources: resources('100m', '512Mi', '2Gi'),
    storage: { size: '10Gi' },
    objectStorage: {},
    retention: '31d',
    collector: { scrape: true, ebpf: false },
    networkPolicy: { clients: {}, pushFromEveryNamespace: false },
    nodeSelector: linuxNodes(),
    logLevel: 'info',
  };
}

/** The checks of Pyroscope's replicas and retention, for its options and for the stack's adjustments. */
const singlePod = defineSinglePodStore({
  product: 'Pyroscope',
  keeps: 'profiles',
  workload: 'pyroscope',
  // Why Pyroscope runs one pod, for the option's problem and an adjustment's alike.
  onePod:
    "Pyroscope's single binary is one pod: its metastore is a Raft cluster of one on loopback, and each further pod would be a separate Pyroscope holding only the profiles it received",
  scaleOut: 'Pyroscope in microservices mode',
  exampleRetention: '31d',
});
const { retentionSchema, replicasSchema } = singlePod;

/** Where Pyroscope keeps its profile blocks: the option, its schema, its problems, its bucket contract. */
export const objectStorage = defineObjectStorage({
  product: 'Pyroscope',
  keeps: 'profiles',
  stores: 'profile blocks',
  exampleBucket: 'acme-prod-profiles',
  bucketId: 'profiles',
});

/** Checks the user's options when the part is applied, and the final values once per render. */
export const pyroscopeSchema: options.Schema<PyroscopeOptions> = options.object({
  image: options.pinnedImage(),
  replicas: replicasSchema,
  resources: resourcesSchema,
  storage: storageSchema,
  objectStorage: objectStorage.schema,
  retention: retentionSchema,
  collector: options.orFalse(options.object({ scrape: options.boolean(), ebpf: options.boolean() })),
  networkPolicy: options.object({ clients: clientsSchema, pushFromEveryNamespace: options.boolean() }),
  nodeSelector: nodeSelectorSchema,
  logLevel: options.oneOf(['debug', 'info', 'warn', 'error'] as const),
}) as options.Schema<PyroscopeOptions>;

/** What the code works with, derived once from the values and the stack's common values. */
export type PyroscopeSettings = ObjectStorageSettings;

/**
 * What the values as rendered cannot be, when the stack's adjustments or sizing changed the
 * options (which their schema already checked): more than one pod, a retention under 1h.
 */
export const resolvedProblems = singlePod.resolvedProblems;
