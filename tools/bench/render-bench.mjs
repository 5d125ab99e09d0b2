#!/usr/bin/env node
// `npm run bench`: how fast and lean rendering is (issue 2). Not a test: numbers are printed
// and written to bench/results.json, never asserted.
//   (a) cold `mixstack build` of the default stack as a child process: wall time, peak RSS;
//   (b) the serialisation lower bound of the same output (parse every rendered file and
//       serialise it again) against a warm in-process render of the same stack;
//   (c) rendering 1, 10 and 50 copies of the default stack in one process, to show growth.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Document, parse } from 'yaml';
import { workspaceRoot } from '../scripts/workspace.mjs';

const COLD_RUNS = 7;
const WARM_RUNS = 15;
const cli = join(workspaceRoot, 'packages/mixstack/dist/cli.js');
const probe = join(workspaceRoot, 'tools/bench/rss-probe.mjs');
const { defaultStack, render } = await import(
  pathToFileURL(join(workspaceRoot, 'packages/mixstack/dist/index.js')).href
);

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

const work = mkdtempSync(join(tmpdir(), 'mixstack-bench-'));
try {
  // (a) cold builds
  const cold = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const out = join(work, `out-${i}`);
    const probeFile = join(work, `probe-${i}.json`);
    const { ms, value } = time(() =>
      spawnSync(process.execPath, ['--import', pathToFileURL(probe).href, cli, 'build', '-o', out], {
        env: { ...process.env, MIXSTACK_BENCH_PROBE: probeFile },
        encoding: 'utf8',
      }),
    );
    if (value.status !== 0) throw new Error(`mixstack build failed:\n${value.stderr}`);
    const usage = JSON.parse(readFileSync(probeFile, 'utf8'));
    cold.push({ ms, rssMiB: usage.maxRssKiB / 1024 });
  }

  // (b) warm render versus the serialisation lower bound of the same files
  const stack = defaultStack();
  render(stack); // warm up the JIT and the lazily compiled schemas
  const renderMs = median(Array.from({ length: WARM_RUNS }, () => time(() => render(stack)).ms));
  const files = [...render(stack).files.entries()];
  const bytes = files.reduce((sum, [, text]) => sum + Buffer.byteLength(text), 0);
  const reserialise = () => {
    for (const [, text] of files) new Document(parse(text), { version: '1.1' }).toString({ lineWidth: 0 });
  };
  reserialise();
  const lowerBoundMs = median(Array.from({ length: WARM_RUNS }, () => time(reserialise).ms));

  // (c) growth with the number of stacks rendered in one process
  const growth = [1, 10, 50].map((copies) => {
    const stacks = Array.from({ length: copies }, (_, i) => defaultStack({ namespace: `monitoring-${i}` }));
    const { ms } = time(() => {
      for (const s of stacks) render(s);
    });
    return { copies, ms, msPerCopy: ms / copies };
  });

  const results = {
    date: new Date().toISOString(),
    node: process.version,
    files: files.length,
    bytes,
    cold: {
      runs: COLD_RUNS,
      medianMs: median(cold.map((c) => c.ms)),
      medianPeakRssMiB: median(cold.map((c) => c.rssMiB)),
      targets: { ms: 500, peakRssMiB: 150 },
    },
    warm: { renderMs, lowerBoundMs, ratio: renderMs / lowerBoundMs, target: 1.3 },
    growth,
  };

  const row = (label, value, target = '') => `${label.padEnd(44)} ${String(value).padStart(12)}   ${target}`;
  const lines = [
    `mixstack render benchmark (default stack: ${files.length} files, ${(bytes / 1024).toFixed(1)} KiB)`,
    '',
    row('measure', 'value', 'target'),
    row(
      `(a) cold mixstack build, median of ${COLD_RUNS}`,
      `${results.cold.medianMs.toFixed(0)} ms`,
      '<= 500 ms',
    ),
    row(
      '(a) cold mixstack build, peak RSS (median)',
      `${results.cold.medianPeakRssMiB.toFixed(1)} MiB`,
      '<= 150 MB',
    ),
    row('(b) warm render, median', `${renderMs.toFixed(2)} ms`),
    row('(b) lower bound: parse + serialise output', `${lowerBoundMs.toFixed(2)} ms`),
    row('(b) ratio render / lower bound', `${results.warm.ratio.toFixed(2)}x`, '<= 1.3x'),
    ...growth.map((g) =>
      row(
        `(c) ${g.copies} default stack(s) in one process`,
        `${g.ms.toFixed(1)} ms`,
        `${g.msPerCopy.toFixed(2)} ms per stack`,
      ),
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  mkdirSync(join(workspaceRoot, 'bench'), { recursive: true });
  writeFileSync(join(workspaceRoot, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write('\nwritten to bench/results.json\n');
} finally {
  rmSync(work, { recursive: true, force: true });
}
