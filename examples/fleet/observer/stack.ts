// The observer of the fleet (see ../README.md): Thanos Query, Query Frontend, Store Gateway and
// the bucket's one Compactor over the blocks every cluster ships, and Grafana over them; every
// dashboard's `cluster` variable lists prod-eu, prod-us and the observer itself. Build it from
// the repository root:
//   node packages/mixstack/dist/cli.js build examples/fleet/observer/stack.ts -o manifests-observer/
import { grafana } from '@mixstack/component-grafana';
import { prometheus } from '@mixstack/component-prometheus';
import { thanos } from '@mixstack/component-thanos';
import { createStack } from '@mixstack/core';
import { gke } from '@mixstack/platform-gke';
import { objectStorage, PROJECT } from '../bucket.ts';

export default createStack({ namespace: 'monitoring', cluster: 'observer' }, [
  // The observer watches itself too (Thanos' own alerts are evaluated here) and ships its
  // blocks like any cluster.
  prometheus({ storage: { size: '20Gi' } }),
  grafana({ replicas: 2 }),

  // Raw blocks for 90 days, 5-minute downsamples for a year, hourly ones for three years.
  thanos({
    objectStorage,
    compact: { retention: { raw: '90d', fiveMinutes: '1y', oneHour: '3y' }, storage: { size: '100Gi' } },
    store: { storage: { size: '50Gi' } },
  }),

  gke({ project: PROJECT, workloadIdentity: { bucketLocation: 'EU' } }),
]);
