import type { BuildContext, ComponentContracts, ContainerResources } from '@mixstack/core';

/** The options of a component whose program runs behind kube-rbac-proxy sidecars. */
interface ProxiedValues {
  resources: ContainerResources;
  rbacProxy: { resources: ContainerResources };
}

/** The name of the proxy sidecars' container in the published contracts (all proxies of a pod share it). */
export const RBAC_PROXY_CONTAINER = 'kube-rbac-proxy';

/**
 * The containers a component with kube-rbac-proxy sidecars publishes: the program's own and
 * `kube-rbac-proxy`, with the option paths of their resources, so that an adjustment or a
 * stack-wide sizing made in a weaker layer (a platform's profile) leaves what the user set.
 */
export function proxiedContainers(
  container: string,
  values: ProxiedValues,
): Pick<ComponentContracts, 'containers' | 'resourceOptions'> {
  return {
    containers: { [container]: values.resources, [RBAC_PROXY_CONTAINER]: values.rbacProxy.resources },
    resourceOptions: { [container]: 'resources', [RBAC_PROXY_CONTAINER]: 'rbacProxy.resources' },
  };
}

/**
 * The values of a component with a kube-rbac-proxy sidecar, with the resources of its
 * containers as the stack adjusted them (`setResources` of lib-rules, a platform's sizing,
 * through core's contract): the program's own container, and `kube-rbac-proxy` for every
 * proxy it runs.
 */
export function withAdjustedResources<T extends ProxiedValues>(ctx: BuildContext<T>, container: string): T {
  const { containers } = ctx.contracts;
  return {
    ...ctx.values,
    resources: containers[container] ?? ctx.values.resources,
    rbacProxy: {
      ...ctx.values.rbacProxy,
      resources: containers[RBAC_PROXY_CONTAINER] ?? ctx.values.rbacProxy.resources,
    },
  };
}
