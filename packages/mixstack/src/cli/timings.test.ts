import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { StageClock } from './timings.js';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(packageDir, 'dist/cli.js');

const RENDER_STAGES = ['values', 'sections', 'build', 'patches', 'schemas', 'expressions', 'checks'];

let work: string;

beforeAll(() => {
  if (!existsSync(cli))
    throw new Error(`${cli} does not exist: run "npm run build" first (npm test does it through nx)`);
  work = mkdtempSync(join(tmpdir(), 'mixstack-timings-'));
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The built CLI on the default stack (no entry, so no node_modules are needed in `work`). */
function mixstack(args: string[]) {
  const { FORCE_COLOR: _force, ...env } = process.env;
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { ...env, NO_COLOR: '1' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('StageClock', () => {
  test('each mark ends a stage: the time since the previous mark, the first one since process start', () => {
    const times = [120, 300, 310.5, 400];
    const clock = new StageClock(() => times.shift()!);
    clock.mark('startup');
    clock.mark('load');
    clock.mark('inputs');
    clock.mark('write');
    expect(clock.stages).toEqual([
      { stage: 'startup', ms: 120 },
      { stage: 'load', ms: 180 },
      { stage: 'inputs', ms: 10.5 },
      { stage: 'write', ms: 89.5 },
    ]);
    expect(clock.format()).toBe(
      [
        'timings:',
        '  startup    120.0 ms  30 %  Node and the mixstack CLI start',
        '  load       180.0 ms  45 %  stack module and component packages load, stack composed',
        '  inputs      10.5 ms   3 %  input files read (--crds, --input)',
        '  write       89.5 ms  22 %  output folder written and swapped in',
        '  total      400.0 ms 100 %',
        '',
      ].join('\n'),
    );
  });
});

describe('mixstack build --timings', () => {
  test('prints every stage after the summary, on stderr; stdout is the usual summary', () => {
    const { code, stdout, stderr } = mixstack(['build', '-o', 'out', '--timings']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^mixstack build → out\/: \d+ objects in \d+ files/);
    expect(stdout).not.toContain('timings:');
    const stages = [...stderr.matchAll(/^ {2}([a-z]+) +\d+\.\d ms +\d+ %/gm)].map((match) => match[1]);
    expect(stages).toEqual(['startup', 'load', 'inputs', ...RENDER_STAGES, 'serialise', 'write', 'total']);
  });

  test('with --json, the report carries the stages as numbers and nothing goes to stderr', () => {
    const { code, stdout, stderr } = mixstack(['build', '-o', 'out-json', '--timings', '--json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const report = JSON.parse(stdout) as { timings: { stage: string; ms: number }[]; durationMs: number };
    expect(report.timings.map((t) => t.stage)).toEqual([
      'startup',
      'load',
      'inputs',
      ...RENDER_STAGES,
      'serialise',
      'write',
    ]);
    for (const { ms } of report.timings) expect(ms).toBeGreaterThanOrEqual(0);
  });

  test('validate --timings has no serialise or write stage; without --timings nothing is printed', () => {
    const timed = mixstack(['validate', '--timings', '--json']);
    expect(timed.code).toBe(0);
    const { timings } = JSON.parse(timed.stdout) as { timings: { stage: string }[] };
    expect(timings.map((t) => t.stage)).toEqual(['startup', 'load', 'inputs', ...RENDER_STAGES]);
    const plain = mixstack(['build', '-o', 'out-plain', '--json']);
    expect(JSON.parse(plain.stdout)).not.toHaveProperty('timings');
    expect(mixstack(['build', '-o', 'out-quiet']).stderr).not.toContain('timings:');
  });

  test('--timings with a command it does not go with is a usage error', () => {
    const { code, stderr } = mixstack(['mixins', '--timings']);
    expect(code).toBe(2);
    expect(stderr).toContain('--timings goes with build or validate');
  });
});
