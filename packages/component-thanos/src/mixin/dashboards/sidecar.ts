import type { Dashboard } from '@mixstack/core';
import {
  bucketPanels,
  graph,
  grpcPanels,
  POD_LEGEND,
  rate,
  resourcesRow,
  series,
  stat,
  targetsUp,
  thanosDashboard,
} from './panels.js';

/**
 * Thanos / Sidecar: the sidecar of each Prometheus replica: its connection to Prometheus, the
 * blocks it ships, the Store API it serves to Query, its bucket and resources. Read only here:
 * `thanos_sidecar_last_heartbeat_success_time_seconds` (cmd/thanos/sidecar.go) and
 * `thanos_shipper_upload_failures_total` (pkg/shipper).
 */
export function sidecarDashboard(): Dashboard {
  const byPod = (expr: string) => `sum by (cluster, pod) (${expr})`;
  return thanosDashboard(
    'Thanos / Sidecar',
    'The Thanos sidecar of each Prometheus replica: its Prometheus, the blocks it ships to the bucket, the recent data it serves to Query.',
    ['sidecar'],
    [
      {
        title: 'Overview',
        panels: [
          targetsUp('sidecar', 'Sidecars up'),
          stat({
            title: 'Prometheus reachable',
            description:
              'Sidecars that reach their Prometheus (ThanosSidecarNoConnectionToStartedPrometheus).',
            unit: 'none',
            query: { expr: `sum(${series('sidecar', 'thanos_sidecar_prometheus_up')})` },
          }),
          stat({
            title: 'Last upload',
            description:
              'Time since the sidecar that shipped least recently last uploaded a block: about 2 hours at most (ThanosSidecarNoUploads).',
            unit: 's',
            query: {
              expr: `time() - min(${series('sidecar', 'thanos_objstore_bucket_last_successful_upload_time')} > 0)`,
            },
            thresholds: [[3 * 3600, 'red']],
          }),
        ],
      },
      {
        title: 'Shipping',
        panels: [
          graph({
            title: 'Blocks uploaded',
            description:
              'Blocks per hour each sidecar uploads (one 2-hour block every 2 hours), and the failed uploads.',
            unit: 'short',
            queries: [
              {
                expr: `${byPod(rate('sidecar', 'thanos_shipper_uploads_total'))} * 3600`,
                legend: POD_LEGEND,
              },
              {
                expr: `${byPod(rate('sidecar', 'thanos_shipper_upload_failures_total'))} * 3600`,
                legend: `failures ${POD_LEGEND}`,
              },
            ],
          }),
          graph({
            title: 'Prometheus reachable',
            description: '1 while the sidecar reaches its Prometheus, per pod.',
            unit: 'none',
            min: 0,
            max: 1,
            queries: [{ expr: byPod(series('sidecar', 'thanos_sidecar_prometheus_up')), legend: POD_LEGEND }],
          }),
          graph({
            title: 'Heartbeat age',
            description: 'Time since the sidecar last read the external labels of its Prometheus.',
            unit: 's',
            queries: [
              {
                expr: `time() - ${byPod(series('sidecar', 'thanos_sidecar_last_heartbeat_success_time_seconds'))}`,
                legend: POD_LEGEND,
              },
            ],
          }),
        ],
      },
      { title: 'Store API', panels: grpcPanels('sidecar', 'server', 'Store API') },
      { title: 'Bucket', panels: bucketPanels('sidecar') },
      resourcesRow('sidecar'),
    ],
  );
}
