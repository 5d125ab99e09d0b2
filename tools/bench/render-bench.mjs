#!/usr/bin/env node
// `npm run bench`: how fast and lean `mixstack build` is, on the README's own path (issue 13).
// Not a test: numbers are printed and written to bench/results.json, never asserted.
//
//   (a) cold `mixstack build` of the default stack as a child process, with the CRDs the
//       README tells every user to pull (`mixstack crds pull`, here `--from` the release's
//       files in ../shared, then `--crds`) and without them, and the serialisation
//       lower bound of the same output (a fresh Node process that reads every rendered file,
//       parses it with `yaml` and stringifies it again). The three are interleaved, run after
//       run, so a busy machine slows them alike: read the ratios.
//   (b) where the cold build's time goes, stage by stage (`mixstack build --timings --json`).
//   (c) a warm render in one process against the same lower bound, in-process.
//   (d) growth: 1, 10 and 50 default stacks rendered in one process, and a stack with 10x the
//       dashboards and rules, each with its cost per unit.
//   (e) what the default stack's pods request with platform-k3s's edge profile (one small node).
//   (f) why `crds pull` writes JSON: the release's YAML files read by core's YAML reader, cold
//       and warm, against their JSON forms read by JSON.parse; and a build with the release's
//       YAML files as they are (a mirror given to --crds).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse, stringify } from 'yaml';
import { workspaceRoot } from '../scripts/workspace.mjs';
import { multipliedMixins } from './multiplied-mixins.mjs';

const COLD_RUNS = Number(process.env.MIXSTACK_BENCH_RUNS ?? 7);
const WARM_RUNS = 15;
const cli = join(workspaceRoot, 'packages/mixstack/dist/cli.js');
const probe = join(workspaceRoot, 'tools/bench/rss-probe.mjs');
const lowerBoundScript = join(workspaceRoot, 'tools/bench/lower-bound.mjs');
const crdParseScript = join(workspaceRoot, 'tools/bench/crd-parse.mjs');
const sharedDir = process.env.MIXSTACK_SHARED ?? join(workspaceRoot, '..', 'shared');
const releaseCrdDir = join(sharedDir, 'reference/crds/prometheus-operator-v0.93.0');
const hasCrds = existsSync(releaseCrdDir);

const { defaultStack, render } = await import(
  pathToFileURL(join(workspaceRoot, 'packages/mixstack/dist/index.js')).href
);
const { addPatch } = await import(pathToFileURL(join(workspaceRoot, 'packages/core/dist/index.js')).href);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const time = (fn) => {
  const start = process.hrtime.bigint();
  const value = fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
};

/** One cold process: wall time from outside, peak RSS and the process's own report. */
function coldProcess(args, probeFile) {
  const { ms, value } = time(() =>
    spawnSync(process.execPath, ['--import', pathToFileURL(probe).href, ...args], {
      env: { ...process.env, MIXSTACK_BENCH_PROBE: probeFile },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    }),
  );
  if (value.status !== 0) throw new Error(`${args.join(' ')} failed:\n${value.stderr}`);
  const usage = JSON.parse(readFileSync(probeFile, 'utf8'));
  return { ms, rssMiB: usage.maxRssKiB / 1024, stdout: value.stdout };
}

const work = mkdtempSync(join(tmpdir(), 'mixstack-bench-'));
// The README's path: `mixstack crds pull` once (offline here: --from the release's files), then
// every build with --crds on the folder it wrote. A mixstack from before `crds pull --from`
// (to print an older commit's figures) is given the release's files directly.
let crdDir = releaseCrdDir;
if (hasCrds) {
  const pulled = join(work, 'crds');
  const pull = spawnSync(process.execPath, [cli, 'crds', 'pull', '--from', releaseCrdDir, '-o', pulled], {
    encoding: 'utf8',
  });
  if (pull.status === 0) crdDir = pulled;
  else if (pull.status !== 2) throw new Error(`crds pull failed:\n${pull.stderr}`);
}
// A CLI from before `--timings` (to print the figures of an older commit) refuses the option.
const hasTimings =
  spawnSync(process.execPath, [cli, 'validate', '--timings', '--json'], { encoding: 'utf8' }).status !== 2;
