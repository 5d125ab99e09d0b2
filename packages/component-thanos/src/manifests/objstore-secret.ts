import type { ISecret } from 'kubernetes-models/v1/Secret';
import { OBJSTORE_KEY, OBJSTORE_SECRET } from '../objstore.js';
import type { ThanosContext } from './context.js';

/**
 * The objstore configuration as the Secret every part mounts and the Prometheus operator reads
 * for the sidecar (`spec.thanos.objectStorageConfig`). A Secret because that is the only form
 * the operator takes; it holds the bucket and endpoint only, never a credential.
 */
export function objstoreSecret(c: ThanosContext, objstore: string): ISecret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: OBJSTORE_SECRET,
      namespace: c.namespace,
      labels: { 'app.kubernetes.io/name': 'thanos', 'app.kubernetes.io/part-of': 'mixstack' },
    },
    type: 'Opaque',
    stringData: { [OBJSTORE_KEY]: objstore },
  };
}
