import {
  createStack,
  type Dashboard,
  dashboardExpressions,
  findSyntaxError,
  render,
  substituteGrafanaVariables,
} from '@mixstack/core';
import {
  type NodeExporter,
  type PrometheusServer,
  type RuleFiles,
  runDashboardQueries,
  startNodeExporter,
  startPrometheus,
  variableValues as variableOptions,
  waitFor,
} from '@mixstack/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RECORDS } from '../mixins/records.js';
import { prometheus } from '../prometheus.js';
import { builtDashboards, type Json, panelsOf, variablesOf } from './dashboards.test-helpers.js';
import { CLUSTER, type FixtureExporters, startFixtureExporters } from './exporters.test-helpers.js';

/**
 * Every query of every dashboard (panel targets and the PromQL inside the variables'
 * label_values), with the template variables filled in as Grafana would, runs against a real
 * Prometheus 2.42 that loads this package's rule files (from a render of `prometheus()`) and
 * scrapes a real node-exporter plus fixture exporters of a tiny cluster. No query may fail:
 * a syntax Prometheus 2.42 rejects, a function it does not know, or a join that breaks on
 * real data (many-to-many matching, duplicate label sets). Empty results are fine.
 */

const stack = createStack({}, [prometheus()]);
const dashboards = builtDashboards(stack);

/** The package's rule files, as Prometheus loads them (one file per PrometheusRule). */
function ruleFiles(): RuleFiles {
  const files: Record<string, { groups: unknown[] }> = {};
  for (const { object } of render(stack).objects) {
    if (object.kind !== 'PrometheusRule') continue;
    const rule = object as unknown as { metadata: { name: string }; spec: { groups: unknown[] } };
    files[`${rule.metadata.name}.yaml`] = { groups: rule.spec.groups };
  }
  return files;
}

let nodeExporter: NodeExporter | undefined;
let fixtures: FixtureExporters | undefined;
let server: PrometheusServer | undefined;

beforeAll(async () => {
  nodeExporter = await startNodeExporter();
  fixtures = await startFixtureExporters();
  const rules = ruleFiles();
  server = await startPrometheus({
    ruleFiles: rules,
    scrape: { 'node-exporter': [nodeExporter.address], ...fixtures.scrape },
  });
  // rate() needs two samples of every scraped series; records need an evaluation after that.
  await waitFor('two scrapes of every target', async () =>
    (
      await server!.query(
        'count(rate(node_cpu_seconds_total[1m])) and count(rate(container_cpu_usage_seconds_total[1m]))',
      )
    ).length > 0
      ? true
      : undefined,
  );
  const recorded = Object.values(RECORDS).filter((name) => JSON.stringify(rules).includes(`"${name}"`));
  if (recorded.length > 0) {
    await waitFor('the recording rules to evaluate', async () =>
      (
        await server!.query(
          `count({__name__=~"${recorded.map((r) => r.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')}"})`,
        )
      ).length > 0
        ? true
        : undefined,
    );
  }
});

afterAll(async () => {
  await server?.stop();
  await fixtures?.stop();
  await nodeExporter?.stop();
});

/** What Grafana puts in for each variable: "All" where the variable has it, else a value of the fixture cluster. */
function variableValues(dashboard: Json): Map<string, string> {
  const values = new Map<string, string>();
  const samples: Record<string, string> = {
    namespace: CLUSTER.volume.namespace,
    workload: 'prometheus-k8s',
    pod: 'prometheus-k8s-0',
    node: 'node-1',
    instance: nodeExporter!.address,
    volume: CLUSTER.volume.claim,
  };
  for (const variable of variablesOf(dashboard)) {
    if (variable.type === 'datasource') continue;
    const value = variable.includeAll ? variable.allValue : samples[variable.name];
    if (value === undefined) throw new Error(`no sample value for the variable ${variable.name}`);
    values.set(variable.name, value);
  }
  return values;
}

function concrete(expr: string, values: Map<string, string>): string {
  let text = substituteGrafanaVariables(expr);
  for (const [name, value] of [...values].sort(([a], [b]) => b.length - a.length)) {
    text = text.replace(new RegExp(`\\$(?:${name}(?!\\w)|\\{${name}\\})`, 'g'), value);
  }
  return text;
}

