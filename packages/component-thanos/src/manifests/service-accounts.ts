import { serviceAccount } from '@mixstack/kit';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { PartContext, ThanosContext } from './context.js';

/**
 * A part's own ServiceAccount: least privilege per part, since a platform grants bucket access
 * by ServiceAccount (the Store Gateway reads the bucket, the Compactor also deletes, Query and
 * Query Frontend never touch it). No part talks to the Kubernetes API: no token is mounted.
 */
export function partServiceAccount(c: ThanosContext, part: PartContext): IServiceAccount {
  return serviceAccount(part.name, c.namespace, part.labels, false);
}
