import {
  addComponent,
  addDatasource,
  addMixin,
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
  MixstackError,
  prometheusDatasource,
  quantityValue,
  type Stack,
  type StackView,
  type Values,
} from '@mixstack/core';
import {
  byteSizeValue,
  camelCase,
  httpService,
  imageVersion,
  pascalCase,
  retentionSizeFor,
} from '@mixstack/kit';
import type { AlertmanagerOptions } from './config/alertmanager.js';
import type { NodeExporterOptions } from './config/node-exporter.js';
import {
  defaultPrometheusServerOptions,
  type PrometheusServerOptions,
  prometheusServerOptionsSchema,
} from './config/prometheus-server.js';
import { SOURCE } from './config/shared.js';
import { withPrometheusOperatorKinds } from './kinds.js';
import { componentClients } from './manifests/network.js';
import { nodeExporterNamespace } from './manifests/node-exporter/labels.js';
import {
  PROMETHEUS_WEB_PORT,
  prometheusObjectName,
  prometheusSelector,
} from './manifests/prometheus/labels.js';
import { prometheusNetworkPolicy } from './manifests/prometheus/network-policy.js';
import { prometheusPodDisruptionBudget } from './manifests/prometheus/pod-disruption-budget.js';
import { prometheusResource } from './manifests/prometheus/prometheus.js';
import {
  prometheusClusterRole,
  prometheusClusterRoleBinding,
  prometheusConfigRole,
  prometheusConfigRoleBinding,
  prometheusNamespaceRole,
  prometheusNamespaceRoleBinding,
} from './manifests/prometheus/rbac.js';
import { scraperAccessRules } from './manifests/prometheus/scraper-access.js';
import { prometheusService } from './manifests/prometheus/service.js';
import { prometheusServiceAccount } from './manifests/prometheus/service-account.js';
import { prometheusServiceMonitor } from './manifests/prometheus/service-monitor.js';
import { mixinPrometheusRule } from './manifests/prometheus-rules/prometheus-rule.js';
import { scrapeTargetMonitor } from './manifests/prometheus-scrape-targets/monitor.js';
import { kubePrometheusMixin } from './mixins/kube-prometheus/index.js';
import { prometheusMixin } from './mixins/prometheus/index.js';
import { checkRemoteWriteClients, withExemplarLinks } from './traces.js';

/** The component of the Prometheus server objects. */
export const PROMETHEUS_COMPONENT = 'prometheus';
/** The id of the server's StatefulSet in the published replicas (`adjustReplicas(stack, by, 'prometheus', 'server', n)`). */
export const SERVER_WORKLOAD = 'server';
/** The component of the PrometheusRules rendered from the stack's mixins: `prometheusRules/<mixin in camelCase>`. */
export const PROMETHEUS_RULES_COMPONENT = 'prometheusRules';
/** The component of the monitors rendered from the stack's scrape targets: `prometheusScrapeTargets/<target id in camelCase>`. */
export const SCRAPE_TARGETS_COMPONENT = 'prometheusScrapeTargets';

/** The retention size to render: the given one if it fits on the volume, else 85% of the volume. */
function retentionSize(values: PrometheusServerOptions): string {
  const volume = quantityValue(values.storage.size);
  if (values.retentionSize !== undefined) {
    const allowed = byteSizeValue(values.retentionSize);
    if (volume !== undefined && allowed !== undefined && allowed >= volume) {
      throw new MixstackError({
        code: 'INVALID_OPTION',
        message: `retentionSize ${values.retentionSize} does not fit on the ${values.storage.size} volume`,
        address: PROMETHEUS_COMPONENT,
        path: 'retentionSize',
        value: values.retentionSize,
        hint: 'keep retentionSize below the storage size (leave it out for 85% of it): the WAL and compaction need room, and a full disk stops ingestion',
      });
    }
    return values.retentionSize;
  }
  const derived = retentionSizeFor(values.storage.size);
  if (derived === undefined) {
    throw new MixstackError({
      code: 'INVALID_OPTION',
      message: `the ${values.storage.size} volume is too small for Prometheus`,
      address: PROMETHEUS_COMPONENT,
      path: 'storage.size',
      value: values.storage.size,
      hint: 'give Prometheus at least a few gigabytes, such as "20Gi"',
    });
  }
  return derived;
}

/**
 * The namespaces Prometheus needs to read with a `targetNamespaces` list: the user's, plus
 * those of the stack's own targets (so that the stack never scrapes nothing by mistake).
 */
function namespacesToRead(
  values: PrometheusServerOptions,
  ctx: BuildContext<PrometheusServerOptions>,
): string[] | undefined {
  if (values.targetNamespaces === 'all') return undefined;
  const namespaces = new Set(values.targetNamespaces);
  namespaces.add(ctx.common.namespace);
  if (ctx.stack.has('nodeExporter'))
    namespaces.add(nodeExporterNamespace(ctx.allValues.nodeExporter as NodeExporterOptions, ctx.common));
  if (ctx.stack.has('kubernetesControlPlane')) {
    namespaces.add('kube-system');
    namespaces.add('default');
  }
  for (const target of Object.values(ctx.scrapeTargets)) {
    if (typeof target?.namespace === 'string') namespaces.add(target.namespace);
  }
  return [...namespaces].sort();
}

