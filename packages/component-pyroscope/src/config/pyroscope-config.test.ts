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
import { PYROSCOPE_VERSION, pyroscope } from '../index.js';
import { objectStoragePlatform } from '../test-helpers.js';
import type { PyroscopeConfig } from './pyroscope-config.js';

/** Every valid key of Pyroscope 2.2 (the shared reference folder; CI always has it). */
const KEYS = sharedReference('reference/config-keys/pyroscope.tsv');

const ALLOWANCES: ConfigKeyAllowances = {
  // Keys Pyroscope reads that its reference page does not list (`doc:"hidden"` in the source).
  unlisted: {
    // `Retention retention.Config \`yaml:",inline"\`` in pkg/validation/limits.go,
    // `RetentionPeriod model.Duration \`yaml:"retention_period" doc:"hidden"\`` in
    // pkg/metastore/index/cleaner/retention/retention.go (default 31d, 0 = forever).
    'limits.retention_period': 'the v2 retention of the metastore cleaner',
  },
};

function pyroscopeConfigOf(parts: Part[], common: CommonOptions = {}): PyroscopeConfig {
  const { files } = render(createStack({ namespace: 'monitoring', ...common }, parts));
  const configMap = parse(files.get('pyroscope-config.yaml')!) as { data: Record<string, string> };
  return parse(configMap.data['config.yaml']!) as PyroscopeConfig;
}

const SCENARIOS: [string, () => Part[]][] = [
  ['the defaults', () => [pyroscope()]],
  [
    'GCS from the platform',
    () => [pyroscope({ objectStorage: { bucket: 'acme-profiles' } }), objectStoragePlatform('gke', 'gcs')],
  ],
  [
    'S3 with a region, every option',
    () => [
      pyroscope({
        objectStorage: { type: 's3', bucket: 'acme-profiles', region: 'eu-west-1' },
        retention: '90d',
        logLevel: 'warn',
        collector: { ebpf: true },
        networkPolicy: { pushFromEveryNamespace: true },
      }),
    ],
  ],
];

