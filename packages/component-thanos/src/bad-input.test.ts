import {
  adjustResources,
  createStack,
  type MixstackErrorCode,
  type Part,
  problemsOfPart,
  validateStack,
} from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { thanos } from './index.js';
import { prometheusStandIn } from './test-helpers.js';

/** One expected problem: its code, the option path and the offending value (the address is `thanos`). */
type Expected = [MixstackErrorCode, string | undefined, unknown];

describe('thanos() records every problem of its options, with the field, the value and a fix', () => {
  test.each<[string, unknown, Expected[]]>([
    ['an unknown option', { replicas: 2 }, [['INVALID_OPTION', 'replicas', 2]]],
    ['zero Query replicas', { query: { replicas: 0 } }, [['INVALID_OPTION', 'query.replicas', 0]]],
    [
      'an image not pinned',
      { image: 'quay.io/thanos/thanos:latest' },
      [['INVALID_OPTION', 'image', 'quay.io/thanos/thanos:latest']],
    ],
    [
      'a retention that is no duration',
      { compact: { retention: { raw: '30 days' } } },
      [['INVALID_OPTION', 'compact.retention.raw', '30 days']],
    ],
    [
      'a split interval that is no duration',
      { queryFrontend: { splitInterval: 'daily' } },
      [['INVALID_OPTION', 'queryFrontend.splitInterval', 'daily']],
    ],
    [
      'a cache size that is no byte size',
      { queryFrontend: { cacheSize: '256Mi' } },
      [['INVALID_OPTION', 'queryFrontend.cacheSize', '256Mi']],
    ],
    [
      'an index cache size that is no byte size',
      { store: { indexCacheSize: 'big' } },
      [['INVALID_OPTION', 'store.indexCacheSize', 'big']],
    ],
    [
      'a replica label that is no label name',
      { query: { replicaLabels: ['prometheus-replica'] } },
      [['INVALID_OPTION', 'query.replicaLabels.0', 'prometheus-replica']],
    ],
    [
      'an endpoint with a scheme',
      { query: { endpoints: ['http://thanos-query:10902'] } },
      [['INVALID_OPTION', 'query.endpoints.0', 'http://thanos-query:10902']],
    ],
    [
      'an endpoint without a port or a DNS SRV lookup',
      { query: { endpoints: ['thanos-query.prod-us.example'] } },
      [['INVALID_OPTION', 'query.endpoints.0', 'thanos-query.prod-us.example']],
    ],
    [
      'a bucket that is no bucket name',
      { objectStorage: { bucket: 'Acme_Thanos!' } },
      [['INVALID_OPTION', 'objectStorage.bucket', 'Acme_Thanos!']],
    ],
    [
      'an object storage it does not configure',
      { objectStorage: { type: 'azure' } },
      [['INVALID_OPTION', 'objectStorage.type', 'azure']],
    ],
    [
      'a CPU request that is no quantity',
      { store: { resources: { requests: { cpu: 'lots' } } } },
      [['INVALID_OPTION', 'store.resources.requests.cpu', 'lots']],
    ],
    ['a log level Thanos does not know', { logLevel: 'trace' }, [['INVALID_OPTION', 'logLevel', 'trace']]],
    [
      'three mistakes at once: all three',
      { query: { replicas: 'two' }, image: 'thanos', compact: { downsampling: 'yes' } },
      [
        ['INVALID_OPTION', 'query.replicas', 'two'],
        ['INVALID_OPTION', 'image', 'thanos'],
        ['INVALID_OPTION', 'compact.downsampling', 'yes'],
      ],
    ],
  ])('%s', (_case, options, expected) => {
    let part: Part | undefined;
    expect(() => {
      part = thanos(options as never);
    }).not.toThrow();
    const problems = problemsOfPart(part!);
    expect(problems.map((p) => [p.code, p.address, p.path, p.value])).toEqual(
      expected.map(([code, path, value]) => [code, 'thanos', path, value]),
    );
    for (const problem of problems) expect(problem.hint).toBeTruthy();
  });
});

