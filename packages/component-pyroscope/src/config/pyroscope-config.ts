import { canonicalize, toYaml } from '@mixstack/core';
import { s3Endpoint } from '@mixstack/kit';
import type { PyroscopeSettings, PyroscopeValues } from '../config.js';

/**
 * Pyroscope's configuration file as a typed model: only the keys this package sets, in
 * Pyroscope's own names (`docs/sources/configure-server/reference-configuration-parameters` of
 * Pyroscope 2.2). A test walks the rendered YAML and requires every key path to be in the
 * reference list of that line, so a renamed or misspelt key fails the build of this package
 * instead of Pyroscope's start.
 */
export interface PyroscopeConfig {
  /**
   * The v2 storage architecture (segment writer, metastore, compaction worker): what new
   * deployments use; the binary's default is the v1/v2 migration mode.
   */
  architecture_storage: 'v2';
  /** One tenant (`anonymous`): mixstack's Pyroscope is the cluster's profile store. */
  multitenancy_enabled: boolean;
  /** No anonymous usage reports to grafana.com: a cluster's telemetry stays in the cluster. */
  analytics: { reporting_enabled: boolean };
  /** Pyroscope profiles itself and pushes the profiles to itself unless told not to. */
  self_profiling: { disable_push: boolean };
  server: { http_listen_port: number; grpc_listen_port: number; log_level: string };
  memberlist: PyroscopeMemberlist;
  metastore: PyroscopeMetastore;
  storage: PyroscopeStorage;
  compaction_worker: { temp_dir: string };
  /** The v1 directories: unused with `architecture_storage: v2`, kept on the volume all the same. */
  pyroscopedb: { data_path: string };
  compactor: { data_dir: string };
  store_gateway: { bucket_store: { sync_dir: string } };
  limits: PyroscopeLimits;
}

/**
 * Gossip for the rings, bound to loopback and joining nobody: one pod is a cluster of one, so
 * the port is not even reachable from the pod network.
 */
export interface PyroscopeMemberlist {
  bind_addr: string[];
  advertise_addr: string;
  bind_port: number;
  join_members: string[];
}

/** The v2 metastore: a Raft cluster of one, on loopback, its state on the volume. */
export interface PyroscopeMetastore {
  address: string;
  data_dir: string;
  raft: {
    dir: string;
    bind_address: string;
    advertise_address: string;
    server_id: string;
    bootstrap_expect_peers: number;
  };
}

/** `storage`: where profile blocks go. */
export type PyroscopeStorage =
  | { backend: 'filesystem'; filesystem: { dir: string } }
  /** No `service_account`: the client finds the pod's identity (GKE Workload Identity). */
  | { backend: 'gcs'; gcs: { bucket_name: string } }
  /** `native_aws_auth_enabled`: the AWS SDK's credential chain (EKS IRSA or Pod Identity), no keys. */
  | {
      backend: 's3';
      s3: { bucket_name: string; endpoint: string; region?: string; native_aws_auth_enabled: boolean };
    };

/**
 * Per-tenant limits (the defaults of every tenant). `retention_period` is the v2 retention,
 * a key Pyroscope reads but its reference page hides; `max_query_lookback` (7d by default)
 * is raised to the retention, so that every profile kept can be queried.
 */
export interface PyroscopeLimits {
  retention_period: string;
  max_query_lookback: string;
}

/** Paths inside the container. */
export const CONFIG_DIR = '/etc/pyroscope';
export const CONFIG_FILE = 'config.yaml';
/**
 * The PersistentVolumeClaim: every path Pyroscope writes is below it (the root filesystem is
 * read-only). The image sets no working directory, so Pyroscope's relative defaults
 * (`./data/...`) land here too.
 */
export const DATA_DIR = '/data';

export const HTTP_PORT = 4040;
export const GRPC_PORT = 9095;
export const MEMBERLIST_PORT = 7946;
/** The metastore's Raft port, on loopback. */
export const RAFT_PORT = 9099;

/** Loopback: what only the pod itself reaches. */
const LOOPBACK = '127.0.0.1';

function storage(settings: PyroscopeSettings): PyroscopeStorage {
  switch (settings.store) {
    case 'gcs':
      return { backend: 'gcs', gcs: { bucket_name: settings.bucket ?? '' } };
    case 's3': {
      // The store's own region, else the one the platform creates the stack's buckets in.
      const { region } = settings;
      return {
        backend: 's3',
        s3: {
          bucket_name: settings.bucket ?? '',
          endpoint: s3Endpoint(region),
          ...(region ? { region } : {}),
          native_aws_auth_enabled: true,
        },
      };
    }
    default:
      return { backend: 'filesystem', filesystem: { dir: `${DATA_DIR}/shared` } };
  }
}

/** The configuration of the single binary, from the final values. */
export function pyroscopeConfig(values: PyroscopeValues, settings: PyroscopeSettings): PyroscopeConfig {
  // The metastore's Raft addresses are Pyroscope's defaults (`localhost:9099`), written down:
  // the server id is stored in the Raft state, so it must never change under a running volume.
  const raft = `localhost:${RAFT_PORT}`;
  return {
    architecture_storage: 'v2',
    multitenancy_enabled: false,
    analytics: { reporting_enabled: false },
    self_profiling: { disable_push: true },
    server: { http_listen_port: HTTP_PORT, grpc_listen_port: GRPC_PORT, log_level: values.logLevel },
    memberlist: {
      bind_addr: [LOOPBACK],
      advertise_addr: LOOPBACK,
      bind_port: MEMBERLIST_PORT,
      join_members: [],
    },
    metastore: {
      address: `localhost:${GRPC_PORT}`,
      data_dir: `${DATA_DIR}/metastore/data`,
      raft: {
        dir: `${DATA_DIR}/metastore/raft`,
        bind_address: raft,
        advertise_address: raft,
        server_id: raft,
        bootstrap_expect_peers: 1,
      },
    },
    storage: storage(settings),
    compaction_worker: { temp_dir: `${DATA_DIR}/compaction-worker` },
    pyroscopedb: { data_path: `${DATA_DIR}/pyroscopedb` },
    compactor: { data_dir: `${DATA_DIR}/compactor` },
    store_gateway: { bucket_store: { sync_dir: `${DATA_DIR}/store-gateway-sync` } },
    // Prometheus durations, as Pyroscope reads limits (`31d` stays `31d`).
    limits: { retention_period: values.retention, max_query_lookback: values.retention },
  };
}

/** The file as Pyroscope reads it: YAML, keys sorted, so that the same values give the same bytes. */
export function renderPyroscopeConfig(config: PyroscopeConfig): string {
  return toYaml(canonicalize(config));
}
