import { createStack, type Part, render, validateStack } from '@mixstack/core';
import { connectionVerdict, kustomize, networkModel, type PodEndpoint, podOf } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { tempo } from '../index.js';
import {
  COLLECTOR_POD_LABELS,
  collector,
  METRICS_POD_LABELS,
  metricsStore,
  objectStoragePlatform,
  scraperAndGrafana,
} from '../test-helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: tests walk rendered YAML of any shape.
type Json = Record<string, any>;

const KAFKA = 'kafka.kafka.svc:9092';
/** Tempo in distributed mode with a bucket from the platform (GKE), as a stack would have it. */
const distributed = (kafka: Record<string, unknown> = {}, more: Record<string, unknown> = {}): Part[] => [
  tempo({ kafka: { address: KAFKA, ...kafka }, objectStorage: { bucket: 'acme-tempo' }, ...more } as never),
  objectStoragePlatform('gke', 'gcs'),
];
const renderFiles = (parts: Part[], namespace = 'monitoring') =>
  render(createStack({ namespace }, parts)).files;
const filesOf = (parts: Part[]): Map<string, Json> =>
  new Map([...renderFiles(parts)].map(([file, text]) => [file, parse(text) as Json]));
const configOf = (files: Map<string, Json>): Json =>
  parse(files.get('tempo-config.yaml')!.data['tempo.yaml']);

/** Each workload: its file, kind, target, default replicas, and its claim's size (none: an emptyDir). */
const WORKLOADS: [string, string, string, number, string | undefined][] = [
  ['tempo-distributorDeployment.yaml', 'Deployment', 'distributor', 2, undefined],
  ['tempo-queryFrontendDeployment.yaml', 'Deployment', 'query-frontend', 2, undefined],
  ['tempo-querierDeployment.yaml', 'Deployment', 'querier', 2, undefined],
  ['tempo-liveStoreStatefulSet.yaml', 'StatefulSet', 'live-store', 3, '10Gi'],
  ['tempo-blockBuilderStatefulSet.yaml', 'StatefulSet', 'block-builder', 3, '10Gi'],
  ['tempo-metricsGeneratorStatefulSet.yaml', 'StatefulSet', 'metrics-generator', 1, '2Gi'],
  ['tempo-backendSchedulerStatefulSet.yaml', 'StatefulSet', 'backend-scheduler', 1, '1Gi'],
  ['tempo-backendWorkerDeployment.yaml', 'Deployment', 'backend-worker', 1, undefined],
];

