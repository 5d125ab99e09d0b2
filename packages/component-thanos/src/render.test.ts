import { createStack, type Part, render, validateStack } from '@mixstack/core';
import { kustomize } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { thanos } from './index.js';
import { gkeLike, grafanaClient, objectStoragePlatform, prometheusStandIn } from './test-helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: tests walk rendered YAML of any shape.
type Json = Record<string, any>;

const GCS = { objectStorage: { type: 'gcs', bucket: 'acme-thanos' } } as const;
const observer = { sidecar: { enabled: false } } as const;
const renderFiles = (parts: Part[], namespace = 'monitoring') =>
  render(createStack({ namespace }, parts)).files;
const rendered = (parts: Part[], file: string): Json => parse(renderFiles(parts).get(file) ?? 'null');
const thanosFiles = (parts: Part[]) =>
  [...renderFiles(parts).keys()].filter((file) => file.startsWith('thanos-')).sort();
const argsOf = (workload: Json): string[] => workload.spec.template.spec.containers[0].args;

describe('the rendered component', () => {
  test.each<[string, () => Part[]]>([
    ['the defaults, with Prometheus', () => [thanos(), prometheusStandIn()]],
    [
      'GCS on GKE with Workload Identity, Grafana',
      () => [thanos(GCS), prometheusStandIn(), grafanaClient, gkeLike('thanos@acme.iam.gserviceaccount.com')],
    ],
    [
      'S3 with a region',
      () => [
        thanos({ objectStorage: { type: 's3', bucket: 'acme-thanos', region: 'eu-west-1' } }),
        prometheusStandIn(),
      ],
    ],
    ['an observer: no sidecar, no Prometheus', () => [thanos({ ...GCS, ...observer })]],
    [
      'one pod of each part',
      () => [
        thanos({ ...GCS, query: { replicas: 1 }, queryFrontend: { replicas: 1 }, store: { replicas: 1 } }),
        prometheusStandIn(),
      ],
    ],
    ['three Store Gateways', () => [thanos({ ...GCS, store: { replicas: 3 } }), prometheusStandIn()]],
    [
      'a cluster that only ships its blocks (the sidecar alone)',
      () => [
        thanos({
          ...GCS,
          query: { enabled: false },
          queryFrontend: { enabled: false },
          store: { enabled: false },
          compact: { enabled: false },
        }),
        prometheusStandIn(),
      ],
    ],
  ])('passes every safety check of core: %s', (_case, parts) => {
    expect(validateStack(createStack({ namespace: 'monitoring' }, parts()))).toEqual([]);
  });

  test('kubectl kustomize accepts the output', () => {
    const { status, stderr } = kustomize(renderFiles([thanos(GCS), prometheusStandIn(), grafanaClient]));
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });

  test('every part: its ServiceAccount, workload, Service and NetworkPolicy, a budget with more than one pod', () => {
    expect(thanosFiles([thanos(GCS), prometheusStandIn()])).toEqual([
      'thanos-compactNetworkPolicy.yaml',
      'thanos-compactService.yaml',
      'thanos-compactServiceAccount.yaml',
      'thanos-compactStatefulSet.yaml',
      'thanos-objstoreSecret.yaml',
      'thanos-queryDeployment.yaml',
      'thanos-queryFrontendDeployment.yaml',
      'thanos-queryFrontendNetworkPolicy.yaml',
      'thanos-queryFrontendPodDisruptionBudget.yaml',
      'thanos-queryFrontendService.yaml',
      'thanos-queryFrontendServiceAccount.yaml',
      'thanos-queryNetworkPolicy.yaml',
      'thanos-queryPodDisruptionBudget.yaml',
      'thanos-queryService.yaml',
      'thanos-queryServiceAccount.yaml',
      'thanos-storeNetworkPolicy.yaml',
      'thanos-storeService.yaml',
      'thanos-storeServiceAccount.yaml',
      'thanos-storeStatefulSet.yaml',
    ]);
  });

  test('a part turned off renders nothing of its own; with no part reading the bucket, no Secret', () => {
    const files = thanosFiles([
      thanos({ ...GCS, ...observer, compact: { enabled: false }, queryFrontend: { enabled: false } }),
    ]);
    expect(files.filter((f) => f.includes('compact') || f.includes('queryFrontend'))).toEqual([]);
    expect(files).toContain('thanos-storeStatefulSet.yaml');
    const queryOnly = thanosFiles([
      thanos({
        ...observer,
        queryFrontend: { enabled: false },
        store: { enabled: false },
        compact: { enabled: false },
        query: { endpoints: ['thanos-query.prod-us.example:10901'] },
      }),
    ]);
    expect(
      queryOnly.some((f) => f.includes('objstore') || f.includes('store') || f.includes('compact')),
    ).toBe(false);
    expect(queryOnly).toContain('thanos-queryDeployment.yaml');
  });

  test("Query: the subcommand first, dedup on prometheus_replica, the sidecars' and the Store Gateway's DNS SRV records", () => {
    const deployment = rendered([thanos(GCS), prometheusStandIn()], 'thanos-queryDeployment.yaml');
    expect(deployment.spec.replicas).toBe(2);
    const args = argsOf(deployment);
    expect(args.slice(0, 6)).toEqual([
      'query',
      '--log.level=info',
      '--http-address=0.0.0.0:10902',
      '--grpc-address=0.0.0.0:10901',
      '--query.replica-label=prometheus_replica',
      // Older ranges than the raw retention come from the downsampled blocks.
      '--query.auto-downsampling',
    ]);
    const sd = args.find((a) => a.startsWith('--endpoint.sd-config='))!;
    expect(parse(sd.slice('--endpoint.sd-config='.length))).toEqual({
      endpoints: [
        { address: 'dnssrv+_grpc._tcp.thanos-sidecar.monitoring.svc' },
        { address: 'dnssrv+_grpc._tcp.thanos-store.monitoring.svc' },
      ],
    });
    expect(args.some((a) => a.startsWith('--endpoint='))).toBe(false);
    const pod = deployment.spec.template.spec;
    expect(pod.serviceAccountName).toBe('thanos-query');
    expect(pod.topologySpreadConstraints).toHaveLength(1);
    expect(pod.containers[0].readinessProbe.httpGet).toEqual({ path: '/-/ready', port: 'http' });
    expect(pod.containers[0].livenessProbe.httpGet).toEqual({ path: '/-/healthy', port: 'http' });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1001 });
  });

  test('Query reads only what runs, and the extra endpoints, with every replica label', () => {
    const args = argsOf(
      rendered(
        [
          thanos({
            ...GCS,
            ...observer,
            query: {
              replicaLabels: ['prometheus_replica', 'rule_replica'],
              endpoints: ['thanos-query.prod-us.example:10901'],
            },
          }),
        ],
        'thanos-queryDeployment.yaml',
      ),
    );
    expect(args.filter((a) => a.startsWith('--query.replica-label='))).toEqual([
      '--query.replica-label=prometheus_replica',
      '--query.replica-label=rule_replica',
    ]);
    const sd = parse(
      args
        .find((a) => a.startsWith('--endpoint.sd-config='))!
        .split('=')
        .slice(1)
        .join('='),
    );
    expect(sd.endpoints.map((e: Json) => e.address)).toEqual([
      'dnssrv+_grpc._tcp.thanos-store.monitoring.svc',
      'thanos-query.prod-us.example:10901',
    ]);
  });

  test('Query Frontend: to Query over HTTP, split, in-memory cache of the given size', () => {
    const args = argsOf(
      rendered(
        [thanos({ ...GCS, queryFrontend: { splitInterval: '12h', cacheSize: '1GB' } }), prometheusStandIn()],
        'thanos-queryFrontendDeployment.yaml',
      ),
    );
    expect(args.slice(0, 5)).toEqual([
      'query-frontend',
      '--log.level=info',
      '--http-address=0.0.0.0:10902',
      '--query-frontend.downstream-url=http://thanos-query.monitoring.svc:10902',
      '--query-range.split-interval=12h',
    ]);
    const cache = args.find((a) => a.startsWith('--query-range.response-cache-config='))!;
    expect(parse(cache.slice('--query-range.response-cache-config='.length))).toEqual({
      type: 'IN-MEMORY',
      config: { max_size: '1GB' },
    });
  });

  test('the Store Gateway: a StatefulSet with a retained claim for its data directory, the Secret mounted, a headless Service', () => {
    const files = renderFiles([
      thanos({ ...GCS, store: { storage: { size: '50Gi', storageClass: 'fast' }, indexCacheSize: '1GB' } }),
      prometheusStandIn(),
    ]);
    const set = parse(files.get('thanos-storeStatefulSet.yaml')!) as Json;
    expect(set.spec.serviceName).toBe('thanos-store');
    expect(set.spec.persistentVolumeClaimRetentionPolicy).toEqual({
      whenDeleted: 'Retain',
      whenScaled: 'Retain',
    });
    expect(set.spec.volumeClaimTemplates[0].spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '50Gi' } },
      storageClassName: 'fast',
    });
    expect(argsOf(set)).toEqual([
      'store',
      '--log.level=info',
      '--http-address=0.0.0.0:10902',
      '--grpc-address=0.0.0.0:10901',
      '--data-dir=/var/thanos/store',
      '--objstore.config-file=/etc/thanos/objstore/objstore.yaml',
      '--index-cache-size=1GB',
    ]);
    const pod = set.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsUser: 1001, fsGroup: 1001 });
    expect(pod.containers[0].volumeMounts.map((m: Json) => m.mountPath)).toEqual([
      '/etc/thanos/objstore',
      '/var/thanos',
      '/tmp',
    ]);
    expect(pod.volumes[0]).toEqual({
      name: 'objstore',
      secret: { secretName: 'thanos-objstore', items: [{ key: 'objstore.yaml', path: 'objstore.yaml' }] },
    });
    const service = parse(files.get('thanos-storeService.yaml')!) as Json;
    expect(service.spec.clusterIP).toBe('None');
    expect(service.spec.ports.map((p: Json) => [p.name, p.port])).toEqual([
      ['grpc', 10901],
      ['http', 10902],
    ]);
    const query = parse(files.get('thanos-queryService.yaml')!) as Json;
    expect(query.spec.type).toBe('ClusterIP');
    expect(query.spec.ports.map((p: Json) => [p.name, p.port])).toEqual([
      ['grpc', 10901],
      ['http', 10902],
    ]);
  });

  test('the Compactor: one pod that keeps running, the retentions, downsampling off only when asked', () => {
    const set = rendered(
      [
        thanos({ ...GCS, compact: { retention: { raw: '14d', fiveMinutes: '90d', oneHour: '2y' } } }),
        prometheusStandIn(),
      ],
      'thanos-compactStatefulSet.yaml',
    );
    expect(set.spec.replicas).toBe(1);
    expect(argsOf(set)).toEqual([
      'compact',
      '--log.level=info',
      '--http-address=0.0.0.0:10902',
      '--data-dir=/var/thanos/compact',
      '--objstore.config-file=/etc/thanos/objstore/objstore.yaml',
      '--wait',
      '--retention.resolution-raw=14d',
      '--retention.resolution-5m=90d',
      '--retention.resolution-1h=2y',
    ]);
    const off = argsOf(
      rendered(
        [thanos({ ...GCS, compact: { downsampling: false, retention: { raw: '1d' } } }), prometheusStandIn()],
        'thanos-compactStatefulSet.yaml',
      ),
    );
    expect(off).toContain('--downsampling.disable');
    expect(off).toContain('--retention.resolution-raw=1d');
  });

  test('a new bucket rolls the Store Gateway and the Compactor', () => {
    const checksum = (bucket: string, file: string) =>
      rendered([thanos({ objectStorage: { type: 'gcs', bucket } }), prometheusStandIn()], file).spec.template
        .metadata.annotations['thanos.mixstack.dev/objstore-checksum'];
    for (const file of ['thanos-storeStatefulSet.yaml', 'thanos-compactStatefulSet.yaml']) {
      expect(checksum('acme-a', file)).toMatch(/^[0-9a-f]{64}$/);
      expect(checksum('acme-a', file)).not.toBe(checksum('acme-b', file));
    }
  });
});

