// Helpers of this package's tests (index.ts does not export them, so they never reach dist/).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type AdmittedClient,
  addMixin,
  type ContainerResources,
  type Dashboard,
  defineComponent,
  definePart,
  type KubeObject,
  type Mixin,
  options,
  type Part,
  type ResolvedContracts,
} from '@mixstack/core';
import { goldenDirectory } from '@mixstack/testing';

function dashboard(title: string, expr: string): Dashboard {
  return {
    title,
    schemaVersion: 39,
    panels: [
      {
        id: 1,
        type: 'timeseries',
        title: 'Panel',
        datasource: { type: 'prometheus', uid: 'prometheus' },
        targets: [{ refId: 'A', expr }],
        gridPos: { h: 8, w: 12, x: 0, y: 0 },
      },
    ],
  };
}

/** A mixin written for the tests: two alert groups, a recording group, two dashboards. Never shipped. */
export function testAppMixin(): Mixin {
  return {
    title: 'Test App',
    prometheusAlerts: {
      groups: [
        {
          name: 'test-app-alerts',
          rules: [
            {
              alert: 'TestAppDown',
              expr: 'up{job="test-app"} == 0',
              for: '5m',
              labels: { severity: 'critical' },
              annotations: { summary: 'Test app is down.' },
            },
            {
              alert: 'TestAppSlow',
              expr: 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="test-app"}[5m]))) > 1',
              for: '10m',
              labels: { severity: 'warning' },
              annotations: { summary: 'Test app is slow.' },
            },
            {
              alert: 'TestAppSlow',
              expr: 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="test-app"}[5m]))) > 5',
              for: '10m',
              labels: { severity: 'critical' },
              annotations: { summary: 'Test app is very slow.' },
            },
          ],
        },
        {
          name: 'test-app-capacity',
          rules: [
            {
              alert: 'TestAppDiskFull',
              expr: 'test_app_disk_free_bytes < 1e9',
              labels: { severity: 'warning' },
            },
          ],
        },
      ],
    },
    prometheusRules: {
      groups: [
        {
          name: 'test-app.rules',
          rules: [{ record: 'job:up:sum', expr: 'sum by (job) (up{job="test-app"})' }],
        },
      ],
    },
    grafanaDashboards: {
      'overview.json': dashboard('Test App / Overview', 'sum(up{job="test-app"})'),
      'capacity.json': dashboard('Test App / Capacity', 'test_app_disk_free_bytes'),
    },
  };
}

/** A second mixin with an alert of the same name, for `<mixin>/<alert>`. */
export function otherAppMixin(): Mixin {
  return {
    title: 'Other App',
    prometheusAlerts: {
      groups: [
        {
          name: 'other-app-alerts',
          rules: [
            {
              alert: 'TestAppDown',
              expr: 'up{job="other-app"} == 0',
              for: '5m',
              labels: { severity: 'warning' },
            },
          ],
        },
      ],
    },
    grafanaDashboards: { 'overview.json': dashboard('Other App / Overview', 'sum(up{job="other-app"})') },
  };
}

export function testMixins(): Part {
  return definePart('test-mixins', (stack) =>
    addMixin(addMixin(stack, 'test', 'test-app', testAppMixin()), 'test', 'other-app', otherAppMixin()),
  );
}

/** This package's golden files (`UPDATE_GOLDEN=1 npx vitest run` rewrites them). */
export const { expectGoldenFolder } = goldenDirectory(
  join(dirname(fileURLToPath(import.meta.url)), '__golden__'),
);

/** Every permutation of a short list (order-independence tests). */
export function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

const quantities = () => options.object({ cpu: options.quantity(), memory: options.quantity() });

const archiverSchema = options.object({
  bucket: options.string({ minLength: 1 }),
  resources: options.object({ requests: quantities(), limits: quantities() }),
});

interface ArchiverValues {
  bucket: string;
  resources: ContainerResources;
}

const LABELS = { 'app.kubernetes.io/name': 'archiver' };