describe('the distributed mode (kafka), rendered', () => {
  test.each<[string, () => Part[]]>([
    ['GCS from the platform', () => distributed()],
    [
      'S3, a metrics store, a collector, the scraper and Grafana, OTLP from every namespace',
      () => [
        tempo({
          kafka: { address: '10.0.12.7:9094', partitions: 6, topic: 'traces' },
          objectStorage: { type: 's3', bucket: 'acme-tempo', region: 'eu-west-1' },
          networkPolicy: { otlpFromEveryNamespace: true },
        }),
        metricsStore(),
        collector(),
        scraperAndGrafana,
      ],
    ],
  ])('passes every safety check of core: %s', (_case, parts) => {
    expect(validateStack(createStack({ namespace: 'monitoring' }, parts()))).toEqual([]);
  });

  test('kubectl kustomize accepts the output', () => {
    const { status, stderr } = kustomize(renderFiles([...distributed(), metricsStore(), collector()]));
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });

  test('the single binary is gone: no tempo StatefulSet, no tempo Service', () => {
    const files = filesOf(distributed());
    expect(files.has('tempo-statefulSet.yaml')).toBe(false);
    expect(files.has('tempo-service.yaml')).toBe(false);
    expect(files.has('tempo-serviceAccount.yaml')).toBe(true);
  });

  test.each(WORKLOADS)('%s: a %s of -target=%s, %i pods, claim %s', (file, kind, target, replicas, claim) => {
    const files = filesOf(distributed());
    const workload = files.get(file)!;
    expect(workload.kind).toBe(kind);
    expect(workload.metadata.name).toBe(`tempo-${target}`);
    expect(workload.spec.replicas).toBe(replicas);
    const pod = workload.spec.template.spec;
    const [container] = pod.containers;
    expect(container.name).toBe(target);
    expect(container.args).toEqual(['-config.file=/etc/tempo/tempo.yaml', `-target=${target}`]);
    expect(container.image).toBe('docker.io/grafana/tempo:3.0.2');
    expect(container.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
    expect(container.livenessProbe.tcpSocket).toEqual({ port: 'http' });
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, runAsNonRoot: true });
    expect(pod.securityContext).toMatchObject({ runAsUser: 10001, fsGroup: 10001 });
    expect(pod.serviceAccountName).toBe('tempo');
    expect(pod.volumes.find((v: Json) => v.name === 'config').configMap.name).toBe('tempo-config');
    expect(container.volumeMounts.map((m: Json) => m.mountPath)).toEqual([
      '/etc/tempo',
      '/var/tempo',
      '/tmp',
    ]);
    expect(workload.spec.template.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': 'tempo',
      'app.kubernetes.io/component': target,
    });
    if (claim === undefined) {
      expect(pod.volumes.find((v: Json) => v.name === 'data')).toEqual({ name: 'data', emptyDir: {} });
    } else {
      expect(workload.spec.serviceName).toBe(`tempo-${target}`);
      expect(workload.spec.persistentVolumeClaimRetentionPolicy).toEqual({
        whenDeleted: 'Retain',
        whenScaled: 'Retain',
      });
      expect(workload.spec.volumeClaimTemplates[0].metadata.name).toBe('data');
      expect(workload.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe(claim);
    }
    expect(pod.topologySpreadConstraints !== undefined).toBe(replicas > 1);
    expect(files.has(file.replace(/(Deployment|StatefulSet)\.yaml$/, 'PodDisruptionBudget.yaml'))).toBe(
      replicas > 1,
    );
  });

  test("the partitions set the live-stores and block-builders, and the topic an auto-created topic's partitions", () => {
    const files = filesOf(distributed({ partitions: 6, topic: 'traces' }));
    expect(files.get('tempo-liveStoreStatefulSet.yaml')!.spec.replicas).toBe(6);
    expect(files.get('tempo-blockBuilderStatefulSet.yaml')!.spec.replicas).toBe(6);
    expect(configOf(files).ingest).toEqual({
      kafka: { address: KAFKA, topic: 'traces', auto_create_topic_default_partitions: 6 },
    });
  });

  test('one configuration for every target: Kafka, the gossip, every ring in memberlist, the addresses they dial', () => {
    const files = filesOf(distributed());
    const config = configOf(files);
    const ring = { kvstore: { store: 'memberlist' } };
    expect(config.ingest.kafka).toEqual({
      address: KAFKA,
      topic: 'tempo-traces',
      auto_create_topic_default_partitions: 3,
    });
    expect(config.memberlist).toEqual({
      join_members: ['dns+tempo-gossip-ring.monitoring.svc.cluster.local:7946'],
      bind_port: 7946,
    });
    expect(config.block_builder).toEqual({
      partitions_per_instance: 1,
      wal: { path: '/var/tempo/block-builder/traces' },
    });
    expect(config.backend_worker).toMatchObject({
      backend_scheduler_addr: 'tempo-backend-scheduler.monitoring.svc.cluster.local:9095',
      ring,
    });
    expect(config.querier.frontend_worker.frontend_address).toBe(
      'tempo-query-frontend-discovery.monitoring.svc.cluster.local:9095',
    );
    for (const section of [config.distributor, config.metrics_generator]) expect(section.ring).toEqual(ring);
    expect(config.live_store).toMatchObject({ ring, partition_ring: ring });
    expect(config.storage.trace).toMatchObject({ backend: 'gcs', gcs: { bucket_name: 'acme-tempo' } });
    // Every workload rolls with the one configuration.
    const checksums = new Set(
      WORKLOADS.map(
        ([file]) =>
          files.get(file)!.spec.template.metadata.annotations['tempo.mixstack.dev/config-checksum'] as string,
      ),
    );
    expect(checksums.size).toBe(1);
  });

  test('the Services: HTTP on each workload, OTLP on the distributor, gRPC where it is dialled; the headless gossip and discovery', () => {
    const files = filesOf(distributed());
    const ports = (file: string) =>
      files.get(file)!.spec.ports.map((p: Json) => [p.name, p.port] as [string, number]);
    expect(ports('tempo-distributorService.yaml')).toEqual([
      ['http', 3200],
      ['otlp-grpc', 4317],
      ['otlp-http', 4318],
    ]);
    expect(ports('tempo-queryFrontendService.yaml')).toEqual([
      ['http', 3200],
      ['grpc', 9095],
    ]);
    expect(ports('tempo-backendSchedulerService.yaml')).toEqual([
      ['http', 3200],
      ['grpc', 9095],
    ]);
    expect(ports('tempo-querierService.yaml')).toEqual([['http', 3200]]);
    const gossip = files.get('tempo-gossipRingService.yaml')!;
    expect(gossip.metadata.name).toBe('tempo-gossip-ring');
    expect(gossip.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true });
    expect(gossip.spec.selector).toEqual({
      'app.kubernetes.io/name': 'tempo',
      'app.kubernetes.io/part-of': 'mixstack',
    });
    expect(ports('tempo-gossipRingService.yaml')).toEqual([['gossip', 7946]]);
    const discovery = files.get('tempo-queryFrontendDiscoveryService.yaml')!;
    expect(discovery.metadata.name).toBe('tempo-query-frontend-discovery');
    expect(discovery.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true });
    expect(discovery.spec.selector['app.kubernetes.io/component']).toBe('query-frontend');
  });
});

