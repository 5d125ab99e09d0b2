import {
  addDatasource,
  adjustResources,
  createStack,
  DATASOURCE_UIDS,
  type Part,
  render,
  setComponentEnabled,
  tempoDatasource,
  validateStack,
} from '@mixstack/core';
import { connectionVerdict, kustomize, networkModel, type PodEndpoint, podOf } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { loki } from './index.js';
import {
  ALERTS_POD_LABELS,
  alertReceiver,
  appLogsMixin,
  COLLECTOR_POD_LABELS,
  logCollector,
  objectStoragePlatform,
} from './test-helpers.js';

const platform = { source: 'test', layer: 'platform' } as const;
const gcs = (): Part[] => [
  loki({ objectStorage: { bucket: 'acme-loki' } }),
  objectStoragePlatform('gke', 'gcs'),
];
const renderFiles = (parts: Part[], namespace = 'monitoring') =>
  render(createStack({ namespace }, parts)).files;
const rendered = (parts: Part[], file: string) => parse(renderFiles(parts).get(file) ?? 'null');

describe('the rendered component', () => {
  test.each<[string, () => Part[]]>([
    ['the defaults', () => [loki()]],
    ['GCS from the platform', gcs],
    ['two replicas on S3', () => [loki({ replicas: 2, objectStorage: { type: 's3', bucket: 'acme-loki' } })]],
    [
      'mode ha on GCS from the platform',
      () => [
        loki({ mode: 'ha', objectStorage: { bucket: 'acme-loki' } }),
        objectStoragePlatform('gke', 'gcs'),
      ],
    ],
    [
      'three replicas, an Alertmanager, a collector, log rules',
      () => [
        ...gcs().slice(1),
        loki({ replicas: 3, objectStorage: { bucket: 'b-1' } }),
        alertReceiver(),
        logCollector(),
        appLogsMixin,
      ],
    ],
  ])('passes every safety check of core: %s', (_case, parts) => {
    expect(validateStack(createStack({ namespace: 'monitoring' }, parts()))).toEqual([]);
  });

  test('kubectl kustomize accepts the output', () => {
    const { status, stderr } = kustomize(
      renderFiles([loki({ replicas: 2, objectStorage: { type: 'gcs', bucket: 'b-1' } }), appLogsMixin]),
    );
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });

  test("a StatefulSet with one retained claim per replica at /var/loki, as Loki's user, read-only root", () => {
    const set = rendered(
      [loki({ storage: { size: '20Gi', storageClass: 'fast' } })],
      'loki-statefulSet.yaml',
    );
    expect(set.spec.persistentVolumeClaimRetentionPolicy).toEqual({
      whenDeleted: 'Retain',
      whenScaled: 'Retain',
    });
    expect(set.spec.volumeClaimTemplates[0].spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '20Gi' } },
      storageClassName: 'fast',
    });
    expect(set.spec.serviceName).toBe('loki-headless');
    const pod = set.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 });
    expect(pod.automountServiceAccountToken).toBe(false);
    const [container] = pod.containers;
    expect(container.args).toEqual(['-config.file=/etc/loki/config/config.yaml', '-target=all']);
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http-metrics' });
    expect(container.volumeMounts.map((m: { mountPath: string }) => m.mountPath)).toEqual([
      '/etc/loki/config',
      '/etc/loki/rules/fake',
      '/var/loki',
      '/tmp',
    ]);
  });

  test('a change of the configuration rolls the pods; a change of the rules does not need to', () => {
    const checksum = (parts: Part[]) =>
      rendered(parts, 'loki-statefulSet.yaml').spec.template.metadata.annotations[
        'loki.mixstack.dev/config-checksum'
      ];
    expect(checksum([loki()])).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum([loki({ retention: '30d' })])).not.toBe(checksum([loki()]));
    expect(checksum([loki(), appLogsMixin])).toBe(checksum([loki()]));
  });

  test("the ruler's ConfigMap holds every mixin's log alerts and log recording rules, in Prometheus' rule format", () => {
    const rules = rendered([loki(), appLogsMixin], 'loki-rules.yaml');
    expect(parse(rules.data['app-alerts.yaml'])).toEqual({
      groups: [
        {
          name: 'app-logs',
          rules: [
            {
              alert: 'AppErrorsInLogs',
              expr: 'sum by (namespace) (count_over_time({app="app"} |= "error" [5m])) > 100',
              for: '10m',
              labels: { severity: 'warning' },
              annotations: { summary: 'The app logs many errors.' },
            },
          ],
        },
      ],
    });
    expect(parse(rules.data['app-rules.yaml'])).toEqual({
      groups: [
        { name: 'app-logs', rules: [{ record: 'app:log_lines:rate5m', expr: 'sum(rate({app="app"}[5m]))' }] },
      ],
    });
  });

  test('a PodDisruptionBudget, spreading and the memberlist port only with replicas', () => {
    const one = renderFiles([loki()]);
    expect(one.has('loki-podDisruptionBudget.yaml')).toBe(false);
    expect(
      parse(one.get('loki-statefulSet.yaml')!).spec.template.spec.topologySpreadConstraints,
    ).toBeUndefined();
    const two = renderFiles([loki({ replicas: 2, objectStorage: { type: 'gcs', bucket: 'b-1' } })]);
    expect(parse(two.get('loki-podDisruptionBudget.yaml')!).spec.maxUnavailable).toBe(1);
    const set = parse(two.get('loki-statefulSet.yaml')!);
    expect(set.spec.template.spec.topologySpreadConstraints).toHaveLength(1);
    expect(
      set.spec.template.spec.containers[0].ports.map((p: { containerPort: number }) => p.containerPort),
    ).toEqual([3100, 9095, 7946]);
    expect(parse(two.get('loki-headlessService.yaml')!).spec).toMatchObject({
      clusterIP: 'None',
      publishNotReadyAddresses: true,
    });
  });
});

