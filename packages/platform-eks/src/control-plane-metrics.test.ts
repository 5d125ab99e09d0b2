import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStack, type RenderResult, render, type ScrapeEndpoint } from '@mixstack/core';
import { freePort, type StartedProcess, startProcess, waitFor } from '@mixstack/testing';
import { grafana, prometheus } from 'mixstack';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { API_SERVER_ADDRESS, controlPlaneScrapeTarget, eksMetricsPath } from './control-plane-metrics.js';
import { eks } from './index.js';
import { upstreamLike } from './test-helpers.js';

const objectsOf = (result: RenderResult, kind: string) =>
  result.objects
    .filter((o) => o.object.kind === kind)
    .map((o) => o as typeof o & { object: { spec: Record<string, unknown> } });
const alertNames = (result: RenderResult) =>
  result.objects
    .filter((o) => o.object.kind === 'PrometheusRule')
    .flatMap((o) =>
      (
        (o.object as unknown as { spec: { groups: { rules: { alert?: string }[] }[] } }).spec.groups ?? []
      ).flatMap((g) => g.rules.map((r) => r.alert).filter(Boolean)),
    );
const dashboardTitles = (result: RenderResult) =>
  Object.values(result.sections.mixins).flatMap((m) =>
    Object.values(m.grafanaDashboards ?? {}).map((d) => d.title),
  );

describe('eks({ controlPlaneMetrics: true }): the managed scheduler and controller manager through the API server', () => {
  const off = render(createStack({}, [prometheus(), grafana(), upstreamLike(), eks()]));
  const on = render(
    createStack({}, [prometheus(), grafana(), upstreamLike(), eks({ controlPlaneMetrics: true })]),
  );

  test('a monitor per component on the kubernetes Service, on its EKS metrics path, with job relabelled', () => {
    const monitors = objectsOf(on, 'ServiceMonitor').filter((o) =>
      JSON.stringify(o.object).includes('metrics.eks.amazonaws.com'),
    );
    expect(monitors.map((m) => (m.object.spec.endpoints as ScrapeEndpoint[])[0]!.path).sort()).toEqual([
      '/apis/metrics.eks.amazonaws.com/v1/kcm/container/metrics',
      '/apis/metrics.eks.amazonaws.com/v1/ksh/container/metrics',
    ]);
    for (const monitor of monitors)
      expect(monitor.object.spec).toMatchObject({
        namespaceSelector: { matchNames: ['default'] },
        selector: { matchLabels: { component: 'apiserver', provider: 'kubernetes' } },
      });
    expect(
      objectsOf(off, 'ServiceMonitor').filter((o) => JSON.stringify(o.object).includes('metrics.eks')),
    ).toEqual([]);
  });

  test("Prometheus's ClusterRole may get exactly those two metrics resources, read only", () => {
    const rulesOf = (result: RenderResult) =>
      objectsOf(result, 'ClusterRole')
        .filter((o) => o.component === 'prometheus')
        .flatMap((o) => (o.object as unknown as { rules: { apiGroups?: string[] }[] }).rules)
        .filter((r) => r.apiGroups?.includes('metrics.eks.amazonaws.com'));
    expect(rulesOf(off)).toEqual([]);
    const granted = rulesOf(on);
    expect(granted.flatMap((r) => (r as { resources: string[] }).resources).sort()).toEqual([
      'kcm/metrics',
      'ksh/metrics',
    ]);
    expect(new Set(granted.flatMap((r) => (r as { verbs: string[] }).verbs))).toEqual(new Set(['get']));
  });

  test("the component still renders no monitor of its own for them (their pods are AWS's)", () => {
    const keys = on.objects.filter((o) => o.component === 'kubernetesControlPlane').map((o) => o.key);
    expect(keys).not.toContain('serviceMonitorKubeScheduler');
    expect(keys).not.toContain('serviceMonitorKubeControllerManager');
  });

  test('their alerts, recording rules and dashboards come back; etcd stays out', () => {
    for (const alert of ['KubeSchedulerDown', 'KubeControllerManagerDown']) {
      expect(alertNames(off)).not.toContain(alert);
      expect(alertNames(on)).toContain(alert);
    }
    const schedulerRecords = (result: RenderResult) =>
      JSON.stringify(result.sections.mixins).match(
        /cluster_quantile:scheduler_[a-z_]+:histogram_quantile/g,
      ) ?? [];
    expect(schedulerRecords(off)).toEqual([]);
    expect(schedulerRecords(on).length).toBeGreaterThan(0);
    expect(
      dashboardTitles(on)
        .filter((t) => /Scheduler|Controller Manager/.test(t))
        .sort(),
    ).toEqual(['Kubernetes / Controller Manager', 'Kubernetes / Scheduler', 'Upstream / Scheduler']);
    expect(dashboardTitles(off).filter((t) => /Scheduler|Controller Manager/.test(t))).toEqual([]);
    // The upstream-like mixin's etcd content is still pruned: EKS's etcd stays out of reach.
    expect(JSON.stringify(on.sections.mixins)).not.toMatch(/job=\\?"etcd/);
    expect(alertNames(on)).not.toContain('UpstreamEtcdDown');
    expect(alertNames(on)).toContain('UpstreamSchedulerDown');
  });

  test('the summary says what is scraped and from which EKS versions', () => {
    const text = (result: RenderResult) => result.sections.notices['eks-platform']!.message;
    expect(text(on)).toContain('kube-scheduler and kube-controller-manager are scraped through');
    expect(text(on)).toContain('1.28 eks.27');
    expect(text(off)).toContain('eks({ controlPlaneMetrics: true })');
  });
});

/** A ServiceMonitor's relabelings as Prometheus's configuration spells them. */
function prometheusRelabelings(endpoint: ScrapeEndpoint, address: string): Record<string, unknown>[] {
  return (endpoint.relabelings ?? []).map((rule) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(rule))
      out[key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] =
        key === 'replacement' && value === API_SERVER_ADDRESS ? address : value;
    return out;
  });
}

