import { defaultDenyNetworkPolicy, type KubeObject } from '@mixstack/core';
import { privilegedNamespace } from '@mixstack/kit';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { AlloyContext } from './context.js';

/**
 * Its own namespace when it reads the node's files, labelled Pod Security `privileged`: host
 * access is nothing `restricted` allows, and the stack's namespace keeps `restricted`.
 */
export function namespace(c: AlloyContext): INamespace | undefined {
  return c.needs.nodeLogFiles ? privilegedNamespace(c.namespace, c.labels) : undefined;
}

/** Its own namespace denies by default too, like every namespace the stack creates. */
export function networkPolicyDefaultDeny(c: AlloyContext): KubeObject | undefined {
  return c.needs.nodeLogFiles ? defaultDenyNetworkPolicy(c.namespace, c.labels) : undefined;
}
