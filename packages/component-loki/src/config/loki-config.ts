import { canonicalize, toYaml } from '@mixstack/core';
import { durationSeconds } from '@mixstack/kit';
import type { LokiSettings, LokiStore, LokiValues } from '../config.js';

const WEEK_SECONDS = 7 * 86400;

/** A week, or the retention when it is shorter (`0`, keep forever, is not shorter). */
export function oldSamplesMaxAge(retention: string): string {
  const seconds = durationSeconds(retention);
  if (seconds === 0 || seconds >= WEEK_SECONDS) return '168h';
  return seconds % 3600 === 0 ? `${seconds / 3600}h` : `${seconds}s`;
}

/**
 * Loki's configuration file as a typed model: only the keys this package sets, in Loki's own
 * names (`docs/sources/shared/configuration.md` of Loki 3.8). A test walks the rendered YAML
 * and requires every key path to be in the reference list of that release, so a renamed or
 * misspelt key fails the build of this package instead of Loki's start.
 */
export interface LokiConfig {
  auth_enabled: boolean;
  server: {
    http_listen_port: number;
    grpc_listen_port: number;
    log_level: string;
    http_server_read_timeout: string;
    http_server_write_timeout: string;
  };
  common: {
    path_prefix: string;
    persist_tokens?: boolean;
    replication_factor: number;
    ring: { kvstore: { store: 'inmemory' | 'memberlist' } };
    storage: LokiCommonStorage;
  };
  memberlist?: { join_members: string[]; bind_port: number };
  ingester?: { autoforget_unhealthy: boolean };
  schema_config: { configs: LokiPeriodConfig[] };
  compactor: {
    working_directory: string;
    retention_enabled: boolean;
    delete_request_store: LokiStore;
  };
  limits_config: {
    retention_period: string;
    ingestion_rate_mb: number;
    ingestion_burst_size_mb: number;
    max_global_streams_per_user: number;
    max_query_series: number;
    max_entries_limit_per_query: number;
    query_timeout: string;
    reject_old_samples: boolean;
    reject_old_samples_max_age: string;
    volume_enabled: boolean;
  };
  ruler: {
    storage: { type: 'local'; local: { directory: string } };
    rule_path: string;
    wal: { dir: string };
    alertmanager_url?: string;
    enable_api: boolean;
    enable_sharding?: boolean;
    external_labels: Record<string, string>;
  };
  analytics: { reporting_enabled: boolean };
}

/** `common.storage`: one backend, shared by chunks, index and the compactor's delete requests. */
export type LokiCommonStorage =
  | { filesystem: { chunks_directory: string; rules_directory: string } }
  | { gcs: { bucket_name: string } }
  | { s3: { bucketnames: string; region?: string } };

/** One period of `schema_config.configs`. */
export interface LokiPeriodConfig {
  from: string;
  store: 'tsdb';
  object_store: LokiStore;
  schema: 'v13';
  index: { prefix: string; period: string };
}

/** Paths inside the container. */
export const CONFIG_DIR = '/etc/loki/config';
export const CONFIG_FILE = 'config.yaml';
export const DATA_DIR = '/var/loki';
/** The ruler's local rule store: one directory per tenant below it. */
export const RULES_DIR = '/etc/loki/rules';
/** The tenant of every request when `auth_enabled` is false. */
export const TENANT = 'fake';

export const HTTP_PORT = 3100;
export const GRPC_PORT = 9095;
export const MEMBERLIST_PORT = 7946;

/** What the configuration needs besides the values: names the stack decides. */
export interface LokiConfigInput {
  values: LokiValues;
  settings: LokiSettings;
  namespace: string;
  cluster: string;
  /** The headless Service the replicas find each other through (memberlist). */
  headlessService: string;
  /** The Alertmanager the ruler sends to, when the stack has one. */
  alertmanagerUrl?: string;
}

function storage(settings: LokiSettings): LokiCommonStorage {
  switch (settings.store) {
    case 'gcs':
      return { gcs: { bucket_name: settings.bucket ?? '' } };
    case 's3':
      return {
        s3: {
          bucketnames: settings.bucket ?? '',
          // The store's own region, else the one the platform creates the stack's buckets in.
          ...(settings.region ? { region: settings.region } : {}),
        },
      };
    default:
      // The rules directory is the ruler's store too, so that Loki's storage defaults agree with `ruler.storage`.
      return { filesystem: { chunks_directory: `${DATA_DIR}/chunks`, rules_directory: RULES_DIR } };
  }
}

