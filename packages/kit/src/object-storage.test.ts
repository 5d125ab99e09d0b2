import { type CommonValues, defaultCommonValues, type MixstackError, options } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { defineObjectStorage, type ObjectStorageOptions, s3Endpoint } from './object-storage.js';

/** A store as Tempo and Pyroscope declare it: the volume is `local`. */
const traces = defineObjectStorage({
  product: 'Tempo',
  keeps: 'traces',
  stores: 'trace blocks',
  exampleBucket: 'acme-prod-tempo',
  bucketId: 'traces',
});

/** A store that names its volume as its technology does (Loki's `filesystem`). */
const logs = defineObjectStorage({
  product: 'Loki',
  keeps: 'logs',
  stores: 'chunks',
  exampleBucket: 'acme-prod-loki',
  bucketId: 'chunks',
  volume: 'filesystem',
});

const common = (objectStorage?: CommonValues['objectStorage']): CommonValues => ({
  ...defaultCommonValues(),
  ...(objectStorage ? { objectStorage } : {}),
});
const values = (objectStorage: ObjectStorageOptions = {}) => ({ objectStorage });
const lokiValues = (objectStorage: ObjectStorageOptions<'filesystem'> = {}) => ({ objectStorage });

/** Each problem as a reader meets it: code, address, path, value, reason and fix. */
const described = (problems: readonly MixstackError[]) =>
  problems.map((p) => ({
    code: p.code,
    address: p.address,
    path: p.path,
    value: p.value,
    reason: p.reason,
    hint: p.hint,
  }));

describe('the schema of the objectStorage option', () => {
  const parse = (schema: options.Schema<unknown>, value: unknown) =>
    options.parseOptionsCollecting(schema, value, 'tempo');

  test.each<[string, unknown]>([
    ['nothing', {}],
    ['the volume', { type: 'local' }],
    ['GCS with a bucket', { type: 'gcs', bucket: 'acme-prod-tempo' }],
    ['S3 with a bucket and a region', { type: 's3', bucket: 'acme.traces_1', region: 'eu-west-1' }],
    ['a bucket alone (the store then comes from the stack)', { bucket: 'abc' }],
  ])('accepts %s, as given', (_case, given) => {
    expect(parse(traces.schema, given)).toEqual({ value: given, problems: [] });
  });

  test.each<[string, unknown, string, unknown, string]>([
    ['a store it does not speak', { type: 'azure' }, 'type', 'azure', 'pass one of "local", "gcs", "s3"'],
    [
      "another store's name for the volume",
      { type: 'filesystem' },
      'type',
      'filesystem',
      'pass one of "local", "gcs", "s3"',
    ],
    [
      'a bucket name with capitals',
      { bucket: 'Acme_Traces' },
      'bucket',
      'Acme_Traces',
      'pass a bucket name such as "acme-prod-tempo" (3-63 lower-case letters, digits, "-", "_" and ".")',
    ],
    [
      'a bucket name too short',
      { bucket: 'ab' },
      'bucket',
      'ab',
      'pass a bucket name such as "acme-prod-tempo" (3-63 lower-case letters, digits, "-", "_" and ".")',
    ],
    [
      'a bucket name ending in "-"',
      { bucket: 'acme-' },
      'bucket',
      'acme-',
      'pass a bucket name such as "acme-prod-tempo" (3-63 lower-case letters, digits, "-", "_" and ".")',
    ],
    [
      'a region that is none',
      { region: 'europe' },
      'region',
      'europe',
      'pass an AWS region such as "eu-west-1"',
    ],
    [
      'an unknown field',
      { buckets: 'acme' },
      'buckets',
      'acme',
      'remove it or use one of: type, bucket, region. Did you mean "bucket"?',
    ],
  ])('refuses %s, at its path, with a fix', (_case, given, path, value, hint) => {
    const { problems } = parse(traces.schema, given);
    expect(problems.map((p) => [p.code, p.address, p.path, p.value, p.hint])).toEqual([
      ['INVALID_OPTION', 'tempo', path, value, hint],
    ]);
  });

  test("names the store's own volume and example bucket", () => {
    expect(parse(logs.schema, { type: 'filesystem', bucket: 'acme-prod-loki' }).problems).toEqual([]);
    expect(parse(logs.schema, { type: 'local' }).problems.map((p) => p.hint)).toEqual([
      'pass one of "filesystem", "gcs", "s3"',
    ]);
    expect(parse(logs.schema, { bucket: 'X' }).problems.map((p) => p.hint)).toEqual([
      'pass a bucket name such as "acme-prod-loki" (3-63 lower-case letters, digits, "-", "_" and ".")',
    ]);
  });
});

