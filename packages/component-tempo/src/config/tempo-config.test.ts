import { type CommonOptions, createStack, type Part, render } from '@mixstack/core';
import {
  type ConfigKeys,
  configKeyPaths,
  readConfigKeys,
  sharedReference,
  unknownConfigKeys,
} from '@mixstack/testing';
import { beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { goDuration } from '../config.js';
import { TEMPO_VERSION, tempo } from '../index.js';
import { metricsStore, objectStoragePlatform } from '../test-helpers.js';
import type { TempoConfig } from './tempo-config.js';

/** Every valid key of Tempo 3.0 (the shared reference folder; CI always has it). */
const KEYS = sharedReference('reference/config-keys/tempo.tsv');

function tempoConfigOf(parts: Part[], common: CommonOptions = {}): TempoConfig {
  const { files } = render(createStack({ namespace: 'monitoring', ...common }, parts));
  const configMap = parse(files.get('tempo-config.yaml')!) as { data: Record<string, string> };
  return parse(configMap.data['tempo.yaml']!) as TempoConfig;
}

const SCENARIOS: [string, () => Part[]][] = [
  ['the defaults', () => [tempo()]],
  [
    'GCS from the platform, a metrics store',
    () => [
      tempo({ objectStorage: { bucket: 'acme-tempo' } }),
      objectStoragePlatform('gke', 'gcs'),
      metricsStore(),
    ],
  ],
  [
    'S3 with a region, every option',
    () => [
      tempo({
        objectStorage: { type: 's3', bucket: 'acme-tempo', region: 'eu-west-1' },
        retention: '30d',
        logLevel: 'warn',
        collector: false,
        networkPolicy: { otlpFromEveryNamespace: true },
      }),
      metricsStore(),
    ],
  ],
  [
    'distributed mode: Kafka, GCS from the platform, a metrics store',
    () => [
      tempo({
        kafka: { address: 'kafka.kafka.svc:9092', topic: 'traces', partitions: 6 },
        objectStorage: { bucket: 'acme-tempo' },
      }),
      objectStoragePlatform('gke', 'gcs'),
      metricsStore(),
    ],
  ],
];

describe.skipIf(!KEYS.available)(
  `every key of the rendered configuration is a key of Tempo 3.0${KEYS.available ? '' : ` (${KEYS.skipMessage})`}`,
  () => {
    // Read when the suite runs: a skipped suite is still collected, and the file is absent then.
    let keys: ConfigKeys;
    beforeAll(() => {
      keys = readConfigKeys(KEYS.path);
    });
    test.each(SCENARIOS)('%s', (_scenario, parts) => {
      const config = tempoConfigOf(parts());
      expect(configKeyPaths(config, keys).length).toBeGreaterThan(30);
      expect(unknownConfigKeys(config, keys)).toEqual([]);
    });

    test('the distributed mode adds its keys, every one of Tempo 3.0 too', () => {
      const [, parts] = SCENARIOS.find(([name]) => name.startsWith('distributed'))!;
      const monolithic = new Set(configKeyPaths(tempoConfigOf([tempo()]), keys));
      const added = configKeyPaths(tempoConfigOf(parts()), keys).filter(
        (path: string) => !monolithic.has(path),
      );
      expect(added).toEqual(
        expect.arrayContaining([
          'ingest.kafka.address',
          'ingest.kafka.topic',
          'ingest.kafka.auto_create_topic_default_partitions',
          'memberlist.join_members',
          'block_builder.partitions_per_instance',
          'live_store.partition_ring.kvstore.store',
          'backend_worker.backend_scheduler_addr',
          'querier.frontend_worker.frontend_address',
        ]),
      );
    });

    test('the image is of the release the key list was taken from', () => {
      const header = keys.header.match(/^# version: v(\d+\.\d+\.\d+)/m);
      expect(header?.[1]).toBe(TEMPO_VERSION);
    });

    test('the walk fails on a key Tempo 3 does not have (the 2.x compactor and ingester)', () => {
      const config = {
        ...tempoConfigOf([tempo()]),
        compactor: { compaction: { block_retention: '48h' } },
        ingester: { max_block_duration: '5m' },
      };
      expect(unknownConfigKeys(config, keys)).toEqual([
        'compactor',
        'compactor.compaction',
        'compactor.compaction.block_retention',
        'ingester',
        'ingester.max_block_duration',
      ]);
    });
  },
);

describe('the configuration', () => {
  test('OTLP receivers on every interface; HTTP on 3200; one tenant; no usage report', () => {
    const config = tempoConfigOf([tempo()]);
    expect(config.distributor).toEqual({
      receivers: {
        otlp: { protocols: { grpc: { endpoint: '0.0.0.0:4317' }, http: { endpoint: '0.0.0.0:4318' } } },
      },
    });
    expect(config.server).toEqual({ http_listen_port: 3200, grpc_listen_port: 9095, log_level: 'info' });
    expect(config).toMatchObject({
      multitenancy_enabled: false,
      stream_over_http_enabled: true,
      usage_report: { reporting_enabled: false },
    });
  });

  test('every path Tempo writes is on the volume at /var/tempo (the root filesystem is read-only)', () => {
    const config = tempoConfigOf([tempo(), metricsStore()]);
    const paths = [
      config.storage.trace.wal.path,
      (config.storage.trace as { local: { path: string } }).local.path,
      config.live_store.wal.path,
      config.live_store.shutdown_marker_dir,
      config.backend_scheduler.local_work_path,
      config.metrics_generator.storage.path,
    ];
    expect(paths).toEqual([
      '/var/tempo/wal',
      '/var/tempo/blocks',
      '/var/tempo/live-store/traces',
      '/var/tempo/live-store/shutdown-marker',
      '/var/tempo/work',
      '/var/tempo/generator/wal',
    ]);
  });

  test.each<[string, string, string]>([
    ['the default week', '7d', '168h'],
    ['a day', '24h', '24h'],
    ['two weeks', '2w', '336h'],
    ['hours and minutes', '1h30m', '1h30m'],
  ])(
    'retention, %s: set explicitly wherever Tempo 3 reads it, in Go duration',
    (_case, retention, expected) => {
      const config = tempoConfigOf([tempo({ retention })]);
      expect(config.backend_scheduler.provider.compaction.compaction.block_retention).toBe(expected);
      expect(config.backend_worker.compaction.block_retention).toBe(expected);
      expect(config.overrides.defaults.compaction.block_retention).toBe(expected);
    },
  );

  test('goDuration: seconds and zero', () => {
    expect(goDuration('90s')).toBe('1m30s');
    expect(goDuration('0')).toBe('0s');
  });

  test.each<[string, Part[], unknown]>([
    [
      'local on the volume',
      [tempo()],
      { backend: 'local', local: { path: '/var/tempo/blocks' }, wal: { path: '/var/tempo/wal' } },
    ],
    [
      'GCS set by the platform',
      [tempo({ objectStorage: { bucket: 'acme-tempo' } }), objectStoragePlatform('gke', 'gcs')],
      { backend: 'gcs', gcs: { bucket_name: 'acme-tempo' }, wal: { path: '/var/tempo/wal' } },
    ],
    [
      'S3 by the option with a region, over the platform',
      [
        tempo({ objectStorage: { type: 's3', bucket: 'acme-tempo', region: 'us-east-1' } }),
        objectStoragePlatform('gke', 'gcs'),
      ],
      {
        backend: 's3',
        s3: { bucket: 'acme-tempo', endpoint: 's3.us-east-1.amazonaws.com', region: 'us-east-1' },
        wal: { path: '/var/tempo/wal' },
      },
    ],
    [
      'S3 without a region',
      [tempo({ objectStorage: { type: 's3', bucket: 'acme-tempo' } })],
      {
        backend: 's3',
        s3: { bucket: 'acme-tempo', endpoint: 's3.amazonaws.com' },
        wal: { path: '/var/tempo/wal' },
      },
    ],
    [
      'local by the option, over the platform',
      [tempo({ objectStorage: { type: 'local' } }), objectStoragePlatform('aks', 'azure')],
      { backend: 'local', local: { path: '/var/tempo/blocks' }, wal: { path: '/var/tempo/wal' } },
    ],
  ])('storage: %s', (_case, parts, trace) => {
    expect(tempoConfigOf(parts).storage.trace).toEqual(trace);
  });

  test("the metrics generator: span metrics and the service graph as per-tenant defaults, written with exemplars to the stack's metrics store", () => {
    const config = tempoConfigOf([tempo(), metricsStore()], { namespace: 'obs', cluster: 'prod-eu' });
    expect(config.overrides.defaults.metrics_generator).toEqual({
      processors: ['span-metrics', 'service-graphs'],
    });
    expect(config.metrics_generator).toEqual({
      registry: { external_labels: { source: 'tempo', cluster: 'prod-eu' } },
      storage: {
        path: '/var/tempo/generator/wal',
        remote_write: [{ url: 'http://metrics-store.obs.svc:9090/api/v1/write', send_exemplars: true }],
      },
    });
    // No legacy flat overrides (`metrics_generator_processors`), which Tempo 3 refuses at start.
    expect(Object.keys(config.overrides)).toEqual(['defaults']);
  });

  test('without a metrics store, or with it turned off, the generator writes nowhere', () => {
    for (const parts of [[tempo()], [tempo(), metricsStore({ enabled: false })]]) {
      const config = tempoConfigOf(parts);
      expect(config.metrics_generator.storage).toEqual({ path: '/var/tempo/generator/wal' });
      expect(config.metrics_generator.registry.external_labels).toEqual({
        source: 'tempo',
        cluster: 'cluster',
      });
    }
  });
});
