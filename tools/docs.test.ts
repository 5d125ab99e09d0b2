import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createStack,
  isStack,
  type Part,
  render,
  renderMixins,
  type Stack,
  validateStack,
} from '@mixstack/core';
import { codeBlocks, importCode, kustomize, typecheckCode } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
// @ts-expect-error plain ESM script without types
import { fill, namesOf, templatesOf } from './scripts/new-package.mjs';
// @ts-expect-error plain ESM script without types
import { workspaceRoot } from './scripts/workspace.mjs';

/**
 * docs/writing-a-component.md is held to what it says: every TypeScript block typechecks (each a
 * module of its own, strict, with the workspace's packages from their sources), the component
 * renders past every check, each part does to a stack what the text around it says, and the
 * table of the skeleton's files is what the generator writes.
 */

const docsDir = join(workspaceRoot, 'docs');
const PAGE = readFileSync(join(docsDir, 'writing-a-component.md'), 'utf8');
const [component, addon, platform, lib, ...others] = codeBlocks(PAGE, 'ts');

type Factory<A extends unknown[]> = (...args: A) => Part;
const load = async <T>(code: string | undefined) => (await importCode(code!, docsDir)) as T;

async function pushgatewayModule() {
  const module = await load<{ default: unknown; pushgateway: Factory<[object?]> }>(component);
  if (!isStack(module.default)) throw new Error('the component block does not export a stack');
  return { stack: module.default as Stack, pushgateway: module.pushgateway };
}

const fileOf = (parts: Part[], file: string) =>
  parse(render(createStack({ namespace: 'monitoring' }, parts)).files.get(file) ?? 'null');

