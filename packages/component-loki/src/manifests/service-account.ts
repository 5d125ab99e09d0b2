import { serviceAccount as ownServiceAccount } from '@mixstack/kit';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { type LokiContext, NAME } from './context.js';

/**
 * Its own ServiceAccount, named in its bucket claims (a platform binds the bucket access to it);
 * Loki does not talk to the Kubernetes API, so no token is mounted.
 */
export function serviceAccount(c: LokiContext): IServiceAccount {
  return ownServiceAccount(NAME, c.namespace, c.labels, false);
}