const timingArgs = hasTimings ? ['--timings', '--json'] : [];
try {
  // (a) cold builds, interleaved
  const runs = { withCrds: [], withoutCrds: [], lowerBound: [], lowerBoundWithout: [], releaseYaml: [] };
  const stageRuns = [];
  const stageRunsWithout = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const plain = join(work, `plain-${i}`);
    // Both builds take the same options: printing JSON and reading the clock cost a little.
    const withoutRun = coldProcess([cli, 'build', '-o', plain, ...timingArgs], join(work, `p-${i}.json`));
    runs.withoutCrds.push(withoutRun);
    if (hasTimings) stageRunsWithout.push(JSON.parse(withoutRun.stdout).timings);
    runs.lowerBoundWithout.push(coldProcess([lowerBoundScript, plain], join(work, `lp-${i}.json`)));
    if (hasCrds) {
      const out = join(work, `crds-${i}`);
      const run = coldProcess(
        [cli, 'build', '-o', out, '--crds', crdDir, ...timingArgs],
        join(work, `c-${i}.json`),
      );
      runs.withCrds.push(run);
      if (hasTimings) stageRuns.push(JSON.parse(run.stdout).timings);
      runs.lowerBound.push(coldProcess([lowerBoundScript, out], join(work, `l-${i}.json`)));
      if (crdDir !== releaseCrdDir) {
        const yamlOut = join(work, `yaml-${i}`);
        runs.releaseYaml.push(
          coldProcess(
            [cli, 'build', '-o', yamlOut, '--crds', releaseCrdDir, ...timingArgs],
            join(work, `y-${i}.json`),
          ),
        );
        rmSync(yamlOut, { recursive: true, force: true });
      }
    }
    rmSync(plain, { recursive: true, force: true });
  }
  const summary = (list) =>
    list.length === 0
      ? undefined
      : { ms: median(list.map((r) => r.ms)), rssMiB: median(list.map((r) => r.rssMiB)) };
  const cold = Object.fromEntries(Object.entries(runs).map(([name, list]) => [name, summary(list)]));

  // (b) stages of the cold builds, without and with the CRDs, and what the CRDs add to each
  const stageMedian = (list, index) =>
    list.length === 0 ? undefined : median(list.map((timings) => timings[index].ms));
  const stages = (stageRunsWithout[0] ?? []).map(({ stage }, index) => ({
    stage,
    withoutCrdsMs: stageMedian(stageRunsWithout, index),
    withCrdsMs: stageMedian(stageRuns, index),
  }));

  // (f) the release's CRD files read cold by core's YAML reader, and their JSON forms by JSON.parse
  let crdReading;
  if (hasCrds && crdDir !== releaseCrdDir) {
    const jsonDir = crdDir;
    const reads = { yaml: [], json: [], yamlWarm: [] };
    for (let i = 0; i < COLD_RUNS; i++) {
      for (const [mode, dir] of [
        ['yaml', releaseCrdDir],
        ['json', jsonDir],
      ]) {
        const run = spawnSync(process.execPath, [crdParseScript, mode, dir], { encoding: 'utf8' });
        if (run.status !== 0) throw new Error(`crd-parse ${mode} failed:\n${run.stderr}`);
        const { coldMs, warmMs } = JSON.parse(run.stdout);
        reads[mode].push(coldMs);
        if (mode === 'yaml') reads.yamlWarm.push(warmMs);
      }
    }
    crdReading = {
      yamlMs: median(reads.yaml),
      yamlWarmMs: median(reads.yamlWarm),
      jsonMs: median(reads.json),
    };
  }

  // (c) warm render versus the serialisation lower bound, in one process
  const stack = defaultStack();
  render(stack); // warm up the JIT and the lazily compiled schemas
  const renderMs = median(Array.from({ length: WARM_RUNS }, () => time(() => render(stack)).ms));
  const files = [...render(stack).files.entries()];
  const bytes = files.reduce((sum, [, text]) => sum + Buffer.byteLength(text), 0);
  const reserialise = () => {
    for (const [, text] of files) stringify(parse(text));
  };
  reserialise();
  const lowerBoundMs = median(Array.from({ length: WARM_RUNS }, () => time(reserialise).ms));

  // (d) growth with the number of stacks, and with the dashboards and rules of one stack
  const growth = [1, 10, 50].map((copies) => {
    const stacks = Array.from({ length: copies }, (_, i) => defaultStack({ namespace: `monitoring-${i}` }));
    const { ms } = time(() => {
      for (const s of stacks) render(s);
    });
    return { copies, ms, msPerCopy: ms / copies };
  });
  const content = [1, 10].map((factor) => {
    const s = factor === 1 ? defaultStack() : multipliedMixins(defaultStack(), addPatch, factor);
    render(s);
    const ms = median(Array.from({ length: 5 }, () => time(() => render(s)).ms));
    const { summary: rendered } = render(s);
    const units = rendered.alerts.total + rendered.recordingRules + rendered.dashboards;
    return {
      factor,
      ms,
      alerts: rendered.alerts.total,
      recordingRules: rendered.recordingRules,
      dashboards: rendered.dashboards,
      msPerUnit: ms / units,
    };
  });

  const withCrds = cold.withCrds;
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    files: files.length,
    bytes,
    cold: {
      runs: COLD_RUNS,
      ...cold,
      crds: hasCrds ? crdDir : `absent (${crdDir}): the CRD measures were skipped`,
      ratios: withCrds
        ? {
            withCrdsOverLowerBound: withCrds.ms / cold.lowerBound.ms,
            withCrdsOverWithout: withCrds.ms / cold.withoutCrds.ms,
          }
        : undefined,
      targets: { withCrdsOverLowerBound: 1.3, withCrdsOverWithout: 1.2, peakRssMiB: 150 },
    },
    stages,
    crdReading,
    warm: { renderMs, lowerBoundMs, ratio: renderMs / lowerBoundMs },
    growth,
    content,
  };

  const row = (label, value, target = '') =>
    `${label.padEnd(52)} ${String(value).padStart(12)}   ${target}`.trimEnd();
  const ms = (value) => `${value.toFixed(0)} ms`;
  const mib = (value) => `${value.toFixed(1)} MiB`;
  const verdict = (value, limit) => (value <= limit ? 'met' : 'NOT MET');
  const lines = [
    `mixstack build benchmark (default stack: ${files.length} files, ${(bytes / 1024).toFixed(1)} KiB without CRDs; medians of ${COLD_RUNS} cold processes)`,
    '',
    row('measure', 'value', 'target'),
    row('(a) cold build without CRDs', ms(cold.withoutCrds.ms)),
    row('(a) cold build without CRDs, peak RSS', mib(cold.withoutCrds.rssMiB)),
    row('(a) lower bound of its output (fresh process)', ms(cold.lowerBoundWithout.ms)),
    row(
      '(a) ratio without CRDs / its lower bound',
      `${(cold.withoutCrds.ms / cold.lowerBoundWithout.ms).toFixed(2)}x`,
    ),
  ];
  if (withCrds) {
    const { withCrdsOverLowerBound, withCrdsOverWithout } = results.cold.ratios;
    lines.push(
      row('(a) cold build with --crds', ms(withCrds.ms)),
      row('(a) lower bound of its output (fresh process)', ms(cold.lowerBound.ms)),
      row(
        '(a) ratio with CRDs / lower bound',
        `${withCrdsOverLowerBound.toFixed(2)}x`,
        `<= 1.3x  ${verdict(withCrdsOverLowerBound, 1.3)}`,
      ),
      row(
        '(a) ratio with CRDs / without',
        `${withCrdsOverWithout.toFixed(2)}x`,
        `<= 1.2x  ${verdict(withCrdsOverWithout, 1.2)}`,
      ),
      row(
        '(a) cold build with --crds, peak RSS',
        mib(withCrds.rssMiB),
        `<= 150 MB  ${verdict(withCrds.rssMiB * 1.048576, 150)}`,
      ),
    );
  } else {
    lines.push(row('(a) with --crds', 'skipped', `the CRDs are absent: ${crdDir}`));
  }
  const stageCell = (value) => (value === undefined ? '' : `${value.toFixed(1)} ms`).padStart(10);
  lines.push(
    '',
    hasTimings
      ? '(b) where the cold builds spend their time (median per stage):'
      : '(b) stages: this mixstack has no --timings',
    ...(hasTimings
      ? [
          `    ${'stage'.padEnd(14)}${'without'.padStart(10)}${withCrds ? `${'--crds'.padStart(10)}${'added'.padStart(10)}` : ''}`,
          ...stages.map(
            (s) =>
              `    ${s.stage.padEnd(14)}${stageCell(s.withoutCrdsMs)}${
                withCrds ? `${stageCell(s.withCrdsMs)}${stageCell(s.withCrdsMs - s.withoutCrdsMs)}` : ''
              }`,
          ),
        ]
      : []),
    '',
    row('(c) warm render, median', `${renderMs.toFixed(1)} ms`),
    row('(c) lower bound: parse + stringify its output', `${lowerBoundMs.toFixed(1)} ms`),
    row('(c) ratio warm render / lower bound', `${results.warm.ratio.toFixed(2)}x`),
    '',
    ...growth.map((g) =>
      row(
        `(d) ${g.copies} default stack(s) in one process`,
        ms(g.ms),
        `${g.msPerCopy.toFixed(1)} ms per stack`,
      ),
    ),
    ...content.map((c) =>
      row(
        `(d) ${c.factor}x dashboards and rules (${c.dashboards} dashboards, ${c.alerts + c.recordingRules} rules)`,
        ms(c.ms),
        `${(c.msPerUnit * 1000).toFixed(0)} µs per dashboard or rule`,
      ),
    ),
  );
  // (e) the default stack on one small k3s node (platform-k3s's edge profile): what its pods request.
  const k3sDist = await import(
    pathToFileURL(join(workspaceRoot, 'packages/platform-k3s/dist/index.js')).href
  );
  results.k3sEdgeRequests = k3sDist.podRequests(
    render(k3sDist.k3s({ profile: 'edge' })(defaultStack())).objects.map((o) => o.object),
  );
  const { cpu: edgeCpu, memory: edgeMemory } = results.k3sEdgeRequests;
  lines.push(
    '',
    row(
      '(e) default stack, k3s edge profile, requests',
      `${edgeCpu.toFixed(2)} CPU ${(edgeMemory / 2 ** 30).toFixed(2)} GiB`,
      '<= 2 CPU, 4 GiB',
    ),
  );
  if (crdReading) {
    lines.push(
      '',
      row("(f) the release's CRD files read by core's YAML reader, cold", ms(crdReading.yamlMs)),
      row('(f) the same, warm (its code optimized by V8)', ms(crdReading.yamlWarmMs)),
      row('(f) their JSON forms (crds pull) read by JSON.parse, cold', ms(crdReading.jsonMs)),
      row(
        "(f) cold build with --crds on the release's YAML files",
        ms(cold.releaseYaml.ms),
        `${(cold.releaseYaml.ms / cold.withoutCrds.ms).toFixed(2)}x the build without`,
      ),
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  mkdirSync(join(workspaceRoot, 'bench'), { recursive: true });
  writeFileSync(join(workspaceRoot, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write('\nwritten to bench/results.json\n');
} finally {
  rmSync(work, { recursive: true, force: true });
}
