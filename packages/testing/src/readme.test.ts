import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { codeBlocks, typecheckCode } from './readme.js';

const core = join(dirname(fileURLToPath(import.meta.url)), '../../core');

describe('README helpers', () => {
  test('codeBlocks returns the blocks of one language, in order', () => {
    const markdown = [
      '```ts',
      'const a = 1;',
      '```',
      '',
      '```sh',
      'ls',
      '```',
      '```ts',
      'const b = 2;',
      '```',
      '',
    ];
    expect(codeBlocks(markdown.join('\n'), 'ts')).toEqual(['const a = 1;\n', 'const b = 2;\n']);
    expect(codeBlocks(markdown.join('\n'), 'sh')).toEqual(['ls\n']);
  });

  test('typecheckCode passes code that typechecks against the workspace sources and reports what does not', () => {
    const good =
      "import { createStack } from '@mixstack/core';\nexport default createStack({ namespace: 'x' }, []);\n";
    const bad =
      "import { createStack } from '@mixstack/core';\n\nexport default createStack({ namespace: 1 }, []);\n";
    const missing = "import { nothing } from '@mixstack/core';\nexport { nothing };\n";
    expect(typecheckCode({ good }, core)).toEqual([]);
    const errors = typecheckCode({ bad, missing, good }, core);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^bad:3: Type 'number' is not assignable to type 'string'/);
    expect(errors[1]).toMatch(/^missing:1: .*has no exported member.*'nothing'/);
  });
});
