import {
  addComponent,
  addMixin,
  addNotice,
  addScrapeTarget,
  type BuildContext,
  type BuiltObjects,
  contentHash,
  definePart,
  merge,
  options,
  type Part,
  type ScrapeTarget,
  type Values,
  withImageRegistry,
  withValues,
} from '@mixstack/core';
import {
  defaultGrafanaValues,
  type GrafanaOptions,
  type GrafanaValues,
  grafanaOptionsSchema,
} from './config.js';
import { datasourcesFile } from './datasources/provisioning.js';
import { COMPONENT, objectLabels, SOURCE, selectorLabels } from './labels.js';
import { configMap, grafanaIni } from './manifests/config-map.js';
import type { GrafanaContext } from './manifests/context.js';
import { dashboardLayout, providersFile } from './manifests/dashboards.js';
import { deployment } from './manifests/deployment.js';
import { networkPolicy } from './manifests/network-policy.js';
import { podDisruptionBudget } from './manifests/pod-disruption-budget.js';
import { dashboardProvidersConfigMap, datasourcesSecret } from './manifests/provisioning.js';
import { service, serviceAccount } from './manifests/service.js';
import { grafanaMixin, MIXIN_NAME } from './mixin/mixin.js';

/**
 * The final `values.grafana`, checked again: other parts (platforms, addons) may have written
 * into it through the values tree, and their entries get the same validation as the user's.
 */
export function grafanaValues(raw: unknown): GrafanaValues {
  const parsed = options.parseOptions(grafanaOptionsSchema, raw, COMPONENT);
  return merge(defaultGrafanaValues(), parsed as never);
}

/** Everything of the component, from the final values and the stack's sections. */
export function buildGrafana(context: BuildContext<unknown>): BuiltObjects {
  const values = grafanaValues(context.values);
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
    networkPolicy: networkPolicy(grafana),
    podDisruptionBudget: podDisruptionBudget(grafana),
    config: configMap(grafana, ini),
    datasources: datasourcesSecret(grafana, datasources),
    dashboardProviders: dashboardProvidersConfigMap(grafana, providers),
    ...Object.fromEntries(layout.configMaps),
  } as BuiltObjects;
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

/**
 * Grafana with its datasources and dashboards provisioned from the stack: every datasource
 * in the `datasources` section, every dashboard of every mixin (one folder per mixin). Adds
 * Grafana's own mixin (alert, recording rule, overview dashboard) and a scrape target for
 * its metrics.
 *
 * Defaults go to the `defaults` layer and the options the user passed to the `user` layer,
 * so that platforms and addons can change defaults without overriding the user.
 */
export function grafana(userOptions: GrafanaOptions = {}): Part {
  const parsed = options.parseOptions(grafanaOptionsSchema, userOptions, COMPONENT);
  return definePart(COMPONENT, (stack) => {
    let next = withValues(stack, SOURCE, 'defaults', { [COMPONENT]: defaultGrafanaValues() });
    next = withValues(next, SOURCE, 'user', { [COMPONENT]: parsed });
    next = addComponent(next, { name: COMPONENT, source: SOURCE, build: buildGrafana });
    // A function of the values: the dashboard is built at render time, once per render.
    next = addMixin(next, SOURCE, MIXIN_NAME, () => grafanaMixin());
    next = addScrapeTarget(next, SOURCE, COMPONENT, scrapeTarget);
    next = addNotice(next, SOURCE, 'grafana-admin-secret', (values) => {
      const secret = adminSecretOf(values);
      const namespace = values.common.namespace;
      return {
        level: 'info',
        message: `Grafana reads its admin user and password from the Secret "${secret.name}" (keys "${secret.userKey}" and "${secret.passwordKey}"); create it before applying: kubectl -n ${namespace} create secret generic ${secret.name} --from-literal=${secret.userKey}=admin --from-literal=${secret.passwordKey}="$(openssl rand -base64 24)"`,
      };
    });
    return addNotice(next, SOURCE, 'grafana-access', (values) => ({
      level: 'info',
      message: `Open Grafana with: kubectl -n ${values.common.namespace} port-forward svc/grafana 3000, then http://localhost:3000`,
    }));
  });
}