describe("storeOf and settingsOf: the option, else the stack's gcs or s3, else the volume", () => {
  test.each<[string, ObjectStorageOptions, CommonValues['objectStorage'], string, string | undefined]>([
    ['nothing set', {}, undefined, 'local', undefined],
    ["the stack's gcs", { bucket: 'b-1' }, 'gcs', 'gcs', 'b-1'],
    ["the stack's s3", { bucket: 'b-1' }, 's3', 's3', 'b-1'],
    ["the stack's azure, which is not taken", { bucket: 'b-1' }, 'azure', 'local', undefined],
    ["the stack's filesystem", { bucket: 'b-1' }, 'filesystem', 'local', undefined],
    ["the option over the stack's", { type: 's3', bucket: 'b-1' }, 'gcs', 's3', 'b-1'],
    ["the volume chosen over the stack's", { type: 'local', bucket: 'b-1' }, 'gcs', 'local', undefined],
    ['a bucket store without a bucket', { type: 'gcs' }, undefined, 'gcs', undefined],
  ])('%s', (_case, option, stack, store, bucket) => {
    expect(traces.storeOf(values(option), common(stack))).toBe(store);
    expect(traces.settingsOf(values(option), common(stack))).toEqual(bucket ? { store, bucket } : { store });
  });

  test('the volume by its own name', () => {
    expect(logs.volume).toBe('filesystem');
    expect(traces.volume).toBe('local');
    expect(logs.settingsOf(lokiValues({ bucket: 'b-1' }), common())).toEqual({
      store: 'filesystem',
    });
    expect(logs.settingsOf(lokiValues({ bucket: 'b-1' }), common('gcs'))).toEqual({
      store: 'gcs',
      bucket: 'b-1',
    });
  });
});

describe("settingsOf's region: the store's own, else the stack's, with s3 only", () => {
  const stack = (
    objectStorage: CommonValues['objectStorage'],
    objectStorageRegion?: string,
  ): CommonValues => ({
    ...common(objectStorage),
    ...(objectStorageRegion ? { objectStorageRegion } : {}),
  });
  test.each<[string, ObjectStorageOptions, CommonValues, string | undefined]>([
    ["the stack's s3 and its region", { bucket: 'b-1' }, stack('s3', 'eu-west-1'), 'eu-west-1'],
    [
      "the option's s3 and the stack's region",
      { type: 's3', bucket: 'b-1' },
      stack(undefined, 'eu-west-1'),
      'eu-west-1',
    ],
    [
      "the store's own region over the stack's",
      { bucket: 'b-1', region: 'us-east-2' },
      stack('s3', 'eu-west-1'),
      'us-east-2',
    ],
    [
      "the store's own region, the stack without one",
      { bucket: 'b-1', region: 'us-east-2' },
      stack('s3'),
      'us-east-2',
    ],
    ['no region anywhere', { bucket: 'b-1' }, stack('s3'), undefined],
    [
      "gcs chosen over the stack's s3",
      { type: 'gcs', bucket: 'b-1', region: 'us-east-2' },
      stack('s3', 'eu-west-1'),
      undefined,
    ],
    [
      "the volume chosen over the stack's s3",
      { type: 'local', region: 'us-east-2' },
      stack('s3', 'eu-west-1'),
      undefined,
    ],
    ["the stack's gcs", { bucket: 'b-1' }, stack('gcs', 'eu-west-1'), undefined],
  ])('%s', (_case, option, stackCommon, region) => {
    const settings = traces.settingsOf(values(option), stackCommon);
    if (region) expect(settings.region).toBe(region);
    else expect(settings).not.toHaveProperty('region');
  });

  test("the store's volume by its own name gets no region either", () => {
    expect(logs.settingsOf(lokiValues({ type: 'filesystem' }), stack('s3', 'eu-west-1'))).toEqual({
      store: 'filesystem',
    });
  });
});