describe.each(dashboards.map((d) => [`${d.mixin}/${d.file}`, d.dashboard] as const))('%s', (_, dashboard) => {
  test('every query runs on Prometheus 2.42 without an error', async () => {
    const values = variableValues(dashboard);
    const expressions = dashboardExpressions(dashboard as Dashboard);
    expect(expressions.length).toBe(
      panelsOf(dashboard).reduce((n, p) => n + p.targets.length, 0) +
        variablesOf(dashboard).filter((v) => v.type === 'query').length,
    );
    // Empty results are fine here: the fixture is a tiny cluster, not every exporter's data.
    const { failures } = await runDashboardQueries(server!, dashboard as Dashboard, (e) =>
      concrete(e, values),
    );
    expect(failures).toEqual([]);
  });
});

test('the check is stricter than core: a function of Prometheus 3 that 2.42 does not know fails', async () => {
  const query = 'histogram_avg(rate(prometheus_http_request_duration_seconds[5m]))';
  expect(findSyntaxError('promql', query)).toBeUndefined();
  await expect(server!.query(query)).rejects.toThrow(/histogram_avg/);
});

describe('with data', () => {
  test('the Nodes dashboard shows the real node-exporter', async () => {
    const nodes = dashboards.find((d) => d.file === 'nodes.json')!.dashboard;
    const values = variableValues(nodes);
    const universal = ['CPUs', 'Memory', 'Uptime', 'CPU usage by mode', 'Load average', 'Memory usage'];
    const panels = panelsOf(nodes).filter((p) => universal.includes(p.title));
    expect(panels.map((p) => p.title).sort()).toEqual([...universal].sort());
    for (const panel of panels) {
      for (const target of panel.targets) {
        expect(
          await server!.query(concrete(target.expr, values)),
          `${panel.title}: ${target.expr}`,
        ).not.toEqual([]);
      }
    }
  });

  test('the node recording rules, when loaded, carry the labels the USE dashboards select', async () => {
    const use = dashboards.find((d) => d.file === 'use-method-node.json')!.dashboard;
    const values = variableValues(use);
    const loaded = JSON.stringify(ruleFiles());
    // Records every Linux machine has data for (disks and filesystems vary).
    const universal = [
      RECORDS.nodeCpuUtilisation,
      RECORDS.nodeLoad1PerCpu,
      RECORDS.nodeMemoryUtilisation,
      RECORDS.nodeMajorPageFaults,
      RECORDS.nodeNetworkReceiveBytes,
      RECORDS.nodeNetworkTransmitBytes,
    ].filter((record) => loaded.includes(`"${record}"`));
    for (const { panel, target } of panelsOf(use).flatMap((p) =>
      p.targets.map((t: Json) => ({ panel: p, target: t })),
    )) {
      if (!universal.some((record) => target.expr.includes(record))) continue;
      expect(
        await server!.query(concrete(target.expr, values)),
        `${panel.title}: ${target.expr}`,
      ).not.toEqual([]);
    }
  });

  test('the variables list the fixture cluster', async () => {
    const pod = dashboards.find((d) => d.file === 'k8s-resources-pod.json')!.dashboard;
    const values = variableValues(pod);
    const listed = await variableOptions(server!, pod as Dashboard, (e) => concrete(e, values));
    expect(listed.namespace).toEqual([...CLUSTER.namespaces].sort());
    expect(listed.pod).toEqual(['prometheus-k8s-0', 'prometheus-k8s-1']);
  });

  test('cAdvisor and kube-state-metrics queries of the compute dashboards return data', async () => {
    const pod = dashboards.find((d) => d.file === 'k8s-resources-pod.json')!.dashboard;
    const values = variableValues(pod);
    const raw = panelsOf(pod)
      .flatMap((p) =>
        (p.targets as Json[]).map((t) => ({ title: p.title as string, expr: t.expr as string })),
      )
      .filter(({ expr }) => !expr.includes(':'));
    expect(raw.length).toBeGreaterThan(3);
    for (const { title, expr } of raw) {
      expect(await server!.query(concrete(expr, values)), `${title}: ${expr}`).not.toEqual([]);
    }
  });
});
