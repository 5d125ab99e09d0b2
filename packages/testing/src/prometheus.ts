import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { freePort, type StartedProcess, startProcess, waitFor } from './processes.js';

/** Rule files in the Prometheus format: `{ groups: [...] }`, by file name. */
export type RuleFiles = Readonly<Record<string, { groups: unknown[] }>>;

export interface PromtoolResult {
  code: number;
  output: string;
}

function promtool(args: readonly string[], cwd?: string): PromtoolResult {
  const result = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  if (result.error)
    throw new Error(
      `promtool could not run (${result.error.message}); npm test installs it (Debian package "prometheus")`,
    );
  return { code: result.status ?? 1, output: `${result.stdout}${result.stderr}` };
}

/** Writes rule files into a temporary folder and runs `promtool check rules` on them. */
export function promtoolCheckRules(files: RuleFiles): PromtoolResult {
  const dir = mkdtempSync(join(tmpdir(), 'mixstack-promtool-'));
  try {
    const paths = Object.entries(files).map(([name, content]) => {
      writeFileSync(join(dir, name), stringify(content));
      return name;
    });
    return promtool(['check', 'rules', ...paths], dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs `promtool test rules` on one unit-test file whose `rule_files` name the given rule files
 * (both written into a temporary folder).
 */
export function promtoolTestRules(ruleFiles: RuleFiles, tests: Record<string, unknown>): PromtoolResult {
  const dir = mkdtempSync(join(tmpdir(), 'mixstack-promtool-test-'));
  try {
    for (const [name, content] of Object.entries(ruleFiles))
      writeFileSync(join(dir, name), stringify(content));
    writeFileSync(join(dir, 'tests.yaml'), stringify({ rule_files: Object.keys(ruleFiles), ...tests }));
    return promtool(['test', 'rules', 'tests.yaml'], dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface NodeExporter {
  /** `127.0.0.1:<port>` */
  readonly address: string;
  stop(): Promise<void>;
}

/** Starts Debian's prometheus-node-exporter on a free loopback port. */
export async function startNodeExporter(): Promise<NodeExporter> {
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const started = startProcess('prometheus-node-exporter', [`--web.listen-address=${address}`]);
  try {
    await waitFor(`node-exporter on ${address}`, async () => {
      const response = await fetch(`http://${address}/metrics`);
      return response.ok ? true : undefined;
    });
  } catch (error) {
    await started.stop();
    throw new Error(`${(error as Error).message}\n${started.output()}`);
  }
  return { address, stop: () => started.stop() };
}

export interface RuleGroupStatus {
  name: string;
  file: string;
  health?: string;
  lastError?: string;
  rules: { name: string; type: string; health: string; lastError?: string; query: string }[];
  lastEvaluation: string;
}

/** A scrape target with the target labels a ServiceMonitor would give it (`namespace`, `pod`). */
export interface LabelledTarget {
  address: string;
  labels: Readonly<Record<string, string>>;
}

export interface PrometheusServer {
  readonly url: string;
  /** An instant query; throws with Prometheus' error text when the query fails. */
  query(expression: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  /** A range query over the last `seconds`. */
  queryRange(expression: string, seconds: number, stepSeconds: number): Promise<unknown[]>;
  /** The rule groups as `/api/v1/rules` reports them. */
  ruleGroups(): Promise<RuleGroupStatus[]>;
  /** Scrape targets as `/api/v1/targets` reports them. */
  targets(): Promise<{ scrapePool: string; health: string; lastError: string }[]>;
  output(): string;
  stop(): Promise<void>;
}

export interface PrometheusOptions {
  ruleFiles?: RuleFiles;
  /**
   * Extra scrape jobs: job name → targets, bare (`127.0.0.1:9100`) or with target labels (what
   * a mixin joins on). Prometheus always scrapes itself (job `prometheus`).
   */
  scrape?: Readonly<Record<string, readonly (string | LabelledTarget)[]>>;
  /** @default '1s' */
  scrapeInterval?: string;
  /** @default '1s' */
  evaluationInterval?: string;
  /** External labels of the server. @default { cluster: 'test' } */
  externalLabels?: Record<string, string>;
}

async function api<T>(url: string): Promise<T> {
  const response = await fetch(url);
  const body = (await response.json()) as { status: string; data: T; error?: string; errorType?: string };
  if (body.status !== 'success')
    throw new Error(`${body.errorType ?? 'error'}: ${body.error ?? response.statusText}`);
  return body.data;
}

/**
 * Starts Debian's Prometheus on a free loopback port with the given rule files and scrape
 * jobs, and waits until it is ready. Always `stop()` it (in `afterAll`); the data directory is
 * removed then.
 */
export async function startPrometheus(options: PrometheusOptions = {}): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'mixstack-prometheus-'));
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const ruleFiles = options.ruleFiles ?? {};
  mkdirSync(join(dir, 'rules'));
  for (const [name, content] of Object.entries(ruleFiles))
    writeFileSync(join(dir, 'rules', name), stringify(content));
  const config = {
    global: {
      scrape_interval: options.scrapeInterval ?? '1s',
      evaluation_interval: options.evaluationInterval ?? '1s',
      external_labels: options.externalLabels ?? { cluster: 'test' },
    },
    rule_files: Object.keys(ruleFiles).map((name) => join(dir, 'rules', name)),
    scrape_configs: [
      { job_name: 'prometheus', static_configs: [{ targets: [address] }] },
      ...Object.entries(options.scrape ?? {}).map(([job, targets]) => ({
        job_name: job,
        static_configs: targets.map((target) =>
          typeof target === 'string'
            ? { targets: [target] }
            : { targets: [target.address], labels: { ...target.labels } },
        ),
      })),
    ],
  };
  writeFileSync(join(dir, 'prometheus.yml'), stringify(config));
  const started: StartedProcess = startProcess('prometheus', [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=${address}`,
    '--web.enable-admin-api',
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
    url,
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
      const data = await api<{ groups: RuleGroupStatus[] }>(`${url}/api/v1/rules`);
      return data.groups;
    },
    async targets() {
      const data = await api<{ activeTargets: { scrapePool: string; health: string; lastError: string }[] }>(
        `${url}/api/v1/targets`,
      );
      return data.activeTargets;
    },
    output: () => started.output(),
    stop,
  };
}
