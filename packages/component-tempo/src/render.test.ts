import {
  addDatasource,
  adjustResources,
  createStack,
  DATASOURCE_UIDS,
  lokiDatasource,
  type Part,
  render,
  setComponentEnabled,
  validateStack,
} from '@mixstack/core';
import { connectionVerdict, kustomize, networkModel, type PodEndpoint, podOf } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { tempo } from './index.js';
import {
  COLLECTOR_POD_LABELS,
  collector,
  logsDatasource,
  METRICS_POD_LABELS,
  metricsStore,
  objectStoragePlatform,
  profilesDatasource,
  scraperAndGrafana,
} from './test-helpers.js';

const platform = { source: 'test', layer: 'platform' } as const;
const gcs = (): Part[] => [
  tempo({ objectStorage: { bucket: 'acme-tempo' } }),
  objectStoragePlatform('gke', 'gcs'),
];
const renderFiles = (parts: Part[], namespace = 'monitoring') =>
  render(createStack({ namespace }, parts)).files;
const rendered = (parts: Part[], file: string) => parse(renderFiles(parts).get(file) ?? 'null');

describe('the rendered component', () => {
  test.each<[string, () => Part[]]>([
    ['the defaults', () => [tempo()]],
    ['GCS from the platform', gcs],
    [
      'S3 with a region',
      () => [tempo({ objectStorage: { type: 's3', bucket: 'acme-tempo', region: 'eu-west-1' } })],
    ],
    [
      'a metrics store, a collector, the logs datasource, OTLP from every namespace',
      () => [
        tempo({ networkPolicy: { otlpFromEveryNamespace: true } }),
        metricsStore(),
        collector(),
        logsDatasource,
        scraperAndGrafana,
      ],
    ],
  ])('passes every safety check of core: %s', (_case, parts) => {
    expect(validateStack(createStack({ namespace: 'monitoring' }, parts()))).toEqual([]);
  });

  test('kubectl kustomize accepts the output', () => {
    const { status, stderr } = kustomize(renderFiles([...gcs(), metricsStore(), collector()]));
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });

  test("a StatefulSet of one pod with a retained claim at /var/tempo, as Tempo's user, read-only root", () => {
    const set = rendered(
      [tempo({ storage: { size: '20Gi', storageClass: 'fast' } })],
      'tempo-statefulSet.yaml',
    );
    expect(set.spec.replicas).toBe(1);
    expect(set.spec.serviceName).toBe('tempo');
    expect(set.spec.persistentVolumeClaimRetentionPolicy).toEqual({
      whenDeleted: 'Retain',
      whenScaled: 'Retain',
    });
    expect(set.spec.volumeClaimTemplates[0].spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '20Gi' } },
      storageClassName: 'fast',
    });
    const pod = set.spec.template.spec;
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      fsGroup: 10001,
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe('tempo');
    expect(pod.topologySpreadConstraints).toBeUndefined();
    const [container] = pod.containers;
    expect(container.image).toBe('docker.io/grafana/tempo:3.0.2');
    expect(container.args).toEqual(['-config.file=/etc/tempo/tempo.yaml', '-target=all']);
    expect(container.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
    expect(container.livenessProbe.tcpSocket).toEqual({ port: 'http' });
    expect(container.resources).toEqual({
      requests: { cpu: '100m', memory: '512Mi' },
      limits: { memory: '2Gi' },
    });
    expect(
      container.ports.map((p: { name: string; containerPort: number }) => [p.name, p.containerPort]),
    ).toEqual([
      ['http', 3200],
      ['grpc', 9095],
      ['otlp-grpc', 4317],
      ['otlp-http', 4318],
    ]);
    expect(container.volumeMounts.map((m: { mountPath: string }) => m.mountPath)).toEqual([
      '/etc/tempo',
      '/var/tempo',
      '/tmp',
    ]);
  });

  test('the Service: HTTP 3200, OTLP gRPC 4317, OTLP HTTP 4318; no PodDisruptionBudget for the one pod', () => {
    const files = renderFiles([tempo()]);
    const svc = parse(files.get('tempo-service.yaml')!);
    expect(svc.spec.ports.map((p: { name: string; port: number }) => [p.name, p.port])).toEqual([
      ['http', 3200],
      ['otlp-grpc', 4317],
      ['otlp-http', 4318],
    ]);
    expect(files.has('tempo-podDisruptionBudget.yaml')).toBe(false);
  });

  test("a change of the configuration rolls the pod; the stack's metrics store is part of it", () => {
    const checksum = (parts: Part[]) =>
      rendered(parts, 'tempo-statefulSet.yaml').spec.template.metadata.annotations[
        'tempo.mixstack.dev/config-checksum'
      ];
    expect(checksum([tempo()])).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum([tempo({ retention: '14d' })])).not.toBe(checksum([tempo()]));
    expect(checksum([tempo(), metricsStore()])).not.toBe(checksum([tempo()]));
    expect(checksum([tempo(), logsDatasource])).toBe(checksum([tempo()]));
  });
});

