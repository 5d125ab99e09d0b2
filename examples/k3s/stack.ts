// A home-lab or edge stack on k3s: the metrics stack, logs in Loki, Grafana behind k3s's
// Traefik, sized for one small node. Build it from the repository root:
//   node packages/mixstack/dist/cli.js build examples/k3s/stack.ts -o manifests-k3s/
import { alloy } from '@mixstack/component-alloy';
import { grafana } from '@mixstack/component-grafana';
import { loki } from '@mixstack/component-loki';
import { prometheus } from '@mixstack/component-prometheus';
import { createStack } from '@mixstack/core';
import { k3s } from '@mixstack/platform-k3s';

export default createStack({ namespace: 'monitoring', cluster: 'home' }, [
  prometheus({ retention: '15d', storage: { size: '20Gi' } }),
  grafana(),

  // Logs: Loki on its volume, fed by one Alloy pod per node.
  loki({ retention: '14d' }),
  alloy(),

  // Platform: volumes on k3s's local-path StorageClass; Grafana at https://grafana.home.example/
  // through Traefik, with the certificate of the Secret grafana-tls; the servers started with
  // --kube-controller-manager-arg=bind-address=0.0.0.0 and --kube-scheduler-arg=bind-address=0.0.0.0
  // (see the build summary); the edge profile (one replica, half the requests, 7 days of metrics)
  // for a 2-CPU / 4 GiB node.
  k3s({
    controlPlane: { controllerManager: true, scheduler: true, servers: ['192.168.1.10'] },
    grafana: { host: 'grafana.home.example', tlsSecret: 'grafana-tls' },
    profile: 'edge',
  }),
]);