/** NetworkPolicy peers for the clients the stack says reach the component. */
function peers(clients: Readonly<Record<string, AdmittedClient>>, namespace: string): unknown[] {
  return Object.keys(clients)
    .sort()
    .map((name) => {
      const client = clients[name]!;
      if (client.cidr) return { ipBlock: { cidr: client.cidr } };
      const other = client.namespace !== undefined && client.namespace !== namespace;
      return {
        ...(other
          ? { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': client.namespace } } }
          : {}),
        podSelector: { matchLabels: { ...client.podLabels } },
      };
    });
}

function archiverObjects(namespace: string, contracts: ResolvedContracts): Record<string, KubeObject> {
  const metadata = { name: 'archiver', namespace, labels: { ...LABELS } };
  const security = {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
  };
  return {
    serviceAccount: {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata,
      automountServiceAccountToken: false,
    },
    deployment: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata,
      spec: {
        replicas: 1,
        selector: { matchLabels: { ...LABELS } },
        template: {
          metadata: { labels: { ...LABELS } },
          spec: {
            serviceAccountName: 'archiver',
            automountServiceAccountToken: false,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: 65534,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [
              {
                name: 'archiver',
                image: 'registry.example.com/archiver:1.0.0',
                ports: [{ name: 'http', containerPort: 8080 }],
                readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
                livenessProbe: { httpGet: { path: '/healthy', port: 'http' } },
                // The resources as the stack resolved them: the options, then any adjustment (setResources).
                resources: contracts.containers.archiver,
                securityContext: security,
              },
            ],
          },
        },
      },
    },
    service: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata,
      spec: { selector: { ...LABELS }, ports: [{ name: 'http', port: 8080, targetPort: 'http' }] },
    },
    networkPolicy: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata,
      spec: {
        podSelector: { matchLabels: { ...LABELS } },
        policyTypes: ['Ingress'],
        ingress: [
          { from: peers(contracts.networkClients, namespace), ports: [{ port: 'http', protocol: 'TCP' }] },
        ],
      },
    },
  } as unknown as Record<string, KubeObject>;
}

/**
 * A component this package has never heard of, written with core's `defineComponent` as a new
 * component would be: it publishes its container (with the resources its options give it), a
 * Service, a bucket and the `datasource` role, and renders its container with the resources
 * the stack resolved. `setResources` must work on it with no change to lib-rules.
 */
export const archiver = defineComponent<ArchiverValues, options.Infer<typeof archiverSchema>>({
  name: 'archiver',
  source: '@test/archiver',
  schema: archiverSchema,
  defaults: () => ({
    bucket: 'acme-archive',
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
  }),
  contracts: (values, common) => ({
    containers: { archiver: values.resources },
    services: {
      http: {
        address: 'archiver/service',
        name: 'archiver',
        namespace: common.namespace,
        port: 8080,
        portName: 'http',
        scheme: 'http',
        healthPath: '/ready',
      },
    },
    buckets: { data: { bucket: values.bucket, serviceAccount: { name: 'archiver' }, access: 'readWrite' } },
    roles: ['datasource'],
  }),
  build: (ctx) => archiverObjects(ctx.common.namespace, ctx.contracts),
});

interface Container {
  name: string;
  resources?: unknown;
}

/**
 * The resources a component's rendered objects give the container `name`: the Prometheus and
 * Alertmanager resources hold them in `spec.resources` (the operator's main container), the
 * other workloads in their pod template's containers (kube-rbac-proxy matching every proxy).
 */
export function renderedResources(
  objects: readonly { component: string; object: KubeObject }[],
  component: string,
  name: string,
) {
  const found: unknown[] = [];
  for (const { object } of objects.filter((o) => o.component === component)) {
    const spec = (object as { spec?: Record<string, unknown> }).spec;
    if (
      (object.kind === 'Prometheus' || object.kind === 'Alertmanager') &&
      object.kind.toLowerCase() === name
    )
      found.push(spec?.resources);
    const containers =
      (spec?.template as { spec?: { containers?: Container[] } } | undefined)?.spec?.containers ?? [];
    for (const container of containers)
      if (container.name === name || container.name.startsWith(`${name}-`)) found.push(container.resources);
  }
  return found;
}
