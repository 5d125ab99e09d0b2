/**
 * `hostAgent`, a component that reads the node through a hostPath volume (and, if asked, the
 * host network), with the documented exception core's `host-access` check requires: the
 * workload the platforms' tests give to what their restricted modes cannot run (GKE Autopilot
 * rejects it, EKS Fargate cannot run a DaemonSet reading the host).
 */
import { addComponent, definePart, type Part } from '@mixstack/core';

/**
 * The part adding `hostAgent/daemonSet` (the DaemonSet `host-agent` in the stack's namespace).
 * @param volumePath The node's path mounted read-only at `/host`. @default '/var/lib/agent'
 * @param hostNetwork Whether its pods use the node's network namespace. @default false
 */
export function hostAgent(volumePath = '/var/lib/agent', hostNetwork = false): Part {
  return definePart('host-agent', (stack) =>
    addComponent(stack, {
      name: 'hostAgent',
      source: 'test',
      exceptions: [{ key: 'daemonSet', check: 'host-access', reason: 'a test agent reading the node' }],
      build: ({ common }) => ({
        daemonSet: {
          apiVersion: 'apps/v1',
          kind: 'DaemonSet',
          metadata: { name: 'host-agent', namespace: common.namespace },
          spec: {
            selector: { matchLabels: { app: 'host-agent' } },
            template: {
              metadata: { labels: { app: 'host-agent' } },
              spec: {
                hostNetwork,
                containers: [
                  {
                    name: 'agent',
                    image: 'example.com/agent:1.0.0',
                    volumeMounts: [{ name: 'host', mountPath: '/host', readOnly: true }],
                  },
                ],
                volumes: [{ name: 'host', hostPath: { path: volumePath } }],
              },
            },
          },
        },
      }),
    }),
  );
}
