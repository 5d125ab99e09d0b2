import { canonicalize, toYaml } from '@mixstack/core';
import { s3Endpoint } from '@mixstack/kit';
import { goDuration, type TempoSettings, type TempoValues } from '../config.js';
import type { KafkaSettings } from './kafka.js';

/**
 * Tempo's configuration file as a typed model: only the keys this package sets, in Tempo's own
 * names (`docs/sources/tempo/configuration` of Tempo 3.0). A test walks the rendered YAML and
 * requires every key path to be in the reference list of that release, so a renamed or
 * misspelt key fails the build of this package instead of Tempo's start.
 */
export interface TempoConfig {
  /** One tenant (`single-tenant`): mixstack's Tempo is the cluster's trace store. */
  multitenancy_enabled: boolean;
  /** Grafana streams search and TraceQL metrics results over the HTTP port. */
  stream_over_http_enabled: boolean;
  server: { http_listen_port: number; grpc_listen_port: number; log_level: string };
  distributor: {
    receivers: { otlp: { protocols: { grpc: { endpoint: string }; http: { endpoint: string } } } };
    ring?: MemberlistRing;
  };
  live_store: {
    wal: { path: string };
    shutdown_marker_dir: string;
    ring?: MemberlistRing;
    partition_ring?: MemberlistRing;
  };
  backend_scheduler: {
    local_work_path: string;
    provider: { compaction: { compaction: { block_retention: string } } };
  };
  backend_worker: {
    compaction: { block_retention: string };
    backend_scheduler_addr?: string;
    ring?: MemberlistRing;
  };
  metrics_generator: {
    registry: { external_labels: Record<string, string> };
    storage: { path: string; remote_write?: { url: string; send_exemplars: boolean }[] };
    ring?: MemberlistRing;
  };
  /** Distributed mode: the user's Kafka, which distributors write to and the others read. */
  ingest?: { kafka: { address: string; topic: string; auto_create_topic_default_partitions: number } };
  /** Distributed mode: the gossip that carries every ring (`dns+` of the headless gossip Service). */
  memberlist?: { join_members: string[]; bind_port: number };
  /** Distributed mode: each block-builder consumes the partition of its pod's ordinal. */
  block_builder?: { partitions_per_instance: number; wal: { path: string } };
  /** Distributed mode: queriers pull their jobs from the query-frontends (each, through the headless Service). */
  querier?: { frontend_worker: { frontend_address: string } };
  storage: { trace: TempoTraceStorage };
  overrides: {
    defaults: {
      metrics_generator: { processors: TempoProcessor[] };
      compaction: { block_retention: string };
    };
  };
  usage_report: { reporting_enabled: boolean };
}

/** A ring kept in memberlist (Tempo's default, said explicitly: the gossip Service is the only store there is). */
export interface MemberlistRing {
  kvstore: { store: 'memberlist' };
}

/**
 * The generator's processors: RED metrics per span (`traces_spanmetrics_*`) and the service
 * graph (`traces_service_graph_*`). Tempo 3 has no `local-blocks` processor any more: TraceQL
 * metrics are answered by the live store and the blocks themselves.
 */
export type TempoProcessor = 'span-metrics' | 'service-graphs';

/** `storage.trace`: the backend, its write-ahead log, and where blocks go. */
export type TempoTraceStorage = { wal: { path: string } } & (
  | { backend: 'local'; local: { path: string } }
  | { backend: 'gcs'; gcs: { bucket_name: string } }
  | { backend: 's3'; s3: { bucket: string; endpoint: string; region?: string } }
);

/** Paths inside the container. */
export const CONFIG_DIR = '/etc/tempo';
export const CONFIG_FILE = 'tempo.yaml';
/** The PersistentVolumeClaim: every path Tempo writes is below it (the root filesystem is read-only). */
export const DATA_DIR = '/var/tempo';

export const HTTP_PORT = 3200;
export const GRPC_PORT = 9095;
export const OTLP_GRPC_PORT = 4317;
export const OTLP_HTTP_PORT = 4318;
/** Memberlist's gossip (dskit's default bind port), between the pods of the distributed mode. */
export const GOSSIP_PORT = 7946;

/** Where span metrics go: the path of a Prometheus remote-write receiver. */
export const REMOTE_WRITE_PATH = '/api/v1/write';

/** What the configuration needs besides the values: names the stack decides. */
export interface TempoConfigInput {
  values: TempoValues;
  settings: TempoSettings;
  cluster: string;
  /** The remote-write endpoint of the stack's metrics store, when it has one. */
  remoteWriteUrl?: string;
  /** Distributed mode: the user's Kafka and the addresses of Tempo's own Services. */
  distributed?: DistributedConfigInput;
}

