/**
 * `archiver`, a component written only against core's `defineComponent`, as a new component
 * (Loki, Tempo) would be: it keeps data in buckets, runs a Deployment as its own ServiceAccount,
 * and publishes its container, its Service, its buckets and the `datasource` role. Tests of
 * addons, platforms and libs use it to show that they act on any component through the
 * contracts, with no change to their own code.
 */
import {
  type AdmittedClient,
  type BucketClaim,
  type ContainerResources,
  type ContainerResourcesAdjustment,
  defineComponent,
  type KubeObject,
  options,
  type Part,
  type ResolvedContracts,
} from '@mixstack/core';

const quantities = () => options.object({ cpu: options.quantity(), memory: options.quantity() });

interface ArchiverOptions {
  /** Buckets by id. @default { data: 'acme-<name>-data' } */
  buckets?: Record<string, string>;
  /** @default 'readWrite' */
  access?: BucketClaim['access'];
  /** The ServiceAccount its pods run as, and its bucket claims name. @default its name */
  serviceAccount?: string;
  /** Render that ServiceAccount (false: a claim for a ServiceAccount nobody renders). @default true */
  renderServiceAccount?: boolean;
  resources?: ContainerResourcesAdjustment;
}

const archiverSchema: options.Schema<ArchiverOptions> = options.object({
  buckets: options.record(options.string({ minLength: 1 })),
  access: options.oneOf(['readWrite', 'read'] as const),
  serviceAccount: options.dnsLabel(),
  renderServiceAccount: options.boolean(),
  resources: options.object({ requests: quantities(), limits: quantities() }),
});

interface ArchiverValues {
  /** By id; a list given in the options replaces the default one (no merge of bucket lists). */
  buckets?: Record<string, string>;
  access: BucketClaim['access'];
  serviceAccount?: string;
  renderServiceAccount: boolean;
  resources: ContainerResources;
}

/** NetworkPolicy peers for the clients the stack says reach the component (core decides who does). */
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

function archiverObjects(
  name: string,
  values: ArchiverValues,
  namespace: string,
  contracts: ResolvedContracts,
): Record<string, KubeObject | false> {
  const labels = { 'app.kubernetes.io/name': name };
  const metadata = { name, namespace, labels };
  const serviceAccount = values.serviceAccount ?? name;
  return {
    // Unlabelled, as the golden file has it: only the Workload Identity annotation may change it.
    serviceAccount: values.renderServiceAccount && {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: serviceAccount, namespace },
      automountServiceAccountToken: false,
    },
    deployment: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata,
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: serviceAccount,
            automountServiceAccountToken: false,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: 65534,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [
              {
                name,
                image: 'registry.example.com/archiver:1.0.0',
                ports: [{ name: 'http', containerPort: 8080 }],
                readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
                livenessProbe: { httpGet: { path: '/healthy', port: 'http' } },
                resources: contracts.containers[name],
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  runAsNonRoot: true,
                  capabilities: { drop: ['ALL'] },
                },
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
      spec: { selector: labels, ports: [{ name: 'http', port: 8080, targetPort: 'http' }] },
    },
    networkPolicy: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata,
      spec: {
        podSelector: { matchLabels: labels },
        policyTypes: ['Ingress'],
        ingress: [
          { from: peers(contracts.networkClients, namespace), ports: [{ port: 'http', protocol: 'TCP' }] },
        ],
      },
    },
  } as unknown as Record<string, KubeObject | false>;
}

const archivers = new Map<string, ReturnType<typeof archiverComponent>>();

/** The definition of one archiver (one per name: a stack may have two). */
function archiverComponent(name: string) {
  return defineComponent<ArchiverValues, ArchiverOptions>({
    name,
    source: '@test/archiver',
    schema: archiverSchema,
    defaults: () => ({
      access: 'readWrite',
      renderServiceAccount: true,
      resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
    }),
    contracts: (values, common) => ({
      containers: { [name]: values.resources },
      services: {
        http: {
          address: `${name}/service`,
          name,
          namespace: common.namespace,
          port: 8080,
          portName: 'http',
          scheme: 'http',
          healthPath: '/ready',
          podLabels: { 'app.kubernetes.io/name': name },
        },
      },
      // The object-storage contract of core: the buckets its pods use, by an id of its own.
      buckets: Object.fromEntries(
        Object.entries(values.buckets ?? { data: `acme-${name}-data` }).map(([id, bucket]) => [
          id,
          { bucket, serviceAccount: { name: values.serviceAccount ?? name }, access: values.access },
        ]),
      ),
      roles: ['datasource'],
    }),
    build: (ctx) => archiverObjects(name, ctx.values, ctx.common.namespace, ctx.contracts),
  });
}

/**
 * A component written for these tests with core's `defineComponent`, as a new component (Loki,
 * Tempo) would be: it keeps data in buckets, runs a Deployment as its own ServiceAccount,
 * and publishes its container, its Service, its buckets and the `datasource` role — nothing
 * about GKE or Grafana. `gke()` must give it Workload Identity, and Grafana network access,
 * with no change to platform-gke or component-grafana.
 */
export function archiver(options: ArchiverOptions & { name?: string; enabled?: boolean } = {}): Part {
  const { name = 'archiver', ...rest } = options;
  if (!archivers.has(name)) archivers.set(name, archiverComponent(name));
  return archivers.get(name)!(rest);
}
