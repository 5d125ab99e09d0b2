import {
  addComponent,
  addDatasource,
  addInhibitRule,
  addMixin,
  addReceiver,
  addRoute,
  alertmanagerDatasource,
  type BuildContext,
  type BuiltObjects,
  DATASOURCE_UIDS,
  type DeepPartial,
  definePart,
  options,
  type Part,
  type Stack,
  type Values,
} from '@mixstack/core';
import { assertResources } from '@mixstack/kit';
import {
  type AlertmanagerOptions,
  alertmanagerOptionsSchema,
  defaultAlertmanagerOptions,
} from './config/alertmanager.js';
import { SOURCE } from './config/shared.js';
import { withPrometheusOperatorKinds } from './kinds.js';
import { alertmanagerResource } from './manifests/alertmanager/alertmanager.js';
import { alertmanagerNetworkPolicy } from './manifests/alertmanager/network-policy.js';
import { alertmanagerPodDisruptionBudget } from './manifests/alertmanager/pod-disruption-budget.js';
import { alertmanagerSecret } from './manifests/alertmanager/secret.js';
import { alertmanagerService } from './manifests/alertmanager/service.js';
import { alertmanagerServiceAccount } from './manifests/alertmanager/service-account.js';
import { alertmanagerServiceMonitor } from './manifests/alertmanager/service-monitor.js';
import { alertmanagerMixin } from './mixins/alertmanager/index.js';
import { finalValues, withPartValues } from './part-values.js';

export const ALERTMANAGER_COMPONENT = 'alertmanager';

/** The receiver that drops what is sent to it. */
export const NULL_RECEIVER = 'null';

function build(ctx: BuildContext<unknown>): BuiltObjects {
  const values = finalValues<AlertmanagerOptions>(alertmanagerOptionsSchema, ctx.values, ctx.name);
  const { common, alerting } = ctx;
  assertResources(values.resources, `${ctx.name}/alertmanager`, 'resources');
  return {
    alertmanager: alertmanagerResource(values, common, alerting),
    secret: alertmanagerSecret(values, common, alerting),
    service: alertmanagerService(values, common),
    serviceAccount: alertmanagerServiceAccount(values, common),
    serviceMonitor: alertmanagerServiceMonitor(values, common),
    networkPolicy: alertmanagerNetworkPolicy(values, common),
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

/**
 * Alertmanager: the `Alertmanager` resource (3 replicas, persistent, spread, with a
 * PodDisruptionBudget), its configuration Secret built at render time from the stack's
 * `alerting` section, Service, ServiceAccount, ServiceMonitor and NetworkPolicy. It
 * contributes the `alertmanager` Grafana datasource.
 */
export function alertmanager(userOptions: DeepPartial<AlertmanagerOptions> = {}): Part {
  const parsed = options.parseOptions(alertmanagerOptionsSchema, userOptions, 'alertmanager');
  return definePart('alertmanager', (stack) => {
    let next = withPrometheusOperatorKinds(stack);
    next = withPartValues(next, ALERTMANAGER_COMPONENT, defaultAlertmanagerOptions(), parsed);
    next = withDefaultRouting(next);
    next = addDatasource(next, SOURCE, DATASOURCE_UIDS.alertmanager, datasource);
    next = addMixin(next, SOURCE, 'alertmanager', alertmanagerMixin);
    return addComponent(next, { name: ALERTMANAGER_COMPONENT, source: SOURCE, build });
  });
}
