import {
  adjustResources,
  createStack,
  type Part,
  render,
  setComponentEnabled,
  validateStack,
} from '@mixstack/core';
import { connectionVerdict, kustomize, networkModel, type PodEndpoint, podOf } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { pyroscope } from './index.js';
import {
  COLLECTOR_POD_LABELS,
  collector,
  GRAFANA_POD_LABELS,
  objectStoragePlatform,
  PROMETHEUS_POD_LABELS,
  scraperAndGrafana,
} from './test-helpers.js';

const platform = { source: 'test', layer: 'platform' } as const;
const gcs = (): Part[] => [
  pyroscope({ objectStorage: { bucket: 'acme-profiles' } }),
  objectStoragePlatform('gke', 'gcs'),
];
const renderFiles = (parts: Part[], namespace = 'monitoring') =>
  render(createStack({ namespace }, parts)).files;
const rendered = (parts: Part[], file: string) => parse(renderFiles(parts).get(file) ?? 'null');

describe('the rendered component', () => {
  test.each<[string, () => Part[]]>([
    ['the defaults', () => [pyroscope()]],
    ['GCS from the platform', gcs],
    [
      'S3 with a region',
      () => [pyroscope({ objectStorage: { type: 's3', bucket: 'acme-profiles', region: 'eu-west-1' } })],
    ],
    [
      'a collector with eBPF, the scraper and Grafana, pushes from every namespace',
      () => [
        pyroscope({ collector: { ebpf: true }, networkPolicy: { pushFromEveryNamespace: true } }),
        collector(),
        scraperAndGrafana,
      ],
    ],
  ])('passes every safety check of core: %s', (_case, parts) => {
    expect(validateStack(createStack({ namespace: 'monitoring' }, parts()))).toEqual([]);
  });

  test('kubectl kustomize accepts the output', () => {
    const { status, stderr } = kustomize(renderFiles([...gcs(), collector(), scraperAndGrafana]));
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });

  test("a StatefulSet of one pod with a retained claim at /data, as Pyroscope's user, read-only root", () => {
    const set = rendered(
      [pyroscope({ storage: { size: '20Gi', storageClass: 'fast' } })],
      'pyroscope-statefulSet.yaml',
    );
    expect(set.spec.replicas).toBe(1);
    expect(set.spec.serviceName).toBe('pyroscope');
    expect(set.spec.persistentVolumeClaimRetentionPolicy).toEqual({
      whenDeleted: 'Retain',
      whenScaled: 'Retain',
    });
    expect(set.spec.volumeClaimTemplates[0].metadata.name).toBe('data');
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
    expect(pod.serviceAccountName).toBe('pyroscope');
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    const [container] = pod.containers;
    expect(container.image).toBe('docker.io/grafana/pyroscope:2.2.1');
    expect(container.args).toEqual(['-config.file=/etc/pyroscope/config.yaml', '-target=all']);
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
      ['http', 4040],
      ['grpc', 9095],
    ]);
    expect(
      container.volumeMounts.map((m: { name: string; mountPath: string }) => [m.name, m.mountPath]),
    ).toEqual([
      ['config', '/etc/pyroscope'],
      ['data', '/data'],
      ['tmp', '/tmp'],
    ]);
  });

  test('the Service: HTTP 4040 and gRPC 9095; no PodDisruptionBudget for the one pod', () => {
    const files = renderFiles([pyroscope()]);
    const svc = parse(files.get('pyroscope-service.yaml')!);
    expect(svc.spec.ports.map((p: { name: string; port: number }) => [p.name, p.port])).toEqual([
      ['http', 4040],
      ['grpc', 9095],
    ]);
    expect([...files.keys()].filter((file) => file.startsWith('pyroscope-')).sort()).toEqual([
      'pyroscope-config.yaml',
      'pyroscope-networkPolicy.yaml',
      'pyroscope-service.yaml',
      'pyroscope-serviceAccount.yaml',
      'pyroscope-statefulSet.yaml',
    ]);
  });

  test('a change of the configuration rolls the pod', () => {
    const checksum = (parts: Part[]) =>
      rendered(parts, 'pyroscope-statefulSet.yaml').spec.template.metadata.annotations[
        'pyroscope.mixstack.dev/config-checksum'
      ];
    expect(checksum([pyroscope()])).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum([pyroscope({ retention: '14d' })])).not.toBe(checksum([pyroscope()]));
    expect(checksum([pyroscope(), collector()])).toBe(checksum([pyroscope()]));
  });
});

