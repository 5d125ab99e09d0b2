import { serviceAccount as ownServiceAccount } from '@mixstack/kit';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { NAME, type PyroscopeContext } from './context.js';

/**
 * Its own ServiceAccount, named in its bucket claim (a platform binds the bucket access to it);
 * Pyroscope does not talk to the Kubernetes API, so no token is mounted.
 */
export function serviceAccount(c: PyroscopeContext): IServiceAccount {
  return ownServiceAccount(NAME, c.namespace, c.labels, false);
}
