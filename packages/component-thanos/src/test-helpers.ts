// Parts the workload tests compose Thanos with, written against core and the kit only (a
// component never imports another): a Prometheus that publishes what component-prometheus
// publishes (the component name, the `web` Service and its pods, the retention option, the
// roles, the scraper as a network client) and renders a Prometheus resource, its ServiceAccount
// and the ServiceMonitors of the scrape targets; Grafana as a network client; a platform that
// sets the object storage and grants the buckets as GKE's Workload Identity does.
import {
  addComponent,
  addKinds,
  addNetworkClient,
  addPatch,
  annotateBucketServiceAccounts,
  type BuildContext,
  type BuiltObjects,
  type CommonValues,
  defineComponent,
  type KubeObject,
  options,
  type Part,
  type Stack,
  withValues,
} from '@mixstack/core';
import { clientIngress, httpService, networkPolicy, selectorLabels, tcpPorts } from '@mixstack/kit';

type NoOptions = { readonly [key: string]: unknown };
const noOptions = options.object({}) as options.Schema<NoOptions>;

const SOURCE = '@test/prometheus';
/** The pods of the stand-in Prometheus, as the operator labels them. */
export const PROMETHEUS_POD_LABELS = selectorLabels({
  name: 'prometheus',
  component: 'prometheus',
  image: '',
});

/** The Prometheus resource the sidecar work patches, its ServiceAccount, and a ServiceMonitor per scrape target. */
function build(ctx: BuildContext<NoOptions>): BuiltObjects {
  const namespace = ctx.common.namespace;
  const monitors: Record<string, KubeObject> = {};
  for (const id of Object.keys(ctx.scrapeTargets).sort()) {
    const target = ctx.scrapeTargets[id]!;
    monitors[`monitor${id.replace(/(^|-)([a-z0-9])/g, (_, _dash, c: string) => c.toUpperCase())}`] = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: id, namespace },
      spec: {
        namespaceSelector: { matchNames: [target.namespace] },
        selector: { matchLabels: { ...target.selector } },
        ...(target.jobLabel ? { jobLabel: target.jobLabel } : {}),
        endpoints: target.endpoints.map((endpoint) => ({ ...endpoint })),
      },
    } as KubeObject;
  }
  return {
    serviceAccount: {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'prometheus-k8s', namespace },
      automountServiceAccountToken: true,
    } as KubeObject,
    prometheus: {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'Prometheus',
      metadata: { name: 'k8s', namespace },
      spec: {
        replicas: 2,
        image: 'quay.io/prometheus/prometheus:v3.9.1',
        serviceAccountName: 'prometheus-k8s',
        podMetadata: { labels: PROMETHEUS_POD_LABELS },
        retention: ctx.contracts.retention ?? '15d',
        externalLabels: { cluster: ctx.common.cluster },
      },
    } as KubeObject,
    networkPolicy: networkPolicy({
      name: 'prometheus-k8s',
      namespace,
      labels: PROMETHEUS_POD_LABELS,
      podLabels: PROMETHEUS_POD_LABELS,
      ingress: clientIngress(
        ctx.contracts.networkClients,
        ctx.contracts.networkClientRoles,
        () => tcpPorts(9090),
        namespace,
      ),
      egress: { open: 'Prometheus scrapes targets in every namespace' },
    }) as KubeObject,
    ...monitors,
  };
}

/** The Prometheus resource as core's checks see it: the operator's pods, spread and budgeted by the real package. */
function prometheusWorkload(object: KubeObject) {
  const spec = (object as unknown as { spec: { replicas?: number; serviceAccountName?: string } }).spec;
  return {
    namespace: object.metadata?.namespace ?? '',
    podLabels: { ...PROMETHEUS_POD_LABELS },
    replicas: 1,
    serviceAccountName: spec.serviceAccountName,
    spread: true,
  };
}

/** The stand-in of `prometheus()`: the component `prometheus`, with what Thanos' sidecar work reads. */
export const prometheusStandIn = defineComponent<NoOptions, NoOptions>({
  name: 'prometheus',
  source: SOURCE,
  schema: noOptions,
  defaults: () => ({}),
  contracts: (_values, common: CommonValues) => ({
    retention: { value: '15d', option: 'retention' },
    services: {
      web: httpService('prometheus', 'prometheus-k8s', common.namespace, {
        port: 9090,
        portName: 'web',
        healthPath: '/-/ready',
        podLabels: PROMETHEUS_POD_LABELS,
      }),
    },
    roles: ['datasource', 'metrics', 'remote-write'],
  }),
  extend: (stack: Stack) =>
    addNetworkClient(
      addKinds(stack, SOURCE, [
        {
          apiVersion: 'monitoring.coreos.com/v1',
          kind: 'Prometheus',
          namespaced: true,
          workload: prometheusWorkload,
        },
        { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', namespaced: true },
      ]),
      SOURCE,
      'prometheus',
      { podLabels: PROMETHEUS_POD_LABELS, reaches: ['@metrics'] },
    ),
  build,
});

/** Grafana's pods. */
export const GRAFANA_POD_LABELS = { 'app.kubernetes.io/name': 'grafana' };

/** What Grafana is to Thanos: a network client reaching every `datasource`. */
export const grafanaClient: Part = (stack) =>
  addNetworkClient(stack, '@test/grafana', 'grafana', {
    podLabels: GRAFANA_POD_LABELS,
    reaches: ['@datasource'],
  });

/** The annotation GKE's Workload Identity puts on a ServiceAccount it grants a bucket. */
export const WORKLOAD_IDENTITY = 'iam.gke.io/gcp-service-account';

/**
 * What `gke({ workloadIdentity: 'thanos@acme.iam.gserviceaccount.com' })` does to Thanos: GCS as
 * the stack's object storage, and each ServiceAccount that claims a bucket annotated with the
 * Google service account (core's `annotateBucketServiceAccounts`, as the platform calls it).
 */
export function gkeLike(googleServiceAccount: string): Part {
  return (stack) =>
    addPatch(
      withValues(stack, '@test/gke', 'platform', { common: { platform: 'gke', objectStorage: 'gcs' } }),
      {
        id: '@test/gke/workload-identity',
        source: '@test/gke',
        target: 'objects',
        apply: (objects, { values, stack: view, report }) => {
          const grants = Object.keys(view.components)
            .sort()
            .flatMap((name) =>
              Object.values(view.components[name]!.buckets).map((claim) => ({
                namespace: claim.serviceAccount.namespace ?? values.common.namespace,
                serviceAccount: claim.serviceAccount.name,
                components: [name],
                annotation: { key: WORKLOAD_IDENTITY, value: googleServiceAccount },
              })),
            );
          return annotateBucketServiceAccounts(objects, grants, '@test/gke/workload-identity', report);
        },
      },
    );
}

/** A platform that sets the stack's object storage only (`s3` on EKS, `gcs` on GKE). */
export function objectStoragePlatform(platform: string, objectStorage: 'gcs' | 's3' | 'azure'): Part {
  return (stack) => withValues(stack, '@test/platform', 'platform', { common: { platform, objectStorage } });
}

/** An object of the user's own, rendered by a component of its own (`user/<key>`). */
export function userObject(key: string, object: KubeObject): Part {
  return (stack) =>
    addComponent(stack, { name: 'user', source: '@test/user', build: () => ({ [key]: object }) });
}
