import type { KubeObject } from './kube.js';

/**
 * The annotation in which every NetworkPolicy of the stack says, in words, what egress it
 * allows and why: NetworkPolicy rules have no comment field, and a reviewer (or `kubectl
 * describe`) should not have to reverse-engineer why a policy leaves egress open.
 */
export const EGRESS_ANNOTATION = 'mixstack.dev/egress';

/** The name of the default-deny NetworkPolicy in each namespace the stack owns. */
export const DEFAULT_DENY_POLICY_NAME = 'default-deny';

/**
 * A NetworkPolicy that selects every pod of the namespace and allows nothing, in either
 * direction. NetworkPolicies add up: each component's own policy then opens exactly what its
 * pods need, and a pod nobody wrote a policy for (one added later by hand) can neither be
 * reached nor reach out until someone says so. Only for namespaces the stack creates: a
 * namespace the user brings may hold workloads the stack knows nothing of.
 */
export function defaultDenyNetworkPolicy(namespace: string, labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name: DEFAULT_DENY_POLICY_NAME,
      namespace,
      labels,
      annotations: {
        [EGRESS_ANNOTATION]:
          'none: every pod of this namespace is denied ingress and egress unless its own NetworkPolicy allows it',
      },
    },
    spec: { podSelector: {}, policyTypes: ['Egress', 'Ingress'] },
  } as KubeObject;
}
