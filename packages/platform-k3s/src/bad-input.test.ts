import {
  createStack,
  type MixstackErrorCode,
  type Part,
  problemsOfPart,
  validateStack,
} from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { k3s } from './index.js';
import { archive } from './test-helpers.js';

/** One expected problem: its code, the option path and the offending value (the address is `k3s`). */
type Expected = [MixstackErrorCode, string | undefined, unknown];

describe('k3s() records every problem of its options, with the field, the value and a fix', () => {
  test.each<[string, unknown, Expected[]]>([
    ['an unknown option', { storageclass: 'ssd' }, [['INVALID_OPTION', 'storageclass', 'ssd']]],
    ['a StorageClass in capitals', { storageClass: 'SSD' }, [['INVALID_OPTION', 'storageClass', 'SSD']]],
    [
      'a component name in kebab-case',
      { without: ['node-exporter'] },
      [['INVALID_OPTION', 'without.0', 'node-exporter']],
    ],
    ['without as a string', { without: 'nodeExporter' }, [['INVALID_OPTION', 'without', 'nodeExporter']]],
    [
      'a URL without scheme',
      { externalUrls: { grafana: 'grafana.example.com' } },
      [['INVALID_OPTION', 'externalUrls.grafana', 'grafana.example.com']],
    ],
    [
      'two mistakes at once: both',
      { storageClass: '', externalUrls: { grafana: 42 } },
      [
        ['INVALID_OPTION', 'storageClass', ''],
        ['INVALID_OPTION', 'externalUrls.grafana', 42],
      ],
    ],
  ])('%s', (_case, options, expected) => {
    let part: Part | undefined;
    expect(() => {
      part = k3s(options as never);
    }).not.toThrow();
    const problems = problemsOfPart(part!);
    expect(problems.map((p) => [p.code, p.address, p.path, p.value])).toEqual(
      expected.map(([code, path, value]) => [code, 'k3s', path, value]),
    );
    for (const problem of problems) expect(problem.hint).toBeTruthy();
  });

  test('a URL for a component the stack lacks is reported when the stack renders', () => {
    const problems = validateStack(
      createStack({}, [archive(), k3s({ externalUrls: { archiv: 'https://a.example.com/' } })]),
    );
    expect(problems.map((p) => [p.code, p.address, p.path, p.value])).toEqual([
      ['NOT_FOUND', 'k3s', 'externalUrls.archiv', 'archiv'],
    ]);
    expect(problems[0]!.hint).toContain('Did you mean "archive"?');
  });
});
