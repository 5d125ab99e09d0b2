import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promtoolCheckRules } from '@mixstack/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';

/**
 * `mixstack mixins` exports the default stack's mixins in the monitoring-mixins layout, for
 * users outside TypeScript: promtool accepts every exported rule file, and every exported alert
 * has its runbook in docs/runbooks (and every runbook there an alert).
 */

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const repoRoot = resolve(packageDir, '../..');
const cli = join(packageDir, 'dist/cli.js');
let work: string;
let exported: string;

interface RuleFile {
  groups: { name: string; rules: ({ alert: string } | { record: string })[] }[];
}

beforeAll(() => {
  // nx builds the CLI before its tests; building it here could race with the other test file.
  if (!existsSync(cli))
    throw new Error(`${cli} does not exist: run "npm run build" first (npm test does it through nx)`);
  work = mkdtempSync(join(tmpdir(), 'mixstack-mixins-'));
  exported = join(work, 'mixins');
  const { FORCE_COLOR: _force, ...env } = process.env;
  const run = spawnSync(process.execPath, [cli, 'mixins', '-o', exported], {
    cwd: work,
    encoding: 'utf8',
    env: { ...env, NO_COLOR: '1' },
  });
  if (run.status !== 0) throw new Error(`mixstack mixins failed:\n${run.stdout}${run.stderr}`);
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const PROMQL_FILES = ['prometheus_alerts.yaml', 'prometheus_rules.yaml'];
/** Rules over logs (LogQL), for a Loki ruler: promtool does not read them. */
const LOGQL_FILES = ['loki_alerts.yaml', 'loki_rules.yaml'];

/** Every exported rule file, by its path in the export (`kubernetes/prometheus_alerts.yaml`). */
function ruleFiles(names: readonly string[] = PROMQL_FILES): Record<string, RuleFile> {
  const files: Record<string, RuleFile> = {};
  for (const mixin of readdirSync(exported, { withFileTypes: true })) {
    if (!mixin.isDirectory()) continue;
    for (const file of names) {
      const path = join(exported, mixin.name, file);
      if (existsSync(path)) files[`${mixin.name}/${file}`] = parse(readFileSync(path, 'utf8')) as RuleFile;
    }
  }
  return files;
}

describe('mixstack mixins on the default stack', () => {
  test('exports every mixin of the default stack', () => {
    expect(
      readdirSync(exported, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort(),
    ).toEqual([
      'alertmanager',
      'alloy',
      'grafana',
      'kube-prometheus',
      'kube-state-metrics',
      'kubernetes',
      'loki',
      'node-exporter',
      'prometheus',
      'prometheus-operator',
      'pyroscope',
      'tempo',
    ]);
  });

  test('promtool check rules accepts every exported rule file', () => {
    const files = ruleFiles();
    // promtool names files by their base name: flatten the paths.
    const flat = Object.fromEntries(
      Object.entries(files).map(([path, content]) => [path.replace('/', '__'), content]),
    );
    const { code, output } = promtoolCheckRules(flat);
    expect(code, output).toBe(0);
    for (const [path, content] of Object.entries(files)) {
      const count = content.groups.reduce((n, group) => n + group.rules.length, 0);
      expect(output).toContain(`${path.replace('/', '__')}\n  SUCCESS: ${count} rules found`);
    }
  });

  test('every exported alert has its runbook, and every runbook an exported alert', () => {
    const alerts = new Set(
      Object.values(ruleFiles([...PROMQL_FILES, ...LOGQL_FILES])).flatMap((file) =>
        file.groups.flatMap((group) => group.rules.flatMap((rule) => ('alert' in rule ? [rule.alert] : []))),
      ),
    );
    // A platform's or a lib's alerts are not in the platform-neutral default stack (a lib's exist
    // only in stacks that use it), nor are those of a component the default stack leaves out
    // (Thanos, for stacks beyond one Prometheus): its own package checks its runbooks, and the
    // header names it.
    const runbooks = readdirSync(join(repoRoot, 'docs/runbooks'))
      .filter((file) => file.endsWith('.md'))
      .filter(
        (file) =>
          !/\(`@mixstack\/(platform-|lib-|component-thanos`)/.test(
            readFileSync(join(repoRoot, 'docs/runbooks', file), 'utf8'),
          ),
      )
      .map((file) => file.slice(0, -3));
    expect([...alerts].sort()).toEqual(runbooks.sort());
  });
});