describe('its NetworkPolicy, as Kubernetes evaluates it', () => {
  const model = (parts: Part[]) =>
    networkModel([...renderFiles(parts).values()].map((text) => parse(text) as Record<string, unknown>));
  const pod = (labels: Record<string, string>, namespace = 'monitoring'): PodEndpoint => ({
    kind: 'pod',
    namespace,
    labels,
  });
  const GRAFANA = { 'app.kubernetes.io/name': 'grafana' };
  const PROMETHEUS = { 'app.kubernetes.io/name': 'prometheus' };

  // The stand-ins render no policy of their own: what Tempo's policy decides is its side of the
  // connection, ingress or egress.
  test('the collector sends OTLP on 4317 and 4318; Grafana and the scraper reach 3200 only', () => {
    const m = model([tempo(), collector(), scraperAndGrafana]);
    const target = podOf(m, { name: 'tempo' });
    const admits = (from: PodEndpoint, port: number) =>
      connectionVerdict(m, { from, to: target, port }).ingress.allowed;
    expect(admits(pod(COLLECTOR_POD_LABELS), 4317)).toBe(true);
    expect(admits(pod(COLLECTOR_POD_LABELS), 4318)).toBe(true);
    expect(admits(pod(COLLECTOR_POD_LABELS), 3200)).toBe(false);
    expect(admits(pod(GRAFANA), 3200)).toBe(true);
    expect(admits(pod(GRAFANA), 4317)).toBe(false);
    expect(admits(pod(PROMETHEUS), 3200)).toBe(true);
    expect(admits(pod(COLLECTOR_POD_LABELS, 'other'), 4317)).toBe(false);
    expect(admits(pod({ app: 'shop' }, 'apps'), 4317)).toBe(false);
  });

  test('otlpFromEveryNamespace admits OTLP from any pod of any namespace, and nothing else', () => {
    const m = model([tempo({ networkPolicy: { otlpFromEveryNamespace: true } })]);
    const target = podOf(m, { name: 'tempo' });
    const app = pod({ app: 'shop' }, 'apps');
    m.namespaces.apps = { 'kubernetes.io/metadata.name': 'apps' };
    expect(connectionVerdict(m, { from: app, to: target, port: 4317 }).ingress.allowed).toBe(true);
    expect(connectionVerdict(m, { from: app, to: target, port: 4318 }).ingress.allowed).toBe(true);
    expect(connectionVerdict(m, { from: app, to: target, port: 3200 }).ingress.allowed).toBe(false);
    const closed = model([tempo()]);
    closed.namespaces.apps = { 'kubernetes.io/metadata.name': 'apps' };
    expect(
      connectionVerdict(closed, { from: app, to: podOf(closed, { name: 'tempo' }), port: 4317 }).ingress
        .allowed,
    ).toBe(false);
  });

  test('clients of its own options are admitted on every port; one removed with false is not', () => {
    const m = model([
      tempo({
        networkPolicy: {
          clients: {
            otel: { podLabels: { app: 'otel' }, namespaceLabels: { team: 'obs' } },
            collector: false,
          },
        },
      }),
      collector(),
    ]);
    const target = podOf(m, { name: 'tempo' });
    m.namespaces.apps = { 'kubernetes.io/metadata.name': 'apps', team: 'obs' };
    for (const port of [3200, 4317, 4318])
      expect(
        connectionVerdict(m, { from: pod({ app: 'otel' }, 'apps'), to: target, port }).ingress.allowed,
      ).toBe(true);
    expect(
      connectionVerdict(m, { from: pod(COLLECTOR_POD_LABELS), to: target, port: 4317 }).ingress.allowed,
    ).toBe(false);
  });

  test("the generator reaches the stack's metrics store on its web port, and nothing else but DNS on the volume", () => {
    const m = model([tempo(), metricsStore()]);
    const source = podOf(m, { name: 'tempo' });
    const address = (ip: string) => ({ kind: 'address' as const, ip });
    expect(
      connectionVerdict(m, { from: source, to: pod(METRICS_POD_LABELS), port: 9090 }).egress.allowed,
    ).toBe(true);
    expect(
      connectionVerdict(m, { from: source, to: pod(METRICS_POD_LABELS), port: 9091 }).egress.allowed,
    ).toBe(false);
    expect(connectionVerdict(m, { from: source, to: address('142.250.1.1'), port: 443 }).allowed).toBe(false);
    expect(
      connectionVerdict(m, { from: source, to: address('10.0.0.10'), port: 53, protocol: 'UDP' }).allowed,
    ).toBe(true);
  });

  test('the bucket on 443; on GKE the metadata server; elsewhere not', () => {
    const m = model(gcs());
    const source = podOf(m, { name: 'tempo' });
    const address = (ip: string) => ({ kind: 'address' as const, ip });
    expect(connectionVerdict(m, { from: source, to: address('142.250.1.1'), port: 443 }).allowed).toBe(true);
    expect(connectionVerdict(m, { from: source, to: address('169.254.169.254'), port: 80 }).allowed).toBe(
      true,
    );
    expect(connectionVerdict(m, { from: source, to: address('169.254.169.252'), port: 988 }).allowed).toBe(
      true,
    );
    expect(connectionVerdict(m, { from: source, to: address('142.250.1.1'), port: 80 }).allowed).toBe(false);
    const s3 = model([tempo({ objectStorage: { type: 's3', bucket: 'acme-tempo' } })]);
    const elsewhere = podOf(s3, { name: 'tempo' });
    expect(connectionVerdict(s3, { from: elsewhere, to: address('142.250.1.1'), port: 443 }).allowed).toBe(
      true,
    );
    expect(connectionVerdict(s3, { from: elsewhere, to: address('169.254.169.254'), port: 80 }).allowed).toBe(
      false,
    );
  });
});

