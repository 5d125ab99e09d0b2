import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createStack, renderMixins } from '@mixstack/core';
import { type PrometheusServer, startPrometheus, waitFor } from '@mixstack/testing';
import { tempo } from 'mixstack';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { META_RECORDS, mixinName, slo } from './index.js';
import { EXAMPLES, FROM_TRACES, HTTP_API, LATENCY } from './test-helpers.js';

/**
 * A real Prometheus loads the rules of the example SLOs as a stack renders them, scrapes a
 * fixture exporter on 127.0.0.1 that exposes the series their SLIs read, and evaluates every
 * group with health ok, with the error ratios the exporter's counters make.
 */

/** Events per second of the fixture, and the share of them each SLI counts as bad. */
const RATE = 100;
const BAD = { [HTTP_API.name]: 0.01, [LATENCY.name]: 0.02, [FROM_TRACES.name]: 0.02 };

/**
 * The exposition of the fixture `seconds` after it started: counters that grow steadily, so the
 * ratio of two rates is the ratio of their slopes. Prometheus adds `job="checkout"` (the scrape
 * job), which the HTTP API's and the histogram's selectors ask for.
 */
function exposition(seconds: number): string {
  const count = (perSecond: number) => Math.round(perSecond * seconds * 1000) / 1000;
  return [
    '# TYPE http_requests_total counter',
    `http_requests_total{code="200"} ${count(RATE * (1 - BAD[HTTP_API.name]!))}`,
    `http_requests_total{code="500"} ${count(RATE * BAD[HTTP_API.name]!)}`,
    '# TYPE http_request_duration_seconds histogram',
    `http_request_duration_seconds_bucket{le="0.1"} ${count(RATE * 0.9)}`,
    `http_request_duration_seconds_bucket{le="0.3"} ${count(RATE * (1 - BAD[LATENCY.name]!))}`,
    `http_request_duration_seconds_bucket{le="+Inf"} ${count(RATE)}`,
    `http_request_duration_seconds_sum ${count(RATE * 0.05)}`,
    `http_request_duration_seconds_count ${count(RATE)}`,
    // Tempo's span metrics of cart: 1% failed, and 1% of the rest slower than 512 ms.
    '# TYPE traces_spanmetrics_calls_total counter',
    `traces_spanmetrics_calls_total{service="cart",span_kind="SPAN_KIND_SERVER",status_code="STATUS_CODE_ERROR"} ${count(1)}`,
    `traces_spanmetrics_calls_total{service="cart",span_kind="SPAN_KIND_SERVER",status_code="STATUS_CODE_OK"} ${count(99)}`,
    '# TYPE traces_spanmetrics_latency histogram',
    `traces_spanmetrics_latency_bucket{service="cart",span_kind="SPAN_KIND_SERVER",status_code="STATUS_CODE_OK",le="0.512"} ${count(98)}`,
    `traces_spanmetrics_latency_bucket{service="cart",span_kind="SPAN_KIND_SERVER",status_code="STATUS_CODE_OK",le="+Inf"} ${count(99)}`,
    `traces_spanmetrics_latency_sum{service="cart",span_kind="SPAN_KIND_SERVER",status_code="STATUS_CODE_OK"} ${count(10)}`,
    `traces_spanmetrics_latency_count{service="cart",span_kind="SPAN_KIND_SERVER",status_code="STATUS_CODE_OK"} ${count(99)}`,
    '',
  ].join('\n');
}

/** The rule files of the example SLOs as the stack renders them (with Tempo, which the traces SLI needs). */
function ruleFiles(): Record<string, { groups: unknown[] }> {
  const files = renderMixins(createStack({}, [tempo(), ...EXAMPLES.map((spec) => slo(spec))]));
  return Object.fromEntries(
    EXAMPLES.flatMap((spec) =>
      ['prometheus_rules.yaml', 'prometheus_alerts.yaml'].map((file) => {
        const text = files.get(`${mixinName(spec.name)}/${file}`);
        if (text === undefined) throw new Error(`no ${file} for ${spec.name}`);
        return [`${spec.name}-${file}`, parse(text) as { groups: unknown[] }] as const;
      }),
    ),
  );
}

describe('a real Prometheus with the rules of the example SLOs', () => {
  let exporter: Server | undefined;
  let prometheus: PrometheusServer | undefined;

  beforeAll(async () => {
    const started = Date.now();
    exporter = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      response.end(exposition((Date.now() - started) / 1000));
    });
    await new Promise<void>((resolve) => exporter!.listen(0, '127.0.0.1', resolve));
    const { port } = exporter.address() as AddressInfo;
    prometheus = await startPrometheus({
      ruleFiles: ruleFiles(),
      scrape: { checkout: [`127.0.0.1:${port}`] },
    });
  });

  afterAll(async () => {
    await prometheus?.stop();
    await new Promise((resolve) => (exporter ? exporter.close(resolve) : resolve(undefined)));
  });

  test('records the error ratio each SLI makes of the fixture’s counters, and the budget left', async () => {
    for (const spec of EXAMPLES) {
      const ratio = await waitFor(`the 5m error ratio of ${spec.name}`, async () => {
        const [sample] = await prometheus!.query(`slo:sli_error:ratio_rate5m{slo="${spec.name}"}`);
        return sample ? Number(sample.value[1]) : undefined;
      });
      expect(ratio, spec.name).toBeCloseTo(BAD[spec.name]!, 3);
      const remaining = await waitFor(`the budget remaining of ${spec.name}`, async () => {
        const [sample] = await prometheus!.query(`${META_RECORDS.budgetRemaining}{slo="${spec.name}"}`);
        return sample ? sample : undefined;
      });
      expect(remaining.metric).toMatchObject({ slo: spec.name, service: spec.service });
      // The budget is 100% − the objective; the ratio burns it that many times over.
      const budget = (100 - spec.objective) / 100;
      expect(Number(remaining.value[1]), spec.name).toBeCloseTo(1 - BAD[spec.name]! / budget, 1);
    }
  });

  test('every group of every SLO evaluates with health ok', async () => {
    const groups = await waitFor('every group evaluated', async () => {
      const all = await prometheus!.ruleGroups();
      return all.length > 0 && all.every((group) => group.rules.every((rule) => rule.health !== 'unknown'))
        ? all
        : undefined;
    });
    expect(groups.map((group) => group.name).sort()).toEqual(
      EXAMPLES.flatMap((spec) => [
        `slo-${spec.name}`,
        `slo-${spec.name}-meta.rules`,
        `slo-${spec.name}-sli.rules`,
      ]).sort(),
    );
    const unhealthy = groups.flatMap((group) =>
      group.rules
        .filter((rule) => rule.health !== 'ok')
        .map((rule) => `${group.name}/${rule.name}: ${rule.lastError}`),
    );
    expect(unhealthy).toEqual([]);
  });
});