describe("mode 'ha'", () => {
  const ha = (namespace = 'monitoring') =>
    renderFiles(
      [
        loki({ mode: 'ha', objectStorage: { bucket: 'acme-loki' } }),
        objectStoragePlatform('gke', 'gcs'),
        alertReceiver(),
      ],
      namespace,
    );

  test('three pods of the single binary on one bucket, in one ring over memberlist, replication factor 3', () => {
    const files = ha('logs');
    const set = parse(files.get('loki-statefulSet.yaml')!);
    expect(set.spec.replicas).toBe(3);
    expect(set.spec.template.spec.containers[0].args).toContain('-target=all');
    expect(
      set.spec.template.spec.containers[0].ports.map((p: { containerPort: number }) => p.containerPort),
    ).toEqual([3100, 9095, 7946]);
    const config = parse(parse(files.get('loki-config.yaml')!).data['config.yaml']);
    expect(config.common).toMatchObject({
      replication_factor: 3,
      ring: { kvstore: { store: 'memberlist' } },
      storage: { gcs: { bucket_name: 'acme-loki' } },
    });
    expect(config.schema_config.configs[0].object_store).toBe('gcs');
    expect(config.compactor.delete_request_store).toBe('gcs');
    // The peers it joins are the pods behind the headless Service, ready or not.
    expect(config.memberlist.join_members).toEqual(['loki-headless.logs.svc:7946']);
    const headless = parse(files.get('loki-headlessService.yaml')!);
    expect(headless.metadata.name).toBe('loki-headless');
    expect(headless.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true });
    expect(headless.spec.ports.map((p: { port: number }) => p.port)).toContain(7946);
    expect(set.spec.serviceName).toBe('loki-headless');
  });

  test('exactly one compactor: the compactor ring on memberlist elects it, no per-pod main/worker split', () => {
    const files = ha();
    const set = parse(files.get('loki-statefulSet.yaml')!);
    // One StatefulSet, one configuration for every pod: nothing tells one pod from another.
    expect(set.spec.template.spec.containers[0].args).toEqual([
      '-config.file=/etc/loki/config/config.yaml',
      '-target=all',
    ]);
    expect(set.spec.template.spec.containers[0].env ?? []).toEqual([]);
    const config = parse(parse(files.get('loki-config.yaml')!).data['config.yaml']);
    expect(config.compactor).not.toHaveProperty('horizontal_scaling_mode');
    expect(config.compactor).not.toHaveProperty('compactor_ring');
    expect(config.common.ring.kvstore.store).toBe('memberlist');
    expect(config.compactor.retention_enabled).toBe(true);
  });

  test('a PodDisruptionBudget of one pod at a time, and the pods spread over nodes and zones', () => {
    const files = ha();
    expect(parse(files.get('loki-podDisruptionBudget.yaml')!).spec).toMatchObject({
      maxUnavailable: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'loki' } },
    });
    const spread = parse(files.get('loki-statefulSet.yaml')!).spec.template.spec.topologySpreadConstraints;
    expect(spread.map((c: { topologyKey: string }) => c.topologyKey)).toEqual([
      'kubernetes.io/hostname',
      'topology.kubernetes.io/zone',
    ]);
    // Monolithic replicas spread over nodes only, as before.
    const monolithic = renderFiles([loki({ replicas: 3, objectStorage: { type: 'gcs', bucket: 'b-1' } })]);
    expect(
      parse(monolithic.get('loki-statefulSet.yaml')!).spec.template.spec.topologySpreadConstraints.map(
        (c: { topologyKey: string }) => c.topologyKey,
      ),
    ).toEqual(['kubernetes.io/hostname']);
  });

  test('more replicas when asked, the factor staying 3; kubectl kustomize accepts the output', () => {
    const files = renderFiles([
      loki({ mode: 'ha', replicas: 5, objectStorage: { type: 's3', bucket: 'b-1' } }),
    ]);
    expect(parse(files.get('loki-statefulSet.yaml')!).spec.replicas).toBe(5);
    expect(parse(parse(files.get('loki-config.yaml')!).data['config.yaml']).common.replication_factor).toBe(
      3,
    );
    const { status, stderr } = kustomize(files);
    expect(stderr).toBe('');
    expect(status).toBe(0);
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

  // The stand-ins render no policy of their own (the stack's default deny would isolate them):
  // what Loki's policy decides is its side of the connection, ingress or egress.
  test('the collector reaches port 3100 through the ingest role; other ports, namespaces and pods do not', () => {
    const m = model([loki(), logCollector()]);
    const target = podOf(m, { name: 'loki' });
    const admits = (from: PodEndpoint, port: number) =>
      connectionVerdict(m, { from, to: target, port }).ingress.allowed;
    expect(admits(pod(COLLECTOR_POD_LABELS), 3100)).toBe(true);
    expect(admits(pod(COLLECTOR_POD_LABELS), 9095)).toBe(false);
    expect(admits(pod(COLLECTOR_POD_LABELS, 'other'), 3100)).toBe(false);
    expect(admits(pod({ app: 'curious' }), 3100)).toBe(false);
  });

  test('clients of its own options are admitted; one removed with false is not', () => {
    const m = model([
      loki({
        networkPolicy: {
          clients: {
            otel: { podLabels: { app: 'otel' }, namespaceLabels: { team: 'obs' } },
            'log-collector': false,
          },
        },
      }),
      logCollector(),
    ]);
    const target = podOf(m, { name: 'loki' });
    m.namespaces.apps = { 'kubernetes.io/metadata.name': 'apps', team: 'obs' };
    expect(connectionVerdict(m, { from: pod({ app: 'otel' }, 'apps'), to: target, port: 3100 }).allowed).toBe(
      true,
    );
    expect(
      connectionVerdict(m, { from: pod(COLLECTOR_POD_LABELS), to: target, port: 3100 }).ingress.allowed,
    ).toBe(false);
  });

  test("the ruler reaches the stack's Alertmanager, and nothing else but DNS with one replica on the volume", () => {
    const m = model([loki(), alertReceiver()]);
    const source = podOf(m, { name: 'loki' });
    expect(
      connectionVerdict(m, { from: source, to: pod(ALERTS_POD_LABELS), port: 9093 }).egress.allowed,
    ).toBe(true);
    expect(
      connectionVerdict(m, { from: source, to: pod(ALERTS_POD_LABELS), port: 9094 }).egress.allowed,
    ).toBe(false);
    expect(
      connectionVerdict(m, { from: source, to: { kind: 'address', ip: '142.250.1.1' }, port: 443 }).allowed,
    ).toBe(false);
    expect(
      connectionVerdict(m, {
        from: source,
        to: { kind: 'address', ip: '10.0.0.10' },
        port: 53,
        protocol: 'UDP',
      }).allowed,
    ).toBe(true);
  });

  test('replicas reach each other on gRPC and memberlist; the bucket on 443; on GKE the metadata server', () => {
    const m = model([
      loki({ replicas: 3, objectStorage: { bucket: 'b-1' } }),
      objectStoragePlatform('gke', 'gcs'),
    ]);
    const replica = podOf(m, { name: 'loki' });
    for (const port of [9095, 7946])
      expect(connectionVerdict(m, { from: replica, to: replica, port }).allowed).toBe(true);
    const address = (ip: string) => ({ kind: 'address' as const, ip });
    expect(connectionVerdict(m, { from: replica, to: address('142.250.1.1'), port: 443 }).allowed).toBe(true);
    expect(connectionVerdict(m, { from: replica, to: address('169.254.169.254'), port: 80 }).allowed).toBe(
      true,
    );
    expect(connectionVerdict(m, { from: replica, to: address('169.254.169.252'), port: 988 }).allowed).toBe(
      true,
    );
    expect(connectionVerdict(m, { from: replica, to: address('142.250.1.1'), port: 80 }).allowed).toBe(false);
    const s3 = model([loki({ replicas: 2, objectStorage: { type: 's3', bucket: 'b-1' } })]);
    const elsewhere = podOf(s3, { name: 'loki' });
    expect(connectionVerdict(s3, { from: elsewhere, to: address('169.254.169.254'), port: 80 }).allowed).toBe(
      false,
    );
  });
});

