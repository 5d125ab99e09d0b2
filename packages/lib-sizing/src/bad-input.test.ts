import {
  createStack,
  type MixstackErrorCode,
  type Part,
  problemsOfPart,
  validateStack,
} from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { sizing } from './index.js';
import { testMixin } from './test-helpers.js';

/** One expected problem: its code, the option path and the offending value (the address is `sizing`). */
type Expected = [MixstackErrorCode, string | undefined, unknown];

describe('sizing() records every problem of its options, with the field, the value and a fix', () => {
  test.each<[string, unknown, Expected[]]>([
    ['no options', undefined, [['INVALID_OPTION', 'labels', undefined]]],
    ['an unknown option', { labels: { team: 'a' }, label: {} }, [['INVALID_OPTION', 'label', {}]]],
    ['labels as a list', { labels: ['team'] }, [['INVALID_OPTION', 'labels', ['team']]]],
    ['the severity', { labels: { severity: 'info' } }, [['INVALID_OPTION', 'labels', { severity: 'info' }]]],
    [
      'a label key with a space',
      { labels: { 'my team': 'a' } },
      [['INVALID_OPTION', 'labels.my team', 'my team']],
    ],
  ])('%s', (_case, options, expected) => {
    let part: Part | undefined;
    expect(() => {
      part = sizing(options as never);
    }).not.toThrow();
    const problems = problemsOfPart(part!);
    expect(problems.map((p) => [p.code, p.address, p.path, p.value])).toEqual(
      expected.map(([code, path, value]) => [code, 'sizing', path, value]),
    );
    for (const problem of problems) expect(problem.hint).toBeTruthy();
  });

  test('validateStack lists the problems of two calls in one run', () => {
    const problems = validateStack(
      createStack({}, [
        testMixin(),
        sizing({ labels: { team: 42 } } as never),
        sizing({ labels: { alertname: 'x' } }),
      ]),
    );
    expect(problems.map((p) => [p.address, p.path])).toEqual([
      ['sizing', 'labels.team'],
      ['sizing', 'labels'],
    ]);
  });
});
