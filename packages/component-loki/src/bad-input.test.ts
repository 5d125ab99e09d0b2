import {
  adjustResources,
  createStack,
  type MixstackErrorCode,
  type Part,
  problemsOfPart,
  validateStack,
} from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { loki } from './index.js';
import { objectStoragePlatform } from './test-helpers.js';

/** One expected problem: its code, the option path and the offending value (the address is `loki`). */
type Expected = [MixstackErrorCode, string | undefined, unknown];

describe('loki() records every problem of its options, with the field, the value and a fix', () => {
  test.each<[string, unknown, Expected[]]>([
    ['an unknown option', { replica: 2 }, [['INVALID_OPTION', 'replica', 2]]],
    ['zero replicas', { replicas: 0 }, [['INVALID_OPTION', 'replicas', 0]]],
    ['a mode that does not exist', { mode: 'HA' }, [['INVALID_OPTION', 'mode', 'HA']]],
    [
      "Loki's deprecated simple-scalable mode, which is left out",
      { mode: 'simple-scalable' },
      [['INVALID_OPTION', 'mode', 'simple-scalable']],
    ],
    [
      'an image not pinned',
      { image: 'docker.io/grafana/loki:latest' },
      [['INVALID_OPTION', 'image', 'docker.io/grafana/loki:latest']],
    ],
    [
      'a CPU request that is no quantity',
      { resources: { requests: { cpu: 'lots' } } },
      [['INVALID_OPTION', 'resources.requests.cpu', 'lots']],
    ],
    [
      'a storage size that is no quantity',
      { storage: { size: '10 GB' } },
      [['INVALID_OPTION', 'storage.size', '10 GB']],
    ],
    ['enabled that is no boolean', { enabled: 'no' }, [['INVALID_OPTION', 'enabled', 'no']]],
    [
      'a retention of 0, which keeps logs forever',
      { retention: '0' },
      [['INVALID_OPTION', 'retention', '0']],
    ],
    ['a retention under 24h', { retention: '12h' }, [['INVALID_OPTION', 'retention', '12h']]],
    [
      'a retention that is no duration',
      { retention: '2 weeks' },
      [['INVALID_OPTION', 'retention', '2 weeks']],
    ],
    [
      'a schema date that is no date',
      { schemaFrom: '2024-02-30' },
      [['INVALID_OPTION', 'schemaFrom', '2024-02-30']],
    ],
    [
      'an object store Loki here does not speak',
      { objectStorage: { type: 'azure' } },
      [['INVALID_OPTION', 'objectStorage.type', 'azure']],
    ],
    [
      'a bucket name with capitals',
      { objectStorage: { bucket: 'Acme_Logs' } },
      [['INVALID_OPTION', 'objectStorage.bucket', 'Acme_Logs']],
    ],
    ['a limit of zero', { limits: { maxQuerySeries: 0 } }, [['INVALID_OPTION', 'limits.maxQuerySeries', 0]]],
    [
      'a query timeout that is no duration',
      { limits: { queryTimeout: 60 } },
      [['INVALID_OPTION', 'limits.queryTimeout', 60]],
    ],
    [
      'a collector source that does not exist',
      { collector: { source: 'journal' } },
      [['INVALID_OPTION', 'collector.source', 'journal']],
    ],
    ['collector: true (false or options)', { collector: true }, [['INVALID_OPTION', 'collector', true]]],
    [
      'a log stage of an unknown type',
      { collector: { stages: [{ type: 'regex', expression: '.*' }] } },
      [['INVALID_OPTION', 'collector.stages.0.type', 'regex']],
    ],
    [
      'a multiline stage without its first line',
      { collector: { stages: [{ type: 'multiline' }] } },
      [['INVALID_OPTION', 'collector.stages.0.firstLine', undefined]],
    ],
    [
      'a drop stage whose expression is no regular expression',
      { collector: { stages: [{ type: 'drop', expression: '(unclosed' }] } },
      [['INVALID_OPTION', 'collector.stages.0.expression', '(unclosed']],
    ],
    [
      'a static label that is no Loki label name',
      { collector: { staticLabels: { 'app.kubernetes.io/team': 'sre' } } },
      [['INVALID_OPTION', 'collector.staticLabels.app.kubernetes.io/team', 'app.kubernetes.io/team']],
    ],
    [
      'three mistakes at once: all three',
      { replicas: 'two', image: 'loki', retention: '1h' },
      [
        ['INVALID_OPTION', 'replicas', 'two'],
        ['INVALID_OPTION', 'image', 'loki'],
        ['INVALID_OPTION', 'retention', '1h'],
      ],
    ],
  ])('%s', (_case, options, expected) => {
    let part: Part | undefined;
    expect(() => {
      part = loki(options as never);
    }).not.toThrow();
    const problems = problemsOfPart(part!);
    expect(problems.map((p) => [p.code, p.address, p.path, p.value])).toEqual(
      expected.map(([code, path, value]) => [code, 'loki', path, value]),
    );
    for (const problem of problems) expect(problem.hint).toBeTruthy();
  });
});

