// Test harness (not exported from the package): Debian's Prometheus scraping targets that
// carry target labels. `startPrometheus` of @mixstack/testing scrapes bare addresses, but the
// ServiceMonitor gives every Alloy target its `namespace`, `pod` and `container`, and the
// mixin joins on them (pods per node, memory against the limit): without them those queries
// would run on no data. Same binary, same flags, same API as there.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, type RuleFiles, type RuleGroupStatus, startProcess, waitFor } from '@mixstack/testing';
import { stringify } from 'yaml';
import type { Target } from './exporters.test-helpers.js';

export interface LabelledPrometheus {
  /** An instant query; throws with Prometheus' error text when the query fails. */
  query(expression: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  /** A range query over the last `seconds`. */
  queryRange(expression: string, seconds: number, stepSeconds: number): Promise<unknown[]>;
  /** The rule groups as `/api/v1/rules` reports them. */
  ruleGroups(): Promise<RuleGroupStatus[]>;
  output(): string;
  stop(): Promise<void>;
}

async function api<T>(url: string): Promise<T> {
  const response = await fetch(url);
  const body = (await response.json()) as { status: string; data: T; error?: string; errorType?: string };
  if (body.status !== 'success')
    throw new Error(`${body.errorType ?? 'error'}: ${body.error ?? response.statusText}`);
  return body.data;
}

/**
 * Starts Prometheus on a free loopback port, scraping and evaluating every second, with the
 * rule files and the jobs' labelled targets; waits until it is ready. Always `stop()` it.
 */
export async function startLabelledPrometheus(
  ruleFiles: RuleFiles,
  jobs: Readonly<Record<string, readonly Target[]>>,
): Promise<LabelledPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'mixstack-alloy-prometheus-'));
  const address = `127.0.0.1:${await freePort()}`;
  mkdirSync(join(dir, 'rules'));
  for (const [name, content] of Object.entries(ruleFiles))
    writeFileSync(join(dir, 'rules', name), stringify(content));
  const config = {
    global: { scrape_interval: '1s', evaluation_interval: '1s', external_labels: { cluster: 'test' } },
    rule_files: Object.keys(ruleFiles).map((name) => join(dir, 'rules', name)),
    scrape_configs: Object.entries(jobs).map(([job, targets]) => ({
      job_name: job,
      static_configs: targets.map((target) => ({ targets: [target.address], labels: { ...target.labels } })),
    })),
  };
  writeFileSync(join(dir, 'prometheus.yml'), stringify(config));
  const started = startProcess('prometheus', [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=${address}`,
  ]);
  const url = `http://${address}`;
  const stop = async () => {
    await started.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(`Prometheus on ${address}`, async () =>
      (await fetch(`${url}/-/ready`)).ok ? true : undefined,
    );
  } catch (error) {
    const output = started.output();
    await stop();
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return {
    async query(expression) {
      const data = await api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(
        `${url}/api/v1/query?query=${encodeURIComponent(expression)}`,
      );
      return data.result;
    },
    async queryRange(expression, seconds, stepSeconds) {
      const end = Date.now() / 1000;
      const data = await api<{ result: unknown[] }>(
        `${url}/api/v1/query_range?query=${encodeURIComponent(expression)}&start=${end - seconds}&end=${end}&step=${stepSeconds}`,
      );
      return data.result;
    },
    async ruleGroups() {
      return (await api<{ groups: RuleGroupStatus[] }>(`${url}/api/v1/rules`)).groups;
    },
    output: () => started.output(),
    stop,
  };
}