describe('what it publishes and contributes', () => {
  test('its Services, its roles, and its bucket when it stores in one, for its own ServiceAccount', () => {
    const result = render(createStack({ namespace: 'observability' }, gcs()));
    const podLabels = {
      'app.kubernetes.io/name': 'tempo',
      'app.kubernetes.io/component': 'trace-store',
      'app.kubernetes.io/part-of': 'mixstack',
    };
    expect(result.stack.components.tempo).toMatchObject({
      services: {
        http: {
          name: 'tempo',
          namespace: 'observability',
          port: 3200,
          portName: 'http',
          healthPath: '/ready',
          podLabels,
        },
        otlpGrpc: { name: 'tempo', namespace: 'observability', port: 4317, portName: 'otlp-grpc', podLabels },
        otlpHttp: { name: 'tempo', namespace: 'observability', port: 4318, portName: 'otlp-http', podLabels },
      },
      buckets: { traces: { bucket: 'acme-tempo', serviceAccount: { name: 'tempo' }, access: 'readWrite' } },
      roles: ['datasource', 'metrics', 'ingest'],
      containers: { tempo: { requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '2Gi' } } },
    });
    expect(result.stack.components.tempo!.services.otlpGrpc).not.toHaveProperty('healthPath');
    expect(render(createStack({}, [tempo()])).stack.components.tempo!.buckets).toEqual({});
  });

  test('the scrape target of its Service, and the traces pipeline to its OTLP gRPC port', () => {
    const { sections } = render(createStack({ namespace: 'observability' }, [tempo()]));
    expect(sections.scrapeTargets.tempo).toEqual({
      namespace: 'observability',
      selector: {
        'app.kubernetes.io/name': 'tempo',
        'app.kubernetes.io/component': 'trace-store',
        'app.kubernetes.io/part-of': 'mixstack',
      },
      role: 'service',
      jobLabel: 'app.kubernetes.io/name',
      endpoints: [{ port: 'http', path: '/metrics' }],
    });
    expect(sections.collectorPipelines.traces).toMatchObject({
      signal: 'traces',
      otlpEndpoint: 'tempo.observability.svc:4317',
      destination: { name: 'tempo', namespace: 'observability', port: 4317, portName: 'otlp-grpc' },
    });
    expect(sections.mixins.tempo).toBeDefined();
  });

  test('the Tempo datasource: its fixed uid, search, the node graph, no links when it is alone', () => {
    const { datasources } = render(createStack({ namespace: 'obs' }, [tempo()])).sections;
    expect(datasources.tempo).toMatchObject({
      type: 'tempo',
      url: 'http://tempo.obs.svc:3200',
      jsonData: { nodeGraph: { enabled: true }, search: { hide: false } },
    });
    for (const link of ['tracesToLogsV2', 'tracesToMetrics', 'tracesToProfiles', 'serviceMap'])
      expect(datasources.tempo!.jsonData).not.toHaveProperty(link);
  });

  test('links to logs exactly when the logs datasource is there, to metrics and the service map exactly when the metrics one is, to profiles exactly when the profiles one is, in any order', () => {
    const jsonData = (parts: Part[]) =>
      render(createStack({}, parts)).sections.datasources.tempo!.jsonData as Record<string, unknown>;
    for (const parts of [
      [tempo(), logsDatasource],
      [logsDatasource, tempo()],
    ]) {
      const data = jsonData(parts);
      expect(data.tracesToLogsV2).toEqual({
        datasourceUid: 'loki',
        spanStartTimeShift: '-5m',
        spanEndTimeShift: '5m',
        tags: [
          { key: 'k8s.namespace.name', value: 'namespace' },
          { key: 'k8s.pod.name', value: 'pod' },
        ],
        filterByTraceID: true,
        filterBySpanID: false,
      });
      expect(data).not.toHaveProperty('tracesToMetrics');
      expect(data).not.toHaveProperty('serviceMap');
    }
    for (const parts of [
      [tempo(), metricsStore()],
      [metricsStore(), tempo()],
    ]) {
      const data = jsonData(parts);
      expect(data).not.toHaveProperty('tracesToLogsV2');
      expect(data.serviceMap).toEqual({ datasourceUid: 'prometheus' });
      const metrics = data.tracesToMetrics as {
        datasourceUid: string;
        tags: unknown;
        queries: { query: string }[];
      };
      expect(metrics.datasourceUid).toBe('prometheus');
      expect(metrics.tags).toEqual([{ key: 'service.name', value: 'service' }]);
      expect(metrics.queries.map((q) => q.query)).toEqual([
        'sum by (span_name) (rate(traces_spanmetrics_calls_total{$__tags}[5m]))',
        'sum by (span_name) (rate(traces_spanmetrics_calls_total{$__tags, status_code="STATUS_CODE_ERROR"}[5m]))',
        'histogram_quantile(0.95, sum by (le, span_name) (rate(traces_spanmetrics_latency_bucket{$__tags}[5m])))',
      ]);
    }
    for (const parts of [
      [tempo(), profilesDatasource],
      [profilesDatasource, tempo()],
    ]) {
      const data = jsonData(parts);
      expect(data.tracesToProfiles).toEqual({
        datasourceUid: 'pyroscope',
        profileTypeId: 'process_cpu:cpu:nanoseconds:cpu:nanoseconds',
        tags: [
          { key: 'k8s.namespace.name', value: 'namespace' },
          { key: 'k8s.pod.name', value: 'pod' },
        ],
      });
      for (const link of ['tracesToLogsV2', 'tracesToMetrics', 'serviceMap'])
        expect(data).not.toHaveProperty(link);
    }
    const all = jsonData([logsDatasource, profilesDatasource, metricsStore(), tempo()]);
    expect(Object.keys(all).sort()).toEqual(
      [
        'nodeGraph',
        'search',
        'serviceMap',
        'streamingEnabled',
        'tracesToLogsV2',
        'tracesToMetrics',
        'tracesToProfiles',
      ].sort(),
    );
    // A datasource under the logs uid is what decides, not a component's name.
    const otherLogs: Part = (stack) =>
      addDatasource(stack, 'test', DATASOURCE_UIDS.loki, lokiDatasource({ url: 'http://elsewhere:3100' }));
    expect(jsonData([tempo(), otherLogs]).tracesToLogsV2).toMatchObject({ datasourceUid: 'loki' });
    expect(jsonData([tempo(), metricsStore({ enabled: false })])).not.toHaveProperty('serviceMap');
    expect(
      render(createStack({}, [tempo({ enabled: false }), logsDatasource])).sections.datasources.tempo,
    ).toBeUndefined();
  });

  test('the generator is a network client of the component that takes remote writes', () => {
    const result = render(createStack({}, [tempo(), metricsStore()]));
    expect(result.stack.components.metricsStore!.networkClients['tempo-generator']).toEqual({
      namespace: 'monitoring',
      podLabels: {
        'app.kubernetes.io/name': 'tempo',
        'app.kubernetes.io/component': 'trace-store',
        'app.kubernetes.io/part-of': 'mixstack',
      },
    });
  });

  test('a notice while span metrics have nowhere to go; none with a metrics store', () => {
    const notices = (parts: Part[]) => render(createStack({}, parts)).sections.notices;
    expect(notices([tempo()])['tempo-no-remote-write']).toMatchObject({ level: 'warning' });
    expect(notices([tempo()])['tempo-no-remote-write']!.message).toContain('nowhere to go');
    expect(notices([tempo(), metricsStore()])['tempo-no-remote-write']).toBeUndefined();
    expect(notices([tempo(), metricsStore({ enabled: false })])['tempo-no-remote-write']).toBeDefined();
  });

  test('a notice when nothing gathers traces, naming the OTLP endpoint; none with a collector or collector: false', () => {
    const notices = (parts: Part[]) => render(createStack({ namespace: 'obs' }, parts)).sections.notices;
    const message = notices([tempo()])['tempo-no-collector']?.message;
    expect(message).toContain('tempo.obs.svc:4317');
    expect(message).toContain('otlpFromEveryNamespace');
    expect(notices([tempo(), collector()])['tempo-no-collector']).toBeUndefined();
    expect(notices([tempo(), collector({ enabled: false })])['tempo-no-collector']).toBeDefined();
    const off = render(createStack({}, [tempo({ collector: false })]));
    expect(off.sections.notices['tempo-no-collector']).toBeUndefined();
    expect(off.sections.collectorPipelines).toEqual({});
  });

  test('other packages adjust it through its contracts: resources by container, enabled', () => {
    const adjust: Part = (stack) =>
      adjustResources(stack, platform, 'tempo', 'tempo', { limits: { memory: '3Gi' } });
    const pod = rendered([tempo(), adjust], 'tempo-statefulSet.yaml').spec.template.spec;
    expect(pod.containers[0].resources.limits).toEqual({ memory: '3Gi' });
    const off: Part = (stack) => setComponentEnabled(stack, platform, 'tempo', false);
    const result = render(createStack({}, [tempo(), off, metricsStore(), collector()]));
    expect([...result.files.keys()].filter((file) => file.startsWith('tempo-'))).toEqual([]);
    expect(result.sections.mixins).toEqual({});
    expect(result.sections.scrapeTargets).toEqual({});
    expect(Object.keys(result.sections.datasources)).toEqual(['prometheus']);
    expect(result.sections.collectorPipelines).toEqual({});
    expect(result.sections.notices).toEqual({});
    expect(result.stack.components.metricsStore!.networkClients).toEqual({});
  });
});
