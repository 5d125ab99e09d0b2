import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  addCollectorPipeline,
  addNetworkClient,
  type BuildContext,
  type CollectorPipeline,
  defineComponent,
  type LogsPipeline,
  options,
  type Part,
  type ProfilesPipeline,
  type ServiceContract,
  type TracesPipeline,
} from '@mixstack/core';
import { clientIngress, networkPolicy, serviceAccount, tcpPorts } from '@mixstack/kit';
import { sharedReference } from '@mixstack/testing';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = resolve(packageDir, '../..');

/** Alloy's components and arguments (the shared reference folder; CI always has it). */
const ALLOY_KEYS = sharedReference('reference/config-keys/alloy.tsv');
export const configKeysDir = dirname(ALLOY_KEYS.path);
export const hasConfigKeys = ALLOY_KEYS.available;
export const SHARED_SKIP_MESSAGE = ALLOY_KEYS.skipMessage;

/** A log store's Service as a logs package publishes it: pods `app.kubernetes.io/name=<name>` on 3100. */
export function storeService(name = 'loki', namespace = 'monitoring'): ServiceContract {
  return {
    address: `${name}/service`,
    name,
    namespace,
    port: 3100,
    portName: 'http',
    scheme: 'http',
    podLabels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': 'store' },
  };
}

/** A logs pipeline as a log store would contribute it; `overrides` change any field. */
export function logsPipeline(overrides: Partial<LogsPipeline> = {}): LogsPipeline {
  const destination = overrides.destination ?? storeService();
  return {
    signal: 'logs',
    pushUrl: `http://${destination.name}.${destination.namespace}.svc:${destination.port}/loki/api/v1/push`,
    destination,
    source: 'api',
    events: false,
    staticLabels: {},
    stages: [],
    ...overrides,
  };
}

/** A trace store's Service as a traces package publishes it: pods `app.kubernetes.io/name=<name>`, OTLP gRPC on 4317. */
export function traceStoreService(name = 'tempo', namespace = 'monitoring'): ServiceContract {
  return {
    address: `${name}/service`,
    name,
    namespace,
    port: 4317,
    portName: 'otlp-grpc',
    scheme: 'http',
    podLabels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': 'traces' },
  };
}

/** A traces pipeline as a trace store would contribute it: OTLP gRPC to its Service. */
export function tracesPipeline(destination: ServiceContract = traceStoreService()): TracesPipeline {
  return {
    signal: 'traces',
    otlpEndpoint: `${destination.name}.${destination.namespace}.svc:${destination.port}`,
    destination,
  };
}

/** The traces scenarios' pipeline: to the stack's `tempo` in its namespace. */
export const defaultTracesPipeline = (namespace = 'monitoring'): TracesPipeline =>
  tracesPipeline(traceStoreService('tempo', namespace));

/** A part that contributes a pipeline, as a log or trace store's package does (a package written for the tests). */
export function withPipeline(
  id: string,
  pipeline: CollectorPipeline | ((namespace: string) => CollectorPipeline),
): Part {
  return (stack) =>
    addCollectorPipeline(stack, 'test-store', id, (values) =>
      typeof pipeline === 'function' ? pipeline(values.common.namespace) : pipeline,
    );
}

/** The default scenario's pipeline: through the API, with events and a JSON stage. */
export const defaultPipeline = (namespace = 'monitoring'): LogsPipeline =>
  logsPipeline({
    destination: storeService('loki', namespace),
    pushUrl: `http://loki.${namespace}.svc:3100/loki/api/v1/push`,
    events: true,
    staticLabels: { source: 'alloy' },
    stages: [{ type: 'json', fields: { level: 'level', msg: 'message' } }],
  });

/** Every kind of stage, in one pipeline read from the node's files. */
export const filesPipeline = (namespace = 'monitoring'): LogsPipeline =>
  logsPipeline({
    destination: storeService('loki', namespace),
    pushUrl: `http://loki.${namespace}.svc:3100/loki/api/v1/push`,
    source: 'files',
    stages: [
      { type: 'multiline', firstLine: '^\\d{4}-\\d{2}-\\d{2}', maxWaitTime: '3s', maxLines: 500 },
      { type: 'logfmt', fields: { level: 'level' } },
      { type: 'labels', labels: { level: 'level' } },
      { type: 'drop', expression: '.*GET /healthz.*', reason: 'health_checks' },
    ],
  });

/** The stack's Prometheus as Alloy sees it: a network client of every `metrics` role. */
export const scraper: Part = (stack) =>
  addNetworkClient(stack, 'test', 'prometheus', {
    podLabels: { 'app.kubernetes.io/name': 'prometheus' },
    reaches: ['@metrics'],
  });