describe('the relabelled targets with a real Prometheus', () => {
  // What Prometheus would discover from the kubernetes Service: one target per API server
  // endpoint (EKS runs at least two), each labelled as the operator's endpoints discovery does.
  const apiServerEndpoints = ['127.0.0.2:1', '127.0.0.3:1', '127.0.0.4:1'];
  let fixture: Server;
  let prometheusProcess: StartedProcess;
  let url: string;
  let dir: string;
  const requests: string[] = [];

  beforeAll(async () => {
    fixture = createServer((request, response) => {
      requests.push(request.url ?? '');
      if (request.url === eksMetricsPath('kube-scheduler')) {
        response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        response.end('# TYPE scheduler_pending_pods gauge\nscheduler_pending_pods{queue="active"} 0\n');
      } else {
        response.writeHead(404);
        response.end();
      }
    });
    await new Promise<void>((resolve) => fixture.listen(0, '127.0.0.1', resolve));
    const fixtureAddress = `127.0.0.1:${(fixture.address() as { port: number }).port}`;
    const endpoint = controlPlaneScrapeTarget('kube-scheduler').endpoints[0]!;
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    dir = mkdtempSync(join(tmpdir(), 'mixstack-eks-'));
    writeFileSync(
      join(dir, 'prometheus.yml'),
      stringify({
        global: { scrape_interval: '1s' },
        scrape_configs: [
          {
            // The operator names the job after the monitor, then the endpoint's relabelings apply.
            job_name: 'serviceMonitor/monitoring/eks-kube-scheduler/0',
            // The fixture speaks plain HTTP; what is under test is the relabelling, not TLS.
            scheme: 'http',
            metrics_path: endpoint.path,
            static_configs: apiServerEndpoints.map((address) => ({
              targets: [address],
              labels: { job: 'kubernetes', namespace: 'default', service: 'kubernetes', endpoint: 'https' },
            })),
            relabel_configs: prometheusRelabelings(endpoint, fixtureAddress),
          },
        ],
      }),
    );
    prometheusProcess = startProcess('prometheus', [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ]);
    await waitFor('Prometheus', async () => ((await fetch(`${url}/-/ready`)).ok ? true : undefined));
  }, 60_000);

  afterAll(async () => {
    await prometheusProcess?.stop();
    await new Promise((resolve) => fixture?.close(resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('three API server endpoints make one scheduler target: up{job="kube-scheduler"} is one series, up', async () => {
    const up = await waitFor(
      'a scrape of the scheduler',
      async () => {
        const response = await fetch(
          `${url}/api/v1/query?query=${encodeURIComponent('up{job="kube-scheduler"}')}`,
        );
        const body = (await response.json()) as { data: { result: { value: [number, string] }[] } };
        return body.data.result.length > 0 ? body.data.result : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(up.map((r) => r.value[1])).toEqual(['1']);
    const targets = (await (await fetch(`${url}/api/v1/targets?state=active`)).json()) as {
      data: { activeTargets: { labels: Record<string, string> }[] };
    };
    expect(targets.data.activeTargets.map((t) => t.labels.job)).toEqual(['kube-scheduler']);
    expect(new Set(requests)).toEqual(new Set([eksMetricsPath('kube-scheduler')]));
  });
});