/** The configuration of the single binary, from the final values. */
export function lokiConfig(input: LokiConfigInput): LokiConfig {
  const { values, settings } = input;
  const limits = values.limits;
  const serverTimeout = `${durationSeconds(limits.queryTimeout) + 30}s`;
  return {
    // One tenant (`fake`): mixstack's Loki is the cluster's log store, not a multi-tenant service.
    auth_enabled: false,
    server: {
      http_listen_port: HTTP_PORT,
      grpc_listen_port: GRPC_PORT,
      log_level: values.logLevel,
      // The server's 30s defaults would cut a query off before its own timeout.
      http_server_read_timeout: serverTimeout,
      http_server_write_timeout: serverTimeout,
    },
    common: {
      path_prefix: DATA_DIR,
      // In `ha` a pod keeps its ring tokens across restarts (`<path_prefix>/tokens` on its
      // volume): it takes back the same streams, those of the write-ahead log it replays, and a
      // rolling restart does not reshuffle every stream among the pods.
      ...(settings.ha ? { persist_tokens: true } : {}),
      replication_factor: settings.replicationFactor,
      ring: { kvstore: { store: settings.memberlist ? 'memberlist' : 'inmemory' } },
      storage: storage(settings),
    },
    ...(settings.memberlist
      ? {
          memberlist: {
            join_members: [`${input.headlessService}.${input.namespace}.svc:${MEMBERLIST_PORT}`],
            bind_port: MEMBERLIST_PORT,
          },
        }
      : {}),
    // In `ha`, a pod that left without leaving the ring (its node lost, the StatefulSet scaled
    // down) is forgotten once its heartbeat is long gone: otherwise it stays an unhealthy owner of
    // a third of the streams, one more pod restarting stops their writes (2 of 3 needed), and a
    // new pod does not become ready while the ring it joins holds an unhealthy member.
    ...(settings.ha ? { ingester: { autoforget_unhealthy: true } } : {}),
    schema_config: {
      configs: [
        {
          from: values.schemaFrom,
          store: 'tsdb',
          object_store: settings.store,
          schema: 'v13',
          index: { prefix: 'loki_index_', period: '24h' },
        },
      ],
    },
    // One compactor, also in `ha`: every pod runs the compactor module, and Loki's compactor
    // ring (which takes common.ring, memberlist here) elects the one instance that owns its
    // single token; only it compacts, applies retention and processes delete requests, and when
    // it goes the ring hands the work to another pod. The alternatives need per-pod
    // configuration one StatefulSet does not give, or stop retention with one pod:
    // `horizontal_scaling_mode: main` on `loki-0` alone (experimental; it only spreads
    // line-filter deletes to `worker`s, and nothing compacts while `loki-0` is down), and
    // `common.compactor_address` / `compactor_grpc_address`, which `-target=all` ignores (each
    // pod asks its own compactor module).
    compactor: {
      working_directory: `${DATA_DIR}/compactor`,
      // Without it the retention period is ignored and logs are kept forever.
      retention_enabled: true,
      delete_request_store: settings.store,
    },
    limits_config: {
      retention_period: values.retention,
      ingestion_rate_mb: limits.ingestionRateMb,
      ingestion_burst_size_mb: limits.ingestionBurstSizeMb,
      max_global_streams_per_user: limits.maxGlobalStreamsPerUser,
      max_query_series: limits.maxQuerySeries,
      max_entries_limit_per_query: limits.maxEntriesLimitPerQuery,
      query_timeout: limits.queryTimeout,
      // A collector that replays a node's old files must not write lines the compactor already
      // deleted: a week, or the retention when it is shorter.
      reject_old_samples: true,
      reject_old_samples_max_age: oldSamplesMaxAge(values.retention),
      // Grafana's log volume histograms and Logs Drilldown ask for it.
      volume_enabled: true,
    },
    ruler: {
      storage: { type: 'local', local: { directory: RULES_DIR } },
      // Where the ruler copies the rules it evaluates, and its write-ahead log: on the volume, the root filesystem is read-only.
      rule_path: `${DATA_DIR}/rules-temp`,
      wal: { dir: `${DATA_DIR}/ruler-wal` },
      ...(input.alertmanagerUrl ? { alertmanager_url: input.alertmanagerUrl } : {}),
      enable_api: true,
      // Replicas share the rule groups through the ring instead of each evaluating all of them.
      ...(settings.memberlist ? { enable_sharding: true } : {}),
      external_labels: { ...values.ruler.externalLabels, cluster: input.cluster },
    },
    // No calls out of the cluster.
    analytics: { reporting_enabled: false },
  };
}

/** The configuration as Loki reads it: YAML, keys sorted, the same bytes for the same values. */
export function renderLokiConfig(config: LokiConfig): string {
  return toYaml(canonicalize(config));
}
