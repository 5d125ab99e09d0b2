import { serviceAccount as ownServiceAccount } from '@mixstack/kit';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { type AlloyContext, NAME } from './context.js';

/** Its own ServiceAccount, with its token: Alloy discovers pods and reads logs and events through the API. */
export function serviceAccount(c: AlloyContext): IServiceAccount {
  return ownServiceAccount(NAME, c.namespace, c.labels, true);
}
