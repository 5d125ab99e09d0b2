import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goldenDirectory, promtoolCheckRules } from '@mixstack/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { filesOf, mixstack } from './in-process.test-helpers.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '__fixtures__');
const JSONNET_MIXIN = join(fixtures, 'app-mixin', 'mixin.libsonnet');
const JSONNET_LIB = join(fixtures, 'app-mixin', 'lib');
const GENERATED_MIXIN = join(fixtures, 'app-mixin-generated');
const { expectGoldenFolder } = goldenDirectory(join(dirname(fileURLToPath(import.meta.url)), '__golden__'));

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'mixstack-mixin-import-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const fingerprint = (directory: string) =>
  Object.fromEntries(
    Object.entries(filesOf(directory)).map(([path, text]) => [
      path,
      createHash('sha256').update(text).digest('hex'),
    ]),
  );

describe('mixstack mixin import of a jsonnet mixin', () => {
  test('evaluates it with the -J folders and the --config overrides, and writes the generated layout', async () => {
    const out = join(work, 'jsonnet', 'app');
    const result = await mixstack(
      'mixin',
      'import',
      JSONNET_MIXIN,
      '-J',
      JSONNET_LIB,
      '--config',
      '{"selector":"job=\\"checkout\\"","dashboardPrefix":"Checkout / "}',
      '-o',
      out,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('3 alerts, 2 recording rules, 1 dashboard (');
    const files = filesOf(out);
    expect(Object.keys(files)).toEqual([
      'dashboards_out/app-overview.json',
      'prometheus_alerts.yaml',
      'prometheus_rules.yaml',
    ]);
    // The overrides reached every field that reads _config late; what was not given kept its value.
    expect(files['prometheus_alerts.yaml']).toContain('up{job="checkout"} == 0');
    expect(files['prometheus_alerts.yaml']).toContain(
      'job:app_request_errors:ratio_rate5m{job="checkout"} > 0.05',
    );
    expect(JSON.parse(files['dashboards_out/app-overview.json']!).title).toBe('Checkout / Overview');
    expectGoldenFolder('mixin-import/jsonnet', files);
    // The rule files load in Prometheus as they are.
    const check = promtoolCheckRules({
      'prometheus_alerts.yaml': parse(files['prometheus_alerts.yaml']!),
      'prometheus_rules.yaml': parse(files['prometheus_rules.yaml']!),
    });
    expect(check.code, check.output).toBe(0);
  });

  test('--json reports what it found', async () => {
    const out = join(work, 'jsonnet-json', 'app');
    const result = await mixstack('mixin', 'import', JSONNET_MIXIN, '-J', JSONNET_LIB, '-o', out, '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: true,
      command: 'mixin import',
      source: JSONNET_MIXIN,
      output: out,
      kind: 'jsonnet',
      alerts: 3,
      recordingRules: 2,
      dashboards: 1,
      logAlerts: 0,
      logRules: 0,
      files: ['dashboards_out/app-overview.json', 'prometheus_alerts.yaml', 'prometheus_rules.yaml'],
    });
  });

  test('without its -J folder, jsonnet fails and the error says which import and how to pass it', async () => {
    const out = join(work, 'no-jpath');
    const result = await mixstack('mixin', 'import', JSONNET_MIXIN, '-o', out);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error [JSONNET]');
    expect(result.stderr).toContain('helpers.libsonnet');
    expect(result.stderr).toContain('-J');
    expect(() => readdirSync(out)).toThrow();
  });

  test('an expression that does not parse is an error naming the rule, and nothing is written', async () => {
    const out = join(work, 'bad-expression');
    mkdirSync(out);
    writeFileSync(join(out, 'prometheus_alerts.yaml'), 'groups: []\n');
    // The output folder was written by an earlier import: the failed one must leave it as it was.
    expect((await mixstack('mixin', 'import', GENERATED_MIXIN, '-o', out, '--replace-unknown')).code).toBe(0);
    const before = fingerprint(out);
    const result = await mixstack(
      'mixin',
      'import',
      JSONNET_MIXIN,
      '-J',
      JSONNET_LIB,
      '--config',
      '{"selector":"job=~"}',
      '-o',
      out,
      '--json',
    );
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.ok).toBe(false);
    expect(report.command).toBe('mixin import');
    // Every rule the override broke, each named, with the field and the expression.
    expect(
      report.problems.map((p: { code: string; address: string; path: string }) => [
        p.code,
        p.address,
        p.path,
      ]),
    ).toEqual([
      ['INVALID_EXPRESSION', 'mixin/bad-expression/prometheusAlerts', 'groups.0.rules.0.expr'],
      ['INVALID_EXPRESSION', 'mixin/bad-expression/prometheusAlerts', 'groups.0.rules.1.expr'],
      ['INVALID_EXPRESSION', 'mixin/bad-expression/prometheusAlerts', 'groups.0.rules.2.expr'],
      ['INVALID_EXPRESSION', 'mixin/bad-expression/prometheusRules', 'groups.0.rules.0.expr'],
      ['INVALID_EXPRESSION', 'mixin/bad-expression/prometheusRules', 'groups.0.rules.1.expr'],
    ]);
    expect(report.problems[0]).toMatchObject({ value: 'up{job=~} == 0' });
    expect(report.problems[0].message).toContain('rule AppDown: PromQL syntax error');
    expect(report.problems[1].message).toContain('rule AppHighErrorRate: PromQL syntax error');
    expect(report.problems[3].message).toContain('rule job:app_requests:rate5m: PromQL syntax error');
    expect(fingerprint(out)).toEqual(before);
  });

  test('a jsonnet file that is no mixin is an error saying which file to pass', async () => {
    const result = await mixstack(
      'mixin',
      'import',
      join(JSONNET_LIB, 'helpers.libsonnet'),
      '-o',
      join(work, 'not-a-mixin'),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('INVALID_INPUT');
    expect(result.stderr).toContain('none of prometheusAlerts, prometheusRules, grafanaDashboards');
    expect(() => readdirSync(join(work, 'not-a-mixin'))).toThrow();
  });

  test('where the jsonnet binary is missing, the error says how to install it', async () => {
    const saved = process.env.MIXSTACK_JSONNET;
    process.env.MIXSTACK_JSONNET = join(work, 'no-such-jsonnet');
    try {
      const result = await mixstack(
        'mixin',
        'import',
        JSONNET_MIXIN,
        '-J',
        JSONNET_LIB,
        '-o',
        join(work, 'x'),
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('is not installed');
      expect(result.stderr).toContain('apt-get install jsonnet');
    } finally {
      if (saved === undefined) delete process.env.MIXSTACK_JSONNET;
      else process.env.MIXSTACK_JSONNET = saved;
    }
  });
});

describe('mixstack mixin import of a folder in the generated layout', () => {
  test('normalises it (keys sorted, the same bytes as `mixstack mixins`) and leaves other files out', async () => {
    const out = join(work, 'generated', 'app');
    const result = await mixstack('mixin', 'import', GENERATED_MIXIN, '-o', out);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('2 alerts, 1 recording rule, 1 dashboard (');
    const files = filesOf(out);
    expect(Object.keys(files)).not.toContain('README.md');
    expectGoldenFolder('mixin-import/generated', files);
    // Importing the import changes nothing: the layout is a fixpoint.
    const again = join(work, 'generated-again', 'app');
    expect((await mixstack('mixin', 'import', out, '-o', again)).code).toBe(0);
    expect(filesOf(again)).toEqual(files);
  });

  test('a broken file is an error naming the file, the rule and the fix; nothing is written', async () => {
    const broken = join(work, 'broken-source');
    cpSync(GENERATED_MIXIN, broken, { recursive: true });
    writeFileSync(
      join(broken, 'prometheus_rules.yaml'),
      'groups:\n- name: app.rules\n  rules:\n  - record: job:app_requests:rate5m\n    expr: sum by (job (rate(app_requests_total[5m]))\n',
    );
    const out = join(work, 'broken-out');
    const result = await mixstack('mixin', 'import', broken, '-o', out);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('mixin/broken-out/prometheus_rules.yaml');
    expect(result.stderr).toContain('groups.0.rules.0.expr');
    expect(result.stderr).toContain('rule job:app_requests:rate5m: PromQL syntax error');
    expect(() => readdirSync(out)).toThrow();
  });

  test('the folder `mixstack mixins` writes (one mixin per subfolder) is named in the error', async () => {
    const parent = join(work, 'parent');
    cpSync(GENERATED_MIXIN, join(parent, 'app'), { recursive: true });
    const result = await mixstack('mixin', 'import', parent, '-o', join(work, 'parent-out'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('INVALID_INPUT');
    expect(result.stderr).toContain(`import each, such as ${join(parent, 'app')}`);
  });

  test.each([
    [['mixin'], 'missing mixin command'],
    [['mixin', 'export', 'x'], 'unknown mixin command "export"'],
    [['mixin', 'import'], 'mixin import needs the PATH'],
    [['mixin', 'import', 'x'], 'mixin import needs -o DIR'],
    [['mixin', 'import', 'x', '-o', 'y', '--config', '[1]'], '--config takes a JSON object'],
    [['mixin', 'import', 'x', '-o', 'y', '--config', '{'], '--config takes a JSON object'],
    [['build', '-J', 'lib'], '-J and --config go with mixin import'],
    [['mixin', 'import', 'x', 'y', '-o', 'z'], 'unexpected arguments: y'],
  ])('usage: %j', async (argv, message) => {
    const result = await mixstack(...argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  test('-J and --config with a folder are a usage error', async () => {
    const result = await mixstack(
      'mixin',
      'import',
      GENERATED_MIXIN,
      '-J',
      JSONNET_LIB,
      '-o',
      join(work, 'y'),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('-J and --config go with a jsonnet mixin');
  });
});
