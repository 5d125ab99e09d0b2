import {
  type AdmittedClient,
  EGRESS_ANNOTATION,
  type KubeObject,
  type ObjectsPatch,
  type StackView,
  type Values,
} from '@mixstack/core';
import { type EgressRule, networkPeer, objectStorageEgress, tcpPorts } from '@mixstack/kit';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyEgressRule } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyEgressRule';
import type { INetworkPolicyIngressRule } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyIngressRule';
import { objectStorage } from '../config.js';
import { JOBS } from '../jobs.js';
import { PROMETHEUS, SIDECAR_GRPC_PORT, SIDECAR_HTTP_PORT, SOURCE, THANOS } from './names.js';
import { prometheusPodLabels } from './service.js';
import { sidecarInPrometheus, thanosValues } from './settings.js';

/**
 * The sidecar listens in the Prometheus pods, which Prometheus' NetworkPolicy guards: it admits
 * its own clients on Prometheus' ports only, and knows nothing of Thanos. This patch opens, on
 * every policy that selects the Prometheus pods (recognised by what it selects, whichever package
 * rendered it), what the sidecar needs, as kube-prometheus does for its `thanos-query` pods:
 * - Thanos Query's pods on the sidecar's gRPC port (the Store API);
 * - Prometheus' scrapers (the clients that reach it through the `metrics` role) on its HTTP port;
 * - the bucket's API as egress, unless the policy's egress is open already.
 */

/** Whether a policy's pod selector picks the Prometheus pods: its labels are some of theirs. */
export function selectsPods(policy: KubeObject, podLabels: Readonly<Record<string, string>>): boolean {
  if (policy.apiVersion !== 'networking.k8s.io/v1' || policy.kind !== 'NetworkPolicy') return false;
  const selector = (policy as INetworkPolicy).spec?.podSelector;
  if (!selector || (selector.matchExpressions?.length ?? 0) > 0) return false;
  const labels = selector.matchLabels ?? {};
  const entries = Object.entries(labels);
  // An empty selector picks every pod of the namespace: the default deny, not Prometheus' own.
  return entries.length > 0 && entries.every(([key, value]) => podLabels[key] === value);
}

/**
 * Query's pods: those behind the Service Thanos publishes under the name `thanos-query` (its
 * gRPC and HTTP ports are on the same pods), or undefined when Thanos publishes none.
 */
export function queryPods(view: StackView): Readonly<Record<string, string>> | undefined {
  const services = view.components[THANOS]?.services ?? {};
  for (const id of Object.keys(services).sort())
    if (services[id]!.name === JOBS.query) return services[id]!.podLabels;
  return undefined;
}

/** Prometheus' clients that come to scrape it (the `metrics` role): they scrape the sidecar too. */
export function scrapers(view: StackView): AdmittedClient[] {
  const prometheus = view.components[PROMETHEUS];
  if (!prometheus) return [];
  return Object.keys(prometheus.networkClients)
    .sort()
    .filter((name) => prometheus.networkClientRoles[name]?.includes('metrics'))
    .map((name) => prometheus.networkClients[name]!);
}

/** The egress rule of one destination, as kit renders them (pods or any address, and ports). */
function egressRule(rule: EgressRule, namespace: string): INetworkPolicyEgressRule {
  return {
    ...(rule.to !== undefined ? { to: rule.to.map((peer) => networkPeer(peer, namespace)) } : {}),
    ...(rule.ports !== undefined ? { ports: rule.ports.map((port) => ({ ...port })) } : {}),
  };
}

/** An egress rule without destination or ports: everything is allowed already. */
const isOpen = (rule: INetworkPolicyEgressRule) => !rule.to?.length && !rule.ports?.length;

/** The policy with the sidecar's ingress and, unless its egress is open, the bucket's egress. */
export function withSidecarAccess(
  policy: INetworkPolicy,
  access: {
    query?: Readonly<Record<string, string>>;
    scrapers: readonly AdmittedClient[];
    egress: EgressRule[];
  },
  namespace: string,
): INetworkPolicy {
  const spec = policy.spec ?? { podSelector: {} };
  const ingress: INetworkPolicyIngressRule[] = [...(spec.ingress ?? [])];
  if (access.query)
    ingress.push({
      from: [networkPeer({ namespace, podLabels: { ...access.query } }, namespace)],
      ports: tcpPorts(SIDECAR_GRPC_PORT),
    });
  if (access.scrapers.length > 0)
    ingress.push({
      from: access.scrapers.map((client) => networkPeer(client, namespace)),
      ports: tcpPorts(SIDECAR_HTTP_PORT),
    });
  const egress = spec.egress ?? [];
  const restricted = (spec.policyTypes ?? []).includes('Egress') && !egress.some(isOpen);
  const added = restricted ? access.egress : [];
  const annotations = policy.metadata?.annotations ?? {};
  const described = annotations[EGRESS_ANNOTATION];
  return {
    ...policy,
    metadata: {
      ...policy.metadata,
      ...(added.length > 0 && described !== undefined
        ? {
            annotations: {
              ...annotations,
              [EGRESS_ANNOTATION]: `${described}; ${added.map((rule) => `${rule.purpose} for the Thanos sidecar`).join('; ')}`,
            },
          }
        : {}),
    },
    spec: {
      ...spec,
      ingress,
      ...(added.length > 0
        ? { egress: [...egress, ...added.map((rule) => egressRule(rule, namespace))] }
        : {}),
    },
  };
}

/** What the sidecar needs opened, from the contracts and Thanos' own values. */
function sidecarAccess(values: Values, view: StackView) {
  const thanos = thanosValues(values);
  const { store } = objectStorage.settingsOf(thanos, values.common);
  return {
    query: thanos.query.enabled !== false ? queryPods(view) : undefined,
    scrapers: scrapers(view),
    egress: objectStorageEgress(store, values.common.platform),
  };
}

/** The patch on the policies of the Prometheus pods (see above); reports what it cannot find. */
export const sidecarNetworkPatch: ObjectsPatch = {
  id: `${SOURCE}/sidecar-network-policy`,
  source: SOURCE,
  target: 'objects',
  apply: (objects, { values, stack, report }) => {
    if (!sidecarInPrometheus(values, stack)) return objects;
    const podLabels = prometheusPodLabels(stack);
    if (!podLabels) {
      report({
        code: 'NOT_FOUND',
        message:
          'the stack\'s Prometheus publishes no "web" Service contract, so the pods to put the Thanos sidecar\'s Service and network access on are unknown',
        address: PROMETHEUS,
        path: 'contracts.services.web',
        hint: 'publish the Prometheus pods\' labels as the podLabels of its "web" Service contract, or pass thanos({ sidecar: { enabled: false } })',
      });
      return objects;
    }
    const access = sidecarAccess(values, stack);
    if (access.query === undefined && thanosValues(values).query.enabled !== false)
      report({
        code: 'NOT_FOUND',
        message: `Thanos publishes no Service contract named "${JOBS.query}", so the pods of Query that read the sidecars are unknown to Prometheus' NetworkPolicy`,
        address: THANOS,
        path: 'contracts.services',
        hint: `publish Query's Service (name "${JOBS.query}", with its pods' labels) in the thanos component's contracts`,
      });
    const namespace = values.common.namespace;
    const out: Record<string, KubeObject> = {};
    for (const address of Object.keys(objects).sort()) {
      const object = objects[address]!;
      out[address] =
        object.metadata?.namespace === namespace && selectsPods(object, podLabels)
          ? (withSidecarAccess(object as INetworkPolicy, access, namespace) as KubeObject)
          : object;
    }
    return out;
  },
};
