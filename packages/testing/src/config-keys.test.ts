import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  type ConfigKeys,
  configKeyPaths,
  readConfigKeys,
  staleConfigKeyAllowances,
  unknownConfigKeys,
} from './config-keys.js';

const dir = mkdtempSync(join(tmpdir(), 'config-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function keyList(name: string, text: string): ConfigKeys {
  const file = join(dir, name);
  writeFileSync(file, text);
  return readConfigKeys(file);
}

const keys = keyList(
  'example.tsv',
  [
    '# version: 1.2.3',
    '# format: key-path<TAB>type',
    'server\t<block>',
    'server.port\t<int>',
    'server.labels\t<block>',
    'limits\t<block>',
    'limits.tags\t<map>',
    'storage\t<block>',
    'storage.remote_write\t<list>',
    'storage.remote_write[].url\t<string>',
    'storage.remote_write[].headers\t<map>',
    '',
  ].join('\n'),
);

const config = {
  server: { port: 9095, labels: { cluster: 'prod' } },
  limits: { tags: { team: 'sre', nested: { anything: true } }, retention: '31d' },
  storage: {
    remote_write: [
      { url: 'http://a', headers: { 'X-Scope': '1' } },
      { url: 'http://b', timeout: '5s' },
    ],
  },
  target: 'all',
};

describe('readConfigKeys', () => {
  test('paths, the <map> paths, and the # lines as the header', () => {
    expect(keys.paths.size).toBe(9);
    expect([...keys.maps]).toEqual(['limits.tags', 'storage.remote_write[].headers']);
    expect(keys.header.match(/^# version: (\S+)/m)?.[1]).toBe('1.2.3');
  });

  test('a line that is not path<TAB>type throws, with where', () => {
    expect(() => keyList('broken.tsv', 'server\t<block>\nserver.port <int>\n')).toThrow(
      /broken\.tsv:2: not a "path<TAB>type" line: server\.port <int>/,
    );
  });
});

describe('unknownConfigKeys', () => {
  test('an unknown key is reported, its parent first; a key under a <map> is not; list items are walked', () => {
    expect(unknownConfigKeys(config, keys)).toEqual([
      'server.labels.cluster',
      'limits.retention',
      'storage.remote_write[].timeout',
      'target',
    ]);
    expect(unknownConfigKeys({ ingester: { wal: { dir: '/x' } } }, keys)).toEqual([
      'ingester',
      'ingester.wal',
      'ingester.wal.dir',
    ]);
  });

  test('the allowances: an unlisted key is accepted, a free-form key is not walked into', () => {
    const allowances = {
      unlisted: { 'limits.retention': 'read in limits.go', target: 'the binary flag, also a key' },
      freeForm: { 'server.labels': 'label name → value' },
    };
    expect(unknownConfigKeys(config, keys, allowances)).toEqual(['storage.remote_write[].timeout']);
    expect(configKeyPaths(config, keys, allowances)).toEqual([
      'server',
      'server.port',
      'server.labels',
      'limits',
      'limits.tags',
      'limits.retention',
      'storage',
      'storage.remote_write',
      'storage.remote_write[].url',
      'storage.remote_write[].headers',
      'storage.remote_write[].url',
      'storage.remote_write[].timeout',
      'target',
    ]);
  });

  test('scalars and empty values have no keys', () => {
    expect(unknownConfigKeys('text', keys)).toEqual([]);
    expect(unknownConfigKeys(null, keys)).toEqual([]);
    expect(unknownConfigKeys({ server: { port: null } }, keys)).toEqual([]);
  });
});

describe('staleConfigKeyAllowances', () => {
  test('none when every allowance is needed and rendered', () => {
    const allowances = {
      unlisted: { 'limits.retention': 'read in limits.go' },
      freeForm: { 'server.labels': 'label name → value' },
    };
    expect(staleConfigKeyAllowances(keys, allowances, [config])).toEqual([]);
  });

  test('an unlisted key the list has now, or that nothing renders, is reported', () => {
    const allowances = { unlisted: { 'server.port': 'hidden once', 'limits.max_series': 'hidden' } };
    expect(staleConfigKeyAllowances(keys, allowances, [config])).toEqual([
      'server.port: allowed as unlisted, but the list has it now; remove the allowance',
      'limits.max_series: allowed as unlisted, but no configuration renders it; remove the allowance',
    ]);
  });

  test('a free-form key the list lacks, types <map>, lists children of, or that nothing renders, is reported', () => {
    const allowances = {
      freeForm: {
        'limits.tags': 'a map',
        'server.annotations': 'a map',
        storage: 'not a map',
      },
    };
    expect(staleConfigKeyAllowances(keys, allowances, [config])).toEqual([
      'limits.tags: allowed as free-form, but the list types it <map> already; remove the allowance',
      'server.annotations: allowed as free-form, but the list does not have it; it is not a key',
      'server.annotations: allowed as free-form, but no configuration renders it; remove the allowance',
      'storage: allowed as free-form, but the list has keys under it (storage.remote_write, storage.remote_write[].url, storage.remote_write[].headers); remove the allowance',
    ]);
  });
});
