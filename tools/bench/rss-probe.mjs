// Preloaded into the benchmarked process (node --import): on exit, write its peak RSS and CPU
// time to the file named by MIXSTACK_BENCH_PROBE, so the benchmark needs no external tool.
import { writeFileSync } from 'node:fs';

const target = process.env.MIXSTACK_BENCH_PROBE;
if (target) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(
      target,
      JSON.stringify({
        maxRssKiB: usage.maxRSS,
        userMicros: usage.userCPUTime,
        systemMicros: usage.systemCPUTime,
      }),
    );
  });
}