/** The objects of a store written for the tests: a Deployment behind a policy that admits its network clients on `port`. */
function storeObjects(
  name: string,
  labels: Record<string, string>,
  port: { name: string; number: number },
  namespace: string,
  contracts: BuildContext<object>['contracts'],
) {
  return {
    serviceAccount: serviceAccount(name, namespace, labels, false),
    // Its network clients (the collector, through `ingest`) on its port; it connects to nothing.
    networkPolicy: networkPolicy({
      name,
      namespace,
      labels,
      podLabels: labels,
      ingress: clientIngress(
        contracts.networkClients,
        contracts.networkClientRoles,
        () => tcpPorts(port.number),
        namespace,
      ),
      egress: { only: [] },
    }),
    deployment: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace, labels },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: name,
            automountServiceAccountToken: false,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: 65534,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [
              {
                name,
                image: 'docker.io/grafana/loki:3.5.0',
                ports: [{ name: port.name, containerPort: port.number }],
                readinessProbe: { tcpSocket: { port: port.name } },
                livenessProbe: { tcpSocket: { port: port.name } },
                resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '128Mi' } },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  capabilities: { drop: ['ALL'] },
                  readOnlyRootFilesystem: true,
                  runAsNonRoot: true,
                  seccompProfile: { type: 'RuntimeDefault' },
                },
              },
            ],
          },
        },
      },
    },
  };
}

/**
 * A log store written for the tests (never shipped): it plays `ingest`, so it admits the
 * stack's collector, and contributes a pipeline to itself, as a logs package does.
 */
export const testStore = defineComponent<{ source: 'api' | 'files' }, { source?: 'api' | 'files' }>({
  name: 'store',
  source: 'test-store',
  schema: options.object({ source: options.oneOf(['api', 'files'] as const) }),
  defaults: () => ({ source: 'api' }),
  contracts: () => ({ roles: ['ingest'] }),
  extend: (stack) =>
    addCollectorPipeline(stack, 'test-store', 'store', (values) =>
      logsPipeline({
        destination: storeService('store', values.common.namespace),
        pushUrl: `http://store.${values.common.namespace}.svc:3100/loki/api/v1/push`,
        source: (values.store as { source: 'api' | 'files' }).source,
      }),
    ),
  build: ({ common, contracts }) =>
    storeObjects(
      'store',
      { ...storeService().podLabels, 'app.kubernetes.io/name': 'store' },
      { name: 'http', number: 3100 },
      common.namespace,
      contracts,
    ),
});

/**
 * A trace store written for the tests (never shipped): it plays `ingest`, admits the stack's
 * collector on OTLP gRPC, and contributes a traces pipeline to itself, as a traces package does.
 */
export const testTraceStore = defineComponent<object, object>({
  name: 'tempo',
  source: 'test-trace-store',
  schema: options.object({}),
  defaults: () => ({}),
  contracts: () => ({ roles: ['ingest'] }),
  extend: (stack) =>
    addCollectorPipeline(stack, 'test-trace-store', 'traces', (values) =>
      tracesPipeline(traceStoreService('tempo', values.common.namespace)),
    ),
  build: ({ common, contracts }) =>
    storeObjects(
      'tempo',
      traceStoreService().podLabels,
      { name: 'otlp-grpc', number: 4317 },
      common.namespace,
      contracts,
    ),
});

/** A profile store's Service as a profiles package publishes it: pods `app.kubernetes.io/name=<name>` on 4040. */
export function profileStoreService(name = 'pyroscope', namespace = 'monitoring'): ServiceContract {
  return {
    address: `${name}/service`,
    name,
    namespace,
    port: 4040,
    portName: 'http',
    scheme: 'http',
    podLabels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': 'profiles' },
  };
}

/** A profiles pipeline as a profile store would contribute it; `overrides` change any field. */
export function profilesPipeline(overrides: Partial<ProfilesPipeline> = {}): ProfilesPipeline {
  const destination = overrides.destination ?? profileStoreService();
  return {
    signal: 'profiles',
    writeUrl: `http://${destination.name}.${destination.namespace}.svc:${destination.port}`,
    destination,
    scrape: true,
    ebpf: false,
    ...overrides,
  };
}

/** The profiles scenarios' pipeline: to the stack's `pyroscope` in its namespace, scraping (and with eBPF if asked). */
export const defaultProfilesPipeline =
  (ebpf = false) =>
  (namespace = 'monitoring'): ProfilesPipeline =>
    profilesPipeline({ destination: profileStoreService('pyroscope', namespace), ebpf });

/**
 * A profile store written for the tests (never shipped): it plays `ingest`, admits the stack's
 * collector (and profiler) on 4040, and contributes a profiles pipeline to itself, as a
 * profiles package does.
 */
export const testProfileStore = defineComponent<{ ebpf: boolean }, { ebpf?: boolean }>({
  name: 'pyroscope',
  source: 'test-profile-store',
  schema: options.object({ ebpf: options.boolean() }),
  defaults: () => ({ ebpf: false }),
  contracts: () => ({ roles: ['ingest'] }),
  extend: (stack) =>
    addCollectorPipeline(stack, 'test-profile-store', 'profiles', (values) =>
      profilesPipeline({
        destination: profileStoreService('pyroscope', values.common.namespace),
        ebpf: (values.pyroscope as { ebpf: boolean }).ebpf,
      }),
    ),
  build: ({ common, contracts }) =>
    storeObjects(
      'pyroscope',
      profileStoreService().podLabels,
      { name: 'http', number: 4040 },
      common.namespace,
      contracts,
    ),
});
