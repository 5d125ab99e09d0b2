import type { CommonValues } from '@mixstack/core';
import {
  containerResources,
  image,
  rbacProxyContainer,
  restrictedPodSecurityContext,
  restrictedSecurityContext,
} from '@mixstack/kit';
import type { IDaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import type { NodeExporterOptions } from '../../config/node-exporter.js';
import { NODE_EXPORTER_NAME, nodeExporterObjectLabels, nodeExporterSelector } from './labels.js';

/** The flags kube-prometheus runs node-exporter with: the host's filesystems, minus container noise. */
function nodeExporterArgs(values: NodeExporterOptions): string[] {
  return [
    `--web.listen-address=127.0.0.1:${values.internalPort}`,
    '--path.sysfs=/host/sys',
    '--path.rootfs=/host/root',
    '--path.udev.data=/host/root/run/udev/data',
    '--no-collector.wifi',
    '--no-collector.hwmon',
    '--no-collector.btrfs',
    '--collector.filesystem.mount-points-exclude=^/(dev|proc|sys|run/k3s/containerd/.+|var/lib/docker/.+|var/lib/kubelet/pods/.+)($|/)',
    '--collector.netclass.ignored-devices=^(veth.*|[a-f0-9]{15})$',
    '--collector.netdev.device-exclude=^(veth.*|[a-f0-9]{15})$',
    ...values.extraArgs,
  ];
}

/**
 * node-exporter on every node. It reads the host: the host's network (node-level network
 * metrics, and the node's address as the target), its process namespace, and `/` and `/sys`
 * mounted read-only. That is the named `host-access` exception of this component, and why it
 * runs in its own namespace labelled `privileged`. Everything else is `restricted`: non-root,
 * no capabilities (kube-prometheus adds SYS_TIME; reading the clock with adjtimex does not
 * need it), read-only root filesystem, RuntimeDefault seccomp.
 */
export function nodeExporterDaemonSet(
  values: NodeExporterOptions,
  common: CommonValues,
  namespace: string,
): IDaemonSet {
  const labels = nodeExporterObjectLabels(values);
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: NODE_EXPORTER_NAME, namespace, labels },
    spec: {
      selector: { matchLabels: nodeExporterSelector(values) },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } },
      template: {
        metadata: {
          labels,
          annotations: { 'kubectl.kubernetes.io/default-container': NODE_EXPORTER_NAME },
        },
        spec: {
          serviceAccountName: NODE_EXPORTER_NAME,
          // kube-rbac-proxy checks scrapers' tokens with the API.
          automountServiceAccountToken: true,
          hostNetwork: true,
          hostPID: true,
          nodeSelector: { ...values.nodeSelector },
          ...(values.priorityClassName ? { priorityClassName: values.priorityClassName } : {}),
          // A node agent runs on every node, tainted or not.
          tolerations: [{ operator: 'Exists' }],
          securityContext: restrictedPodSecurityContext(),
          containers: [
            {
              name: NODE_EXPORTER_NAME,
              image: image(values.image, common),
              args: nodeExporterArgs(values),
              // Through the proxy, which passes `/` (the landing page) unauthenticated.
              readinessProbe: { httpGet: { path: '/', port: 'https', scheme: 'HTTPS' }, periodSeconds: 10 },
              livenessProbe: {
                httpGet: { path: '/', port: 'https', scheme: 'HTTPS' },
                periodSeconds: 10,
                failureThreshold: 6,
              },
              resources: containerResources(values.resources),
              securityContext: restrictedSecurityContext(),
              volumeMounts: [
                { name: 'sys', mountPath: '/host/sys', mountPropagation: 'HostToContainer', readOnly: true },
                {
                  name: 'root',
                  mountPath: '/host/root',
                  mountPropagation: 'HostToContainer',
                  readOnly: true,
                },
              ],
            },
            rbacProxyContainer({
              name: 'kube-rbac-proxy',
              image: image(values.rbacProxy.image, common),
              resources: values.rbacProxy.resources,
              // The pod's address is the node's (host network).
              listenAddress: `[$(IP)]:${values.port}`,
              env: [{ name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }],
              port: values.port,
              hostPort: values.port,
              portName: 'https',
              upstream: `http://127.0.0.1:${values.internalPort}/`,
              healthPaths: ['/'],
            }),
          ],
          volumes: [
            { name: 'sys', hostPath: { path: '/sys' } },
            { name: 'root', hostPath: { path: '/' } },
          ],
        },
      },
    },
  };
}
