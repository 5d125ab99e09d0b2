import {
  adjustResources,
  createStack,
  type MixstackErrorCode,
  type Part,
  problemsOfPart,
  validateStack,
} from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { tempo } from './index.js';
import { objectStoragePlatform } from './test-helpers.js';

/** One expected problem: its code, the option path and the offending value (the address is `tempo`). */
type Expected = [MixstackErrorCode, string | undefined, unknown];

describe('tempo() records every problem of its options, with the field, the value and a fix', () => {
  test.each<[string, unknown, Expected[]]>([
    ['an unknown option', { replica: 2 }, [['INVALID_OPTION', 'replica', 2]]],
    ['zero replicas', { replicas: 0 }, [['INVALID_OPTION', 'replicas', 0]]],
    [
      'two replicas, which Tempo 3 monolithic cannot be',
      { replicas: 2 },
      [['INVALID_OPTION', 'replicas', 2]],
    ],
    [
      'an image not pinned',
      { image: 'docker.io/grafana/tempo:latest' },
      [['INVALID_OPTION', 'image', 'docker.io/grafana/tempo:latest']],
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
      'a retention of 0, which keeps traces forever',
      { retention: '0' },
      [['INVALID_OPTION', 'retention', '0']],
    ],
    ['a retention under an hour', { retention: '30m' }, [['INVALID_OPTION', 'retention', '30m']]],
    ['a retention that is no duration', { retention: '1 week' }, [['INVALID_OPTION', 'retention', '1 week']]],
    [
      'an object store Tempo here does not speak',
      { objectStorage: { type: 'azure' } },
      [['INVALID_OPTION', 'objectStorage.type', 'azure']],
    ],
    [
      'a bucket name with capitals',
      { objectStorage: { bucket: 'Acme_Traces' } },
      [['INVALID_OPTION', 'objectStorage.bucket', 'Acme_Traces']],
    ],
    [
      'a region that is none',
      { objectStorage: { region: 'europe' } },
      [['INVALID_OPTION', 'objectStorage.region', 'europe']],
    ],
    [
      'collector options (true or false)',
      { collector: { source: 'api' } },
      [['INVALID_OPTION', 'collector', { source: 'api' }]],
    ],
    [
      'otlpFromEveryNamespace that is no boolean',
      { networkPolicy: { otlpFromEveryNamespace: 'yes' } },
      [['INVALID_OPTION', 'networkPolicy.otlpFromEveryNamespace', 'yes']],
    ],
    ['a log level that does not exist', { logLevel: 'trace' }, [['INVALID_OPTION', 'logLevel', 'trace']]],
    ['kafka without an address', { kafka: {} }, [['INVALID_OPTION', 'kafka.address', undefined]]],
    [
      'kafka with a topic and no address',
      { kafka: { topic: 'traces' } },
      [['INVALID_OPTION', 'kafka.address', undefined]],
    ],
    [
      'a Kafka address without a port',
      { kafka: { address: 'kafka' } },
      [['INVALID_OPTION', 'kafka.address', 'kafka']],
    ],
    [
      'a Kafka address as a URL',
      { kafka: { address: 'kafka://kafka.kafka.svc:9092' } },
      [['INVALID_OPTION', 'kafka.address', 'kafka://kafka.kafka.svc:9092']],
    ],
    [
      'a Kafka port out of range',
      { kafka: { address: 'kafka.kafka.svc:99999' } },
      [['INVALID_OPTION', 'kafka.address', 'kafka.kafka.svc:99999']],
    ],
    [
      'a Kafka address with an IPv4 that is none',
      { kafka: { address: '10.0.0.300:9092' } },
      [['INVALID_OPTION', 'kafka.address', '10.0.0.300:9092']],
    ],
    [
      'zero partitions',
      { kafka: { address: 'kafka.kafka.svc:9092', partitions: 0 } },
      [['INVALID_OPTION', 'kafka.partitions', 0]],
    ],
    [
      'a topic Kafka does not allow',
      { kafka: { address: 'kafka.kafka.svc:9092', topic: 'tempo traces' } },
      [['INVALID_OPTION', 'kafka.topic', 'tempo traces']],
    ],
    [
      'an unknown Kafka option',
      { kafka: { adress: 'kafka:9092' } },
      [
        ['INVALID_OPTION', 'kafka.adress', 'kafka:9092'],
        ['INVALID_OPTION', 'kafka.address', undefined],
      ],
    ],
    [
      'zero queriers',
      { distributed: { querier: { replicas: 0 } } },
      [['INVALID_OPTION', 'distributed.querier.replicas', 0]],
    ],
    [
      'replicas for the one backend scheduler',
      { distributed: { backendScheduler: { replicas: 2 } } },
      [['INVALID_OPTION', 'distributed.backendScheduler.replicas', 2]],
    ],
    [
      'replicas for the live-stores, which are the partitions',
      { distributed: { liveStore: { replicas: 6 } } },
      [['INVALID_OPTION', 'distributed.liveStore.replicas', 6]],
    ],
    [
      'three mistakes at once: all three',
      { replicas: 'one', image: 'tempo', retention: '5m' },
      [
        ['INVALID_OPTION', 'replicas', 'one'],
        ['INVALID_OPTION', 'image', 'tempo'],
        ['INVALID_OPTION', 'retention', '5m'],
      ],
    ],
  ])('%s', (_case, options, expected) => {
    let part: Part | undefined;
    expect(() => {
      part = tempo(options as never);
    }).not.toThrow();
    const problems = problemsOfPart(part!);
    expect(problems.map((p) => [p.code, p.address, p.path, p.value])).toEqual(
      expected.map(([code, path, value]) => [code, 'tempo', path, value]),
    );
    for (const problem of problems) expect(problem.hint).toBeTruthy();
  });

  test('two replicas: the message says why, the fix points at the distributed mode', () => {
    const [problem] = problemsOfPart(tempo({ replicas: 2 }));
    expect(problem?.message).toContain('backend scheduler must run once');
    expect(problem?.hint).toContain('distributed mode: pass kafka: { address: "kafka.kafka.svc:9092" }');
  });

  test('replicas of the live-stores or the scheduler: where their count comes from', () => {
    const [liveStore] = problemsOfPart(tempo({ distributed: { liveStore: { replicas: 6 } } } as never));
    expect(liveStore?.message).toContain('kafka.partitions');
    expect(liveStore?.hint).toContain('kafka: { partitions }');
    const [scheduler] = problemsOfPart(
      tempo({ distributed: { backendScheduler: { replicas: 2 } } } as never),
    );
    expect(scheduler?.message).toContain('runs once');
  });

  test('kafka without an address: the reason (this package deploys no Kafka) and the fix', () => {
    const [problem] = problemsOfPart(tempo({ kafka: { partitions: 6 } }));
    expect(problem?.message).toContain('this package does not deploy Kafka');
    expect(problem?.hint).toContain('kafka: { address: "kafka.kafka.svc:9092" }');
  });
});

