import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStack, isStack, render, type Stack, validateStack } from '@mixstack/core';
import { codeBlocks, importCode, readReadme, typecheckCode } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { ANNOTATION_PREFIX } from './contributions.js';
import { pyroscope } from './index.js';
import { collector } from './test-helpers.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..');
const README = readReadme(dir);
const [example] = codeBlocks(README, 'ts');

async function readmeStack(): Promise<Stack> {
  const module = await importCode(example!, dir);
  if (!isStack(module.default)) throw new Error('the README example does not export a stack');
  return module.default;
}

describe('the README', () => {
  test('its example typechecks', () => {
    expect(typecheckCode({ example: example! }, dir)).toEqual([]);
  });

  test('its example renders the files the table lists, past every safety check', async () => {
    const stack = await readmeStack();
    expect(validateStack(stack)).toEqual([]);
    const listed = [...README.matchAll(/^\| `(pyroscope-[A-Za-z]+\.yaml)` \|/gm)].map((m) => m[1]);
    const files = [...render(stack).files.keys()].filter((file) => file.startsWith('pyroscope-'));
    expect(files).toEqual(listed.sort());
  });

  test('its example turns eBPF on, as the text says', async () => {
    const pipeline = render(await readmeStack()).sections.collectorPipelines.profiles;
    expect(pipeline).toMatchObject({ signal: 'profiles', scrape: true, ebpf: true });
  });

  test('the annotations of its example are the ones the build summary names', () => {
    const [manifest] = codeBlocks(README, 'yaml');
    const annotations = parse(manifest!).spec.template.metadata.annotations as Record<string, string>;
    const keys = Object.keys(annotations);
    expect(keys.every((key) => key.startsWith(`${ANNOTATION_PREFIX}/`))).toBe(true);
    expect(annotations[`${ANNOTATION_PREFIX}/cpu.scrape`]).toBe('true');
    // Annotation values are strings: an unquoted port or `true` would be refused by the API server.
    expect(Object.values(annotations).every((value) => typeof value === 'string')).toBe(true);
    const notice = render(createStack({}, [pyroscope(), collector()])).sections.notices[
      'pyroscope-scrape-annotations'
    ]!.message;
    for (const key of ['service_name', 'cpu.scrape', 'cpu.port'])
      expect(notice).toContain(`${ANNOTATION_PREFIX}/${key}`);
  });
});

describe('the README’s options', () => {
  test('its table lists every option, and `enabled`', async () => {
    const { defaultPyroscopeValues } = await import('./config.js');
    const section = README.slice(README.indexOf('## Options'), README.indexOf('## What it publishes'));
    const listed = [...section.matchAll(/^\| `([A-Za-z.]+)` \|/gm)].map((m) => m[1]!);
    expect(listed.sort()).toEqual([...Object.keys(defaultPyroscopeValues()), 'enabled'].sort());
  });
});
