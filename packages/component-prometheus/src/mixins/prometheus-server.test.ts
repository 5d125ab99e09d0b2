import { createStack, render } from '@mixstack/core';
import {
  type NodeExporter,
  type PrometheusServer,
  type RuleFileSpec,
  type RuleGroupStatus,
  startNodeExporter,
  startPrometheus,
  waitFor,
} from '@mixstack/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { prometheus } from '../prometheus.js';

/**
 * A real Prometheus (Debian's 2.42) loads every rule file the default stack renders, scrapes
 * itself and a real node-exporter on 127.0.0.1, evaluates every second, and reports every rule
 * of every group healthy. Durations are printed, never asserted.
 */

const ruleFiles: Record<string, RuleFileSpec> = {};
for (const { object } of render(createStack({}, [prometheus()])).objects) {
  if (object.kind !== 'PrometheusRule') continue;
  ruleFiles[`${object.metadata!.name}.yaml`] = (object as unknown as { spec: RuleFileSpec }).spec;
}
const groupCount = Object.values(ruleFiles).reduce((n, spec) => n + spec.groups.length, 0);

let nodeExporter: NodeExporter | undefined;
let server: PrometheusServer | undefined;
const started = performance.now();
const timings: string[] = [];
const mark = (what: string) =>
  timings.push(`${what}: ${((performance.now() - started) / 1000).toFixed(2)} s`);

beforeAll(async () => {
  nodeExporter = await startNodeExporter();
  // The job names are those of the stack's ServiceMonitors, so the rules select these targets.
  server = await startPrometheus({ ruleFiles, scrape: { 'node-exporter': [nodeExporter.address] } });
  mark('Prometheus and node-exporter ready');
});

afterAll(async () => {
  // Both stop whatever happened, even if one of them never started.
  await Promise.allSettled([server?.stop(), nodeExporter?.stop()]);
  mark('stopped');
  console.info(`Prometheus test timings\n  ${timings.join('\n  ')}`);
});

/** Groups whose every rule has been evaluated at least twice since `since` (ms since the epoch). */
function evaluatedSince(groups: RuleGroupStatus[], since: number): boolean {
  return groups.every(
    (group) =>
      Date.parse(group.lastEvaluation) > since + 2000 &&
      group.rules.every((rule) => rule.health !== 'unknown'),
  );
}

describe('a real Prometheus with every rule file of the default stack', () => {
  test('evaluates every group for a few cycles with health ok and no error', async () => {
    const since = Date.now();
    const groups = await waitFor(
      'every rule group evaluated for a few cycles',
      async () => {
        const current = await server!.ruleGroups();
        return current.length === groupCount && evaluatedSince(current, since) ? current : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    mark(`${groupCount} groups evaluated for a few cycles`);
    const unhealthy = groups.flatMap((group) =>
      group.rules
        .filter((rule) => rule.health !== 'ok' || rule.lastError)
        .map((rule) => `${group.file} ${group.name} ${rule.name}: ${rule.health} ${rule.lastError ?? ''}`),
    );
    expect(unhealthy).toEqual([]);
    expect(groups.filter((group) => group.lastError).map((group) => group.name)).toEqual([]);
    const expected = Object.values(ruleFiles).flatMap((spec) => spec.groups.map((group) => group.name));
    expect(groups.map((group) => group.name).sort()).toEqual(expected.sort());
    expect(groups.reduce((n, group) => n + group.rules.length, 0)).toBe(
      Object.values(ruleFiles).reduce(
        (n, spec) => n + spec.groups.reduce((m, g) => m + g.rules.length, 0),
        0,
      ),
    );
  });

  test('the node-exporter records are computed from the real node-exporter', async () => {
    for (const record of [
      'instance:node_num_cpu:sum',
      'instance:node_memory_utilisation:ratio',
      'instance:node_load1_per_cpu:ratio',
      'instance:node_network_receive_bytes_excluding_lo:rate5m',
    ]) {
      const result = await waitFor(record, async () => {
        const samples = (await server!.query(record)) as {
          metric: Record<string, string>;
          value: [number, string];
        }[];
        return samples.length > 0 ? samples : undefined;
      });
      expect(result[0]!.metric.instance).toBe(nodeExporter!.address);
      expect(Number.isFinite(Number(result[0]!.value[1])), `${record} = ${result[0]!.value[1]}`).toBe(true);
    }
    const up = (await server!.query('count:up1{job="node-exporter"}')) as { value: [number, string] }[];
    expect(up.map((sample) => sample.value[1])).toEqual(['1']);
    mark('node-exporter records read');
  });

  test('Watchdog fires, and nothing else has waited long enough to', async () => {
    const firing = await waitFor('Watchdog firing', async () => {
      const alerts = (await server!.query('ALERTS{alertstate="firing"}')) as {
        metric: Record<string, string>;
      }[];
      return alerts.length > 0 ? alerts : undefined;
    });
    expect(firing.map((alert) => alert.metric.alertname)).toEqual(['Watchdog']);
  });
});
