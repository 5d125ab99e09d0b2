import type { AdmittedClient, BuildContext, CommonValues, ContainerResources } from '@mixstack/core';
import { type ComponentLabels, image, objectLabels, selectorLabels } from '@mixstack/kit';
import { objectStorage, type PyroscopeSettings, type PyroscopeValues } from '../config.js';

/** The component's name in the stack: its values key, and the prefix of its addresses and files. */
export const COMPONENT = 'pyroscope';
/** The Kubernetes name of its objects, of its Service (`pyroscope.<namespace>.svc`) and of its container. */
export const NAME = 'pyroscope';
/** The id of its StatefulSet among the workloads whose replicas it publishes. */
export const WORKLOAD = 'pyroscope';
/** Port names in the pod and the Service. */
export const HTTP_PORT_NAME = 'http';
export const GRPC_PORT_NAME = 'grpc';

/** Pyroscope's user in its image (`pyroscope`, uid and gid 10001). */
export const PYROSCOPE_UID = 10001;

/** The recommended labels; the selector labels carry no version (a StatefulSet's selector is immutable). */
export const componentLabels = (imageReference: string): ComponentLabels => ({
  name: NAME,
  component: 'profile-store',
  image: imageReference,
});

/** The labels of Pyroscope's pod, for selectors and for others' NetworkPolicies (the version left out). */
export const pyroscopeSelector = (): Record<string, string> => selectorLabels(componentLabels(''));

/** What every manifest function reads: the final values, and what is derived from them once. */
export interface PyroscopeContext {
  /** The final values, with the replicas and the retention as the stack resolved them (adjustments, sizing). */
  values: PyroscopeValues;
  settings: PyroscopeSettings;
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
}

export function contextOf(ctx: BuildContext<PyroscopeValues>): PyroscopeContext {
  const labels = componentLabels(ctx.values.image);
  // What render resolved replaces the options, so that the StatefulSet, the retention and the
  // query lookback of the configuration follow what is rendered.
  const values: PyroscopeValues = {
    ...ctx.values,
    replicas: ctx.contracts.replicas[WORKLOAD] ?? ctx.values.replicas,
    retention: ctx.contracts.retention ?? ctx.values.retention,
  };
  return {
    values,
    settings: objectStorage.settingsOf(values, ctx.common),
    common: ctx.common,
    namespace: ctx.common.namespace,
    image: image(ctx.values.image, ctx.common),
    labels: objectLabels(labels),
    selector: selectorLabels(labels),
    resources: ctx.contracts.containers[NAME] ?? ctx.values.resources,
    clients: ctx.contracts.networkClients,
    clientRoles: ctx.contracts.networkClientRoles,
  };
}