describe('what the distributed mode publishes and contributes', () => {
  test('the datasource URL is the query-frontend, the collector exports to the distributor', () => {
    const { sections, stack } = render(createStack({ namespace: 'obs' }, [...distributed(), collector()]));
    expect(sections.datasources.tempo!.url).toBe('http://tempo-query-frontend.obs.svc:3200');
    expect(sections.collectorPipelines.traces).toMatchObject({
      otlpEndpoint: 'tempo-distributor.obs.svc:4317',
      destination: { name: 'tempo-distributor', port: 4317, portName: 'otlp-grpc' },
    });
    expect(stack.components.tempo!.services.http).toMatchObject({
      address: 'tempo/queryFrontendService',
      name: 'tempo-query-frontend',
      healthPath: '/ready',
    });
    expect(stack.components.tempo!.buckets).toMatchObject({
      traces: { bucket: 'acme-tempo', serviceAccount: { name: 'tempo' }, access: 'readWrite' },
    });
  });

  test('one scrape target over every workload Service, each its own job (the Service name)', () => {
    const { sections } = render(createStack({ namespace: 'obs' }, distributed()));
    expect(sections.scrapeTargets.tempo).toEqual({
      namespace: 'obs',
      selector: { 'app.kubernetes.io/name': 'tempo', 'app.kubernetes.io/part-of': 'mixstack' },
      role: 'service',
      endpoints: [{ port: 'http', path: '/metrics' }],
    });
  });

  test('the metrics-generators are the network client of the metrics store', () => {
    const result = render(createStack({}, [...distributed(), metricsStore()]));
    expect(result.stack.components.metricsStore!.networkClients['tempo-generator']!.podLabels).toEqual({
      'app.kubernetes.io/name': 'tempo',
      'app.kubernetes.io/component': 'metrics-generator',
      'app.kubernetes.io/part-of': 'mixstack',
    });
  });
});