describe('problems: what the option alone cannot be wrong about', () => {
  test('none on the volume, nor with a bucket store and its bucket', () => {
    expect(traces.problems(values(), common(), 'tempo')).toEqual([]);
    expect(traces.problems(values({ bucket: 'b-1' }), common('gcs'), 'tempo')).toEqual([]);
    expect(traces.problems(values({ type: 's3', bucket: 'b-1' }), common(), 'tempo')).toEqual([]);
    // The user's choice stands over the stack's azure.
    expect(traces.problems(values({ type: 'local' }), common('azure'), 'tempo')).toEqual([]);
    expect(traces.problems(values({ type: 'gcs', bucket: 'b-1' }), common('azure'), 'tempo')).toEqual([]);
  });

  test("the stack's azure, which the store is not configured for", () => {
    expect(described(traces.problems(values({ bucket: 'b-1' }), common('azure'), 'tempo'))).toEqual([
      {
        code: 'INVALID_OPTION',
        address: 'tempo',
        path: 'objectStorage.type',
        value: 'azure',
        reason: 'the stack\'s object storage is "azure", which this package does not configure Tempo for',
        hint: 'pass objectStorage: { type: "local" } to keep traces on the volume, or "gcs" / "s3" with a bucket',
      },
    ]);
  });

  test('a bucket store chosen by the option, without a bucket', () => {
    expect(described(traces.problems(values({ type: 's3' }), common(), 'tempo'))).toEqual([
      {
        code: 'INVALID_OPTION',
        address: 'tempo',
        path: 'objectStorage.bucket',
        value: undefined,
        reason: 'Tempo stores its trace blocks in s3 (objectStorage.type) and needs a bucket name',
        hint: 'pass objectStorage: { bucket: "acme-prod-tempo" } (bucket names are global: choose one of your own), or objectStorage: { type: "local" } for the volume',
      },
    ]);
  });

  test("a bucket store from the stack, without a bucket, in the store's own words", () => {
    expect(described(logs.problems(lokiValues(), common('gcs'), 'loki'))).toEqual([
      {
        code: 'INVALID_OPTION',
        address: 'loki',
        path: 'objectStorage.bucket',
        value: undefined,
        reason: "Loki stores its chunks in gcs (the stack's common.objectStorage) and needs a bucket name",
        hint: 'pass objectStorage: { bucket: "acme-prod-loki" } (bucket names are global: choose one of your own), or objectStorage: { type: "filesystem" } for the volume',
      },
    ]);
    expect(described(logs.problems(lokiValues(), common('azure'), 'loki'))[0]?.hint).toBe(
      'pass objectStorage: { type: "filesystem" } to keep logs on the volume, or "gcs" / "s3" with a bucket',
    );
  });

  test('a fresh array each time, which the caller may add its own problems to', () => {
    const first = traces.problems(values(), common(), 'tempo');
    first.push(...traces.problems(values({ type: 'gcs' }), common(), 'tempo'));
    expect(traces.problems(values(), common(), 'tempo')).toEqual([]);
  });
});

describe('contracts: the bucket a platform grants access to', () => {
  test('none on the volume, nor for a bucket given without a bucket store, nor for a bucket store without one', () => {
    expect(traces.contracts(values(), common(), 'tempo')).toEqual({});
    expect(traces.contracts(values({ bucket: 'b-1' }), common(), 'tempo')).toEqual({});
    expect(traces.contracts(values({ type: 'gcs' }), common(), 'tempo')).toEqual({});
  });

  test('its bucket, by its id, read and written by its ServiceAccount', () => {
    expect(traces.contracts(values({ bucket: 'acme-traces' }), common('gcs'), 'tempo')).toEqual({
      buckets: { traces: { bucket: 'acme-traces', serviceAccount: { name: 'tempo' }, access: 'readWrite' } },
    });
    expect(logs.contracts(lokiValues({ type: 's3', bucket: 'acme-logs' }), common(), 'loki-sa')).toEqual({
      buckets: { chunks: { bucket: 'acme-logs', serviceAccount: { name: 'loki-sa' }, access: 'readWrite' } },
    });
  });
});

describe('s3Endpoint', () => {
  test("a region's endpoint, China's partition, and the global one without a region", () => {
    expect(s3Endpoint('eu-west-1')).toBe('s3.eu-west-1.amazonaws.com');
    expect(s3Endpoint('us-gov-west-1')).toBe('s3.us-gov-west-1.amazonaws.com');
    expect(s3Endpoint('cn-north-1')).toBe('s3.cn-north-1.amazonaws.com.cn');
    expect(s3Endpoint(undefined)).toBe('s3.amazonaws.com');
  });
});
