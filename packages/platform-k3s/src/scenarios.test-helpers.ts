// The golden scenarios (not exported by index.ts).

import { createStack, type Part, type Stack } from '@mixstack/core';
import { alloy, grafana, loki, prometheus, pyroscope, tempo } from 'mixstack';
import { k3s } from './index.js';

/** The stack of the scenarios: Prometheus (with the control-plane monitors) and Grafana. */
const parts = () => [prometheus(), grafana()];

/** The parts of mixstack's default stack (`defaultStack()`), one by one. */
export const defaultParts = (): Part[] => [grafana(), prometheus(), loki(), tempo(), pyroscope(), alloy()];

export const SCENARIOS: Record<string, () => Stack> = {
  /** k3s as installed: nothing exposed, local-path, Grafana through port-forward. */
  default: () => createStack({ namespace: 'monitoring', cluster: 'k3s-home' }, [...parts(), k3s()]),
  /** A single small node: the whole default stack of mixstack with the edge profile. */
  edge: () =>
    createStack({ namespace: 'monitoring', cluster: 'k3s-edge' }, [
      ...defaultParts(),
      k3s({ profile: 'edge' }),
    ]),
  /** Grafana behind Traefik with TLS, and the servers exposing kube-controller-manager and kube-scheduler. */
  'grafana-exposed': () =>
    createStack({ namespace: 'monitoring', cluster: 'k3s-home' }, [
      ...parts(),
      k3s({
        controlPlane: { controllerManager: true, scheduler: true, servers: ['192.168.1.10', '192.168.1.11'] },
        grafana: { host: 'grafana.home.example', tlsSecret: 'grafana-tls' },
      }),
    ]),
  /**
   * Every control-plane endpoint exposed: embedded etcd on three servers (`--cluster-init`),
   * kube-proxy and the supervisor metrics on the servers and two agents.
   */
  'everything-exposed': () =>
    createStack({ namespace: 'monitoring', cluster: 'k3s-ha' }, [
      ...parts(),
      k3s({
        controlPlane: {
          controllerManager: true,
          scheduler: true,
          kubeProxy: true,
          etcd: true,
          supervisorMetrics: true,
          servers: ['192.168.1.10', '192.168.1.11', '192.168.1.12'],
          agents: ['192.168.1.20', '192.168.1.21'],
        },
      }),
    ]),
};
