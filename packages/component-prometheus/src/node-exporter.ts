import {
  addMixin,
  type BuildContext,
  type BuiltObjects,
  type DeepPartial,
  defaultDenyNetworkPolicy,
  defineComponent,
} from '@mixstack/core';
import {
  defaultNodeExporterOptions,
  type NodeExporterOptions,
  nodeExporterOptionsSchema,
} from './config/node-exporter.js';
import { SOURCE } from './config/shared.js';
import { withPrometheusOperatorKinds } from './kinds.js';
import { componentClients } from './manifests/network.js';
import { nodeExporterDaemonSet } from './manifests/node-exporter/daemon-set.js';
import { nodeExporterNamespace, nodeExporterObjectLabels } from './manifests/node-exporter/labels.js';
import { nodeExporterNamespaceObject } from './manifests/node-exporter/namespace.js';
import { nodeExporterNetworkPolicy } from './manifests/node-exporter/network-policy.js';
import { nodeExporterClusterRole, nodeExporterClusterRoleBinding } from './manifests/node-exporter/rbac.js';
import { nodeExporterService, nodeExporterServiceAccount } from './manifests/node-exporter/service.js';
import { nodeExporterServiceMonitor } from './manifests/node-exporter/service-monitor.js';
import { nodeExporterMixin } from './mixins/node-exporter/index.js';
import { proxiedContainers, withAdjustedResources } from './resources.js';

export const NODE_EXPORTER_COMPONENT = 'nodeExporter';

function build(ctx: BuildContext<NodeExporterOptions>): BuiltObjects {
  const values = withAdjustedResources(ctx, 'node-exporter');
  const { common } = ctx;
  const namespace = nodeExporterNamespace(values, common);
  return {
    namespace: values.createNamespace && nodeExporterNamespaceObject(values, namespace),
    daemonSet: nodeExporterDaemonSet(values, common, namespace),
    service: nodeExporterService(values, namespace),
    serviceAccount: nodeExporterServiceAccount(values, namespace),
    clusterRole: nodeExporterClusterRole(values),
    clusterRoleBinding: nodeExporterClusterRoleBinding(values, namespace),
    serviceMonitor: nodeExporterServiceMonitor(values, common, namespace),
    // Its own namespace denies by default too; the policy below opens what node-exporter needs.
    networkPolicyDefaultDeny:
      values.createNamespace && defaultDenyNetworkPolicy(namespace, nodeExporterObjectLabels(values)),
    networkPolicy: nodeExporterNetworkPolicy(values, namespace, componentClients(ctx)),
  };
}

/** Why node-exporter may do what no other workload of the stack does. */
export const NODE_EXPORTER_HOST_ACCESS_REASON =
  "node-exporter reports the node itself: it needs the host's network namespace (node network metrics, and the node address as its target), its process namespace, and / and /sys mounted read-only (filesystems, disks, hardware), and kube-rbac-proxy binds the metrics port on the node. It runs in its own namespace, labelled for the Pod Security level privileged; nothing else in that namespace";

/**
 * node-exporter: a DaemonSet with the host access it needs (the named `host-access`
 * exception) in its own namespace labelled for Pod Security `privileged`, kube-rbac-proxy in
 * front of the metrics, a headless Service, ServiceAccount, RBAC for the proxy, a
 * ServiceMonitor and a NetworkPolicy. With `enabled: false` (a platform that cannot run it)
 * it renders nothing and adds no mixin, as if it were not in the stack.
 */
export const nodeExporter = defineComponent<NodeExporterOptions, DeepPartial<NodeExporterOptions>>({
  name: NODE_EXPORTER_COMPONENT,
  source: SOURCE,
  schema: nodeExporterOptionsSchema,
  defaults: defaultNodeExporterOptions,
  contracts: (values) => ({
    ...proxiedContainers('node-exporter', values),
    // The stack's scraper reaches it through this role.
    roles: ['metrics'],
  }),
  build,
  exceptions: [{ key: 'daemonSet', check: 'host-access', reason: NODE_EXPORTER_HOST_ACCESS_REASON }],
  extend: (stack) => addMixin(withPrometheusOperatorKinds(stack), SOURCE, 'node-exporter', nodeExporterMixin),
});
