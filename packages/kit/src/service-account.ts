import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';

/**
 * The component's own ServiceAccount. `automountToken` says whether its pods get
 * an API token: only workloads that talk to the API server (or check scrapers' tokens, like
 * kube-rbac-proxy) need one, and a mounted token is a credential an attacker can use.
 */
export function serviceAccount(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  automountToken: boolean,
): IServiceAccount {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace, labels },
    automountServiceAccountToken: automountToken,
  };
}
