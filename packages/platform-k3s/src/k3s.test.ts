import {
  addMixin,
  createStack,
  dashboardExpressions,
  definePart,
  type Mixin,
  type Part,
  render,
  selectsJobs,
  validateStack,
  withoutJobs,
} from '@mixstack/core';
import { grafana, prometheus } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { defaultK3sOptions } from './config.js';
import { ETCD_FAMILIES } from './control-plane.js';
import { k3s } from './index.js';
import { K3S_MIXIN, k3sMixin } from './k3s-mixin.js';
import { defaultParts } from './scenarios.test-helpers.js';
import { NOT_APISERVER, NOT_KUBELET, SHARED_FAMILIES, type Shaping, shapings } from './scraping.js';
import { upstreamLike } from './test-helpers.js';

const CONTROL_PLANE = ['kube-scheduler', 'kube-controller-manager'];
const servers = ['192.168.1.10'];

/** Every rule and dashboard query of the rendered mixins that selects one of `jobs`. */
function selecting(result: ReturnType<typeof render>, jobs: readonly string[]): string[] {
  const { pruned } = withoutJobs(result.sections.mixins, jobs);
  return [
    ...pruned.alerts,
    ...pruned.records,
    ...pruned.dashboards,
    ...(pruned.panels > 0 ? ['panels'] : []),
  ];
}