/** Adds objects under keys derived from names, refusing two names that map to one key. */
function addKeyed(
  objects: Record<string, KubeObject>,
  component: string,
  key: string,
  name: string,
  object: KubeObject,
): void {
  if (objects[key] !== undefined) {
    throw new MixstackError({
      code: 'DUPLICATE_ADDRESS',
      message: `"${name}" gives the object key "${key}", which another name gives too`,
      address: `${component}/${key}`,
      value: name,
      hint: 'rename one of them so that their camelCase forms differ',
    });
  }
  objects[key] = object;
}

function buildPrometheus(ctx: BuildContext<PrometheusServerOptions>): BuiltObjects {
  // What render resolved from the options, adjustments and the stack's sizing: everything
  // below (the resource, its spreading, the budget) follows these, never the bare options.
  const values: PrometheusServerOptions = {
    ...ctx.values,
    replicas: ctx.contracts.replicas[SERVER_WORKLOAD] ?? ctx.values.replicas,
    retention: ctx.contracts.retention ?? ctx.values.retention,
    resources: ctx.contracts.containers.prometheus ?? ctx.values.resources,
  };
  const { common } = ctx;
  checkRemoteWriteClients(values, ctx.contracts);
  if (values.externalLabels.cluster !== undefined) {
    throw new MixstackError({
      code: 'INVALID_OPTION',
      message: 'the external label "cluster" is always the stack\'s cluster name',
      address: ctx.name,
      path: 'externalLabels.cluster',
      value: values.externalLabels.cluster,
      hint: 'set the cluster name with createStack({ cluster: "..." })',
    });
  }
  const alertmanager = ctx.stack.has('alertmanager')
    ? (ctx.allValues.alertmanager as AlertmanagerOptions)
    : undefined;
  const namespaces = namespacesToRead(values, ctx);
  const objects: Record<string, KubeObject> = {
    prometheus: prometheusResource({ ...values, retentionSize: retentionSize(values) }, common, {
      alertmanagerService: alertmanager ? `alertmanager-${alertmanager.name}` : undefined,
      namespaces,
    }) as KubeObject,
    service: prometheusService(values, common),
    serviceAccount: prometheusServiceAccount(values, common),
    clusterRole: prometheusClusterRole(
      values,
      namespaces === undefined,
      scraperAccessRules(ctx.scrapeTargets, ctx.report),
    ),
    clusterRoleBinding: prometheusClusterRoleBinding(values, common),
    roleConfig: prometheusConfigRole(values, common),
    roleBindingConfig: prometheusConfigRoleBinding(values, common),
    serviceMonitor: prometheusServiceMonitor(values, common),
    networkPolicy: prometheusNetworkPolicy(
      values,
      common,
      componentClients(ctx, ctx.values.networkPolicy.clients),
    ),
  };
  // With one replica a budget of minAvailable 1 would block every node drain.
  if (values.replicas > 1) objects.podDisruptionBudget = prometheusPodDisruptionBudget(values, common);
  for (const namespace of namespaces ?? []) {
    const suffix = pascalCase(namespace);
    addKeyed(objects, ctx.name, `roleIn${suffix}`, namespace, prometheusNamespaceRole(values, namespace));
    addKeyed(
      objects,
      ctx.name,
      `roleBindingIn${suffix}`,
      namespace,
      prometheusNamespaceRoleBinding(values, common, namespace),
    );
  }
  return objects;
}

function buildRules(ctx: BuildContext<unknown>): BuiltObjects {
  // The rules and monitors go with the server: nothing would load them.
  if (!ctx.stack.has(PROMETHEUS_COMPONENT)) return {};
  const server = ctx.allValues[PROMETHEUS_COMPONENT] as PrometheusServerOptions;
  const objects: Record<string, KubeObject> = {};
  for (const name of Object.keys(ctx.mixins).sort()) {
    const rule = mixinPrometheusRule(name, ctx.mixins[name]!, server.ruleLabels, ctx.common);
    if (rule) addKeyed(objects, ctx.name, camelCase(name), name, rule);
  }
  return objects;
}

