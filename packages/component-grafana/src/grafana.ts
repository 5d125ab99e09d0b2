import {
  addMixin,
  addNetworkClient,
  addNotice,
  addScrapeTarget,
  type BuildContext,
  type BuiltObjects,
  type CommonValues,
  type ComponentContracts,
  contentHash,
  defineComponent,
  merge,
  type ScrapeTarget,
  type Stack,
  type Values,
  withImageRegistry,
} from '@mixstack/core';
import { admittedClients, httpService } from '@mixstack/kit';
import {
  defaultGrafanaValues,
  type GrafanaOptions,
  type GrafanaValues,
  grafanaOptionsSchema,
} from './config.js';
import { datasourcesFile } from './datasources/provisioning.js';
import { COMPONENT, NAME, objectLabels, SOURCE, selectorLabels } from './labels.js';
import { configMap, grafanaIni } from './manifests/config-map.js';
import { type GrafanaContext, HTTP_PORT } from './manifests/context.js';
import { dashboardLayout, providersFile } from './manifests/dashboards.js';
import { deployment } from './manifests/deployment.js';
import { datasourceEgress, networkPolicy } from './manifests/network-policy.js';
import { podDisruptionBudget } from './manifests/pod-disruption-budget.js';
import { dashboardProvidersConfigMap, datasourcesSecret } from './manifests/provisioning.js';
import { service, serviceAccount } from './manifests/service.js';
import { grafanaMixin, MIXIN_NAME } from './mixin/mixin.js';

/** The id of Grafana's Deployment among the workloads whose replicas it publishes. */
const WORKLOAD = 'grafana';

/**
 * Everything of the component, from its final values, its resolved contracts (replicas and
 * resources as adjusted and sized, the network clients that reach it, the URL a platform
 * exposes it at) and the stack's sections. The resolved replicas replace the option, so the
 * PodDisruptionBudget, the spread and the session affinity follow what is rendered.
 */
function buildGrafana(context: BuildContext<GrafanaValues>): BuiltObjects {
  const own = context.values;
  const values: GrafanaValues = {
    ...own,
    replicas: context.contracts.replicas[WORKLOAD] ?? own.replicas,
    resources: context.contracts.containers.grafana ?? own.resources,
    rootUrl: context.contracts.externalUrl,
    // The scraper, a platform's load balancer, then the user's own entries by name.
    networkPolicy: {
      clients: admittedClients(context.contracts.networkClients, own.networkPolicy.clients),
      egress: own.networkPolicy.egress,
    },
  };
  const grafana: GrafanaContext = {
    values,
    namespace: context.common.namespace,
    image: withImageRegistry(values.image, context.common.imageRegistry),
    labels: objectLabels(values.image),
    selector: selectorLabels(),
  };
  const layout = dashboardLayout(context.mixins, grafana.namespace, grafana.labels);
  const ini = grafanaIni(grafana);
  const datasources = datasourcesFile(context.datasources, values.secretEnv);
  const providers = providersFile(layout.folders, values.dashboards);
  // Grafana reads these at start only (dashboard files it polls): a change must roll the pods.
  const checksum = contentHash({ ini, datasources, providers });
  return {
    serviceAccount: serviceAccount(grafana),
    service: service(grafana),
    deployment: deployment(grafana, layout.files, checksum),
    networkPolicy: networkPolicy(
      grafana,
      datasourceEgress(context.datasources, context.stack.components, grafana.namespace),
    ),
    podDisruptionBudget: podDisruptionBudget(grafana),
    config: configMap(grafana, ini),
    datasources: datasourcesSecret(grafana, datasources),
    dashboardProviders: dashboardProvidersConfigMap(grafana, providers),
    ...Object.fromEntries(layout.configMaps),
  } as BuiltObjects;
}

/** Grafana's UI, API and `/metrics`, ready when `/api/health` answers. */
const HTTP_ENDPOINT = { port: HTTP_PORT, portName: 'http', healthPath: '/api/health' };

/**
 * What Grafana publishes: its container and the option of its resources, its Deployment's
 * replicas and their option (a platform's profile or a sizing adjusts them, never over what
 * the user passed), its HTTP Service (for a platform's Ingress and health checks), its root
 * URL when its options set one, and the `metrics` role (so the stack's scraper reaches it
 * without Grafana naming it).
 */
function grafanaContracts(values: GrafanaValues, common: CommonValues): ComponentContracts {
  const http = httpService(COMPONENT, NAME, common.namespace, {
    ...HTTP_ENDPOINT,
    podLabels: selectorLabels(),
  });
  const externalUrl = values.rootUrl ? { externalUrl: values.rootUrl } : {};
  return {
    containers: { grafana: values.resources },
    resourceOptions: { grafana: 'resources' },
    replicas: { [WORKLOAD]: { value: values.replicas, option: 'replicas' } },
    services: { http },
    roles: ['metrics'],
    ...externalUrl,
  };
}

/** Prometheus scrapes Grafana's `/metrics` through its Service (the prometheus component renders the monitor). */
function scrapeTarget(values: Values): ScrapeTarget {
  return {
    namespace: values.common.namespace,
    selector: selectorLabels(),
    role: 'service',
    endpoints: [{ port: 'http', path: '/metrics' }],
  };
}