describe('k3s(): the control plane of one process', () => {
  test('nothing exposed: no kube-scheduler or kube-controller-manager monitor, and nothing in any mixin selects them', () => {
    const result = render(createStack({}, [prometheus(), grafana(), upstreamLike(), k3s()]));
    expect(result.values.common).toMatchObject({ platform: 'k3s', managedControlPlane: true });
    const files = [...result.files.keys()];
    expect(files.filter((f) => /KubeScheduler|KubeControllerManager/.test(f))).toEqual([]);
    expect(selecting(result, CONTROL_PLANE)).toEqual([]);
    // The other package's mixin lost its alerts on those jobs, and kept the one on the API server.
    const upstream = result.sections.mixins['upstream-like']!;
    expect(upstream.prometheusAlerts!.groups.flatMap((g) => g.rules.map((r) => r.alert))).toEqual([
      'UpstreamApiserverDown',
    ]);
    expect(Object.keys(upstream.grafanaDashboards!)).toEqual(['control-plane.json']);
    expect(result.summary.notices.find((n) => n.id === 'k3s-unscraped-jobs')?.message).toMatch(
      /left out of the mixins 2 alerts, 0 recording rules, 1 dashboard and 0 dashboard panels; 1 query kept/,
    );
    // The apiserver and kubelet monitors stay: the kubelet is the one endpoint per node.
    expect(files).toEqual(
      expect.arrayContaining([
        'kubernetesControlPlane-serviceMonitorKubelet.yaml',
        'kubernetesControlPlane-serviceMonitorApiserver.yaml',
      ]),
    );
  });

  test('the scheduler exposed: a Service and Endpoints on the servers, its monitor keeps its own families, and only the controller manager is pruned', () => {
    const result = render(
      createStack({}, [
        prometheus(),
        upstreamLike(),
        k3s({ controlPlane: { scheduler: true, servers: ['192.168.1.11', '192.168.1.10'] } }),
      ]),
    );
    expect(result.values.common.managedControlPlane).toBe(false);
    const service = parse(result.files.get('k3s-kubeSchedulerService.yaml')!);
    expect(service.metadata).toMatchObject({ name: 'k3s-kube-scheduler', namespace: 'kube-system' });
    expect(service.spec).toEqual({
      clusterIP: 'None',
      ports: [{ name: 'https-metrics', port: 10259, protocol: 'TCP', targetPort: 10259 }],
    });
    const endpoints = parse(result.files.get('k3s-kubeSchedulerEndpoints.yaml')!);
    expect(endpoints.subsets).toEqual([
      {
        addresses: [{ ip: '192.168.1.10' }, { ip: '192.168.1.11' }],
        ports: [{ name: 'https-metrics', port: 10259, protocol: 'TCP' }],
      },
    ]);
    // The monitor that selects the Service (component-prometheus's) scrapes scheduler_* and the shared families only.
    const monitor = parse(result.files.get('kubernetesControlPlane-serviceMonitorKubeScheduler.yaml')!);
    expect(monitor.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'kube-scheduler' });
    for (const endpoint of monitor.spec.endpoints)
      expect(endpoint.metricRelabelings.at(-1)).toEqual({
        action: 'keep',
        regex: 'scheduler_.+|(workqueue|rest_client|process|go)_.+',
        sourceLabels: ['__name__'],
      });
    expect(result.files.has('k3s-kubeControllerManagerService.yaml')).toBe(false);
    // The kubelet's monitor, which selects no Service of this package, is left as it is.
    expect(result.files.get('kubernetesControlPlane-serviceMonitorKubelet.yaml')).not.toContain(
      'action: keep',
    );
    expect(selecting(result, ['kube-controller-manager'])).toEqual([]);
    const alerts = result.sections.mixins['upstream-like']!.prometheusAlerts!.groups.flatMap((g) =>
      g.rules.map((r) => r.alert),
    );
    expect(alerts).toEqual(['UpstreamSchedulerDown', 'UpstreamApiserverDown']);
    // component-prometheus's own scheduler alerts are there again.
    expect(
      Object.values(result.sections.mixins).some((m) =>
        (m.prometheusAlerts?.groups ?? []).some((g) =>
          g.rules.some((r) => selectsJobs(r.expr, ['kube-scheduler'])),
        ),
      ),
    ).toBe(true);
    expect(
      validateStack(createStack({}, [prometheus(), k3s({ controlPlane: { scheduler: true, servers } })])),
    ).toEqual([]);
  });

  test('CoreDNS is scraped as k3s ships it: the kube-dns Service in kube-system, port "metrics" (9153)', () => {
    const result = render(createStack({}, [prometheus(), k3s()]));
    const monitor = parse(result.files.get('kubernetesControlPlane-serviceMonitorCoreDNS.yaml')!);
    expect(monitor.spec.namespaceSelector).toEqual({ matchNames: ['kube-system'] });
    expect(monitor.spec.selector.matchLabels).toEqual({ 'k8s-app': 'kube-dns' });
    expect(monitor.spec.endpoints.map((e: { port: string }) => e.port)).toEqual(['metrics']);
    expect(result.values.common.clusterDns).toBe('coredns');
  });

  test("node-exporter leaves out k3s's container and pod mounts", () => {
    const result = render(createStack({}, [prometheus(), k3s()]));
    const args: string[] = parse(
      result.files.get('nodeExporter-daemonSet.yaml')!,
    ).spec.template.spec.containers.find((c: { name: string }) => c.name === 'node-exporter').args;
    const exclude = new RegExp(
      args.find((a) => a.startsWith('--collector.filesystem.mount-points-exclude='))!.split('=')[1]!,
    );
    for (const mount of [
      '/run/k3s/containerd/io.containerd.runtime.v2.task/k8s.io/0123abcd/rootfs',
      '/var/lib/kubelet/pods/0c1f/volumes/kubernetes.io~projected/kube-api-access-x',
    ])
      expect(exclude.test(mount), mount).toBe(true);
    expect(exclude.test('/var/lib/rancher/k3s/storage')).toBe(false);
  });
});

/** The metric names the mixins read with a `job="<job>"` matcher, in rules and dashboard queries. */
function metricsReadWith(mixins: Readonly<Record<string, Mixin>>, job: string): string[] {
  const exprs = Object.values(mixins).flatMap((m) => [
    ...(m.prometheusAlerts?.groups ?? []).flatMap((g) => g.rules.map((r) => r.expr)),
    ...(m.prometheusRules?.groups ?? []).flatMap((g) => g.rules.map((r) => r.expr)),
    ...Object.values(m.grafanaDashboards ?? {}).flatMap((d) =>
      dashboardExpressions(d).map((e) => e.expression),
    ),
  ]);
  const names = new Set<string>();
  for (const expr of exprs)
    for (const [, name, matchers] of expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{([^}]*)\}/g))
      if (new RegExp(`\\bjob\\s*=\\s*"${job}"`).test(matchers!)) names.add(name!);
  return [...names].sort();
}