describe('its contracts', () => {
  test('its bucket, for its ServiceAccount, exactly when it stores in one', () => {
    const buckets = (parts: Part[]) => render(createStack({}, parts)).stack.components.pyroscope!.buckets;
    expect(buckets(gcs())).toEqual({
      profiles: { bucket: 'acme-profiles', serviceAccount: { name: 'pyroscope' }, access: 'readWrite' },
    });
    expect(buckets([pyroscope({ objectStorage: { type: 's3', bucket: 'acme-profiles' } })])).toMatchObject({
      profiles: { bucket: 'acme-profiles' },
    });
    expect(buckets([pyroscope({ objectStorage: { bucket: 'acme-profiles' } })]) ?? {}).toEqual({});
  });

  test('its Services and roles: the datasource, the scraper and the collector reach it', () => {
    const { stack } = render(createStack({ namespace: 'obs' }, [pyroscope()]));
    const own = stack.components.pyroscope!;
    expect(own.roles).toEqual(['datasource', 'metrics', 'ingest']);
    expect(own.services.http).toEqual({
      address: 'pyroscope/service',
      name: 'pyroscope',
      namespace: 'obs',
      port: 4040,
      portName: 'http',
      scheme: 'http',
      healthPath: '/ready',
      podLabels: {
        'app.kubernetes.io/name': 'pyroscope',
        'app.kubernetes.io/component': 'profile-store',
        'app.kubernetes.io/part-of': 'mixstack',
      },
    });
    expect(own.services.grpc).toMatchObject({ port: 9095, portName: 'grpc' });
    expect(own.services.grpc).not.toHaveProperty('healthPath');
  });

  test('other packages adjust it through its contracts: resources by container, enabled', () => {
    const adjust: Part = (stack) =>
      adjustResources(stack, platform, 'pyroscope', 'pyroscope', { limits: { memory: '4Gi' } });
    const pod = rendered([pyroscope(), adjust], 'pyroscope-statefulSet.yaml').spec.template.spec;
    expect(pod.containers[0].resources.limits).toEqual({ memory: '4Gi' });
    const off: Part = (stack) => setComponentEnabled(stack, platform, 'pyroscope', false);
    const result = render(createStack({}, [pyroscope(), off, collector()]));
    expect([...result.files.keys()].filter((file) => file.startsWith('pyroscope-'))).toEqual([]);
    expect(result.sections.mixins).toEqual({});
    expect(result.sections.scrapeTargets).toEqual({});
    expect(result.sections.datasources).toEqual({});
    expect(result.sections.collectorPipelines).toEqual({});
    expect(result.sections.notices).toEqual({});
  });
});

