import type { AdmittedClient, BuildContext, ContainerResources } from '@mixstack/core';
import { type ComponentLabels, image, objectLabels, selectorLabels } from '@mixstack/kit';
import type { ThanosValues } from '../config.js';

/** The component's name in the stack: its values key, and the prefix of its addresses and files. */
export const COMPONENT = 'thanos';
/** The Kubernetes name of its objects and of its container. */
export const NAME = 'thanos';
/** The HTTP port: the API, `/metrics` and the health endpoints. */
export const HTTP_PORT = 9091;

/** The recommended labels; the selector labels carry no version (a Deployment's selector is immutable). */
export const componentLabels = (imageReference: string): ComponentLabels => ({
  name: NAME,
  component: 'server',
  image: imageReference,
});

/** What every manifest function reads: the final values, and what is derived from them once. */
export interface ThanosContext {
  values: ThanosValues;
  namespace: string;
  /** The image with the stack's `imageRegistry` applied. */
  image: string;
  labels: Record<string, string>;
  selector: Record<string, string>;
  /** The container's resources as the contract resolved them: the options, then adjustments of other packages. */
  resources: ContainerResources;
  /** The clients the stack's network contract sends here (the scraper, Grafana, ...), by name. */
  clients: Readonly<Record<string, AdmittedClient>>;
}

export function contextOf(ctx: BuildContext<ThanosValues>): ThanosContext {
  const labels = componentLabels(ctx.values.image);
  return {
    values: ctx.values,
    namespace: ctx.common.namespace,
    image: image(ctx.values.image, ctx.common),
    labels: objectLabels(labels),
    selector: selectorLabels(labels),
    resources: ctx.contracts.containers[NAME] ?? ctx.values.resources,
    clients: ctx.contracts.networkClients,
  };
}
