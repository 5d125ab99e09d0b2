import {
  adjustResources,
  createStack,
  type MixstackErrorCode,
  type Part,
  problemsOfPart,
  validateStack,
} from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { pyroscope } from './index.js';
import { objectStoragePlatform } from './test-helpers.js';

/** One expected problem: its code, the option path and the offending value (the address is `pyroscope`). */
type Expected = [MixstackErrorCode, string | undefined, unknown];

describe('pyroscope() records every problem of its options, with the field, the value and a fix', () => {
  test.each<[string, unknown, Expected[]]>([
    ['an unknown option', { replica: 2 }, [['INVALID_OPTION', 'replica', 2]]],
    ['zero replicas', { replicas: 0 }, [['INVALID_OPTION', 'replicas', 0]]],
    ['two replicas, which the single binary cannot be', { replicas: 2 }, [['INVALID_OPTION', 'replicas', 2]]],
    [
      'an image not pinned',
      { image: 'docker.io/grafana/pyroscope:latest' },
      [['INVALID_OPTION', 'image', 'docker.io/grafana/pyroscope:latest']],
    ],
    [
      'a memory limit that is no quantity',
      { resources: { limits: { memory: 'much' } } },
      [['INVALID_OPTION', 'resources.limits.memory', 'much']],
    ],
    [
      'a storage size that is no quantity',
      { storage: { size: '10 GB' } },
      [['INVALID_OPTION', 'storage.size', '10 GB']],
    ],
    ['enabled that is no boolean', { enabled: 'no' }, [['INVALID_OPTION', 'enabled', 'no']]],
    [
      'a retention of 0, which keeps profiles forever',
      { retention: '0' },
      [['INVALID_OPTION', 'retention', '0']],
    ],
    ['a retention under an hour', { retention: '30m' }, [['INVALID_OPTION', 'retention', '30m']]],
    [
      'a retention that is no duration',
      { retention: '1 month' },
      [['INVALID_OPTION', 'retention', '1 month']],
    ],
    [
      'an object store Pyroscope here does not speak',
      { objectStorage: { type: 'azure' } },
      [['INVALID_OPTION', 'objectStorage.type', 'azure']],
    ],
    [
      'a bucket name with capitals',
      { objectStorage: { bucket: 'Acme_Profiles' } },
      [['INVALID_OPTION', 'objectStorage.bucket', 'Acme_Profiles']],
    ],
    [
      'a region that is none',
      { objectStorage: { region: 'europe' } },
      [['INVALID_OPTION', 'objectStorage.region', 'europe']],
    ],
    ['collector as a string', { collector: 'ebpf' }, [['INVALID_OPTION', 'collector', 'ebpf']]],
    [
      'an eBPF switch that is no boolean',
      { collector: { ebpf: 'yes' } },
      [['INVALID_OPTION', 'collector.ebpf', 'yes']],
    ],
    [
      'a collector source that does not exist',
      { collector: { otlp: true } },
      [['INVALID_OPTION', 'collector.otlp', true]],
    ],
    [
      'pushFromEveryNamespace that is no boolean',
      { networkPolicy: { pushFromEveryNamespace: 'yes' } },
      [['INVALID_OPTION', 'networkPolicy.pushFromEveryNamespace', 'yes']],
    ],
    ['a log level that does not exist', { logLevel: 'trace' }, [['INVALID_OPTION', 'logLevel', 'trace']]],
    [
      'three mistakes at once: all three',
      { replicas: 'one', image: 'pyroscope', retention: '5m' },
      [
        ['INVALID_OPTION', 'replicas', 'one'],
        ['INVALID_OPTION', 'image', 'pyroscope'],
        ['INVALID_OPTION', 'retention', '5m'],
      ],
    ],
  ])('%s', (_case, options, expected) => {
    let part: Part | undefined;
    expect(() => {
      part = pyroscope(options as never);
    }).not.toThrow();
    const problems = problemsOfPart(part!);
    expect(problems.map((p) => [p.code, p.address, p.path, p.value])).toEqual(
      expected.map(([code, path, value]) => [code, 'pyroscope', path, value]),
    );
    for (const problem of problems) expect(problem.hint).toBeTruthy();
  });

  test('two replicas: the message says why, the fix says what to do instead', () => {
    const [problem] = problemsOfPart(pyroscope({ replicas: 2 }));
    expect(problem?.message).toContain('Raft cluster of one');
    expect(problem?.hint).toContain('microservices mode');
  });

  test('a retention of 0: the message says it would keep profiles forever', () => {
    const [problem] = problemsOfPart(pyroscope({ retention: '0' }));
    expect(problem?.message).toContain('forever');
    expect(problem?.hint).toContain('"1h"');
  });
});

describe('what no single option is wrong about alone, checked with the stack at render', () => {
  test.each<[string, Part[], Expected[]]>([
    [
      'object storage from the platform, and no bucket',
      [pyroscope(), objectStoragePlatform('gke', 'gcs')],
      [['INVALID_OPTION', 'objectStorage.bucket', undefined]],
    ],
    [
      'S3 chosen, and no bucket',
      [pyroscope({ objectStorage: { type: 's3' } })],
      [['INVALID_OPTION', 'objectStorage.bucket', undefined]],
    ],
    [
      "the platform's Azure storage, which Pyroscope here is not configured for",
      [pyroscope(), objectStoragePlatform('aks', 'azure')],
      [['INVALID_OPTION', 'objectStorage.type', 'azure']],
    ],
  ])('%s', (_case, parts, expected) => {
    const problems = validateStack(createStack({}, parts));
    expect(problems.map((p) => [p.code, p.address, p.path, p.value])).toEqual(
      expected.map(([code, path, value]) => [code, 'pyroscope', path, value]),
    );
    for (const problem of problems) expect(problem.hint).toBeTruthy();
  });

  test('a bucket given without object storage is simply unused: the volume it is', () => {
    expect(
      validateStack(createStack({}, [pyroscope({ objectStorage: { bucket: 'acme-profiles' } })])),
    ).toEqual([]);
  });

  test('values another package sets are checked too, in the same run as the options', () => {
    const tooMuch: Part = (stack) =>
      adjustResources(stack, { source: 'test', layer: 'override' }, 'pyroscope', 'pyroscope', {
        requests: { memory: '3Gi' },
      });
    const problems = validateStack(createStack({}, [pyroscope({ replicas: 0 }), tooMuch]));
    expect(problems.map((p) => [p.code, p.address, p.path])).toEqual([
      ['INVALID_OPTION', 'pyroscope', 'replicas'],
      ['INVALID_OPTION', 'pyroscope', 'resources.pyroscope.requests.memory'],
    ]);
  });
});
