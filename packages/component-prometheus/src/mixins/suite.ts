// Turns a mixin's rendered rule file and its cases into `promtool test rules` files (tests
// only; index.ts does not export it).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import type { Duration } from './builders.js';
import { type AlertCases, alertTest, type RecordCases, recordTest } from './cases.js';

export interface RuleFileSpec {
  groups: { name: string; rules: ({ alert: string; expr: string } | { record: string; expr: string })[] }[];
}

/** Does `expr` read the series `name` (not merely a longer name that starts with it)? */
function reads(expr: string, name: string): boolean {
  let from = 0;
  for (;;) {
    const at = expr.indexOf(name, from);
    if (at === -1) return false;
    const before = expr[at - 1];
    const after = expr[at + name.length];
    if ((before === undefined || !/[\w:]/.test(before)) && (after === undefined || !/[\w:]/.test(after)))
      return true;
    from = at + 1;
  }
}

/**
 * The recording groups the given expressions read, with the groups those read in turn, in the
 * order of the rule file (so a record is evaluated before the records that read it).
 */
export function recordingGroupsRead(
  spec: RuleFileSpec,
  expressions: readonly string[],
): RuleFileSpec['groups'] {
  const recording = spec.groups.filter((g) => g.rules.some((r) => 'record' in r));
  const needed = new Set<string>();
  const pending = [...expressions];
  while (pending.length > 0) {
    const expr = pending.pop()!;
    for (const group of recording) {
      if (needed.has(group.name)) continue;
      if (group.rules.some((r) => 'record' in r && reads(expr, r.record))) {
        needed.add(group.name);
        pending.push(...group.rules.map((r) => r.expr));
      }
    }
  }
  return recording.filter((g) => needed.has(g.name));
}

export interface PromtoolSuite {
  /** Every file to write, by relative path: rule files under `rules/`, test files at the top. */
  files: Map<string, string>;
  /** The test files, to pass to `promtool test rules`. */
  testFiles: string[];
  /** Number of test groups (cases) over all files. */
  cases: number;
}

/**
 * Every case of a mixin, each alert's cases in their own test files that load only that
 * alert's rules (as rendered) and the recording groups they read, and each recording group's
 * cases with that group and the groups it reads. promtool evaluates every loaded rule at every
 * step, so loading the whole mixin for each case would multiply the cost by its rule count;
 * the whole files are checked by `promtool check rules`. One test file per evaluation interval
 * (the cases' input interval): cases over hours need no evaluation every minute.
 */
export function promtoolSuite(spec: RuleFileSpec, alerts: AlertCases, records: RecordCases): PromtoolSuite {
  const files = new Map<string, string>();
  const testFiles: string[] = [];
  let cases = 0;
  const addTests = (name: string, ruleFile: string, tests: { interval: Duration; test: unknown }[]) => {
    const intervals = [...new Set(tests.map((t) => t.interval))].sort();
    for (const interval of intervals) {
      const path = `${name}.${interval}.test.yaml`;
      const group = tests.filter((t) => t.interval === interval).map((t) => t.test);
      cases += group.length;
      files.set(path, stringify({ rule_files: [ruleFile], evaluation_interval: interval, tests: group }));
      testFiles.push(path);
    }
  };
  for (const [alertname, alertCases] of Object.entries(alerts)) {
    const own = spec.groups
      .map((g) => ({ name: g.name, rules: g.rules.filter((r) => 'alert' in r && r.alert === alertname) }))
      .filter((g) => g.rules.length > 0);
    const ruleFile = `rules/${alertname}.yaml`;
    const read = recordingGroupsRead(
      spec,
      own.flatMap((g) => g.rules.map((r) => r.expr)),
    );
    files.set(ruleFile, stringify({ groups: [...read, ...own] }));
    addTests(
      alertname,
      ruleFile,
      alertCases.map((c) => ({ interval: c.interval ?? '1m', test: alertTest(alertname, c) })),
    );
  }
  for (const [groupName, recordCases] of Object.entries(records)) {
    const group = spec.groups.find((g) => g.name === groupName);
    const read = group
      ? recordingGroupsRead(
          spec,
          group.rules.map((r) => r.expr),
        ).filter((g) => g.name !== groupName)
      : [];
    const ruleFile = `rules/${groupName}.yaml`;
    files.set(ruleFile, stringify({ groups: [...read, ...(group ? [group] : [])] }));
    addTests(
      groupName,
      ruleFile,
      recordCases.map((c) => ({ interval: c.interval ?? '1m', test: recordTest(groupName, c) })),
    );
  }
  return { files, testFiles, cases };
}

/** Writes the suite into a temporary folder and runs one `promtool test rules` over all its test files. */
export function runPromtoolSuite(suite: PromtoolSuite): {
  code: number;
  output: string;
  stdout: string;
  stderr: string;
} {
  const dir = mkdtempSync(join(tmpdir(), 'mixstack-promtool-suite-'));
  try {
    for (const [path, content] of suite.files) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const result = spawnSync('promtool', ['test', 'rules', ...suite.testFiles], {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.error)
      throw new Error(
        `promtool could not run (${result.error.message}); npm test installs it (Debian package "prometheus")`,
      );
    return {
      code: result.status ?? 1,
      output: `${result.stdout}${result.stderr}`,
      stdout: result.stdout,
      stderr: result.stderr,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
