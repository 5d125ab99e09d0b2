import type {
  AdmittedClient,
  BuildContext,
  CommonValues,
  ContainerResources,
  ServiceContract,
  StackView,
} from '@mixstack/core';
import {
  admittedClients,
  type ComponentLabels,
  image,
  type ObjectStorageSettings,
  objectLabels,
  selectorLabels,
} from '@mixstack/kit';
import { objectStorage, shorterRetention, type ThanosRetention, type ThanosValues } from '../config.js';
import { JOBS } from '../jobs.js';

/** The component's name in the stack: its values key, and the prefix of its addresses and files. */
export const COMPONENT = 'thanos';

/** Thanos' ports, the same in every part (docs/components/<cmd>.md): the Store API and the HTTP server. */
export const GRPC_PORT = 10901;
export const HTTP_PORT = 10902;
/** Port names in the pods and the Services: `grpc` is what the `_grpc._tcp` SRV records are named after. */
export const GRPC_PORT_NAME = 'grpc';
export const HTTP_PORT_NAME = 'http';

/** The parts this package runs as workloads of their own (the sidecar runs in Prometheus' pods). */
export const WORKLOADS = ['query', 'queryFrontend', 'store', 'compact'] as const;
export type ThanosWorkload = (typeof WORKLOADS)[number];

/** The container of each part: its name in the pod and in the `containers` contract. */
export const CONTAINERS: Readonly<Record<ThanosWorkload, string>> = {
  query: 'query',
  queryFrontend: 'query-frontend',
  store: 'store',
  compact: 'compact',
};

/** Each part's `app.kubernetes.io/component`, as kube-thanos names them. */
const ROLES: Readonly<Record<ThanosWorkload, string>> = {
  query: 'query-layer',
  queryFrontend: 'query-cache',
  store: 'object-store-gateway',
  compact: 'database-compactor',
};

/**
 * The name of each part's objects (Deployment or StatefulSet, Service, ServiceAccount, policy):
 * the job label of its metrics (`jobs.ts`), since the ServiceMonitor's job is the Service's name.
 */
export const partName = (part: ThanosWorkload): string => JOBS[part];

/** The recommended labels of a part; `app.kubernetes.io/name` is its job. */
export const partLabels = (part: ThanosWorkload, imageReference: string): ComponentLabels => ({
  name: partName(part),
  component: ROLES[part],
  image: imageReference,
});

/** The labels of a part's pods without the version: its selectors, and others' NetworkPolicies. */
export const partSelector = (part: ThanosWorkload): Record<string, string> =>
  selectorLabels(partLabels(part, ''));

/** Whether a part runs, from the final values. */
export const partEnabled = (values: ThanosValues, part: ThanosWorkload): boolean => values[part].enabled;

/** What each part's manifests read: its names, labels and resolved resources and replicas. */
export interface PartContext {
  name: string;
  container: string;
  labels: Record<string, string>;
  selector: Record<string, string>;
  /** Its container's resources as the contract resolved them (options, then adjustments, a sizing). */
  resources: ContainerResources;
  /** Its pods, as the contract resolved them (the Compactor: always 1). */
  replicas: number;
}

/** What every manifest function reads: the final values, and what is derived from them once. */
export interface ThanosContext {
  /** The final values, with the retentions as the stack resolved them (see `resolvedRetention`). */
  values: ThanosValues;
  common: CommonValues;
  namespace: string;
  /** The image with the stack's `imageRegistry` applied. */
  image: string;
  /** Where the blocks go: the volume's directory (`filesystem`) or a bucket. */
  settings: ObjectStorageSettings<'filesystem'>;
  parts: Readonly<Record<ThanosWorkload, PartContext>>;
  /**
   * The clients the stack's network contract sends here (the scraper, Grafana, ...) with the
   * entries of `networkPolicy.clients` merged over them by name.
   */
  clients: Readonly<Record<string, AdmittedClient | false>>;
  /** How each client reaches Thanos: the roles it comes through, or `direct` (none: its own options). */
  clientRoles: Readonly<Record<string, readonly string[]>>;
  /** The pods the sidecars run in (the stack's Prometheus), when the sidecar is on and they are known. */
  sidecarPods?: ServiceContract;
}

/** The replica ids of the `replicas` contract; the Compactor publishes none: it is exactly one. */
export const REPLICA_IDS = ['query', 'queryFrontend', 'store'] as const;

/**
 * The retentions as rendered: the 1h resolution is the published retention (adjustments and a
 * stack-wide sizing's `maxRetention` apply to it), and no resolution is kept longer than it
 * resolved, so that a cap caps them all.
 */
export function resolvedRetention(own: ThanosRetention, resolved: string | undefined): ThanosRetention {
  if (resolved === undefined) return own;
  return {
    raw: shorterRetention(own.raw, resolved),
    fiveMinutes: shorterRetention(own.fiveMinutes, resolved),
    oneHour: resolved,
  };
}

/**
 * The pods the sidecars run in: the stack's Prometheus (the `prometheus` component, whose
 * resource the sidecar work patches), behind its `web` Service. Query reaches their gRPC port.
 */
export function prometheusPods(view: StackView): ServiceContract | undefined {
  return view.has('prometheus') ? view.components.prometheus?.services.web : undefined;
}

export function contextOf(ctx: BuildContext<ThanosValues>): ThanosContext {
  const { values: own, contracts } = ctx;
  const values: ThanosValues = {
    ...own,
    compact: { ...own.compact, retention: resolvedRetention(own.compact.retention, contracts.retention) },
  };
  const part = (id: ThanosWorkload): PartContext => {
    const labels = partLabels(id, own.image);
    return {
      name: partName(id),
      container: CONTAINERS[id],
      labels: objectLabels(labels),
      selector: selectorLabels(labels),
      resources: contracts.containers[CONTAINERS[id]] ?? own[id].resources,
      replicas: id === 'compact' ? 1 : (contracts.replicas[id] ?? own[id].replicas),
    };
  };
  const sidecarPods = own.sidecar.enabled ? prometheusPods(ctx.stack) : undefined;
  return {
    values,
    common: ctx.common,
    namespace: ctx.common.namespace,
    image: image(own.image, ctx.common),
    settings: objectStorage.settingsOf(own, ctx.common),
    parts: {
      query: part('query'),
      queryFrontend: part('queryFrontend'),
      store: part('store'),
      compact: part('compact'),
    },
    clients: admittedClients(contracts.networkClients, own.networkPolicy.clients),
    clientRoles: contracts.networkClientRoles,
    ...(sidecarPods ? { sidecarPods } : {}),
  };
}
