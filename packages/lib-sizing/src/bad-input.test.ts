import {
  createStack,
  type MixstackErrorCode,
  type Part,
  problemsOfPart,
  validateStack,
} from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { sizing } from './index.js';
import { prometheus } from './test-helpers.js';

/** One expected problem: its code, the field and the offending value (the address is `sizing`). */
type Expected = [MixstackErrorCode, string | undefined, unknown];

describe('sizing() records every problem of the load, with the field, the value and a fix', () => {
  test.each<[string, unknown, Expected[]]>([
    ['no load', undefined, [['INVALID_OPTION', 'activeSeries', undefined]]],
    ['a load as a number', 1000, [['INVALID_OPTION', undefined, 1000]]],
    ['series as a string', { activeSeries: '1M' }, [['INVALID_OPTION', 'activeSeries', '1M']]],
    ['no series', { activeSeries: 0 }, [['INVALID_OPTION', 'activeSeries', 0]]],
    ['a fraction of a series', { activeSeries: 1.5 }, [['INVALID_OPTION', 'activeSeries', 1.5]]],
    ['an unknown field', { activeSeries: 1, logsPerDay: 5 }, [['INVALID_OPTION', 'logsPerDay', 5]]],
    [
      'negative and infinite loads',
      { activeSeries: 1, samplesPerSecond: 0, logsGBPerDay: -1, spansPerSecond: Number.POSITIVE_INFINITY },
      [
        ['INVALID_OPTION', 'samplesPerSecond', 0],
        ['INVALID_OPTION', 'logsGBPerDay', -1],
        ['INVALID_OPTION', 'spansPerSecond', Number.POSITIVE_INFINITY],
      ],
    ],
    [
      'durations that are none or zero',
      { activeSeries: 1, scrapeInterval: '0', retention: '2 weeks' },
      [
        ['INVALID_OPTION', 'scrapeInterval', '0'],
        ['INVALID_OPTION', 'retention', '2 weeks'],
      ],
    ],
    ['no nodes', { activeSeries: 1, nodes: 0 }, [['INVALID_OPTION', 'nodes', 0]]],
  ])('%s', (_case, load, expected) => {
    let part: Part | undefined;
    expect(() => {
      part = sizing(load as never);
    }).not.toThrow();
    const problems = problemsOfPart(part!);
    expect(problems.map((p) => [p.code, p.address, p.path, p.value])).toEqual(
      expected.map(([code, path, value]) => [code, 'sizing', path, value]),
    );
    for (const problem of problems) expect(problem.hint).toBeTruthy();
  });

  test('the hint says what to pass', () => {
    const [problem] = problemsOfPart(sizing({ activeSeries: 1, logsGBPerDay: -1 }));
    expect(problem!.hint).toBe('pass GB of logs per day, such as 50');
  });

  test('validateStack lists the problems of the load and builds nothing from it', () => {
    const problems = validateStack(createStack({}, [prometheus(), sizing({ activeSeries: -5 } as never)]));
    expect(problems.map((p) => [p.address, p.path])).toEqual([['sizing', 'activeSeries']]);
  });

  test('a second sizing() is a problem: a stack is sized from one load', () => {
    const problems = validateStack(
      createStack({}, [prometheus(), sizing({ activeSeries: 10 }), sizing({ activeSeries: 1_000_000 })]),
    );
    expect(problems.map((p) => [p.code, p.address])).toEqual([['DUPLICATE_ADDRESS', 'sizing']]);
    expect(problems[0]!.message).toContain('sizing() is applied twice');
    expect(problems[0]!.hint).toContain('keep one sizing()');
  });
});