describe('its NetworkPolicies, as Kubernetes evaluates them', () => {
  const model = (parts: Part[]) =>
    networkModel([...renderFiles(parts).values()].map((text) => parse(text) as Record<string, unknown>));
  const pod = (labels: Record<string, string>, namespace = 'monitoring'): PodEndpoint => ({
    kind: 'pod',
    namespace,
    labels,
  });
  /** A workload of the mode, as the model finds it: by its StatefulSet's or Deployment's name. */
  const workload = (target: string) => ({ name: `tempo-${target}` });
  const GRAFANA = { 'app.kubernetes.io/name': 'grafana' };
  const PROMETHEUS = { 'app.kubernetes.io/name': 'prometheus' };
  const address = (ip: string) => ({ kind: 'address' as const, ip });

  test('the collector reaches the distributors on OTLP, Grafana the query-frontends, the scraper every workload', () => {
    const m = model([...distributed(), collector(), scraperAndGrafana]);
    const admits = (from: PodEndpoint, target: string, port: number) =>
      connectionVerdict(m, { from, to: podOf(m, workload(target)), port }).ingress.allowed;
    expect(admits(pod(COLLECTOR_POD_LABELS), 'distributor', 4317)).toBe(true);
    expect(admits(pod(COLLECTOR_POD_LABELS), 'distributor', 4318)).toBe(true);
    expect(admits(pod(COLLECTOR_POD_LABELS), 'query-frontend', 4317)).toBe(false);
    expect(admits(pod(COLLECTOR_POD_LABELS), 'distributor', 3200)).toBe(false);
    expect(admits(pod(GRAFANA), 'query-frontend', 3200)).toBe(true);
    expect(admits(pod(GRAFANA), 'querier', 3200)).toBe(false);
    expect(admits(pod(GRAFANA), 'distributor', 4317)).toBe(false);
    for (const target of ['distributor', 'query-frontend', 'querier', 'live-store', 'backend-scheduler'])
      expect(admits(pod(PROMETHEUS), target, 3200), target).toBe(true);
    expect(admits(pod(PROMETHEUS), 'querier', 9095)).toBe(false);
  });

  test("Tempo's pods reach each other on HTTP, gRPC and gossip", () => {
    const m = model(distributed());
    const connects = (from: string, to: string, port: number) =>
      connectionVerdict(m, { from: podOf(m, workload(from)), to: podOf(m, workload(to)), port }).allowed;
    expect(connects('querier', 'query-frontend', 9095)).toBe(true);
    expect(connects('querier', 'live-store', 9095)).toBe(true);
    expect(connects('backend-worker', 'backend-scheduler', 9095)).toBe(true);
    expect(connects('distributor', 'live-store', 7946)).toBe(true);
    expect(connects('distributor', 'live-store', 4317)).toBe(false);
  });

  test('Kafka, by the address: its namespace on its port, from the workloads that use it only', () => {
    const m = model(distributed());
    m.namespaces.kafka = { 'kubernetes.io/metadata.name': 'kafka' };
    const broker = pod({ 'app.kubernetes.io/name': 'kafka' }, 'kafka');
    const egress = (from: string, port: number) =>
      connectionVerdict(m, { from: podOf(m, workload(from)), to: broker, port }).egress.allowed;
    for (const target of ['distributor', 'live-store', 'block-builder', 'metrics-generator'])
      expect(egress(target, 9092), target).toBe(true);
    expect(egress('distributor', 9093)).toBe(false);
    expect(egress('querier', 9092)).toBe(false);
    expect(egress('query-frontend', 9092)).toBe(false);
  });

  test('Kafka at an IPv4 address: that address on its port; outside the cluster: any address on its port', () => {
    const byIp = model(distributed({ address: '10.0.12.7:9094' }));
    const from = podOf(byIp, workload('distributor'));
    expect(connectionVerdict(byIp, { from, to: address('10.0.12.7'), port: 9094 }).allowed).toBe(true);
    expect(connectionVerdict(byIp, { from, to: address('10.0.12.8'), port: 9094 }).allowed).toBe(false);
    const managed = model(distributed({ address: 'b-1.msk.example.com:9098' }));
    const distributor = podOf(managed, workload('distributor'));
    expect(
      connectionVerdict(managed, { from: distributor, to: address('52.1.2.3'), port: 9098 }).allowed,
    ).toBe(true);
    expect(
      connectionVerdict(managed, { from: distributor, to: address('52.1.2.3'), port: 9092 }).allowed,
    ).toBe(false);
  });

  test('the bucket from the workloads that read or write blocks; the metrics store from the generators', () => {
    const m = model([...distributed(), metricsStore()]);
    const reaches = (from: string, to: PodEndpoint | { kind: 'address'; ip: string }, port: number) =>
      connectionVerdict(m, { from: podOf(m, workload(from)), to, port }).egress.allowed;
    for (const target of [
      'block-builder',
      'querier',
      'query-frontend',
      'backend-worker',
      'backend-scheduler',
    ])
      expect(reaches(target, address('142.250.1.1'), 443), target).toBe(true);
    expect(reaches('distributor', address('142.250.1.1'), 443)).toBe(false);
    expect(reaches('metrics-generator', pod(METRICS_POD_LABELS), 9090)).toBe(true);
    expect(reaches('querier', pod(METRICS_POD_LABELS), 9090)).toBe(false);
  });

  test('otlpFromEveryNamespace opens OTLP on the distributors only', () => {
    const m = model(distributed({}, { networkPolicy: { otlpFromEveryNamespace: true } }));
    m.namespaces.apps = { 'kubernetes.io/metadata.name': 'apps' };
    const app = pod({ app: 'shop' }, 'apps');
    const admits = (target: string, port: number) =>
      connectionVerdict(m, { from: app, to: podOf(m, workload(target)), port }).ingress.allowed;
    expect(admits('distributor', 4317)).toBe(true);
    expect(admits('distributor', 3200)).toBe(false);
    expect(admits('query-frontend', 3200)).toBe(false);
  });
});
