import {
  addDatasource,
  addInhibitRule,
  addMixin,
  addReceiver,
  addRoute,
  alertmanagerDatasource,
  type BuildContext,
  type BuiltObjects,
  type CommonValues,
  type ComponentContracts,
  DATASOURCE_UIDS,
  type DeepPartial,
  defineComponent,
  type Stack,
  setRootRoute,
  type Values,
} from '@mixstack/core';
import { httpService } from '@mixstack/kit';
import {
  type AlertmanagerOptions,
  alertmanagerOptionsSchema,
  defaultAlertmanagerOptions,
} from './config/alertmanager.js';
import { SOURCE } from './config/shared.js';
import { withPrometheusOperatorKinds } from './kinds.js';
import { alertmanagerResource } from './manifests/alertmanager/alertmanager.js';
import {
  ALERTMANAGER_WEB_PORT,
  alertmanagerObjectName,
  alertmanagerSelector,
} from './manifests/alertmanager/labels.js';
import { alertmanagerNetworkPolicy } from './manifests/alertmanager/network-policy.js';
import { alertmanagerPodDisruptionBudget } from './manifests/alertmanager/pod-disruption-budget.js';
import { alertmanagerSecret } from './manifests/alertmanager/secret.js';
import { alertmanagerService } from './manifests/alertmanager/service.js';
import { alertmanagerServiceAccount } from './manifests/alertmanager/service-account.js';
import { alertmanagerServiceMonitor } from './manifests/alertmanager/service-monitor.js';
import { componentClients } from './manifests/network.js';
import { alertmanagerMixin } from './mixins/alertmanager/index.js';

export const ALERTMANAGER_COMPONENT = 'alertmanager';

/** The id of Alertmanager's StatefulSet in the published replicas (`adjustReplicas(stack, by, 'alertmanager', 'alertmanager', n)`). */
export const ALERTMANAGER_WORKLOAD = 'alertmanager';

/** The receiver that drops what is sent to it. */
export const NULL_RECEIVER = 'null';

function build(ctx: BuildContext<AlertmanagerOptions>): BuiltObjects {
  const values: AlertmanagerOptions = {
    ...ctx.values,
    // The replicas render resolved (a platform's sizing, an adjustment): the resource, its
    // spreading and the budget follow them, never the bare option.
    replicas: ctx.contracts.replicas[ALERTMANAGER_WORKLOAD] ?? ctx.values.replicas,
    resources: ctx.contracts.containers.alertmanager ?? ctx.values.resources,
    // Receiver and grouping as the layers set them: this part's defaults, an addon's default
    // channel (slack), then what the user passed to alertmanager().
    route: { ...ctx.values.route, ...ctx.alerting.rootRoute },
  };
  const { common, alerting } = ctx;
  return {
    alertmanager: alertmanagerResource(values, common, alerting),
    secret: alertmanagerSecret(values, common, alerting),
    service: alertmanagerService(values, common),
    serviceAccount: alertmanagerServiceAccount(values, common),
    serviceMonitor: alertmanagerServiceMonitor(values, common),
    networkPolicy: alertmanagerNetworkPolicy(
      values,
      common,
      componentClients(ctx, ctx.values.networkPolicy.clients),
      alerting.receivers,
    ),
    podDisruptionBudget: values.replicas > 1 && alertmanagerPodDisruptionBudget(values, common),
  };
}

const watchdogReceiver = (values: Values): string =>
  (values[ALERTMANAGER_COMPONENT] as Partial<AlertmanagerOptions> | undefined)?.watchdogReceiver ??
  NULL_RECEIVER;

/**
 * The routing every stack starts with, as in kube-prometheus: a `null` receiver; the
 * always-firing Watchdog alert and the InfoInhibitor helper alert routed to it (first, so no
 * other route sends them); critical alerts silence warning and info alerts of the same name
 * and namespace, warnings silence infos, and a firing InfoInhibitor silences the info alerts
 * of its namespace. Addons add their receivers and routes to the same section.
 */
