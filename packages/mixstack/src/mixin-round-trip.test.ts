import { mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compose, definePart, type Mixin, type Part, render, type Stack } from '@mixstack/core';
import { mixinFromDir } from '@mixstack/lib-mixins';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { filesOf, mixstack } from './cli/in-process.test-helpers.js';
import { readInputs } from './cli/read-inputs.js';
import { defaultStack } from './default-stack.js';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'mixstack-round-trip-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The stack without the mixins its components contribute: only what the folders give. */
const withoutOwnMixins: Part = definePart('without own mixins', (stack) => ({ ...stack, mixins: {} }));

/** Renders a stack with the inputs the CLI reads for it (paths relative to `baseDir`). */
const renderWithInputs = (stack: Stack, baseDir: string) =>
  render(stack, { inputs: readInputs(stack, baseDir, {}) });

describe('round trip: `mixstack mixins` exports ours, `mixin import` reads them back, mixinFromDir renders them', () => {
  test('the stack built from the imported copies renders the same rules and dashboards', async () => {
    const exported = join(work, 'exported');
    const exportRun = await mixstack('mixins', '-o', exported);
    expect(exportRun.stderr).toBe('');
    expect(exportRun.code).toBe(0);
    const names = readdirSync(exported)
      .filter((name) => statSync(join(exported, name)).isDirectory())
      .sort();
    expect(names.length).toBeGreaterThan(5);

    // Import each mixin of the export; reading back writes the very same bytes.
    for (const name of names) {
      const run = await mixstack('mixin', 'import', join(exported, name), '-o', join(work, 'imported', name));
      expect(run.stderr, name).toBe('');
      expect(run.code, name).toBe(0);
      expect(filesOf(join(work, 'imported', name)), name).toEqual(filesOf(join(exported, name)));
    }

    const original = render(defaultStack());
    const titles = Object.fromEntries(
      Object.entries(original.sections.mixins).map(([name, mixin]) => [name, mixin.title]),
    );
    // The mixins that have content (a mixin with nothing to export has no folder).
    const withContent = Object.keys(original.sections.mixins).filter((name) => names.includes(name));
    const fromCopies = compose(
      'the imported copies',
      withoutOwnMixins,
      ...names.map((name) => mixinFromDir({ name, dir: `imported/${name}`, title: titles[name] })),
    )(defaultStack());
    const copied = renderWithInputs(fromCopies, work);

    // The same content in every mixin: rule groups, rules over logs, dashboards, folder titles.
    // (A kind of content a mixin has none of, such as `grafanaDashboards: {}`, is not exported.)
    const isEmpty = (value: unknown) =>
      typeof value === 'object' &&
      value !== null &&
      (Object.keys(value).length === 0 || (value as { groups?: unknown[] }).groups?.length === 0);
    const content = (mixins: Readonly<Record<string, Mixin>>) =>
      Object.fromEntries(
        withContent.map((name) => [
          name,
          Object.fromEntries(Object.entries(mixins[name]!).filter(([, value]) => !isEmpty(value))),
        ]),
      );
    expect(content(copied.sections.mixins)).toEqual(content(original.sections.mixins));
    // And so the same manifests: PrometheusRules, Loki's rules, Grafana's dashboards and folders.
    const rulesAndDashboards = (files: ReadonlyMap<string, string>) =>
      Object.fromEntries(
        [...files].filter(([path]) => path.startsWith('prometheusRules-') || /dashboard|rules/i.test(path)),
      );
    const originalFiles = rulesAndDashboards(original.files);
    expect(Object.keys(originalFiles).length).toBeGreaterThan(10);
    expect(rulesAndDashboards(copied.files)).toEqual(originalFiles);
    expect(copied.summary.alerts).toEqual(original.summary.alerts);
    expect(copied.summary.recordingRules).toBe(original.summary.recordingRules);
    expect(copied.summary.dashboards).toBe(original.summary.dashboards);
  });
});

const APP_MIXIN = join(dirname(fileURLToPath(import.meta.url)), 'cli', '__fixtures__', 'app-mixin-generated');

describe('a stack module with mixinFromDir, through the CLI', () => {
  test('`mixstack build` and `mixstack mixins` read its folder', async () => {
    // The module imports the packages like a user's repository would: give it the workspace's node_modules.
    symlinkSync(
      join(dirname(fileURLToPath(import.meta.url)), '../../../node_modules'),
      join(work, 'node_modules'),
      'dir',
    );
    const module = join(work, 'stack.ts');
    writeFileSync(
      module,
      `import { createStack, grafana, mixinFromDir, prometheus } from 'mixstack';
export default createStack({}, [prometheus(), grafana(), mixinFromDir({ name: 'app', dir: ${JSON.stringify(relative(work, APP_MIXIN))} })]);
`,
    );
    const build = await mixstack('build', module, '-o', join(work, 'manifests'));
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    expect(build.stdout).toContain('app');
    expect(filesOf(join(work, 'manifests'))['prometheusRules-app.yaml']).toContain('AppHighErrorRate');
    const mixins = await mixstack('mixins', module, '-o', join(work, 'mixins'));
    expect(mixins.code).toBe(0);
    expect(Object.keys(filesOf(join(work, 'mixins', 'app')))).toEqual([
      'dashboards_out/app-overview.json',
      'prometheus_alerts.yaml',
      'prometheus_rules.yaml',
    ]);
    // Another folder on the command line, as for any input.
    const other = await mixstack(
      'mixins',
      module,
      '-o',
      join(work, 'mixins-other'),
      '--input',
      `mixin-app=${join(work, 'mixins', 'app')}`,
    );
    expect(other.code).toBe(0);
  });
});