describe.skipIf(!KEYS.available)(
  `every key of the rendered configuration is a key of Pyroscope 2.2${KEYS.available ? '' : ` (${KEYS.skipMessage})`}`,
  () => {
    // Read when the suite runs: a skipped suite is still collected, and the file is absent then.
    let keys: ConfigKeys;
    beforeAll(() => {
      keys = readConfigKeys(KEYS.path);
    });
    test.each(SCENARIOS)('%s', (_scenario, parts) => {
      const config = pyroscopeConfigOf(parts());
      expect(configKeyPaths(config, keys, ALLOWANCES).length).toBeGreaterThan(25);
      expect(unknownConfigKeys(config, keys, ALLOWANCES)).toEqual([]);
    });

    test('the hidden keys are rendered by the defaults, and still missing from the reference', () => {
      expect(staleConfigKeyAllowances(keys, ALLOWANCES, [pyroscopeConfigOf([pyroscope()])])).toEqual([]);
    });

    test('the image is of the release the key list was taken from', () => {
      const header = keys.header.match(/^# pyroscope-version: .*appVersion (\d+\.\d+\.\d+)/m);
      expect(header?.[1]).toBe(PYROSCOPE_VERSION);
    });

    test('the walk fails on keys Pyroscope does not have (Pyroscope 0.x and Loki spellings)', () => {
      const config = {
        ...pyroscopeConfigOf([pyroscope()]),
        retention: { profile_retention: '720h' },
        limits: { retention_period: '31d', max_query_lookback: '31d', retention_stream: [] },
        storage: { backend: 'filesystem', filesystem: { directory: '/data' } },
      };
      expect(unknownConfigKeys(config, keys, ALLOWANCES).sort()).toEqual([
        'limits.retention_stream',
        'retention',
        'retention.profile_retention',
        'storage.filesystem.directory',
      ]);
    });
  },
);

describe('the configuration', () => {
  test('the single binary of the v2 architecture; HTTP on 4040, gRPC on 9095; one tenant; no reports, no self-profiling pushes', () => {
    const config = pyroscopeConfigOf([pyroscope()]);
    // The single binary is the container's `-target=all`, in one place.
    expect(config).not.toHaveProperty('target');
    expect(config).toMatchObject({
      architecture_storage: 'v2',
      multitenancy_enabled: false,
      analytics: { reporting_enabled: false },
      self_profiling: { disable_push: true },
      server: { http_listen_port: 4040, grpc_listen_port: 9095, log_level: 'info' },
    });
    expect(pyroscopeConfigOf([pyroscope({ logLevel: 'debug' })]).server.log_level).toBe('debug');
  });

  test('one pod is a cluster of one: gossip and Raft on loopback, joining nobody', () => {
    const config = pyroscopeConfigOf([pyroscope()]);
    expect(config.memberlist).toEqual({
      bind_addr: ['127.0.0.1'],
      advertise_addr: '127.0.0.1',
      bind_port: 7946,
      join_members: [],
    });
    expect(config.metastore.address).toBe('localhost:9095');
    expect(config.metastore.raft).toMatchObject({
      bind_address: 'localhost:9099',
      advertise_address: 'localhost:9099',
      server_id: 'localhost:9099',
      bootstrap_expect_peers: 1,
    });
  });

  test('every directory Pyroscope writes is on the volume at /data (the root filesystem is read-only)', () => {
    const directories: string[] = [];
    const walk = (value: unknown, path: string) => {
      if (value === null || typeof value !== 'object') {
        if (/(dir|_path)$/.test(path)) directories.push(String(value));
        return;
      }
      for (const [key, child] of Object.entries(value)) walk(child, key);
    };
    walk(pyroscopeConfigOf([pyroscope()]), '');
    expect(directories).toHaveLength(7);
    for (const directory of directories) expect(directory).toMatch(/^\/data\/[a-z-]+(\/[a-z]+)?$/);
    expect(new Set(directories).size).toBe(directories.length);
  });

  test.each<[string, string]>([
    ['the default month', '31d'],
    ['a week', '7d'],
    ['hours and minutes', '1h30m'],
  ])('retention, %s: the v2 retention and the query lookback, as given', (_case, retention) => {
    const options = retention === '31d' ? {} : { retention };
    expect(pyroscopeConfigOf([pyroscope(options)]).limits).toEqual({
      retention_period: retention,
      max_query_lookback: retention,
    });
  });

  test.each<[string, Part[], unknown]>([
    ['local on the volume', [pyroscope()], { backend: 'filesystem', filesystem: { dir: '/data/shared' } }],
    [
      'GCS set by the platform, with no key: Workload Identity',
      [pyroscope({ objectStorage: { bucket: 'acme-profiles' } }), objectStoragePlatform('gke', 'gcs')],
      { backend: 'gcs', gcs: { bucket_name: 'acme-profiles' } },
    ],
    [
      'S3 by the option with a region, over the platform, with the AWS SDK credential chain',
      [
        pyroscope({ objectStorage: { type: 's3', bucket: 'acme-profiles', region: 'us-east-1' } }),
        objectStoragePlatform('gke', 'gcs'),
      ],
      {
        backend: 's3',
        s3: {
          bucket_name: 'acme-profiles',
          endpoint: 's3.us-east-1.amazonaws.com',
          region: 'us-east-1',
          native_aws_auth_enabled: true,
        },
      },
    ],
    [
      'S3 without a region',
      [pyroscope({ objectStorage: { type: 's3', bucket: 'acme-profiles' } })],
      {
        backend: 's3',
        s3: { bucket_name: 'acme-profiles', endpoint: 's3.amazonaws.com', native_aws_auth_enabled: true },
      },
    ],
    [
      'local by the option, over the platform',
      [pyroscope({ objectStorage: { type: 'local' } }), objectStoragePlatform('aks', 'azure')],
      { backend: 'filesystem', filesystem: { dir: '/data/shared' } },
    ],
  ])('storage: %s', (_case, parts, storage) => {
    expect(pyroscopeConfigOf(parts).storage).toEqual(storage);
  });
});