describe('docs/writing-a-component.md', () => {
  test('has a component, an addon, a platform and a lib, and every block typechecks', () => {
    expect(others).toEqual([]);
    expect(
      typecheckCode({ component: component!, addon: addon!, platform: platform!, lib: lib! }, docsDir),
    ).toEqual([]);
  });

  test('its component passes every safety check, and kubectl kustomize accepts it', async () => {
    const { stack } = await pushgatewayModule();
    expect(validateStack(stack)).toEqual([]);
    const result = render(stack);
    expect([...result.files.keys()].filter((file) => file.startsWith('pushgateway-'))).toEqual([
      'pushgateway-deployment.yaml',
      'pushgateway-networkPolicy.yaml',
      'pushgateway-podDisruptionBudget.yaml',
      'pushgateway-service.yaml',
      'pushgateway-serviceAccount.yaml',
    ]);
    const { status, stderr } = kustomize(result.files);
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });

  test('its component brings its alert, its dashboard and its scrape target, and goes with them when off', async () => {
    const { stack, pushgateway } = await pushgatewayModule();
    expect([...renderMixins(stack).keys()]).toEqual([
      'pushgateway/prometheus_alerts.yaml',
      'pushgateway/dashboards_out/pushgateway.json',
    ]);
    expect(Object.keys(render(stack).sections.scrapeTargets)).toEqual(['pushgateway']);
    const off = render(createStack({}, [pushgateway({ enabled: false })]));
    expect(off.sections.mixins).toEqual({});
    expect(off.sections.scrapeTargets).toEqual({});
    expect(off.files.has('pushgateway-deployment.yaml')).toBe(false);
  });

  test('its addon brings the agent into the NetworkPolicy of every metrics component', async () => {
    const { pushgateway } = await pushgatewayModule();
    const { externalScraper } = await load<{ externalScraper: Factory<[string, Record<string, string>]> }>(
      addon,
    );
    const parts = [pushgateway(), externalScraper('agents', { app: 'agent' })];
    expect(validateStack(createStack({}, parts))).toEqual([]);
    expect(fileOf(parts, 'pushgateway-networkPolicy.yaml').spec.ingress).toEqual([
      {
        from: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'agents' } },
            podSelector: { matchLabels: { app: 'agent' } },
          },
        ],
        ports: [{ port: 9091, protocol: 'TCP' }],
      },
    ]);
    expect(fileOf([pushgateway()], 'pushgateway-networkPolicy.yaml').spec.ingress).toEqual([]);
  });

  test('its platform sets the StorageClass and the URLs, turns off what is not there without a problem, and the user wins', async () => {
    const { pushgateway } = await pushgatewayModule();
    const { homelab } = await load<{ homelab: Factory<[string, string[]]> }>(platform);
    const parts = [pushgateway(), homelab('lab.example.com', ['pushgateway'])];
    expect(validateStack(createStack({}, parts))).toEqual([]);
    const result = render(createStack({}, parts));
    expect(result.values.common).toMatchObject({ platform: 'homelab', storageClass: 'local-path' });
    expect(result.stack.components.pushgateway?.externalUrl).toBe('https://pushgateway.lab.example.com/');
    expect(render(createStack({ storageClass: 'mine' }, parts)).values.common.storageClass).toBe('mine');
  });

  test('its lib adjusts the container through its contract, and a wrong name is reported with the closest', async () => {
    const { pushgateway } = await pushgatewayModule();
    const { roomy } = await load<{ roomy: Factory<[string, string]> }>(lib);
    const pod = fileOf([pushgateway(), roomy('pushgateway', 'pushgateway')], 'pushgateway-deployment.yaml')
      .spec.template.spec;
    expect(pod.containers[0].resources).toEqual({
      requests: { cpu: '10m', memory: '128Mi' },
      limits: { memory: '256Mi' },
    });
    const problems = validateStack(createStack({}, [pushgateway(), roomy('pushgatway', 'pushgateway')]));
    expect(problems.map((p) => [p.code, p.address])).toEqual([['NOT_FOUND', 'pushgatway']]);
    expect(problems[0]!.hint).toContain('Did you mean "pushgateway"?');
  });

  test("the table of a component's files is what the generator writes", () => {
    const names = namesOf('component-loki');
    const generated = [...(templatesOf('component') as Map<string, string>).keys()]
      .map((path) => fill(path, names).replace(/\.tmpl$/, ''))
      .filter((path) => path.startsWith('src/'))
      .map((path) =>
        path.replace(/^src\/__golden__\/.*/, 'src/__golden__/').replace('src/loki.ts', 'src/<name>.ts'),
      );
    const table = [...PAGE.matchAll(/^\| `(src\/[^`]+)` \|/gm)].map((match) => match[1]);
    expect(table.sort()).toEqual([...new Set(generated)].sort());
  });

  test('the commands it shows exist', () => {
    const scripts = JSON.parse(readFileSync(join(workspaceRoot, 'package.json'), 'utf8')).scripts;
    const used = [...PAGE.matchAll(/npm run ([a-z-]+)/g)].map((match) => match[1]!);
    expect(used.length).toBeGreaterThan(2);
    for (const script of used) expect(Object.keys(scripts)).toContain(script);
  });
});

/**
 * The root README is held to the same: its TypeScript blocks are code a user copies (each a
 * module of its own, strict, with the workspace's packages from their sources), and the npm
 * scripts it names are the workspace's.
 */
describe('README.md', () => {
  const README = readFileSync(join(workspaceRoot, 'README.md'), 'utf8');

  test('every TypeScript block typechecks', () => {
    const blocks = codeBlocks(README, 'ts');
    expect(blocks.length).toBeGreaterThan(2);
    expect(
      typecheckCode(Object.fromEntries(blocks.map((code, i) => [`block${i + 1}`, code])), workspaceRoot),
    ).toEqual([]);
  });

  test('it shows how to add an upstream mixin to a stack, and how to write and propose a package', () => {
    const blocks = codeBlocks(README, 'ts');
    expect(
      blocks.some((code) => code.includes("mixinFromDir({ name: 'my-mixin', dir: 'mixins/my-mixin' })")),
    ).toBe(true);
    for (const heading of ['Write your own component', 'Use an upstream mixin', 'Propose a package upstream'])
      expect(README).toContain(`\n## ${heading}\n`);
    expect(README).toContain('](docs/writing-a-component.md)');
  });

  test('the npm scripts it names exist', () => {
    const scripts = Object.keys(
      JSON.parse(readFileSync(join(workspaceRoot, 'package.json'), 'utf8')).scripts,
    );
    const used = [...README.matchAll(/npm run ([a-z:-]+)/g)].map((match) => match[1]!);
    expect(used).toEqual(expect.arrayContaining(['new-package', 'mixins:compare', 'test:release', 'docs']));
    for (const script of new Set(used)) expect(scripts).toContain(script);
  });
});
