// Test fixture (not exported from the package): HTTP exporters with the series Grafana Alloy
// 1.18 exposes on `/metrics` (the names and labels of alerts.ts, with their sources there) and
// the kube-state-metrics series the mixin joins with, for a real Prometheus to scrape. A tiny
// cluster: four nodes should run Alloy; pods a and b answer, pod c is a target that does not
// (nothing listens on its port), node-4 has no pod at all. Counters grow with time.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort, type LabelledTarget } from '@mixstack/testing';

type Labels = Record<string, string>;

/** The sample lines of a scrape, `seconds` after the exporters started. */
type Exposition = (seconds: number) => string[];

const line = (name: string, labels: Labels, value: number): string =>
  `${name}{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}} ${value}`;

export const NAMESPACE = 'monitoring';
/** loki.write's endpoint: the `host` label is the URL's host. */
export const LOG_STORE = 'loki-gateway.monitoring.svc:80';
const WRITER = { component_id: 'loki.write.default', component_path: '/', host: LOG_STORE, tenant: '' };
/** loki.write's push-duration buckets: Prometheus' defaults (the histogram sets none). */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** The memory limit of Alloy's container, in bytes. */
export const MEMORY_LIMIT = 1e9;

interface AlloyPod {
  pod: string;
  node: string;
  /** Does a server answer on its target (else the scrape fails: `up` 0)? */
  answers: boolean;
  unhealthyComponents: number;
  configLoaded: boolean;
  residentMemory: number;
}

/**
 * The fixture, chosen so that every alert but AlloyDown has something to say: a pod close to
 * its limit, an unhealthy component, a failed config load, drops, rejected and slow pushes.
 */
export const CLUSTER = {
  nodes: ['node-1', 'node-2', 'node-3', 'node-4'],
  pods: [
    {
      pod: 'alloy-a',
      node: 'node-1',
      answers: true,
      unhealthyComponents: 1,
      configLoaded: true,
      residentMemory: 0.95 * MEMORY_LIMIT,
    },
    {
      pod: 'alloy-b',
      node: 'node-2',
      answers: true,
      unhealthyComponents: 0,
      configLoaded: false,
      residentMemory: 0.3 * MEMORY_LIMIT,
    },
    {
      pod: 'alloy-c',
      node: 'node-3',
      answers: false,
      unhealthyComponents: 0,
      configLoaded: true,
      residentMemory: 0,
    },
  ] satisfies AlloyPod[],
};

/** One Alloy process: build info, controller, config, loki.write and resources. */
function alloy(pod: AlloyPod): Exposition {
  return (seconds) => {
    const controller = { controller_id: '', controller_path: '/' };
    const out = [
      line(
        'alloy_build_info',
        {
          branch: 'HEAD',
          goarch: 'amd64',
          goos: 'linux',
          goversion: 'go1.25.4',
          revision: '0000000',
          tags: 'netgo,builtinassets,promtail_journal_enabled',
          version: 'v1.18.0',
        },
        1,
      ),
      line(
        'alloy_component_controller_running_components',
        { ...controller, health_type: 'healthy' },
        12 - pod.unhealthyComponents,
      ),
      line(
        'alloy_component_controller_running_components',
        { ...controller, health_type: 'unhealthy' },
        pod.unhealthyComponents,
      ),
      line('alloy_config_last_load_successful', {}, pod.configLoaded ? 1 : 0),
      line('alloy_config_load_failures_total', {}, pod.configLoaded ? 0 : 1),
      line('alloy_resources_process_cpu_seconds_total', {}, seconds * 0.05),
      line('alloy_resources_process_resident_memory_bytes', {}, pod.residentMemory),
      line('loki_write_sent_entries_total', WRITER, Math.floor(seconds * 100)),
    ];
    // Every reason is exported from the start (at 0); rate-limited batches are dropped.
    for (const reason of ['ingester_error', 'rate_limited', 'stream_limited', 'line_too_long'])
      out.push(
        line(
          'loki_write_dropped_entries_total',
          { ...WRITER, reason },
          reason === 'rate_limited' ? Math.floor(seconds * 2) : 0,
        ),
      );
    // Pushes: 4 a second accepted (204), 1 a second throttled (429), all taking 5 to 10 s.
    for (const [status, perSecond] of [
      ['204', 4],
      ['429', 1],
    ] as const) {
      const labels = { ...WRITER, status_code: status };
      const count = Math.floor(seconds * perSecond);
      for (const le of BUCKETS)
        out.push(
          line(
            'loki_write_request_duration_seconds_bucket',
            { ...labels, le: String(le) },
            le >= 10 ? count : 0,
          ),
        );
      out.push(line('loki_write_request_duration_seconds_bucket', { ...labels, le: '+Inf' }, count));
      out.push(line('loki_write_request_duration_seconds_count', labels, count));
      out.push(line('loki_write_request_duration_seconds_sum', labels, count * 7));
    }
    return out;
  };
}

/** kube-state-metrics: the DaemonSet, the pods' nodes and their memory limits. */
const kubeStateMetrics: Exposition = () => [
  line(
    'kube_daemonset_status_desired_number_scheduled',
    { namespace: NAMESPACE, daemonset: 'alloy' },
    CLUSTER.nodes.length,
  ),
  ...CLUSTER.pods.flatMap((p) => [
    line(
      'kube_pod_info',
      {
        namespace: NAMESPACE,
        pod: p.pod,
        node: p.node,
        created_by_kind: 'DaemonSet',
        created_by_name: 'alloy',
        host_network: 'false',
        uid: p.pod,
      },
      1,
    ),
    line(
      'kube_pod_container_resource_limits',
      {
        namespace: NAMESPACE,
        pod: p.pod,
        container: 'alloy',
        node: p.node,
        resource: 'memory',
        unit: 'byte',
      },
      MEMORY_LIMIT,
    ),
  ]),
];

export interface FixtureExporters {
  /** Scrape jobs: job → targets with their labels. */
  readonly jobs: Record<string, LabelledTarget[]>;
  stop(): Promise<void>;
}

/** Starts the exporters on free loopback ports. Always `stop()` them (in afterAll). */
export async function startFixtureExporters(): Promise<FixtureExporters> {
  const started = Date.now();
  const servers: Server[] = [];
  const stop = () =>
    Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())))).then(
      () => undefined,
    );
  const serve = async (exposition: Exposition): Promise<string> => {
    const server = createServer((_, response) => {
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      response.end(`${exposition((Date.now() - started) / 1000).join('\n')}\n`);
    });
    servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return `127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  try {
    const alloyTargets: LabelledTarget[] = [];
    for (const pod of CLUSTER.pods) {
      // A pod that does not answer: a port nothing listens on.
      const address = pod.answers ? await serve(alloy(pod)) : `127.0.0.1:${await freePort()}`;
      // The ServiceMonitor's target labels; the component's scrape target sets `instance` to the node.
      alloyTargets.push({
        address,
        labels: { namespace: NAMESPACE, pod: pod.pod, container: 'alloy', instance: pod.node },
      });
    }
    const ksm = await serve(kubeStateMetrics);
    return { jobs: { alloy: alloyTargets, 'kube-state-metrics': [{ address: ksm, labels: {} }] }, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
