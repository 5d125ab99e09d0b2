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

/** One expected problem: its code, the option path and the offending value (the address is `thanos`). */
type Expected = [MixstackErrorCode, string | undefined, unknown];

describe('thanos() records every problem of its options, with the field, the value and a fix', () => {
  test.each<[string, unknown, Expected[]]>([
    ['an unknown option', { replica: 2 }, [['INVALID_OPTION', 'replica', 2]]],
    ['zero replicas', { replicas: 0 }, [['INVALID_OPTION', 'replicas', 0]]],
    [
      'an image not pinned',
      { image: 'quay.io/prometheus/pushgateway:latest' },
      [['INVALID_OPTION', 'image', 'quay.io/prometheus/pushgateway:latest']],
    ],
    [
      'a CPU request that is no quantity',
      { resources: { requests: { cpu: 'lots' } } },
      [['INVALID_OPTION', 'resources.requests.cpu', 'lots']],
    ],
    ['enabled that is no boolean', { enabled: 'no' }, [['INVALID_OPTION', 'enabled', 'no']]],
    [
      'three mistakes at once: all three',
      { replicas: 'two', image: 'pushgateway', resources: { limits: { memory: 12 } } },
      [
        ['INVALID_OPTION', 'replicas', 'two'],
        ['INVALID_OPTION', 'image', 'pushgateway'],
        ['INVALID_OPTION', 'resources.limits.memory', 12],
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

  test('values another package sets are checked too, in the same run as the options', () => {
    const tooMuch: Part = (stack) =>
      adjustResources(stack, { source: 'test', layer: 'override' }, 'thanos', 'thanos', {
        requests: { memory: '1Gi' },
      });
    const problems = validateStack(createStack({}, [thanos({ replicas: 0 }), tooMuch]));
    expect(problems.map((p) => [p.code, p.address, p.path])).toEqual([
      ['INVALID_OPTION', 'thanos', 'replicas'],
      ['INVALID_OPTION', 'thanos', 'resources.thanos.requests.memory'],
    ]);
  });
});