describe('what it contributes to the stack', () => {
  test('its mixin, its scrape target, the Pyroscope datasource at its fixed uid', () => {
    const { sections } = render(createStack({ namespace: 'obs' }, [pyroscope()]));
    expect(sections.mixins.pyroscope).toBeDefined();
    expect(sections.scrapeTargets.pyroscope).toEqual({
      namespace: 'obs',
      selector: {
        'app.kubernetes.io/name': 'pyroscope',
        'app.kubernetes.io/component': 'profile-store',
        'app.kubernetes.io/part-of': 'mixstack',
      },
      role: 'service',
      jobLabel: 'app.kubernetes.io/name',
      endpoints: [{ port: 'http', path: '/metrics' }],
    });
    expect(sections.datasources.pyroscope).toMatchObject({
      name: 'Pyroscope',
      type: 'grafana-pyroscope-datasource',
      url: 'http://pyroscope.obs.svc:4040',
      jsonData: { minStep: '15s' },
    });
  });

  test.each<[string, Part, unknown]>([
    ['the defaults: scrape annotated pods', pyroscope(), { scrape: true, ebpf: false }],
    ['collector: true is the defaults', pyroscope({ collector: true }), { scrape: true, ebpf: false }],
    ['eBPF as well', pyroscope({ collector: { ebpf: true } }), { scrape: true, ebpf: true }],
    ['eBPF only', pyroscope({ collector: { scrape: false, ebpf: true } }), { scrape: false, ebpf: true }],
  ])('the profiles pipeline, %s', (_case, part, sources) => {
    const { sections } = render(createStack({ namespace: 'obs' }, [part, collector()]));
    expect(sections.collectorPipelines).toEqual({
      profiles: {
        signal: 'profiles',
        writeUrl: 'http://pyroscope.obs.svc:4040',
        destination: expect.objectContaining({
          name: 'pyroscope',
          namespace: 'obs',
          port: 4040,
          portName: 'http',
        }),
        ...(sources as object),
      },
    });
  });

  test.each<[string, Part]>([
    ['collector: false', pyroscope({ collector: false })],
    ['neither source', pyroscope({ collector: { scrape: false, ebpf: false } })],
  ])('no pipeline and no notice with %s', (_case, part) => {
    const { sections } = render(createStack({}, [part]));
    expect(sections.collectorPipelines).toEqual({});
    expect(sections.notices).toEqual({});
  });

  test('a warning when nothing gathers profiles, naming the push URL; none with a collector', () => {
    const notices = (parts: Part[]) => render(createStack({ namespace: 'obs' }, parts)).sections.notices;
    const warning = notices([pyroscope()])['pyroscope-no-collector'];
    expect(warning?.level).toBe('warning');
    expect(warning?.message).toContain('http://pyroscope.obs.svc:4040');
    expect(warning?.message).toContain('pushFromEveryNamespace');
    expect(notices([pyroscope(), collector()])['pyroscope-no-collector']).toBeUndefined();
    expect(notices([pyroscope(), collector({ enabled: false })])['pyroscope-no-collector']).toBeDefined();
  });

  test('an info notice on how an app asks to be scraped, exactly while the scrape is on', () => {
    const notices = (part: Part) => render(createStack({}, [part, collector()])).sections.notices;
    const info = notices(pyroscope())['pyroscope-scrape-annotations'];
    expect(info?.level).toBe('info');
    for (const annotation of [
      'profiles.grafana.com/cpu.scrape: "true"',
      'profiles.grafana.com/cpu.port: "8080"',
      'profiles.grafana.com/service_name',
    ])
      expect(info?.message).toContain(annotation);
    expect(notices(pyroscope({ collector: { scrape: false, ebpf: true } }))).toEqual({});
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
  const address = (ip: string) => ({ kind: 'address' as const, ip });

  // The stand-ins render no policy of their own: what Pyroscope's policy decides is its side
  // of the connection, ingress or egress.
  test('Grafana, the scraper and the collector reach HTTP 4040, not gRPC; strangers nothing', () => {
    const m = model([pyroscope(), collector(), scraperAndGrafana]);
    const target = podOf(m, { name: 'pyroscope' });
    const admits = (from: PodEndpoint, port: number) =>
      connectionVerdict(m, { from, to: target, port }).ingress.allowed;
    for (const client of [GRAFANA_POD_LABELS, PROMETHEUS_POD_LABELS, COLLECTOR_POD_LABELS]) {
      expect(admits(pod(client), 4040)).toBe(true);
      expect(admits(pod(client), 9095)).toBe(false);
    }
    expect(admits(pod(COLLECTOR_POD_LABELS, 'other'), 4040)).toBe(false);
    expect(admits(pod({ app: 'shop' }, 'apps'), 4040)).toBe(false);
    // Nothing reaches the gossip or Raft ports: they are on loopback.
    expect(admits(pod(COLLECTOR_POD_LABELS), 7946)).toBe(false);
    expect(admits(pod(COLLECTOR_POD_LABELS), 9099)).toBe(false);
  });

  test('pushFromEveryNamespace admits HTTP from any pod of any namespace, and nothing else', () => {
    const m = model([pyroscope({ networkPolicy: { pushFromEveryNamespace: true } })]);
    const target = podOf(m, { name: 'pyroscope' });
    const app = pod({ app: 'shop' }, 'apps');
    m.namespaces.apps = { 'kubernetes.io/metadata.name': 'apps' };
    expect(connectionVerdict(m, { from: app, to: target, port: 4040 }).ingress.allowed).toBe(true);
    expect(connectionVerdict(m, { from: app, to: target, port: 9095 }).ingress.allowed).toBe(false);
    const closed = model([pyroscope()]);
    closed.namespaces.apps = { 'kubernetes.io/metadata.name': 'apps' };
    expect(
      connectionVerdict(closed, { from: app, to: podOf(closed, { name: 'pyroscope' }), port: 4040 }).ingress
        .allowed,
    ).toBe(false);
  });

  test('clients of its own options are admitted on every port; one removed with false is not', () => {
    const m = model([
      pyroscope({
        networkPolicy: {
          clients: {
            profiler: { podLabels: { app: 'profiler' }, namespaceLabels: { team: 'obs' } },
            collector: false,
          },
        },
      }),
      collector(),
    ]);
    const target = podOf(m, { name: 'pyroscope' });
    m.namespaces.apps = { 'kubernetes.io/metadata.name': 'apps', team: 'obs' };
    for (const port of [4040, 9095])
      expect(
        connectionVerdict(m, { from: pod({ app: 'profiler' }, 'apps'), to: target, port }).ingress.allowed,
      ).toBe(true);
    expect(
      connectionVerdict(m, { from: pod(COLLECTOR_POD_LABELS), to: target, port: 4040 }).ingress.allowed,
    ).toBe(false);
  });

  test('on the volume, nothing but DNS goes out', () => {
    const m = model([pyroscope()]);
    const source = podOf(m, { name: 'pyroscope' });
    expect(connectionVerdict(m, { from: source, to: address('142.250.1.1'), port: 443 }).allowed).toBe(false);
    expect(
      connectionVerdict(m, { from: source, to: address('10.0.0.10'), port: 53, protocol: 'UDP' }).allowed,
    ).toBe(true);
  });

  test('the bucket on 443; on GKE the metadata server; elsewhere not', () => {
    const m = model(gcs());
    const source = podOf(m, { name: 'pyroscope' });
    expect(connectionVerdict(m, { from: source, to: address('142.250.1.1'), port: 443 }).allowed).toBe(true);
    expect(connectionVerdict(m, { from: source, to: address('169.254.169.254'), port: 80 }).allowed).toBe(
      true,
    );
    const s3 = model([pyroscope({ objectStorage: { type: 's3', bucket: 'acme-profiles' } })]);
    const fromS3 = podOf(s3, { name: 'pyroscope' });
    expect(connectionVerdict(s3, { from: fromS3, to: address('52.1.1.1'), port: 443 }).allowed).toBe(true);
    expect(connectionVerdict(s3, { from: fromS3, to: address('169.254.169.254'), port: 80 }).allowed).toBe(
      false,
    );
  });
});