function withDefaultRouting(stack: Stack): Stack {
  let next = addReceiver(stack, SOURCE, NULL_RECEIVER, {});
  next = addRoute(next, SOURCE, 'watchdog', (values) => ({
    order: 0,
    route: { receiver: watchdogReceiver(values), matchers: ['alertname = "Watchdog"'] },
  }));
  next = addRoute(next, SOURCE, 'info-inhibitor', {
    order: 1,
    route: { receiver: NULL_RECEIVER, matchers: ['alertname = "InfoInhibitor"'] },
  });
  next = addInhibitRule(next, SOURCE, 'critical-silences-warning', {
    source_matchers: ['severity = "critical"'],
    target_matchers: ['severity =~ "warning|info"'],
    equal: ['namespace', 'alertname'],
  });
  next = addInhibitRule(next, SOURCE, 'warning-silences-info', {
    source_matchers: ['severity = "warning"'],
    target_matchers: ['severity = "info"'],
    equal: ['namespace', 'alertname'],
  });
  return addInhibitRule(next, SOURCE, 'info-inhibitor', {
    source_matchers: ['alertname = "InfoInhibitor"'],
    target_matchers: ['severity = "info"'],
    equal: ['namespace'],
  });
}

/** The Grafana datasource of this Alertmanager (uid `alertmanager`): silences and alert groups in Grafana. */
function datasource(values: Values) {
  const name = (values[ALERTMANAGER_COMPONENT] as Partial<AlertmanagerOptions> | undefined)?.name;
  if (!name) return undefined;
  return alertmanagerDatasource({ url: `http://alertmanager-${name}.${values.common.namespace}.svc:9093` });
}

/** Alertmanager's web port (API, UI), ready when `/-/ready` answers. */
const WEB_ENDPOINT = { port: ALERTMANAGER_WEB_PORT, portName: 'web', healthPath: '/-/ready' };

/**
 * What Alertmanager publishes: its container (and the option of its resources), its replicas
 * with their option (a platform's sizing shrinks the default, never what the user passed), its
 * web Service, and the `datasource` role (Grafana reaches it).
 */
function alertmanagerContracts(values: AlertmanagerOptions, common: CommonValues): ComponentContracts {
  const web = httpService(ALERTMANAGER_COMPONENT, alertmanagerObjectName(values), common.namespace, {
    ...WEB_ENDPOINT,
    podLabels: alertmanagerSelector(values),
  });
  return {
    containers: { alertmanager: values.resources },
    resourceOptions: { alertmanager: 'resources' },
    replicas: { [ALERTMANAGER_WORKLOAD]: { value: values.replicas, option: 'replicas' } },
    services: { web },
    // Grafana queries it; the stack's scraper scrapes it (and sends it alerts); other rule
    // evaluators (a log store's ruler) send it alerts at the `web` Service.
    roles: ['alerts', 'datasource', 'metrics'],
  };
}

/**
 * What comes with Alertmanager: the kinds, the default routing, the root route in the
 * precedence layers (its defaults, then what the user passed: an addon's default channel sits
 * between), the datasource and the mixin.
 */
function withAlertmanagerContributions(
  stack: Stack,
  userOptions: DeepPartial<AlertmanagerOptions> | undefined,
): Stack {
  let next = withPrometheusOperatorKinds(stack);
  next = setRootRoute(next, { source: SOURCE, layer: 'defaults' }, defaultAlertmanagerOptions().route);
  if (userOptions?.route)
    next = setRootRoute(next, { source: 'alertmanager()', layer: 'user' }, { ...userOptions.route });
  next = withDefaultRouting(next);
  next = addDatasource(next, SOURCE, DATASOURCE_UIDS.alertmanager, datasource);
  return addMixin(next, SOURCE, 'alertmanager', alertmanagerMixin);
}

/**
 * Alertmanager: the `Alertmanager` resource (3 replicas, persistent, spread, with a
 * PodDisruptionBudget), its configuration Secret built at render time from the stack's
 * `alerting` section, Service, ServiceAccount, ServiceMonitor and NetworkPolicy. It
 * contributes the `alertmanager` Grafana datasource.
 */
export const alertmanager = defineComponent<AlertmanagerOptions, DeepPartial<AlertmanagerOptions>>({
  name: ALERTMANAGER_COMPONENT,
  source: SOURCE,
  schema: alertmanagerOptionsSchema,
  defaults: defaultAlertmanagerOptions,
  contracts: alertmanagerContracts,
  build,
  extend: withAlertmanagerContributions,
});
