import type { TempoDistributed } from '../config.js';

/**
 * The workloads of Tempo 3's distributed mode, one `-target` each (grafana/tempo
 * docs/sources/tempo/reference-tempo-architecture; the jsonnet of operations/jsonnet/microservices
 * and the tempo-distributed chart run the same set): what each one is, how it runs, and whom it
 * talks to. Every manifest of the mode is derived from this table.
 */

/** The `-target` of a workload; also its container's name and, prefixed `tempo-`, its objects' names. */
export type TempoTarget =
  | 'distributor'
  | 'query-frontend'
  | 'querier'
  | 'live-store'
  | 'block-builder'
  | 'metrics-generator'
  | 'backend-scheduler'
  | 'backend-worker';

export interface DistributedComponent {
  /** Its id: the key of its options (`distributed.<id>`), of its workload in the replicas contract, and its objects' key prefix. */
  id: keyof TempoDistributed;
  target: TempoTarget;
  /**
   * A StatefulSet where the pod's name matters: live-stores and block-builders own the Kafka
   * partition of their ordinal, the metrics-generators keep their consumer identity, the
   * scheduler keeps its claim. Deployments elsewhere.
   */
  kind: 'Deployment' | 'StatefulSet';
  /**
   * Its `/var/tempo`: a claim per pod of the StatefulSets, retained (the live-store's is sized by
   * `storage`: the WAL of its recent traces; the others hold a cycle's WAL or the scheduler's work
   * and have a fixed size), else an emptyDir (the Deployments keep nothing that is not in Kafka
   * or the bucket).
   */
  data: 'storage' | { claim: string } | 'emptyDir';
  /** Where its replicas come from: its own option, the Kafka partitions, or one (the scheduler). */
  replicas: 'option' | 'partitions' | 'one';
  /** It produces to or consumes from Kafka. */
  kafka: boolean;
  /** It reads or writes the bucket of trace blocks. */
  bucket: boolean;
  /** It writes span metrics to the stack's metrics store. */
  remoteWrite: boolean;
  /** The roles of the stack's network clients it serves besides the scraper: Grafana's (`datasource`), the collector's (`ingest`). */
  serves: readonly ('datasource' | 'ingest')[];
  /** What it does, for the README and the explain page's readers of the manifests. */
  purpose: string;
}

export const DISTRIBUTED_COMPONENTS: readonly DistributedComponent[] = [
  {
    id: 'distributor',
    target: 'distributor',
    kind: 'Deployment',
    data: 'emptyDir',
    replicas: 'option',
    kafka: true,
    bucket: false,
    remoteWrite: false,
    serves: ['ingest'],
    purpose: 'receives OTLP and writes the spans to Kafka',
  },
  {
    id: 'queryFrontend',
    target: 'query-frontend',
    kind: 'Deployment',
    data: 'emptyDir',
    replicas: 'option',
    kafka: false,
    bucket: true,
    remoteWrite: false,
    serves: ['datasource'],
    purpose: "Grafana's endpoint: shards queries into jobs over the blocks",
  },
  {
    id: 'querier',
    target: 'querier',
    kind: 'Deployment',
    data: 'emptyDir',
    replicas: 'option',
    kafka: false,
    bucket: true,
    remoteWrite: false,
    serves: [],
    purpose: 'runs the jobs against the live-stores and the bucket',
  },
  {
    id: 'liveStore',
    target: 'live-store',
    kind: 'StatefulSet',
    data: 'storage',
    replicas: 'partitions',
    kafka: true,
    bucket: false,
    remoteWrite: false,
    serves: [],
    purpose: 'holds the recent traces of its partition for queries',
  },
  {
    id: 'blockBuilder',
    target: 'block-builder',
    kind: 'StatefulSet',
    // The WAL of one consume cycle (Tempo reads up to 5GB a cycle: max_consuming_bytes).
    data: { claim: '10Gi' },
    replicas: 'partitions',
    kafka: true,
    bucket: true,
    remoteWrite: false,
    serves: [],
    purpose: 'cuts the spans of its partition into blocks in the bucket',
  },
  {
    id: 'metricsGenerator',
    target: 'metrics-generator',
    kind: 'StatefulSet',
    // The remote-write WAL: samples not yet in Prometheus.
    data: { claim: '2Gi' },
    replicas: 'option',
    kafka: true,
    bucket: false,
    remoteWrite: true,
    serves: [],
    purpose: 'writes span metrics and the service graph to Prometheus',
  },
  {
    id: 'backendScheduler',
    target: 'backend-scheduler',
    kind: 'StatefulSet',
    // Its work between flushes to the bucket: small.
    data: { claim: '1Gi' },
    replicas: 'one',
    kafka: false,
    bucket: true,
    remoteWrite: false,
    serves: [],
    purpose: 'plans compaction and retention (one, always)',
  },
  {
    id: 'backendWorker',
    target: 'backend-worker',
    kind: 'Deployment',
    data: 'emptyDir',
    replicas: 'option',
    kafka: false,
    bucket: true,
    remoteWrite: false,
    serves: [],
    purpose: "runs the scheduler's compaction and retention jobs",
  },
];

/** The Kubernetes name of a workload's objects: `tempo-distributor`. */
export const objectName = (target: TempoTarget): string => `tempo-${target}`;

/** The headless Service of every pod of the mode, for memberlist's `join_members`. */
export const GOSSIP_SERVICE = 'tempo-gossip-ring';
/** The headless Service of the query-frontends' gRPC, so that each querier connects to every frontend. */
export const FRONTEND_DISCOVERY_SERVICE = 'tempo-query-frontend-discovery';

/** The component of the table by id. */
export function componentById(id: keyof TempoDistributed): DistributedComponent {
  const component = DISTRIBUTED_COMPONENTS.find((c) => c.id === id);
  if (!component) throw new Error(`no distributed component ${id}`);
  return component;
}
