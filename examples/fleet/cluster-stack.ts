// One production cluster of the fleet: its own metrics stack (Prometheus, Alertmanager and
// Grafana keep alerting and the recent view local), with the Thanos sidecar shipping every
// two-hour block to the fleet's bucket. The cluster keeps two days on its disks; the bucket
// keeps the history the observer serves.
import { grafana } from '@mixstack/component-grafana';
import { prometheus } from '@mixstack/component-prometheus';
import { thanos } from '@mixstack/component-thanos';
import { createStack, type Stack } from '@mixstack/core';
import { gke } from '@mixstack/platform-gke';
import { objectStorage, PROJECT } from './bucket.ts';

/** A cluster's stack: its name becomes the `cluster` external label of every series it ships. */
export function clusterStack(cluster: string): Stack {
  return createStack({ namespace: 'monitoring', cluster }, [
    prometheus({ storage: { size: '50Gi' } }),
    grafana(),

    // Only the sidecar: Query, the Store Gateway and the Compactor run once, in the observer
    // (a second compactor on the same bucket would corrupt it).
    thanos({
      objectStorage,
      query: { enabled: false },
      queryFrontend: { enabled: false },
      store: { enabled: false },
      compact: { enabled: false },
    }),

    // Workload Identity gives Prometheus' ServiceAccount write access to the bucket.
    gke({ project: PROJECT, workloadIdentity: { bucketLocation: 'EU' } }),
  ]);
}