describe('what no single option shows, once the values are final', () => {
  // A problem of the final values leaves no contracts to publish: what reads them (the sidecar's
  // patch looking for Query's Service) says so too; only Thanos' own options are asserted here.
  const problemsOf = (options: unknown) =>
    validateStack(createStack({}, [thanos(options as never), prometheusStandIn()]))
      .filter((p) => p.path !== 'contracts.services')
      .map((p) => ({
        path: p.path,
        value: p.value,
        text: `${p.message} ${p.hint}`,
      }));

  test('raw blocks kept under 40h while downsampling would keep 5m blocks longer: the data is deleted first', () => {
    const problems = problemsOf({ compact: { retention: { raw: '1d' } } });
    expect(problems.map((p) => [p.path, p.value])).toEqual([['compact.retention.raw', '1d']]);
    expect(problems[0]!.text).toContain('40h');
    expect(problems[0]!.text).toContain('downsampling: false');
    // Without downsampling, or with nothing kept longer, a short raw retention is fine.
    expect(problemsOf({ compact: { retention: { raw: '1d' }, downsampling: false } })).toEqual([]);
    expect(problemsOf({ compact: { retention: { raw: '1d', fiveMinutes: '1d', oneHour: '1d' } } })).toEqual(
      [],
    );
    expect(problemsOf({ compact: { retention: { raw: '40h' } } })).toEqual([]);
  });

  test('5m blocks kept under 10 days while 1h blocks are kept longer', () => {
    const problems = problemsOf({ compact: { retention: { fiveMinutes: '7d' } } });
    expect(problems.map((p) => [p.path, p.value])).toEqual([['compact.retention.fiveMinutes', '7d']]);
    expect(problems[0]!.text).toContain('10d');
    expect(problemsOf({ compact: { retention: { fiveMinutes: '7d', oneHour: '7d' } } })).toEqual([]);
    // 0d keeps forever: a 5m retention of forever is never too short, a 1h one is longer than any.
    expect(problemsOf({ compact: { retention: { fiveMinutes: '0d' } } })).toEqual([]);
    expect(problemsOf({ compact: { retention: { fiveMinutes: '7d', oneHour: '0d' } } })).toHaveLength(1);
  });

  test('a Compactor turned off checks no retention', () => {
    expect(problemsOf({ compact: { enabled: false, retention: { raw: '1h' } } })).toEqual([]);
  });

  test('Query Frontend without Query, and Query with nothing to read', () => {
    expect(problemsOf({ query: { enabled: false } }).map((p) => p.path)).toEqual(['queryFrontend.enabled']);
    const nothing = problemsOf({ sidecar: { enabled: false }, store: { enabled: false } });
    expect(nothing.map((p) => p.path)).toEqual(['query.endpoints']);
    expect(nothing[0]!.text).toContain('Store API');
    expect(
      problemsOf({
        sidecar: { enabled: false },
        store: { enabled: false },
        query: { endpoints: ['dnssrv+_grpc._tcp.thanos-sidecar.monitoring.svc.prod-eu.example'] },
      }),
    ).toEqual([]);
  });

  test('gcs or s3 without a bucket, unless no part reads the bucket', () => {
    const problems = problemsOf({ objectStorage: { type: 's3' } });
    expect(problems.map((p) => p.path)).toContain('objectStorage.bucket');
    const queryOnly = {
      objectStorage: { type: 's3' },
      sidecar: { enabled: false },
      store: { enabled: false },
      compact: { enabled: false },
      query: { endpoints: ['thanos-query.prod-us.example:10901'] },
    };
    expect(problemsOf(queryOnly)).toEqual([]);
  });

  test('values another package sets are checked too, in the same run as the options', () => {
    const tooMuch: Part = (stack) =>
      adjustResources(stack, { source: 'test', layer: 'override' }, 'thanos', 'store', {
        requests: { memory: '4Gi' },
      });
    const problems = validateStack(
      createStack({}, [thanos({ query: { replicas: 0 } }), prometheusStandIn(), tooMuch]),
    );
    expect(problems.map((p) => [p.code, p.address, p.path])).toEqual([
      ['INVALID_OPTION', 'thanos', 'query.replicas'],
      ['INVALID_OPTION', 'thanos', 'resources.store.requests.memory'],
    ]);
  });
});
