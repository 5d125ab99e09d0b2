import type { BuildContext, ContainerResources } from '@mixstack/core';

/**
 * The values of a component with a kube-rbac-proxy sidecar, with the resources of its
 * containers as the stack adjusted them (`setResources` of lib-rules, through core's
 * contract): the program's own container, and `kube-rbac-proxy` for every proxy it runs.
 */
export function withAdjustedResources<
  T extends { resources: ContainerResources; rbacProxy: { resources: ContainerResources } },
>(ctx: BuildContext<T>, container: string): T {
  const { containers } = ctx.contracts;
  return {
    ...ctx.values,
    resources: containers[container] ?? ctx.values.resources,
    rbacProxy: {
      ...ctx.values.rbacProxy,
      resources: containers['kube-rbac-proxy'] ?? ctx.values.rbacProxy.resources,
    },
  };
}