describe('what no single option is wrong about alone, checked with the stack at render', () => {
  test.each<[string, Part[], Expected[]]>([
    [
      'object storage from the platform, and no bucket',
      [tempo(), objectStoragePlatform('gke', 'gcs')],
      [['INVALID_OPTION', 'objectStorage.bucket', undefined]],
    ],
    [
      'S3 chosen, and no bucket',
      [tempo({ objectStorage: { type: 's3' } })],
      [['INVALID_OPTION', 'objectStorage.bucket', undefined]],
    ],
    [
      "the platform's Azure storage, which Tempo here is not configured for",
      [tempo(), objectStoragePlatform('aks', 'azure')],
      [['INVALID_OPTION', 'objectStorage.type', 'azure']],
    ],
  ])('%s', (_case, parts, expected) => {
    const problems = validateStack(createStack({}, parts));
    expect(problems.map((p) => [p.code, p.address, p.path, p.value])).toEqual(
      expected.map(([code, path, value]) => [code, 'tempo', path, value]),
    );
    for (const problem of problems) expect(problem.hint).toBeTruthy();
  });

  test('the distributed mode on the volume: refused, naming object storage', () => {
    const problems = validateStack(createStack({}, [tempo({ kafka: { address: 'kafka.kafka.svc:9092' } })]));
    expect(problems.map((p) => [p.code, p.address, p.path, p.value])).toEqual([
      ['INVALID_OPTION', 'tempo', 'objectStorage.type', 'local'],
    ]);
    expect(problems[0]!.message).toContain('a volume belongs to one pod');
    expect(problems[0]!.hint).toContain('objectStorage: { type: "gcs"');
    const withBucket = [
      tempo({ kafka: { address: 'kafka.kafka.svc:9092' }, objectStorage: { bucket: 'acme-tempo' } }),
      objectStoragePlatform('gke', 'gcs'),
    ];
    expect(validateStack(createStack({}, withBucket))).toEqual([]);
  });

  test('a bucket given without object storage is simply unused: the volume it is', () => {
    expect(validateStack(createStack({}, [tempo({ objectStorage: { bucket: 'acme-tempo' } })]))).toEqual([]);
  });

  test('values another package sets are checked too, in the same run as the options', () => {
    const tooMuch: Part = (stack) =>
      adjustResources(stack, { source: 'test', layer: 'override' }, 'tempo', 'tempo', {
        requests: { memory: '3Gi' },
      });
    const problems = validateStack(createStack({}, [tempo({ replicas: 0 }), tooMuch]));
    expect(problems.map((p) => [p.code, p.address, p.path])).toEqual([
      ['INVALID_OPTION', 'tempo', 'replicas'],
      ['INVALID_OPTION', 'tempo', 'resources.tempo.requests.memory'],
    ]);
  });
});