/** What the distributed mode's configuration needs: Kafka, and where the pods find each other. */
export interface DistributedConfigInput {
  kafka: KafkaSettings;
  /** The headless Service of the gossip members, `host` only (`tempo-gossip-ring.<ns>.svc.cluster.local`). */
  gossipHost: string;
  /** The backend scheduler's gRPC address (`host:9095`). */
  schedulerAddress: string;
  /** The query-frontends' gRPC address, a headless Service so that queriers connect to each one. */
  frontendAddress: string;
}

const memberlistRing = (): MemberlistRing => ({ kvstore: { store: 'memberlist' } });

/**
 * The keys the distributed mode adds to the monolithic configuration: Kafka, the gossip, every
 * ring in memberlist, the block-builders' partition of their ordinal, and the addresses the
 * backend-workers and queriers dial. One file for every target: each reads its own sections.
 */
function withDistributed(config: TempoConfig, input: DistributedConfigInput): TempoConfig {
  const { kafka } = input;
  return {
    ...config,
    ingest: {
      kafka: {
        address: kafka.address,
        topic: kafka.topic,
        // An auto-created topic gets the partitions Tempo uses (Tempo's own default is 1000).
        auto_create_topic_default_partitions: kafka.partitions,
      },
    },
    memberlist: { join_members: [`dns+${input.gossipHost}:${GOSSIP_PORT}`], bind_port: GOSSIP_PORT },
    distributor: { ...config.distributor, ring: memberlistRing() },
    live_store: { ...config.live_store, ring: memberlistRing(), partition_ring: memberlistRing() },
    // One partition per block-builder: `tempo-block-builder-<n>` consumes partition n.
    block_builder: { partitions_per_instance: 1, wal: { path: `${DATA_DIR}/block-builder/traces` } },
    metrics_generator: { ...config.metrics_generator, ring: memberlistRing() },
    backend_worker: {
      ...config.backend_worker,
      backend_scheduler_addr: input.schedulerAddress,
      ring: memberlistRing(),
    },
    querier: { frontend_worker: { frontend_address: input.frontendAddress } },
  };
}

function traceStorage(settings: TempoSettings): TempoTraceStorage {
  const wal = { path: `${DATA_DIR}/wal` };
  switch (settings.store) {
    case 'gcs':
      return { backend: 'gcs', gcs: { bucket_name: settings.bucket ?? '' }, wal };
    case 's3': {
      // The store's own region, else the one the platform creates the stack's buckets in.
      const { region } = settings;
      return {
        backend: 's3',
        s3: {
          bucket: settings.bucket ?? '',
          endpoint: s3Endpoint(region),
          ...(region ? { region } : {}),
        },
        wal,
      };
    }
    default:
      return { backend: 'local', local: { path: `${DATA_DIR}/blocks` }, wal };
  }
}

/** The configuration of the single binary, or of every target of the distributed mode, from the final values. */
export function tempoConfig(input: TempoConfigInput): TempoConfig {
  const config = monolithicConfig(input);
  return input.distributed ? withDistributed(config, input.distributed) : config;
}

function monolithicConfig(input: TempoConfigInput): TempoConfig {
  const { values, settings } = input;
  // Go's durations: `7d` is `168h`. Set where each piece of Tempo reads it: the per-tenant
  // default (which wins wherever a tenant's retention is asked), the scheduler that plans the
  // jobs, and the worker that runs them.
  const retention = goDuration(values.retention);
  return {
    multitenancy_enabled: false,
    stream_over_http_enabled: true,
    server: { http_listen_port: HTTP_PORT, grpc_listen_port: GRPC_PORT, log_level: values.logLevel },
    distributor: {
      receivers: {
        otlp: {
          protocols: {
            grpc: { endpoint: `0.0.0.0:${OTLP_GRPC_PORT}` },
            http: { endpoint: `0.0.0.0:${OTLP_HTTP_PORT}` },
          },
        },
      },
    },
    live_store: {
      wal: { path: `${DATA_DIR}/live-store/traces` },
      shutdown_marker_dir: `${DATA_DIR}/live-store/shutdown-marker`,
    },
    backend_scheduler: {
      local_work_path: `${DATA_DIR}/work`,
      provider: { compaction: { compaction: { block_retention: retention } } },
    },
    backend_worker: { compaction: { block_retention: retention } },
    metrics_generator: {
      registry: { external_labels: { source: 'tempo', cluster: input.cluster } },
      storage: {
        path: `${DATA_DIR}/generator/wal`,
        ...(input.remoteWriteUrl
          ? { remote_write: [{ url: input.remoteWriteUrl, send_exemplars: true }] }
          : {}),
      },
    },
    storage: { trace: traceStorage(settings) },
    overrides: {
      defaults: {
        metrics_generator: { processors: ['span-metrics', 'service-graphs'] },
        compaction: { block_retention: retention },
      },
    },
    usage_report: { reporting_enabled: false },
  };
}

/** The file as Tempo reads it: YAML, keys sorted, so that the same values give the same bytes. */
export function renderTempoConfig(config: TempoConfig): string {
  return toYaml(canonicalize(config));
}