describe('k3s(): one endpoint per node', () => {
  const result = render(
    createStack({}, [
      prometheus(),
      grafana(),
      k3s({ controlPlane: { scheduler: true, controllerManager: true, servers } }),
    ]),
  );
  const monitor = (file: string) =>
    parse(result.files.get(`kubernetesControlPlane-serviceMonitor${file}.yaml`)!);

  test("the kubelet's /metrics leaves the API server's families to the apiserver job; cAdvisor and probes are untouched", () => {
    const [metrics, cadvisor, probes] = monitor('Kubelet').spec.endpoints;
    expect(metrics.metricRelabelings.at(-1)).toEqual({
      action: 'drop',
      regex: NOT_KUBELET,
      sourceLabels: ['__name__'],
    });
    for (const endpoint of [cadvisor, probes]) expect(JSON.stringify(endpoint)).not.toContain(NOT_KUBELET);
    expect(monitor('Apiserver').spec.endpoints[0].metricRelabelings.at(-1)).toEqual({
      action: 'drop',
      regex: NOT_APISERVER,
      sourceLabels: ['__name__'],
    });
  });

  test.each([
    ['kubelet', NOT_KUBELET, false],
    ['apiserver', NOT_APISERVER, false],
    ['kube-scheduler', `scheduler_.+|${SHARED_FAMILIES}`, true],
    ['kube-controller-manager', `(node_collector|leader_election)_.+|${SHARED_FAMILIES}`, true],
  ])('every metric the mixins read with job="%s" is still scraped', (job, regex, keep) => {
    const read = metricsReadWith(result.sections.mixins, job).filter((name) => name !== 'up');
    expect(read.length).toBeGreaterThan(0);
    const family = new RegExp(`^(?:${regex})$`);
    // A recorded series (a:b:c) or a histogram's _bucket/_sum/_count: the scraped family is the name itself.
    expect(read.filter((name) => !name.includes(':') && family.test(name) !== keep)).toEqual([]);
  });
});

const agents = ['192.168.1.20', '192.168.1.21'];
const everything = {
  controllerManager: true,
  scheduler: true,
  kubeProxy: true,
  etcd: true,
  supervisorMetrics: true,
  servers: ['192.168.1.11', '192.168.1.10'],
  agents,
};

/** A mixin of another package with alerts and a dashboard on kube-proxy and etcd, as upstream's mixins have them. */
function proxyAndEtcdMixin(): Part {
  const mixin: Mixin = {
    title: 'Proxy and etcd',
    prometheusAlerts: {
      groups: [
        {
          name: 'other-control-plane',
          rules: [
            { alert: 'OtherKubeProxyDown', expr: 'absent(up{job="kube-proxy"} == 1)', for: '15m' },
            { alert: 'OtherEtcdNoLeader', expr: 'etcd_server_has_leader{job="etcd"} == 0', for: '1m' },
            { alert: 'OtherKubeletDown', expr: 'absent(up{job="kubelet"} == 1)', for: '15m' },
          ],
        },
      ],
    },
  };
  return definePart('proxy-and-etcd', (stack) => addMixin(stack, 'test', 'proxy-and-etcd', mixin));
}

