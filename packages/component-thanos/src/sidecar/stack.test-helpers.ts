import {
  addComponent,
  addDatasource,
  addKinds,
  addNetworkClient,
  addPatch,
  type BuildContext,
  type BuiltObjects,
  type CommonValues,
  type ComponentContracts,
  DATASOURCE_UIDS,
  type DeepPartial,
  defineComponent,
  type KubeObject,
  options,
  prometheusDatasource,
  type Stack,
  type StackView,
  tempoDatasource,
  type Values,
} from '@mixstack/core';
import {
  clientIngress,
  type Egress,
  httpService,
  imageVersion,
  networkPolicy,
  objectLabels,
  selectorLabels,
  tcpPorts,
} from '@mixstack/kit';
import { crdFolder, crdIssues, crdSchema } from './crd-schema.test-helpers.js';

/**
 * Stand-ins for the packages the sidecar meets, written against core and the kit only: a
 * component may not import another (tools/layering.rules.mjs), so these publish what
 * `@mixstack/component-prometheus` publishes — the same component name, Service contract, pod
 * labels, retention option, roles, network client, datasource and exemplar links, the same
 * `Prometheus` resource fields the sidecar reads — and render the scrape targets into
 * ServiceMonitors the way it does. The stack with the real packages is rendered by the
 * meta-package's tests.
 */

const SOURCE = 'prometheus-stand-in';
const PROMETHEUS_IMAGE = 'quay.io/prometheus/prometheus:v3.9.1';
const WEB_PORT = 9090;
const RELOADER_PORT = 8080;

export interface PrometheusLikeValues {
  /** The Prometheus resource's name; its objects are `prometheus-<name>`. */
  name: string;
  image: string;
  replicas: number;
  /** How long it keeps data, published as the adjustable retention (option `retention`). */
  retention: string;
  scrapeInterval: string;
  /** The ServiceAccount of the pods. @default `prometheus-<name>`, as the real one */
  serviceAccountName?: string;
  /**
   * Its NetworkPolicy's egress: open, as the real one (it scrapes every namespace), or only to
   * the stack's Alertmanager, for the tests of a Prometheus whose egress is restricted.
   */
  egress: 'open' | 'restricted';
}

const defaults = (): PrometheusLikeValues => ({
  name: 'k8s',
  image: PROMETHEUS_IMAGE,
  replicas: 2,
  retention: '15d',
  scrapeInterval: '30s',
  egress: 'open',
});

const EGRESS: Record<PrometheusLikeValues['egress'], Egress> = {
  open: { open: 'Prometheus scrapes targets in every namespace' },
  restricted: {
    only: [
      {
        purpose: 'Alertmanager',
        to: [{ podLabels: { 'app.kubernetes.io/name': 'alertmanager' } }],
        ports: [{ port: 9093, protocol: 'TCP' }],
      },
    ],
  },
};

const labels = (v: PrometheusLikeValues) => ({
  name: 'prometheus',
  component: 'prometheus',
  instance: v.name,
  image: v.image,
});

function build(ctx: BuildContext<PrometheusLikeValues>): BuiltObjects {
  const v = ctx.values;
  const retention = ctx.contracts.retention ?? v.retention;
  const name = `prometheus-${v.name}`;
  const namespace = ctx.common.namespace;
  return {
    prometheus: {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'Prometheus',
      metadata: { name: v.name, namespace, labels: objectLabels(labels(v)) },
      spec: {
        replicas: v.replicas,
        image: v.image,
        version: imageVersion(v.image),
        serviceAccountName: v.serviceAccountName ?? name,
        podMetadata: { labels: objectLabels(labels(v)) },
        retention,
        externalLabels: { cluster: ctx.common.cluster },
        ruleSelector: { matchLabels: { role: 'alert-rules' } },
        serviceMonitorSelector: {},
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: 'kubernetes.io/hostname',
            whenUnsatisfiable: 'ScheduleAnyway',
            labelSelector: { matchLabels: selectorLabels(labels(v)) },
          },
        ],
      },
    } as KubeObject,
    serviceAccount: {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: v.serviceAccountName ?? name, namespace },
      automountServiceAccountToken: true,
    } as KubeObject,
    podDisruptionBudget: {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name, namespace },
      spec: { minAvailable: 1, selector: { matchLabels: selectorLabels(labels(v)) } },
    } as KubeObject,
    networkPolicy: networkPolicy({
      name,
      namespace,
      labels: objectLabels(labels(v)),
      podLabels: selectorLabels(labels(v)),
      ingress: clientIngress(
        ctx.contracts.networkClients,
        ctx.contracts.networkClientRoles,
        (through) => (through.includes('metrics') ? tcpPorts(WEB_PORT, RELOADER_PORT) : tcpPorts(WEB_PORT)),
        namespace,
      ),
      egress: EGRESS[v.egress],
    }) as KubeObject,
  };
}