describe('what no single option is wrong about alone, checked with the stack at render', () => {
  test.each<[string, Part[], Expected[]]>([
    [
      'object storage from the platform, and no bucket',
      [loki(), objectStoragePlatform('gke', 'gcs')],
      [['INVALID_OPTION', 'objectStorage.bucket', undefined]],
    ],
    [
      'S3 chosen, and no bucket',
      [loki({ objectStorage: { type: 's3' } })],
      [['INVALID_OPTION', 'objectStorage.bucket', undefined]],
    ],
    ['two replicas on the filesystem', [loki({ replicas: 2 })], [['INVALID_OPTION', 'replicas', 2]]],
    [
      'a replication factor above the replicas',
      [loki({ replicas: 2, replicationFactor: 3, objectStorage: { type: 'gcs', bucket: 'b-1' } })],
      [['INVALID_OPTION', 'replicationFactor', 3]],
    ],
    [
      "the platform's Azure storage, which Loki here is not configured for",
      [loki(), objectStoragePlatform('aks', 'azure')],
      [['INVALID_OPTION', 'objectStorage.type', 'azure']],
    ],
    [
      'two at once: both',
      [loki({ replicas: 2, replicationFactor: 3, objectStorage: { type: 'gcs' } })],
      [
        ['INVALID_OPTION', 'objectStorage.bucket', undefined],
        ['INVALID_OPTION', 'replicationFactor', 3],
      ],
    ],
    [
      'mode ha on the filesystem by default (no objectStorage, no platform)',
      [loki({ mode: 'ha' })],
      [['INVALID_OPTION', 'objectStorage.type', 'filesystem']],
    ],
    [
      'mode ha on the filesystem by the option, over the platform',
      [loki({ mode: 'ha', objectStorage: { type: 'filesystem' } }), objectStoragePlatform('gke', 'gcs')],
      [['INVALID_OPTION', 'objectStorage.type', 'filesystem']],
    ],
    [
      "mode ha on the platform's Azure storage: one problem, not a hint to the volume",
      [loki({ mode: 'ha' }), objectStoragePlatform('aks', 'azure')],
      [['INVALID_OPTION', 'objectStorage.type', 'azure']],
    ],
    [
      'mode ha on GCS without a bucket',
      [loki({ mode: 'ha', objectStorage: { type: 'gcs' } })],
      [['INVALID_OPTION', 'objectStorage.bucket', undefined]],
    ],
    [
      'mode ha with two replicas',
      [loki({ mode: 'ha', replicas: 2, objectStorage: { type: 'gcs', bucket: 'b-1' } })],
      [['INVALID_OPTION', 'replicas', 2]],
    ],
    [
      'mode ha with a replication factor of 2',
      [loki({ mode: 'ha', replicationFactor: 2, objectStorage: { type: 'gcs', bucket: 'b-1' } })],
      [['INVALID_OPTION', 'replicationFactor', 2]],
    ],
    [
      'mode ha with one replica on the volume: both',
      [loki({ mode: 'ha', replicas: 1 })],
      [
        ['INVALID_OPTION', 'objectStorage.type', 'filesystem'],
        ['INVALID_OPTION', 'replicas', 1],
      ],
    ],
  ])('%s', (_case, parts, expected) => {
    const problems = validateStack(createStack({}, parts));
    expect(problems.map((p) => [p.code, p.address, p.path, p.value])).toEqual(
      expected.map(([code, path, value]) => [code, 'loki', path, value]),
    );
    for (const problem of problems) expect(problem.hint).toBeTruthy();
  });

  test('what mode ha refuses says what is missing and how to fix it', () => {
    const text = (parts: Part[]) =>
      validateStack(createStack({}, parts)).map((p) => `${p.message} | ${p.hint}`);
    const [onVolume] = text([loki({ mode: 'ha' })]);
    expect(onVolume).toContain('mode "ha" needs object storage');
    expect(onVolume).toContain('neither objectStorage.type nor a platform (common.objectStorage)');
    expect(onVolume).toContain('objectStorage: { type: "gcs", bucket: "acme-prod-loki" }');
    expect(onVolume).toContain('a platform that sets common.objectStorage');
    const [onAzure] = text([loki({ mode: 'ha' }), objectStoragePlatform('aks', 'azure')]);
    expect(onAzure).toContain('"azure", which this package does not configure Loki for');
    expect(onAzure).not.toContain('type: "filesystem"');
    const [two] = text([loki({ mode: 'ha', replicas: 2, objectStorage: { type: 's3', bucket: 'b-1' } })]);
    expect(two).toContain('at least 3 replicas (there are 2)');
    expect(two).toContain('quorum of 2');
    expect(two).toContain('pass replicas: 3 or more');
  });

  test('values another package sets are checked too, in the same run as the options', () => {
    const tooMuch: Part = (stack) =>
      adjustResources(stack, { source: 'test', layer: 'override' }, 'loki', 'loki', {
        requests: { memory: '3Gi' },
      });
    const problems = validateStack(createStack({}, [loki({ replicas: 0 }), tooMuch]));
    expect(problems.map((p) => [p.code, p.address, p.path])).toEqual([
      ['INVALID_OPTION', 'loki', 'replicas'],
      ['INVALID_OPTION', 'loki', 'resources.loki.requests.memory'],
    ]);
  });
});