describe('the objstore Secret', () => {
  const objstore = (parts: Part[]) =>
    parse(rendered(parts, 'thanos-objstoreSecret.yaml').stringData['objstore.yaml']);

  test('GCS: the bucket, nothing else (Workload Identity gives access)', () => {
    expect(objstore([thanos(GCS), prometheusStandIn()])).toEqual({
      type: 'GCS',
      config: { bucket: 'acme-thanos' },
    });
    expect(
      objstore([
        thanos({ objectStorage: { bucket: 'acme-thanos' } }),
        prometheusStandIn(),
        objectStoragePlatform('gke', 'gcs'),
      ]),
    ).toEqual({
      type: 'GCS',
      config: { bucket: 'acme-thanos' },
    });
  });

  test('S3: the bucket, the regional endpoint and the region, or the global endpoint; never a key', () => {
    expect(
      objstore([
        thanos({ objectStorage: { type: 's3', bucket: 'acme-thanos', region: 'eu-west-1' } }),
        prometheusStandIn(),
      ]),
    ).toEqual({
      type: 'S3',
      config: { bucket: 'acme-thanos', endpoint: 's3.eu-west-1.amazonaws.com', region: 'eu-west-1' },
    });
    expect(
      objstore([thanos({ objectStorage: { type: 's3', bucket: 'acme-thanos' } }), prometheusStandIn()]),
    ).toEqual({
      type: 'S3',
      config: { bucket: 'acme-thanos', endpoint: 's3.amazonaws.com' },
    });
  });

  test('without a bucket: a directory of each pod, and a warning that it is for tests only', () => {
    const result = render(createStack({}, [thanos(), prometheusStandIn()]));
    expect(parse(parse(result.files.get('thanos-objstoreSecret.yaml')!).stringData['objstore.yaml'])).toEqual(
      {
        type: 'FILESYSTEM',
        config: { directory: '/var/thanos/bucket' },
      },
    );
    expect(result.sections.notices['thanos-filesystem']?.message).toContain('for tests only');
    expect(
      render(createStack({}, [thanos(GCS), prometheusStandIn()])).sections.notices['thanos-filesystem'],
    ).toBeUndefined();
  });
});

