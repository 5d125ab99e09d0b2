// Runs the promtool cases of a mixin (the kit's `promtoolTests`) against its rendered rule file:
// any component's tests can run their cases with these two functions.
import { spawnSync } from 'node:child_process';
import { stringify } from 'yaml';
import { withFiles } from './kubectl.js';

/** A rule file as Prometheus reads it (the `spec` of a PrometheusRule, a mixin's rule file). */
export interface RuleFileSpec {
  groups: { name: string; rules: ({ alert: string; expr: string } | { record: string; expr: string })[] }[];
}

/**
 * What the suite needs of a promtool test group (an entry of `tests`); the kit's
 * `PromtoolTestGroup` is one. The rest of the group is written as it is.
 */
export interface PromtoolTestGroup {
  /** The group's sample interval: groups of one interval share a test file (and its evaluation interval). */
  interval: string;
}

/** Test groups by alert name and by recording group name (the kit's `promtoolTests(alertCases, recordCases)`). */
export interface PromtoolTests {
  alerts?: Readonly<Record<string, readonly PromtoolTestGroup[]>>;
  records?: Readonly<Record<string, readonly PromtoolTestGroup[]>>;
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
 * Every test group of a mixin, each alert's groups in their own test files that load only that
 * alert's rules (as rendered) and the recording groups they read, and each recording group's
 * tests with that group and the groups it reads. promtool evaluates every loaded rule at every
 * step, so loading the whole mixin for each case would multiply the cost by its rule count;
 * the whole files are checked by `promtool check rules`. One test file per evaluation interval
 * (the cases' input interval): cases over hours need no evaluation every minute.
 */
export function promtoolSuite(spec: RuleFileSpec, tests: PromtoolTests): PromtoolSuite {
  const files = new Map<string, string>();
  const testFiles: string[] = [];
  let cases = 0;
  const addTests = (name: string, ruleFile: string, groups: readonly PromtoolTestGroup[]) => {
    const intervals = [...new Set(groups.map((g) => g.interval))].sort();
    for (const interval of intervals) {
      const path = `${name}.${interval}.test.yaml`;
      const group = groups.filter((g) => g.interval === interval);
      cases += group.length;
      files.set(path, stringify({ rule_files: [ruleFile], evaluation_interval: interval, tests: group }));
      testFiles.push(path);
    }
  };
  for (const [alertname, groups] of Object.entries(tests.alerts ?? {})) {
    const own = spec.groups
      .map((g) => ({ name: g.name, rules: g.rules.filter((r) => 'alert' in r && r.alert === alertname) }))
      .filter((g) => g.rules.length > 0);
    const ruleFile = `rules/${alertname}.yaml`;
    const read = recordingGroupsRead(
      spec,
      own.flatMap((g) => g.rules.map((r) => r.expr)),
    );
    files.set(ruleFile, stringify({ groups: [...read, ...own] }));
    addTests(alertname, ruleFile, groups);
  }
  for (const [groupName, groups] of Object.entries(tests.records ?? {})) {
    const group = spec.groups.find((g) => g.name === groupName);
    const read = group
      ? recordingGroupsRead(
          spec,
          group.rules.map((r) => r.expr),
        ).filter((g) => g.name !== groupName)
      : [];
    const ruleFile = `rules/${groupName}.yaml`;
    files.set(ruleFile, stringify({ groups: [...read, ...(group ? [group] : [])] }));
    addTests(groupName, ruleFile, groups);
  }
  return { files, testFiles, cases };
}

export interface PromtoolSuiteResult {
  code: number;
  /** stdout and stderr together. */
  output: string;
  /** promtool names the test files it ran here. */
  stdout: string;
  /** and explains the failures here. */
  stderr: string;
}

/** Writes the suite into a temporary folder and runs one `promtool test rules` over all its test files. */
export function runPromtoolSuite(suite: PromtoolSuite): PromtoolSuiteResult {
  return withFiles(suite.files, (dir) => {
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
  });
}
