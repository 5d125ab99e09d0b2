import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStack, isStack, type Part, render, type Stack, validateStack } from '@mixstack/core';
import { codeBlocks, importCode, readReadme, typecheckCode } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { defaultThanosValues } from './config.js';
import { thanos } from './index.js';
import { gkeLike, grafanaClient, prometheusStandIn } from './test-helpers.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..');
const README = readReadme(dir);
const [example] = codeBlocks(README, 'ts');

async function readmeStack(): Promise<Stack> {
  const module = await importCode(example!, dir);
  if (!isStack(module.default)) throw new Error('the README example does not export a stack');
  return module.default;
}

/** The files of the table, in the order written. */
const listed = [...README.matchAll(/^\| `(thanos-[A-Za-z]+\.yaml)` \|/gm)].map((m) => m[1]!);

describe('the README', () => {
  test('its example typechecks', () => {
    expect(typecheckCode({ example: example! }, dir)).toEqual([]);
  });

  test('its example renders past every safety check, each file of it listed in the table', async () => {
    const stack = await readmeStack();
    expect(validateStack(stack)).toEqual([]);
    const files = [...render(stack).files.keys()].filter((file) => file.startsWith('thanos-'));
    expect(files.filter((file) => !listed.includes(file))).toEqual([]);
  });

  test('the table lists exactly the files of every part', () => {
    const { files } = render(stackWithEverything());
    expect([...files.keys()].filter((file) => file.startsWith('thanos-')).sort()).toEqual([...listed].sort());
  });

  test('the options table has a row for every option, with its default', () => {
    const rows = new Map(
      [...README.matchAll(/^\| `([a-zA-Z.]+)` \| (.*?) \|/gm)].map((m) => [m[1]!, m[2]!] as const),
    );
    const defaults = defaultThanosValues() as unknown as Record<string, unknown>;
    const paths = Object.entries(defaults).flatMap(([key, value]) =>
      key === 'objectStorage' || key === 'nodeSelector' || typeof value !== 'object' || value === null
        ? [key]
        : Object.keys(value).map((child) => `${key}.${child}`),
    );
    expect(paths.filter((path) => !rows.has(path))).toEqual([]);
    expect(rows.get('query.replicas')).toBe('`2`');
    expect(rows.get('compact.retention')).toContain("oneHour: '1y'");
  });
});

/** A stack with every part on and more than one pod of each, so that every file is rendered. */
function stackWithEverything(): Stack {
  const parts: Part[] = [
    thanos({ objectStorage: { bucket: 'acme-thanos' }, store: { replicas: 2 } }),
    prometheusStandIn(),
    grafanaClient,
    gkeLike('thanos@acme.iam.gserviceaccount.com'),
  ];
  return createStack({ namespace: 'monitoring' }, parts);
}
