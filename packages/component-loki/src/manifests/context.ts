import {
  type AdmittedClient,
  type BuildContext,
  type CommonValues,
  type ContainerResources,
  componentsPlaying,
  type ServiceContract,
  type StackView,
} from '@mixstack/core';
import { type ComponentLabels, image, objectLabels, selectorLabels } from '@mixstack/kit';
import { type LokiSettings, type LokiValues, settingsOf } from '../config.js';

/** The component's name in the stack: its values key, and the prefix of its addresses and files. */
export const COMPONENT = 'loki';
/** The Kubernetes name of its objects, of its Service (`loki.<namespace>.svc`) and of its container. */
export const NAME = 'loki';
/** The id of its StatefulSet among the workloads whose replicas it publishes (`adjustReplicas(stack, by, 'loki', 'loki', n)`). */
export const WORKLOAD = 'loki';
/** The headless Service of the StatefulSet: stable pod names, and the memberlist peers. */
export const HEADLESS_NAME = 'loki-headless';
/** The ConfigMap of the ruler's rules. */
export const RULES_NAME = 'loki-rules';
/** The name of the HTTP port (API, push, `/metrics`, `/ready`) in the pods and the Services. */
export const HTTP_PORT_NAME = 'http-metrics';
export const GRPC_PORT_NAME = 'grpc';
export const MEMBERLIST_PORT_NAME = 'tcp-memberlist';

/**
 * Tells the two Services apart, which select the same pods: the scraper selects the `http` one
 * only, or it would scrape every pod twice.
 */
export const SERVICE_LABEL = 'loki.mixstack.dev/service';

/** Loki's user in its image (`loki`, uid and gid 10001). */
export const LOKI_UID = 10001;

/** The recommended labels; the selector labels carry no version (a StatefulSet's selector is immutable). */
export const componentLabels = (imageReference: string): ComponentLabels => ({
  name: NAME,
  component: 'log-store',
  image: imageReference,
});

/** The labels of Loki's pods, for selectors and for others' NetworkPolicies (the version left out). */
export const lokiSelector = (): Record<string, string> => selectorLabels(componentLabels(''));

/** The Service of the component in the stack that receives alerts (Alertmanager's `web`), if any runs. */
export function alertsService(stack: StackView): ServiceContract | undefined {
  return componentsPlaying(stack, 'alerts').find((component) => component.services.web)?.services.web;
}

/** What every manifest function reads: the final values, and what is derived from them once. */
export interface LokiContext {
  /** The final values, with the replicas and the retention as the stack resolved them (adjustments, sizing). */
  values: LokiValues;
  settings: LokiSettings;
  common: CommonValues;
  namespace: string;
  /** The image with the stack's `imageRegistry` applied. */
  image: string;
  labels: Record<string, string>;
  selector: Record<string, string>;
  /** The container's resources as the contract resolved them: the options, then adjustments of other packages. */
  resources: ContainerResources;
  /** The clients the stack's network contract sends here (Grafana, the scraper, the collector), by name. */
  clients: Readonly<Record<string, AdmittedClient>>;
  /** How each client reaches it: the roles it comes through, or `direct`. */
  clientRoles: Readonly<Record<string, readonly string[]>>;
  /** The Alertmanager the ruler sends to, when the stack has one. */
  alertmanager?: ServiceContract;
}

export function contextOf(ctx: BuildContext<LokiValues>): LokiContext {
  const labels = componentLabels(ctx.values.image);
  const alertmanager = alertsService(ctx.stack);
  // What render resolved replaces the options, so that everything derived (ring, replication
  // factor, budget, spread, the compactor's retention) follows what is rendered.
  const values: LokiValues = {
    ...ctx.values,
    replicas: ctx.contracts.replicas[WORKLOAD] ?? ctx.values.replicas,
    retention: ctx.contracts.retention ?? ctx.values.retention,
  };
  return {
    values,
    settings: settingsOf(values, ctx.common),
    common: ctx.common,
    namespace: ctx.common.namespace,
    image: image(ctx.values.image, ctx.common),
    labels: objectLabels(labels),
    selector: selectorLabels(labels),
    resources: ctx.contracts.containers[NAME] ?? ctx.values.resources,
    clients: ctx.contracts.networkClients,
    clientRoles: ctx.contracts.networkClientRoles,
    ...(alertmanager ? { alertmanager } : {}),
  };
}