function adminSecretOf(values: Values): { name: string; userKey: string; passwordKey: string } {
  const fallback = defaultGrafanaValues().adminSecret;
  const own = (values[COMPONENT] as Partial<GrafanaValues> | undefined)?.adminSecret;
  return { ...fallback, ...own };
}

/** The component's own values as a part sees them before the build (every field may be missing). */
function ownValuesOf(values: Values): Partial<GrafanaValues> {
  return (values[COMPONENT] as Partial<GrafanaValues> | undefined) ?? {};
}

/** Whether anonymous access ends up on, and with which role: the raw `config` wins over the typed option, as in grafana.ini. */
function anonymousAccessOf(values: Values): { enabled: boolean; role: string; text: string } {
  const own = ownValuesOf(values);
  const section = own.config?.['auth.anonymous'] ?? {};
  const enabled = section.enabled ?? own.anonymous?.enabled ?? false;
  const role = String(
    section.org_role ??
      (enabled === true || String(enabled) === 'true' ? own.anonymous?.role : undefined) ??
      'Viewer',
  );
  return {
    enabled: enabled === true || String(enabled).trim().toLowerCase() === 'true',
    role: role.trim().toLowerCase(),
    text: role.trim(),
  };
}

/** The root URL of the options or of the raw `config` (`server.root_url`). */
function rootUrlOf(values: Values): string | undefined {
  const own = ownValuesOf(values);
  const raw = own.config?.server?.root_url;
  return typeof raw === 'string' ? raw : own.rootUrl;
}

/** http:// to the machine itself (`kubectl port-forward`) sends nothing over the network. */
function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host === '[::1]' || /^127\./.test(host);
  } catch {
    return false;
  }
}

/**
 * What comes with Grafana: its mixin, its scrape target, its notices, and Grafana as the
 * network client of every datasource of the stack (it queries them all), whichever
 * component serves them.
 */
function withGrafanaContributions(stack: Stack): Stack {
  // A function of the values: the dashboard is built at render time, once per render.
  let next = addMixin(stack, SOURCE, MIXIN_NAME, () => grafanaMixin());
  next = addScrapeTarget(next, SOURCE, COMPONENT, scrapeTarget);
  // Its pods by all their selector labels (and, once resolved, the stack's namespace).
  next = addNetworkClient(next, SOURCE, COMPONENT, { podLabels: selectorLabels(), reaches: ['@datasource'] });
  next = addNotice(next, SOURCE, 'grafana-admin-secret', (values) => {
    const secret = adminSecretOf(values);
    const namespace = values.common.namespace;
    return {
      level: 'info',
      message: `Grafana reads its admin user and password from the Secret "${secret.name}" (keys "${secret.userKey}" and "${secret.passwordKey}"); create it before applying: kubectl -n ${namespace} create secret generic ${secret.name} --from-literal=${secret.userKey}=admin --from-literal=${secret.passwordKey}="$(openssl rand -base64 24)"`,
    };
  });
  next = addNotice(next, SOURCE, 'grafana-anonymous-role', (values) => {
    const anonymous = anonymousAccessOf(values);
    if (!anonymous.enabled || (anonymous.role !== 'editor' && anonymous.role !== 'admin')) return undefined;
    return {
      level: 'warning',
      message: `Anonymous access to Grafana is on with the role ${anonymous.text}: anyone who reaches Grafana can change dashboards${anonymous.role === 'admin' ? ', datasources, users and settings' : ' and query every datasource'} without logging in; use the role Viewer unless Grafana is reachable only by trusted users`,
    };
  });
  next = addNotice(next, SOURCE, 'grafana-http-root-url', (values) => {
    const url = rootUrlOf(values);
    if (!url?.toLowerCase().startsWith('http://') || isLoopbackUrl(url)) return undefined;
    return {
      level: 'warning',
      message: `Grafana's root URL ${url} uses http://: passwords and session cookies cross the network unencrypted, and the session cookie is not marked Secure; serve Grafana over https:// (an ingress with TLS) and set rootUrl to the https:// address`,
    };
  });
  return addNotice(next, SOURCE, 'grafana-access', (values) => ({
    level: 'info',
    message: `Open Grafana with: kubectl -n ${values.common.namespace} port-forward svc/grafana 3000, then http://localhost:3000`,
  }));
}

/**
 * Grafana with its datasources and dashboards provisioned from the stack: every datasource
 * in the `datasources` section, every dashboard of every mixin (one folder per mixin). Adds
 * Grafana's own mixin (alert, recording rule, overview dashboard) and a scrape target for
 * its metrics. Its NetworkPolicy admits the network clients that reach it (the stack's
 * scraper, a platform's load balancer) and those of `networkPolicy.clients`.
 *
 * Defaults go to the `defaults` layer and the options the user passed to the `user` layer,
 * so that platforms and addons can change defaults without overriding the user.
 */
export const grafana = defineComponent<GrafanaValues, GrafanaOptions>({
  name: COMPONENT,
  source: SOURCE,
  schema: grafanaOptionsSchema,
  defaults: defaultGrafanaValues,
  // Entries removed with `null` come back as their defaults only where nothing else set them.
  finalize: (parsed) => merge(defaultGrafanaValues(), parsed as never),
  contracts: grafanaContracts,
  build: buildGrafana,
  extend: withGrafanaContributions,
});