describe('k3s(): kube-proxy, embedded etcd and the supervisor metrics', () => {
  const exposedResult = render(createStack({}, [prometheus(), grafana(), k3s({ controlPlane: everything })]));
  const file = (name: string) => parse(exposedResult.files.get(name)!);

  test.each([
    [
      'kubeProxy',
      'k3s-kube-proxy',
      'kube-proxy',
      10249,
      'http',
      [...everything.servers, ...agents],
      'k3sKubeProxy',
    ],
    ['etcd', 'k3s-etcd', 'etcd', 2381, 'http', everything.servers, 'k3sEtcd'],
    [
      'supervisor',
      'k3s-supervisor',
      'k3s-supervisor',
      6443,
      'https',
      [...everything.servers, ...agents],
      'k3sSupervisor',
    ],
  ] as const)(
    '%s: a Service and Endpoints on its nodes in kube-system, and a monitor of its own',
    (key, name, job, port, scheme, nodes, monitorFile) => {
      const service = file(`k3s-${key}Service.yaml`);
      expect(service.metadata).toEqual({
        name,
        namespace: 'kube-system',
        labels: { 'app.kubernetes.io/name': job, 'app.kubernetes.io/part-of': 'mixstack' },
      });
      expect(service.spec).toEqual({
        clusterIP: 'None',
        ports: [{ name: `${scheme}-metrics`, port, protocol: 'TCP', targetPort: port }],
      });
      const endpoints = file(`k3s-${key}Endpoints.yaml`);
      expect(endpoints.subsets[0].addresses.map((a: { ip: string }) => a.ip)).toEqual([...nodes].sort());
      const monitor = file(`prometheusScrapeTargets-${monitorFile}.yaml`);
      expect(monitor.spec).toMatchObject({
        namespaceSelector: { matchNames: ['kube-system'] },
        jobLabel: 'app.kubernetes.io/name',
      });
      expect(monitor.spec.endpoints).toHaveLength(1);
      expect(monitor.spec.endpoints[0]).toMatchObject({
        port: `${scheme}-metrics`,
        scheme,
        path: '/metrics',
      });
      expect(monitor.spec.endpoints[0].metricRelabelings).toHaveLength(1);
      if (scheme === 'https') expect(monitor.spec.endpoints[0].bearerTokenFile).toBeDefined();
    },
  );

  test('kube-proxy and the supervisor without agents: the servers only, and the build summary says so', () => {
    const result = render(
      createStack({}, [
        prometheus(),
        k3s({ controlPlane: { kubeProxy: true, supervisorMetrics: true, servers } }),
      ]),
    );
    expect(parse(result.files.get('k3s-kubeProxyEndpoints.yaml')!).subsets[0].addresses).toEqual([
      { ip: '192.168.1.10' },
    ]);
    expect(result.summary.notices.find((n) => n.id === 'k3s-control-plane')?.message).toMatch(
      /No agents are listed: kube-proxy and k3s-supervisor on the agents is not scraped/,
    );
  });

  test('only kube-proxy exposed: the control plane stays managed for the components (no scheduler or controller-manager monitor)', () => {
    const result = render(
      createStack({}, [prometheus(), k3s({ controlPlane: { kubeProxy: true, servers } })]),
    );
    expect(result.values.common.managedControlPlane).toBe(true);
    const files = [...result.files.keys()];
    expect(
      files.filter((f) => /KubeScheduler|KubeControllerManager|k3s-etcd|k3s-supervisor/.test(f)),
    ).toEqual([]);
    expect(files).toEqual(
      expect.arrayContaining(['k3s-kubeProxyService.yaml', 'prometheusScrapeTargets-k3sKubeProxy.yaml']),
    );
  });

  test('not exposed: nothing in any mixin selects kube-proxy or etcd, and the k3s mixin is absent', () => {
    const result = render(createStack({}, [prometheus(), grafana(), proxyAndEtcdMixin(), k3s()]));
    expect(selecting(result, ['kube-proxy', 'etcd', 'k3s-supervisor'])).toEqual([]);
    const alerts = result.sections.mixins['proxy-and-etcd']!.prometheusAlerts!.groups.flatMap((g) =>
      g.rules.map((r) => r.alert),
    );
    expect(alerts).toEqual(['OtherKubeletDown']);
    expect(result.sections.mixins[K3S_MIXIN]).toBeUndefined();
    expect(Object.keys(result.sections.scrapeTargets).filter((id) => id.startsWith('k3s-'))).toEqual([]);
  });

  test('exposed: the other mixin keeps its alerts on them', () => {
    const result = render(
      createStack({}, [prometheus(), proxyAndEtcdMixin(), k3s({ controlPlane: everything })]),
    );
    const alerts = result.sections.mixins['proxy-and-etcd']!.prometheusAlerts!.groups.flatMap((g) =>
      g.rules.map((r) => r.alert),
    );
    expect(alerts).toEqual(['OtherKubeProxyDown', 'OtherEtcdNoLeader', 'OtherKubeletDown']);
    expect(validateStack(createStack({}, [prometheus(), k3s({ controlPlane: everything })]))).toEqual([]);
  });
});

/** Whether the metric relabeling of a shaping keeps a family. */
function keeps(shaping: Shaping, family: string): boolean {
  const { action, regex } = shaping.relabeling as { action: 'keep' | 'drop'; regex: string };
  return new RegExp(`^(?:${regex})$`).test(family) === (action === 'keep');
}