function contracts(v: PrometheusLikeValues, common: CommonValues): ComponentContracts {
  return {
    containers: { prometheus: { requests: { cpu: '100m', memory: '400Mi' }, limits: { memory: '2Gi' } } },
    retention: { value: v.retention, option: 'retention' },
    services: {
      web: httpService('prometheus', `prometheus-${v.name}`, common.namespace, {
        port: WEB_PORT,
        portName: 'web',
        healthPath: '/-/ready',
        podLabels: selectorLabels(labels(v)),
      }),
    },
    roles: ['datasource', 'metrics', 'remote-write'],
  };
}

/** The operator's pods of a Prometheus resource, for core's checks (as the real kind registers it). */
function workload(object: KubeObject) {
  const spec = (
    object as unknown as {
      spec: {
        podMetadata?: { labels?: Record<string, string> };
        replicas?: number;
        serviceAccountName?: string;
      };
    }
  ).spec;
  return {
    namespace: object.metadata?.namespace ?? '',
    podLabels: {
      ...spec.podMetadata?.labels,
      'app.kubernetes.io/name': 'prometheus',
      'app.kubernetes.io/managed-by': 'prometheus-operator',
      'app.kubernetes.io/instance': object.metadata?.name ?? '',
      prometheus: object.metadata?.name ?? '',
      'operator.prometheus.io/name': object.metadata?.name ?? '',
    },
    replicas: spec.replicas ?? 1,
    serviceAccountName: spec.serviceAccountName,
    spread: true,
  };
}

/** A CRD kind validated against the real v0.93.0 schema of its `spec`, when the shared folder has it. */
function kind(kindName: string, file: string) {
  const spec = crdFolder.available ? crdSchema(file).properties?.spec : undefined;
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: kindName,
    namespaced: true,
    ...(spec
      ? {
          validate: (object: unknown) =>
            crdIssues(spec, (object as { spec?: unknown }).spec, 'spec').map((message) => ({
              path: message.split(':')[0]!,
              message,
            })),
        }
      : {}),
    ...(kindName === 'Prometheus' ? { workload } : {}),
  };
}

/** The `prometheus` datasource, as the real package builds it from the final values. */
function datasource(values: Values, stack: StackView) {
  const v = values.prometheus as PrometheusLikeValues | undefined;
  if (!v?.name) return undefined;
  return prometheusDatasource({
    url: `http://prometheus-${v.name}.${values.common.namespace}.svc:${WEB_PORT}`,
    jsonData: {
      prometheusType: 'Prometheus',
      prometheusVersion: imageVersion(v.image),
      timeInterval: v.scrapeInterval,
      ...(stack.has('alertmanager') ? { alertmanagerUid: DATASOURCE_UIDS.alertmanager } : {}),
    },
  });
}

