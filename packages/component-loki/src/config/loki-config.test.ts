import { type CommonOptions, createStack, type Part, render } from '@mixstack/core';
import {
  type ConfigKeyAllowances,
  type ConfigKeys,
  configKeyPaths,
  readConfigKeys,
  sharedReference,
  staleConfigKeyAllowances,
  unknownConfigKeys,
} from '@mixstack/testing';
import { beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { LOKI_VERSION, loki } from '../index.js';
import { alertReceiver, objectStoragePlatform } from '../test-helpers.js';
import { oldSamplesMaxAge } from './loki-config.js';

/** Every valid key of Loki 3.8 (the shared reference folder; CI always has it). */
const KEYS = sharedReference('reference/config-keys/loki.tsv');

const ALLOWANCES: ConfigKeyAllowances = {
  freeForm: {
    'ruler.external_labels':
      'listed as a <block> without children; Loki reads a Prometheus labels.Labels (label name → value)',
  },
};

function lokiConfigOf(parts: Part[], common: CommonOptions = {}): Record<string, unknown> {
  const { files } = render(createStack({ namespace: 'monitoring', ...common }, parts));
  const configMap = parse(files.get('loki-config.yaml')!) as { data: Record<string, string> };
  return parse(configMap.data['config.yaml']!) as Record<string, unknown>;
}

const SCENARIOS: [string, () => Part[]][] = [
  ['the defaults', () => [loki()]],
  [
    'GCS from the platform, an Alertmanager, 3 replicas',
    () => [
      loki({ replicas: 3, objectStorage: { bucket: 'acme-loki' } }),
      objectStoragePlatform('gke', 'gcs'),
      alertReceiver(),
    ],
  ],
  [
    'mode ha: 3 replicas on GCS from the platform, an Alertmanager',
    () => [
      loki({ mode: 'ha', objectStorage: { bucket: 'acme-loki' } }),
      objectStoragePlatform('gke', 'gcs'),
      alertReceiver(),
    ],
  ],
  [
    'S3 with a region, every option',
    () => [
      loki({
        replicas: 2,
        replicationFactor: 2,
        objectStorage: { type: 's3', bucket: 'acme-loki', region: 'eu-west-1' },
        retention: '30d',
        schemaFrom: '2025-01-01',
        limits: { ingestionRateMb: 50, queryTimeout: '5m' },
        ruler: { externalLabels: { team: 'platform' } },
        logLevel: 'warn',
      }),
    ],
  ],
];

describe.skipIf(!KEYS.available)(
  `every key of the rendered configuration is a key of Loki 3.8${KEYS.available ? '' : ` (${KEYS.skipMessage})`}`,
  () => {
    // Read when the suite runs: a skipped suite is still collected, and the file is absent then.
    let keys: ConfigKeys;
    beforeAll(() => {
      keys = readConfigKeys(KEYS.path);
    });
    test.each(SCENARIOS)('%s', (_scenario, parts) => {
      const config = lokiConfigOf(parts());
      expect(configKeyPaths(config, keys, ALLOWANCES).length).toBeGreaterThan(30);
      expect(unknownConfigKeys(config, keys, ALLOWANCES)).toEqual([]);
    });

    test('every allowance is still needed, and rendered by the defaults', () => {
      expect(staleConfigKeyAllowances(keys, ALLOWANCES, [lokiConfigOf([loki()])])).toEqual([]);
    });

    test('the image is of the release the key list was taken from', () => {
      const header = keys.header.match(/^# version: (\d+\.\d+)\.\d+/m);
      expect(header?.[1]).toBe('3.8');
      expect(LOKI_VERSION.split('.').slice(0, 2).join('.')).toBe(header?.[1]);
    });

    test('the walk fails on a key Loki does not have', () => {
      const config = {
        ...lokiConfigOf([loki()]),
        compactor: { retention_enabled: true, shared_store: 'gcs' },
      };
      expect(unknownConfigKeys(config, keys, ALLOWANCES)).toEqual(['compactor.shared_store']);
    });
  },
);

describe('the configuration', () => {
  test('one schema period, tsdb v13 on the store in use, from the option', () => {
    expect(lokiConfigOf([loki()]).schema_config).toEqual({
      configs: [
        {
          from: '2024-04-01',
          store: 'tsdb',
          object_store: 'filesystem',
          schema: 'v13',
          index: { prefix: 'loki_index_', period: '24h' },
        },
      ],
    });
    const gcs = lokiConfigOf([
      loki({ schemaFrom: '2025-06-01', objectStorage: { type: 'gcs', bucket: 'b-1' } }),
    ]);
    expect(gcs.schema_config).toMatchObject({ configs: [{ from: '2025-06-01', object_store: 'gcs' }] });
  });

  test('retention through the compactor, deleting from the store in use: logs are never kept forever', () => {
    const config = lokiConfigOf([loki()]);
    expect(config.compactor).toMatchObject({ retention_enabled: true, delete_request_store: 'filesystem' });
    expect(config.limits_config).toMatchObject({ retention_period: '15d' });
    const s3 = lokiConfigOf([loki({ retention: '90d', objectStorage: { type: 's3', bucket: 'b-1' } })]);
    expect(s3.compactor).toMatchObject({ delete_request_store: 's3' });
    expect(s3.limits_config).toMatchObject({ retention_period: '90d' });
  });

  test('old lines are refused after a week, or after the retention when it is shorter', () => {
    expect(lokiConfigOf([loki()]).limits_config).toMatchObject({ reject_old_samples_max_age: '168h' });
    expect(lokiConfigOf([loki({ retention: '3d' })]).limits_config).toMatchObject({
      reject_old_samples_max_age: '72h',
      retention_period: '3d',
    });
    expect(oldSamplesMaxAge('36h30m')).toBe('131400s');
    expect(oldSamplesMaxAge('0s')).toBe('168h');
    expect(oldSamplesMaxAge('30d')).toBe('168h');
  });

  test.each<[string, Part[], unknown]>([
    [
      'filesystem on the volume',
      [loki()],
      { filesystem: { chunks_directory: '/var/loki/chunks', rules_directory: '/etc/loki/rules' } },
    ],
    [
      'GCS set by the platform',
      [loki({ objectStorage: { bucket: 'acme-loki' } }), objectStoragePlatform('gke', 'gcs')],
      { gcs: { bucket_name: 'acme-loki' } },
    ],
    [
      'S3 by the option, over the platform',
      [
        loki({ objectStorage: { type: 's3', bucket: 'acme-loki', region: 'us-east-1' } }),
        objectStoragePlatform('gke', 'gcs'),
      ],
      { s3: { bucketnames: 'acme-loki', region: 'us-east-1' } },
    ],
    [
      'filesystem by the option, over the platform',
      [loki({ objectStorage: { type: 'filesystem' } }), objectStoragePlatform('aks', 'azure')],
      { filesystem: { chunks_directory: '/var/loki/chunks', rules_directory: '/etc/loki/rules' } },
    ],
  ])('storage: %s', (_case, parts, storage) => {
    expect((lokiConfigOf(parts).common as { storage: unknown }).storage).toEqual(storage);
  });

  test('one replica keeps its ring in memory; replicas join over memberlist through the headless Service', () => {
    const one = lokiConfigOf([loki()]);
    expect(one.common).toMatchObject({ replication_factor: 1, ring: { kvstore: { store: 'inmemory' } } });
    expect(one.memberlist).toBeUndefined();
    const three = lokiConfigOf([loki({ replicas: 3, objectStorage: { type: 'gcs', bucket: 'b-1' } })], {
      namespace: 'logs',
    });
    expect(three.common).toMatchObject({ replication_factor: 3, ring: { kvstore: { store: 'memberlist' } } });
    expect(three.memberlist).toEqual({ join_members: ['loki-headless.logs.svc:7946'], bind_port: 7946 });
    expect(three.ruler).toMatchObject({ enable_sharding: true });
    const two = lokiConfigOf([loki({ replicas: 2, objectStorage: { type: 'gcs', bucket: 'b-1' } })]);
    expect(two.common).toMatchObject({ replication_factor: 1 });
  });

  test('mode ha: replication factor 3 over memberlist, tokens kept, gone pods forgotten, one compactor elected by its ring', () => {
    const ha = lokiConfigOf([loki({ mode: 'ha', objectStorage: { type: 's3', bucket: 'b-1' } })], {
      namespace: 'logs',
    });
    expect(ha.common).toMatchObject({
      replication_factor: 3,
      persist_tokens: true,
      ring: { kvstore: { store: 'memberlist' } },
      storage: { s3: { bucketnames: 'b-1' } },
    });
    expect(ha.memberlist).toEqual({ join_members: ['loki-headless.logs.svc:7946'], bind_port: 7946 });
    expect(ha.ingester).toEqual({ autoforget_unhealthy: true });
    expect(ha.ruler).toMatchObject({ enable_sharding: true });
    // One compactor: no main/worker split and no ring of its own, so the compactor ring takes
    // common.ring (memberlist) and elects one pod; no compactor address, which -target=all ignores.
    expect(ha.compactor).toEqual({
      working_directory: '/var/loki/compactor',
      retention_enabled: true,
      delete_request_store: 's3',
    });
    expect(ha.common).not.toHaveProperty('compactor_address');
    expect(ha.common).not.toHaveProperty('compactor_grpc_address');
    // More replicas keep the factor at 3; monolithic replicas get none of the ha settings.
    const five = lokiConfigOf([
      loki({ mode: 'ha', replicas: 5, objectStorage: { type: 'gcs', bucket: 'b-1' } }),
    ]);
    expect(five.common).toMatchObject({ replication_factor: 3 });
    const monolithic = lokiConfigOf([loki({ replicas: 3, objectStorage: { type: 'gcs', bucket: 'b-1' } })]);
    expect(monolithic.common).not.toHaveProperty('persist_tokens');
    expect(monolithic.ingester).toBeUndefined();
  });

  test("the ruler: local rules of the tenant, the API on, the cluster label, the stack's Alertmanager", () => {
    expect(lokiConfigOf([loki()]).ruler).toEqual({
      storage: { type: 'local', local: { directory: '/etc/loki/rules' } },
      rule_path: '/var/loki/rules-temp',
      wal: { dir: '/var/loki/ruler-wal' },
      enable_api: true,
      external_labels: { cluster: 'cluster' },
    });
    const withAlerts = lokiConfigOf(
      [loki({ ruler: { externalLabels: { team: 'sre', cluster: 'ignored' } } }), alertReceiver()],
      { namespace: 'obs', cluster: 'prod-eu' },
    );
    expect(withAlerts.ruler).toMatchObject({
      alertmanager_url: 'http://alert-receiver.obs.svc:9093',
      external_labels: { team: 'sre', cluster: 'prod-eu' },
    });
    const receiverOff = lokiConfigOf([loki(), alertReceiver({ enabled: false })]);
    expect(receiverOff.ruler).not.toHaveProperty('alertmanager_url');
  });

  test('limits from the options; the server waits longer than a query may run', () => {
    const config = lokiConfigOf([loki({ limits: { maxQuerySeries: 5000, queryTimeout: '5m' } })]);
    expect(config.limits_config).toMatchObject({
      ingestion_rate_mb: 10,
      ingestion_burst_size_mb: 20,
      max_global_streams_per_user: 10000,
      max_query_series: 5000,
      max_entries_limit_per_query: 5000,
      query_timeout: '5m',
    });
    expect(config.server).toMatchObject({
      http_listen_port: 3100,
      grpc_listen_port: 9095,
      http_server_write_timeout: '330s',
      http_server_read_timeout: '330s',
    });
    expect(config).toMatchObject({ auth_enabled: false, analytics: { reporting_enabled: false } });
  });
});