/** Target ids are kebab-case (`tempo-metrics-generator`) or camelCase (`tempoMetricsGenerator`). */
function targetNames(id: string): { key: string; name: string } {
  if (/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id)) return { key: camelCase(id), name: id };
  if (/^[a-z][a-zA-Z0-9]*$/.test(id)) {
    return { key: id, name: id.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`) };
  }
  throw new MixstackError({
    code: 'INVALID_NAME',
    message: 'a scrape target id must be kebab-case or camelCase',
    address: `${SCRAPE_TARGETS_COMPONENT}/${id}`,
    value: id,
    hint: 'use an id such as "loki" or "tempo-metrics-generator"; it names the monitor object',
  });
}

function buildScrapeTargets(ctx: BuildContext<unknown>): BuiltObjects {
  if (!ctx.stack.has(PROMETHEUS_COMPONENT)) return {};
  const objects: Record<string, KubeObject> = {};
  for (const id of Object.keys(ctx.scrapeTargets).sort()) {
    const { key, name } = targetNames(id);
    addKeyed(
      objects,
      ctx.name,
      key,
      id,
      scrapeTargetMonitor(key, name, ctx.scrapeTargets[id]!, ctx.common) as KubeObject,
    );
  }
  return objects;
}

/**
 * The Grafana datasource of this Prometheus (uid `prometheus`), for whichever package renders
 * Grafana: its in-cluster URL, the scrape interval as the smallest step, and the stack's
 * Alertmanager for the rules view.
 */
function datasource(values: Values, stack: StackView) {
  const server = values[PROMETHEUS_COMPONENT] as Partial<PrometheusServerOptions> | undefined;
  if (!server?.name) return undefined;
  const version = typeof server.image === 'string' ? imageVersion(server.image) : undefined;
  return prometheusDatasource({
    url: `http://prometheus-${server.name}.${values.common.namespace}.svc:9090`,
    jsonData: {
      prometheusType: 'Prometheus',
      ...(version ? { prometheusVersion: version } : {}),
      ...(typeof server.scrapeInterval === 'string' ? { timeInterval: server.scrapeInterval } : {}),
      ...(stack.has('alertmanager') ? { alertmanagerUid: DATASOURCE_UIDS.alertmanager } : {}),
    },
  });
}

/** The web port of the server (queries, UI), ready when `/-/ready` answers. */
const WEB_ENDPOINT = { port: PROMETHEUS_WEB_PORT, portName: 'web', healthPath: '/-/ready' };

/**
 * What the server publishes: its container (and the option of its resources), its replicas and
 * retention with their options (so that a platform's sizing shrinks the defaults, never what
 * the user passed), its web Service, and the `datasource` role (Grafana reaches it).
 */
function prometheusContracts(values: PrometheusServerOptions, common: CommonValues): ComponentContracts {
  const web = httpService(PROMETHEUS_COMPONENT, prometheusObjectName(values), common.namespace, {
    ...WEB_ENDPOINT,
    podLabels: prometheusSelector(values),
  });
  return {
    containers: { prometheus: values.resources },
    resourceOptions: { prometheus: 'resources' },
    replicas: { [SERVER_WORKLOAD]: { value: values.replicas, option: 'replicas' } },
    retention: { value: values.retention, option: 'retention' },
    services: { web },
    // Grafana queries it; the stack's scraper (its own replicas) scrapes it; a trace store
    // remote-writes span metrics to it.
    roles: ['datasource', 'metrics', 'remote-write'],
  };
}

/**
 * What comes with the server: the custom-resource kinds, the datasource, its mixins, the
 * components that render the stack's rules and scrape targets, and Prometheus as the network
 * client of every component that plays the `metrics` role (it scrapes them).
 */
function withServerContributions(stack: Stack): Stack {
  let next = withPrometheusOperatorKinds(stack);
  next = addDatasource(next, SOURCE, DATASOURCE_UIDS.prometheus, datasource);
  next = addPatch(next, {
    id: `${SOURCE}/exemplar-links`,
    source: SOURCE,
    target: 'sections',
    apply: (sections) => withExemplarLinks(sections),
  });
  next = addMixin(next, SOURCE, 'kube-prometheus', kubePrometheusMixin);
  next = addMixin(next, SOURCE, 'prometheus', prometheusMixin);
  // Its pods by all their selector labels; without a namespace, in the stack's (core says so).
  next = addNetworkClient(next, SOURCE, PROMETHEUS_COMPONENT, (values) => {
    const server = values[PROMETHEUS_COMPONENT] as Partial<PrometheusServerOptions> | undefined;
    if (!server?.name) return undefined;
    return { podLabels: prometheusSelector(server as PrometheusServerOptions), reaches: ['@metrics'] };
  });
  next = addComponent(next, { name: PROMETHEUS_RULES_COMPONENT, source: SOURCE, build: buildRules });
  return addComponent(next, { name: SCRAPE_TARGETS_COMPONENT, source: SOURCE, build: buildScrapeTargets });
}

/**
 * The Prometheus server: the `Prometheus` resource (persistent, replicated, spread, with a
 * PodDisruptionBudget), its Service, ServiceAccount, RBAC, ServiceMonitor and NetworkPolicy.
 * It also renders the stack's shared sections for Prometheus: one PrometheusRule per mixin
 * (`prometheusRules/<mixin>`) and one ServiceMonitor or PodMonitor per scrape target
 * (`prometheusScrapeTargets/<id>`). It contributes the `prometheus` Grafana datasource, and
 * its NetworkPolicy admits the network clients that reach it (Grafana).
 */
export const prometheusServer = defineComponent<
  PrometheusServerOptions,
  DeepPartial<PrometheusServerOptions>
>({
  name: PROMETHEUS_COMPONENT,
  partName: 'prometheusServer',
  source: SOURCE,
  schema: prometheusServerOptionsSchema,
  defaults: defaultPrometheusServerOptions,
  contracts: prometheusContracts,
  build: buildPrometheus,
  extend: withServerContributions,
});