describe('what it publishes and contributes', () => {
  test('its Services, its roles, and its bucket when it stores in one, for its own ServiceAccount', () => {
    const result = render(createStack({ namespace: 'observability' }, gcs()));
    expect(result.stack.components.loki).toMatchObject({
      services: {
        http: {
          name: 'loki',
          namespace: 'observability',
          port: 3100,
          portName: 'http-metrics',
          scheme: 'http',
          healthPath: '/ready',
        },
        grpc: { name: 'loki', namespace: 'observability', port: 9095, portName: 'grpc' },
      },
      buckets: { chunks: { bucket: 'acme-loki', serviceAccount: { name: 'loki' }, access: 'readWrite' } },
      roles: ['datasource', 'metrics', 'ingest'],
    });
    expect(render(createStack({}, [loki()])).stack.components.loki!.buckets).toEqual({});
  });

  test('the Loki datasource with its fixed uid, the scrape target of its http Service, the logs pipeline', () => {
    const { sections } = render(
      createStack({ namespace: 'observability' }, [
        loki({ collector: { source: 'files', staticLabels: { env: 'prod' } } }),
      ]),
    );
    expect(sections.datasources.loki).toMatchObject({
      type: 'loki',
      url: 'http://loki.observability.svc:3100',
      jsonData: { timeout: 150 },
    });
    expect(sections.scrapeTargets.loki).toEqual({
      namespace: 'observability',
      selector: {
        'app.kubernetes.io/name': 'loki',
        'app.kubernetes.io/component': 'log-store',
        'app.kubernetes.io/part-of': 'mixstack',
        'loki.mixstack.dev/service': 'http',
      },
      role: 'service',
      jobLabel: 'app.kubernetes.io/name',
      endpoints: [{ port: 'http-metrics', path: '/metrics' }],
    });
    expect(sections.collectorPipelines.logs).toMatchObject({
      signal: 'logs',
      pushUrl: 'http://loki.observability.svc:3100/loki/api/v1/push',
      destination: { name: 'loki', port: 3100 },
      source: 'files',
      events: true,
      staticLabels: { env: 'prod' },
      stages: [],
    });
  });

  test('the datasource links log lines to traces exactly when the tracing datasource is in the stack', () => {
    const tracing: Part = (stack) =>
      addDatasource(stack, 'test', DATASOURCE_UIDS.tempo, tempoDatasource({ url: 'http://tempo:3200' }));
    const datasources = (parts: Part[]) => render(createStack({}, parts)).sections.datasources;
    for (const parts of [
      [loki(), tracing],
      [tracing, loki()],
    ]) {
      const { derivedFields } = datasources(parts).loki!.jsonData as {
        derivedFields: Record<string, unknown>[];
      };
      expect(derivedFields).toEqual([
        {
          name: 'trace_id',
          matcherType: 'label',
          matcherRegex: 'trace_id',
          datasourceUid: 'tempo',
          url: '$' + '{__value.raw}',
          urlDisplayLabel: 'View trace',
        },
        expect.objectContaining({ name: 'TraceID', matcherType: 'regex', datasourceUid: 'tempo' }),
      ]);
      const regex = new RegExp(String(derivedFields[1]!.matcherRegex));
      expect('level=info traceID=4bf92f3577b34da6 msg=ok'.match(regex)?.[1]).toBe('4bf92f3577b34da6');
      expect('{"trace_id": "abc123", "msg": "ok"}'.match(regex)?.[1]).toBe('abc123');
    }
    expect(datasources([loki()]).loki!.jsonData).not.toHaveProperty('derivedFields');
    expect(datasources([loki({ enabled: false }), tracing]).loki).toBeUndefined();
  });

  test('a notice when nothing gathers the logs, none with a collector or with collector: false', () => {
    const notices = (parts: Part[]) => render(createStack({}, parts)).sections.notices;
    expect(notices([loki()])['loki-no-collector']).toMatchObject({ level: 'warning' });
    expect(notices([loki()])['loki-no-collector']!.message).toContain(
      'alloy() from @mixstack/component-alloy',
    );
    expect(notices([loki()])['loki-no-collector']!.message).toContain(
      'http://loki.monitoring.svc:3100/loki/api/v1/push',
    );
    expect(notices([loki(), logCollector()])['loki-no-collector']).toBeUndefined();
    expect(notices([loki(), logCollector({ enabled: false })])['loki-no-collector']).toBeDefined();
    const off = render(createStack({}, [loki({ collector: false })]));
    expect(off.sections.notices['loki-no-collector']).toBeUndefined();
    expect(off.sections.collectorPipelines).toEqual({});
  });

  test('a notice while log recording rules have nowhere to go; none without them, or without Loki', () => {
    const notices = (parts: Part[]) => render(createStack({}, parts)).sections.notices;
    expect(notices([loki(), appLogsMixin])['loki-log-recording-rules']?.message).toContain(
      'evaluates 1 log recording rule (logRules of the mixins) and sends the results nowhere',
    );
    expect(notices([loki()])['loki-log-recording-rules']).toBeUndefined();
    expect(notices([loki({ enabled: false }), appLogsMixin])['loki-log-recording-rules']).toBeUndefined();
  });

  test('other packages adjust it through its contracts: resources by container, enabled', () => {
    const adjust: Part = (stack) =>
      adjustResources(stack, platform, 'loki', 'loki', { limits: { memory: '3Gi' } });
    const pod = rendered([loki(), adjust], 'loki-statefulSet.yaml').spec.template.spec;
    expect(pod.containers[0].resources.limits).toEqual({ memory: '3Gi' });
    const off: Part = (stack) => setComponentEnabled(stack, platform, 'loki', false);
    const result = render(createStack({}, [loki(), off, alertReceiver()]));
    expect([...result.files.keys()].filter((file) => file.startsWith('loki-'))).toEqual([]);
    expect(result.sections.mixins).toEqual({});
    expect(result.sections.scrapeTargets).toEqual({});
    expect(result.sections.datasources).toEqual({});
    expect(result.sections.collectorPipelines).toEqual({});
    expect(result.sections.notices).toEqual({});
    expect(result.stack.components.alertReceiver!.networkClients).toEqual({});
  });

  test('its ruler is a network client of the component that receives alerts', () => {
    const result = render(createStack({}, [loki(), alertReceiver()]));
    expect(result.stack.components.alertReceiver!.networkClients['loki-ruler']).toEqual({
      namespace: 'monitoring',
      podLabels: {
        'app.kubernetes.io/name': 'loki',
        'app.kubernetes.io/component': 'log-store',
        'app.kubernetes.io/part-of': 'mixstack',
      },
    });
  });
});
