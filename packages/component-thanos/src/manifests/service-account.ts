import { serviceAccount as ownServiceAccount } from '@mixstack/kit';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { NAME, type ThanosContext } from './context.js';

/** Its own ServiceAccount; it does not talk to the Kubernetes API, so no token is mounted. */
export function serviceAccount(c: ThanosContext): IServiceAccount {
  return ownServiceAccount(NAME, c.namespace, c.labels, false);
}
