import type { KubeObject } from './kube.js';
import type { Report } from './stack.js';

/**
 * A ServiceAccount that components declared buckets for (core's `BucketClaim`), as a platform
 * grants it access: the annotation that binds it to the cloud identity, or none when the binding
 * lives outside the cluster (EKS Pod Identity's associations).
 */
export interface ServiceAccountGrant {
  namespace: string;
  serviceAccount: string;
  /** The components that declared the buckets, named when the ServiceAccount is not rendered. */
  components: readonly string[];
  /** The annotation to set. @default undefined (the ServiceAccount must only exist) */
  annotation?: { key: string; value: string };
}

function serviceAccountAddress(
  objects: Readonly<Record<string, KubeObject>>,
  grant: ServiceAccountGrant,
): string | undefined {
  return Object.keys(objects).find((address) => {
    const o = objects[address]!;
    return (
      o.kind === 'ServiceAccount' &&
      o.apiVersion === 'v1' &&
      o.metadata?.name === grant.serviceAccount &&
      o.metadata?.namespace === grant.namespace
    );
  });
}

/**
 * Annotates the ServiceAccounts a platform grants bucket access, and checks that every one of
 * them is rendered: a claim for a ServiceAccount nobody renders would give pods without access,
 * found only at run time (403 from the storage API). Every such claim is reported, at `address`
 * (the platform's patch); the others are annotated all the same.
 */
export function annotateBucketServiceAccounts(
  objects: Readonly<Record<string, KubeObject>>,
  grants: readonly ServiceAccountGrant[],
  address: string,
  report: Report,
): Record<string, KubeObject> {
  const out: Record<string, KubeObject> = { ...objects };
  for (const grant of grants) {
    const found = serviceAccountAddress(objects, grant);
    if (!found) {
      report({
        code: 'NOT_FOUND',
        message: `${[...new Set(grant.components)].join(', ')} declares buckets for the ServiceAccount ${grant.namespace}/${grant.serviceAccount}, which the stack does not render`,
        address,
        value: `${grant.namespace}/${grant.serviceAccount}`,
        hint: 'the bucket claim must name the ServiceAccount its pods run as (and the component must render it)',
      });
      continue;
    }
    if (!grant.annotation) continue;
    const sa = objects[found]!;
    out[found] = {
      ...sa,
      metadata: {
        ...sa.metadata,
        annotations: { ...sa.metadata?.annotations, [grant.annotation.key]: grant.annotation.value },
      },
    } as KubeObject;
  }
  return out;
}
