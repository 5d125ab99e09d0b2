// The golden scenarios (not exported by index.ts).

import { createStack, type Stack } from '@mixstack/core';
import { grafana, prometheus } from 'mixstack';
import { gke } from './index.js';
import { archiver } from './test-helpers.js';

export const SCENARIOS: Record<string, () => Stack> = {
  /** Standard GKE with every option: Workload Identity for a synthetic bucket user, Grafana exposed with IAP, retained volumes. */
  standard: () =>
    createStack({ namespace: 'monitoring', cluster: 'prod-eu' }, [
      prometheus(),
      grafana(),
      archiver({ buckets: { chunks: 'acme-prod-archive-chunks', index: 'acme-prod-archive-index' } }),
      gke({
        project: 'acme-prod',
        storageClass: 'premium-rwo',
        retainVolumes: true,
        workloadIdentity: { bucketLocation: 'EU' },
        grafana: {
          host: 'grafana.acme.com',
          staticIpName: 'grafana-ip',
          iap: { oauthSecret: 'grafana-iap' },
        },
      }),
    ]),
  /** Autopilot next to GKE's managed collection of kube-state-metrics. */
  autopilot: () =>
    createStack({ namespace: 'monitoring', cluster: 'autopilot-eu' }, [
      prometheus(),
      grafana(),
      gke({ project: 'acme-prod', mode: 'autopilot', managedCollection: { kubeStateMetrics: true } }),
    ]),
};
