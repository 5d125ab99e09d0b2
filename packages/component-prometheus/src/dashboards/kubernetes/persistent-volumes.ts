import type { Dashboard } from '@mixstack/core';
import { buildDashboard, grafanaVar, queryVariable, type StatSpec } from '@mixstack/kit';
import type { Scope } from '../variables.js';
import {
  CELL,
  dashboardLink,
  KUBERNETES_FILES as FILES,
  KUBERNETES_LINK_TITLE,
  KUBERNETES_TAG,
  kubeSelectors,
  kubeVariables,
  NAMESPACE,
} from './shared.js';

const VOLUME = 'persistentvolumeclaim="$volume"';

/**
 * Kubernetes / Persistent Volumes: how full the claims of a namespace are (the kubelet's volume
 * statistics, reported for mounted volumes), when one will be full, and claims not bound.
 * `max` and not `sum`: a volume mounted on two nodes is reported by both kubelets.
 */
export function persistentVolumesDashboard(scope: Scope): Dashboard {
  const k = kubeSelectors(scope);
  const v = kubeVariables(scope);
  const stats = (metric: string, ...m: string[]) =>
    `max by (persistentvolumeclaim) (${metric}${k.kubelet(NAMESPACE, ...m)})`;
  const one = (metric: string) => `max(${metric}${k.kubelet(NAMESPACE, VOLUME)})`;
  const usedShare = (used: string, total: string, title: string, description: string): StatSpec => ({
    kind: 'stat',
    title,
    description,
    unit: 'percentunit',
    width: 6,
    height: 8,
    query: { expr: `${one(used)} / ${one(total)}` },
    thresholds: [
      [0.75, 'orange'],
      [0.9, 'red'],
    ],
  });
  return buildDashboard({
    title: 'Kubernetes / Persistent Volumes',
    description:
      'Space and inodes of the persistent volume claims of a namespace, the trend of one claim, and claims that are not bound.',
    tag: KUBERNETES_TAG,
    linkTitle: KUBERNETES_LINK_TITLE,
    variables: [
      v.datasource(),
      v.cluster(),
      v.namespace(),
      queryVariable(
        'volume',
        'Claim',
        `kubelet_volume_stats_capacity_bytes${k.kubelet(NAMESPACE)}`,
        'persistentvolumeclaim',
      ),
    ],
    rows: [
      {
        title: 'Claims of the namespace',
        panels: [
          {
            kind: 'table',
            title: 'Mounted claims',
            description:
              'Every claim of the namespace that a pod mounts: capacity, space used and the share of space and inodes used. Click a claim to see its trend below.',
            unit: 'bytes',
            width: 18,
            height: 8,
            keys: ['persistentvolumeclaim'],
            columns: [
              { title: 'Capacity', expr: stats('kubelet_volume_stats_capacity_bytes'), unit: 'bytes' },
              { title: 'Used', expr: stats('kubelet_volume_stats_used_bytes'), unit: 'bytes' },
              {
                title: 'Space used',
                expr: `${stats('kubelet_volume_stats_used_bytes')} / ${stats('kubelet_volume_stats_capacity_bytes')}`,
                unit: 'percentunit',
              },
              {
                title: 'Inodes used',
                expr: `${stats('kubelet_volume_stats_inodes_used')} / ${stats('kubelet_volume_stats_inodes')}`,
                unit: 'percentunit',
              },
            ],
            links: {
              persistentvolumeclaim: [
                dashboardLink('Claim: trend', FILES.persistentVolumes, {
                  namespace: grafanaVar('namespace'),
                  volume: CELL,
                }),
              ],
            },
          },
          {
            kind: 'stat',
            title: 'Claims not bound',
            description:
              'Claims of the namespace that are Pending or Lost: pods using them cannot start. A Pending claim waits for a volume (no matching StorageClass, quota, or a WaitForFirstConsumer claim without a pod).',
            unit: 'none',
            width: 6,
            height: 8,
            query: {
              expr: `sum(kube_persistentvolumeclaim_status_phase${k.ksm(NAMESPACE, 'phase!="Bound"')})`,
            },
            thresholds: [[1, 'red']],
          },
        ],
      },
      {
        title: 'Claim $volume',
        panels: [
          {
            kind: 'timeseries',
            title: 'Space',
            description: 'Space used on the volume of the claim, and its capacity.',
            unit: 'bytes',
            width: 12,
            min: 0,
            queries: [
              { expr: one('kubelet_volume_stats_used_bytes'), legend: 'used' },
              { expr: one('kubelet_volume_stats_capacity_bytes'), legend: 'capacity' },
            ],
          },
          usedShare(
            'kubelet_volume_stats_used_bytes',
            'kubelet_volume_stats_capacity_bytes',
            'Space used',
            'Share of the volume in use. A full volume makes writes fail.',
          ),
          {
            kind: 'stat',
            title: 'Free space in 4 days',
            description:
              'Free space predicted four days from now by a linear fit over the last 6 hours (what the KubePersistentVolumeFillingUp alert watches). Negative: the volume will be full before.',
            unit: 'bytes',
            width: 6,
            height: 8,
            query: {
              expr: `max(predict_linear(kubelet_volume_stats_available_bytes${k.kubelet(NAMESPACE, VOLUME)}[6h], 4 * 24 * 3600))`,
            },
          },
          {
            kind: 'timeseries',
            title: 'Inodes',
            description:
              'Inodes (files and directories) used on the volume of the claim, and how many it has. Running out of inodes makes file creation fail with free space left.',
            unit: 'short',
            width: 12,
            min: 0,
            queries: [
              { expr: one('kubelet_volume_stats_inodes_used'), legend: 'used' },
              { expr: one('kubelet_volume_stats_inodes'), legend: 'total' },
            ],
          },
          usedShare(
            'kubelet_volume_stats_inodes_used',
            'kubelet_volume_stats_inodes',
            'Inodes used',
            'Share of the inodes of the volume in use.',
          ),
        ],
      },
    ],
  });
}