/** The ServiceMonitor of each scrape target, as the real package renders them (`prometheusScrapeTargets/<id>`). */
function buildMonitors(ctx: BuildContext<unknown>): BuiltObjects {
  if (!ctx.stack.has('prometheus')) return {};
  const objects: Record<string, KubeObject> = {};
  for (const id of Object.keys(ctx.scrapeTargets).sort()) {
    const target = ctx.scrapeTargets[id]!;
    const key = id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    objects[key] = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: {
        name: id,
        namespace: ctx.common.namespace,
        labels: { 'app.kubernetes.io/name': id, 'app.kubernetes.io/part-of': 'mixstack' },
      },
      spec: {
        namespaceSelector: { matchNames: [target.namespace] },
        selector: { matchLabels: { ...target.selector } },
        ...(target.jobLabel ? { jobLabel: target.jobLabel } : {}),
        endpoints: target.endpoints.map((endpoint) => ({ ...endpoint })),
      },
    } as KubeObject;
  }
  return objects;
}

function extend(stack: Stack): Stack {
  let next = addKinds(stack, SOURCE, [
    kind('Prometheus', 'monitoring.coreos.com_prometheuses.yaml'),
    kind('ServiceMonitor', 'monitoring.coreos.com_servicemonitors.yaml'),
  ]);
  next = addDatasource(next, SOURCE, DATASOURCE_UIDS.prometheus, datasource);
  // As component-prometheus's `exemplar-links` patch: exemplars link to the traces datasource.
  next = addPatch(next, {
    id: `${SOURCE}/exemplar-links`,
    source: SOURCE,
    target: 'sections',
    apply: (sections) => {
      const own = sections.datasources[DATASOURCE_UIDS.prometheus];
      if (own?.type !== 'prometheus' || sections.datasources[DATASOURCE_UIDS.tempo]?.type !== 'tempo')
        return sections;
      const links = [
        { name: 'trace_id', datasourceUid: DATASOURCE_UIDS.tempo, urlDisplayLabel: 'View trace' },
      ];
      return {
        ...sections,
        datasources: {
          ...sections.datasources,
          [DATASOURCE_UIDS.prometheus]: {
            ...own,
            jsonData: { ...own.jsonData, exemplarTraceIdDestinations: links },
          },
        },
      };
    },
  });
  next = addNetworkClient(next, SOURCE, 'prometheus', (values) => {
    const v = values.prometheus as PrometheusLikeValues | undefined;
    return v?.name ? { podLabels: selectorLabels(labels(v)), reaches: ['@metrics'] } : undefined;
  });
  return addComponent(next, { name: 'prometheusScrapeTargets', source: SOURCE, build: buildMonitors });
}

/** The stand-in of `prometheus()` (the server, its datasource, its scraper and monitors). */
export const prometheusLike = defineComponent<PrometheusLikeValues, DeepPartial<PrometheusLikeValues>>({
  name: 'prometheus',
  source: SOURCE,
  schema: options.object({
    name: options.dnsLabel(),
    image: options.pinnedImage(),
    replicas: options.integer({ min: 1 }),
    retention: options.duration(),
    scrapeInterval: options.duration(),
    serviceAccountName: options.dnsSubdomain(),
    egress: options.oneOf(['open', 'restricted'] as const),
  }) as options.Schema<DeepPartial<PrometheusLikeValues>>,
  defaults,
  contracts,
  build,
  extend,
});

/** The stand-in of a trace store: the `tempo` datasource the exemplars link to. */
export const tracesLike = () => (stack: Stack) =>
  addDatasource(
    stack,
    'traces-stand-in',
    DATASOURCE_UIDS.tempo,
    tempoDatasource({ url: 'http://tempo.monitoring.svc:3200' }),
  );

/** The stand-in of an Alertmanager component: Prometheus' datasource names it for its rules. */
export const alertmanagerLike = () => (stack: Stack) =>
  addComponent(stack, { name: 'alertmanager', source: 'alertmanager-stand-in', build: () => ({}) });

/** The stand-in of Grafana as a network client: it reaches the components that play `datasource`. */
export const grafanaClient = () => (stack: Stack) =>
  addNetworkClient(stack, 'grafana-stand-in', 'grafana', {
    podLabels: { 'app.kubernetes.io/name': 'grafana' },
    reaches: ['@datasource'],
  });