describe('k3s(): every family in one job', () => {
  const options = { ...defaultK3sOptions().controlPlane, ...everything };
  const jobsKeeping = (family: string) =>
    shapings(options)
      .filter((shaping) => keeps(shaping, family))
      .map((shaping) => shaping.job);

  test('the families the k3s alerts read are kept by the job they select, and by no other', () => {
    const mixin = { [K3S_MIXIN]: k3sMixin(options)! };
    const read = ['kube-proxy', 'etcd', 'k3s-supervisor'].flatMap((job) =>
      metricsReadWith(mixin, job)
        .filter((name) => name !== 'up')
        .map((name) => [name, job] as const),
    );
    expect(read.map(([name]) => name)).toEqual([
      'etcd_server_has_leader',
      'etcd_server_leader_changes_seen_total',
      'k3s_certificate_expiration_seconds',
    ]);
    for (const [name, job] of read) expect(jobsKeeping(name), name).toEqual([job]);
  });

  test.each([
    ['kubeproxy_sync_proxy_rules_duration_seconds_bucket', 'kube-proxy'],
    ['etcd_disk_wal_fsync_duration_seconds_bucket', 'etcd'],
    ['etcd_network_peer_round_trip_time_seconds_bucket', 'etcd'],
    ['etcd_mvcc_db_total_size_in_bytes', 'etcd'],
    ['etcd_request_duration_seconds_bucket', 'apiserver'],
    ['etcd_bookmark_counts', 'apiserver'],
    ['k3s_loadbalancer_server_health', 'k3s-supervisor'],
    ['apiserver_request_total', 'apiserver'],
    ['kubelet_running_pods', 'kubelet'],
    ['scheduler_pending_pods', 'kube-scheduler'],
    ['node_collector_evictions_total', 'kube-controller-manager'],
  ])('%s is scraped by %s only', (family, job) => {
    expect(jobsKeeping(family)).toEqual([job]);
  });

  test("the new jobs keep no process-wide family: the kubelet's are the same process's", () => {
    for (const family of ['process_resident_memory_bytes', 'go_goroutines', 'rest_client_requests_total'])
      expect(
        jobsKeeping(family).filter((job) => ['kube-proxy', 'etcd', 'k3s-supervisor'].includes(job)),
      ).toEqual([]);
    expect(new RegExp(`^(?:${ETCD_FAMILIES})$`).test('etcd_request_duration_seconds_bucket')).toBe(false);
  });
});

describe('k3s(): storage', () => {
  test('claims use local-path unless the user names another class, and the build summary warns', () => {
    const result = render(createStack({}, [prometheus(), k3s()]));
    expect(result.files.get('prometheus-prometheus.yaml')).toContain('storageClassName: local-path');
    expect(result.summary.notices.find((n) => n.id === 'k3s-storage')).toMatchObject({ level: 'warning' });
    const own = render(createStack({ storageClass: 'longhorn' }, [prometheus(), k3s()]));
    expect(own.files.get('prometheus-prometheus.yaml')).toContain('storageClassName: longhorn');
    expect(own.summary.notices.find((n) => n.id === 'k3s-storage')).toBeUndefined();
    const option = render(createStack({}, [prometheus(), k3s({ storageClass: 'longhorn' })]));
    expect(option.values.common.storageClass).toBe('longhorn');
  });
});

describe('k3s() with every other part: the order of the parts does not matter', () => {
  const options = {
    profile: 'edge' as const,
    controlPlane: { controllerManager: true, scheduler: true, servers },
    grafana: { host: 'grafana.home.example', tlsSecret: 'grafana-tls' },
  };
  const rotations = (parts: Part[]) => parts.map((_, i) => [...parts.slice(i), ...parts.slice(0, i)]);

  test('k3s in every position of the default stack, and the whole list reversed', () => {
    const parts = [...defaultParts(), upstreamLike(), k3s(options)];
    const expected = render(createStack({}, parts)).files;
    for (const order of [...rotations(parts), [...parts].reverse()])
      expect(render(createStack({}, order)).files).toEqual(expected);
    expect(validateStack(createStack({}, parts))).toEqual([]);
  });
});