describe('what it publishes and contributes', () => {
  test('containers with their options, replicas, the 1h retention, Services, roles', () => {
    const { stack } = render(createStack({ namespace: 'obs' }, [thanos(GCS), prometheusStandIn()]));
    const published = stack.components.thanos!;
    expect(Object.keys(published.containers).sort()).toEqual([
      'compact',
      'query',
      'query-frontend',
      'store',
      'thanos-sidecar',
    ]);
    expect(published.replicas).toEqual({ query: 2, queryFrontend: 2, store: 1 });
    expect(published.retention).toBe('1y');
    expect(published.roles).toEqual(['datasource', 'metrics']);
    expect(published.services.query).toMatchObject({
      address: 'thanos/queryService',
      name: 'thanos-query',
      namespace: 'obs',
      port: 10902,
      portName: 'http',
      healthPath: '/-/ready',
      podLabels: { 'app.kubernetes.io/name': 'thanos-query' },
    });
    expect(published.services.queryFrontend).toMatchObject({
      name: 'thanos-query-frontend',
      port: 10902,
      healthPath: '/-/ready',
    });
    expect(published.services.store).toMatchObject({ name: 'thanos-store', port: 10901, portName: 'grpc' });
    const observerOnly = render(
      createStack({}, [
        thanos({ ...GCS, ...observer, query: { enabled: false }, queryFrontend: { enabled: false } }),
      ]),
    );
    expect(observerOnly.stack.components.thanos!.roles).toEqual(['metrics']);
    expect(Object.keys(observerOnly.stack.components.thanos!.containers).sort()).toEqual([
      'compact',
      'store',
    ]);
  });

  test('buckets: the Store Gateway reads, the Compactor and the sidecar (as Prometheus) write; each its own ServiceAccount', () => {
    const { stack } = render(createStack({}, [thanos(GCS), prometheusStandIn()]));
    expect(stack.components.thanos!.buckets).toEqual({
      store: { bucket: 'acme-thanos', serviceAccount: { name: 'thanos-store' }, access: 'read' },
      compact: { bucket: 'acme-thanos', serviceAccount: { name: 'thanos-compact' }, access: 'readWrite' },
      sidecar: { bucket: 'acme-thanos', serviceAccount: { name: 'prometheus-k8s' }, access: 'readWrite' },
    });
    const noSidecar = render(createStack({}, [thanos({ ...GCS, ...observer })]));
    expect(Object.keys(noSidecar.stack.components.thanos!.buckets)).toEqual(['store', 'compact']);
    expect(render(createStack({}, [thanos(), prometheusStandIn()])).stack.components.thanos!.buckets).toEqual(
      {},
    );
  });

  test('on GKE with Workload Identity, exactly the ServiceAccounts that use the bucket are bound', () => {
    const files = renderFiles([
      thanos(GCS),
      prometheusStandIn(),
      gkeLike('thanos@acme.iam.gserviceaccount.com'),
    ]);
    const annotated = (file: string) =>
      parse(files.get(file)!).metadata.annotations?.['iam.gke.io/gcp-service-account'] as string | undefined;
    expect(annotated('thanos-storeServiceAccount.yaml')).toBe('thanos@acme.iam.gserviceaccount.com');
    expect(annotated('thanos-compactServiceAccount.yaml')).toBe('thanos@acme.iam.gserviceaccount.com');
    expect(annotated('prometheus-serviceAccount.yaml')).toBe('thanos@acme.iam.gserviceaccount.com');
    expect(annotated('thanos-queryServiceAccount.yaml')).toBeUndefined();
    expect(annotated('thanos-queryFrontendServiceAccount.yaml')).toBeUndefined();
  });

  test('a scrape target per running part, whose job is the Service name the mixin selects', () => {
    const { sections, files } = render(
      createStack({ namespace: 'obs' }, [
        thanos({ ...GCS, queryFrontend: { enabled: false } }),
        prometheusStandIn(),
      ]),
    );
    expect(
      Object.keys(sections.scrapeTargets)
        .filter((id) => id !== 'thanos-sidecar')
        .sort(),
    ).toEqual(['thanos-compact', 'thanos-query', 'thanos-store']);
    for (const job of ['thanos-compact', 'thanos-query', 'thanos-store']) {
      const monitor = parse(
        files.get(
          `prometheus-monitor${job.replace(/(^|-)([a-z])/g, (_, _d, c: string) => c.toUpperCase())}.yaml`,
        )!,
      );
      expect(monitor.spec.jobLabel).toBe('app.kubernetes.io/name');
      // The label the job comes from, on the Service the monitor selects, is the job itself.
      const service = [...files.values()]
        .map((text) => parse(text))
        .find((o) => o.kind === 'Service' && o.metadata.name === job);
      expect(service.metadata.labels['app.kubernetes.io/name']).toBe(job);
      expect(
        Object.entries(monitor.spec.selector.matchLabels).every(([k, v]) => service.metadata.labels[k] === v),
      ).toBe(true);
    }
  });

  test('the mixin leaves out what a part turned off would feed: no alert selects its job', () => {
    const alertsOf = (parts: Part[]) =>
      (render(createStack({}, parts)).sections.mixins.thanos?.prometheusAlerts?.groups ?? []).flatMap(
        (g) => g.rules,
      );
    const all = alertsOf([thanos(GCS), prometheusStandIn()]);
    expect(all.some((r) => r.expr.includes('thanos-compact'))).toBe(true);
    const noCompact = alertsOf([thanos({ ...GCS, compact: { enabled: false } }), prometheusStandIn()]);
    expect(noCompact.some((r) => /job="thanos-compact"/.test(r.expr))).toBe(false);
    expect(noCompact.length).toBeLessThan(all.length);
    expect(render(createStack({}, [thanos({ enabled: false })])).sections.mixins).toEqual({});
  });

  test('turned off, it renders nothing and contributes nothing', () => {
    const result = render(createStack({}, [thanos({ enabled: false })]));
    expect([...result.files.keys()].filter((f) => f.startsWith('thanos'))).toEqual([]);
    expect(result.sections.scrapeTargets).toEqual({});
    expect(result.sections.notices).toEqual({});
  });
});
