import type { Dashboard } from '@mixstack/core';
import type { Scope } from '../variables.js';
import { apiserverDashboard } from './apiserver.js';
import {
  resourcesClusterDashboard,
  resourcesNamespacePodsDashboard,
  resourcesNamespaceWorkloadsDashboard,
  resourcesNodeDashboard,
  resourcesPodDashboard,
  resourcesWorkloadDashboard,
} from './compute-resources.js';
import { controllerManagerDashboard, schedulerDashboard } from './control-plane.js';
import { kubeletDashboard } from './kubelet.js';
import {
  networkingClusterDashboard,
  networkingNamespacePodsDashboard,
  networkingNamespaceWorkloadsDashboard,
  networkingPodDashboard,
  networkingWorkloadDashboard,
} from './networking.js';
import { persistentVolumesDashboard } from './persistent-volumes.js';
import { KUBERNETES_FILES as FILES } from './shared.js';

/**
 * The kubernetes mixin's dashboards by file name. kube-scheduler and kube-controller-manager
 * are left out with a managed control plane the platform does not scrape: nothing scrapes them.
 */
export function kubernetesDashboards(scope: Scope): Record<string, Dashboard> {
  return {
    [FILES.resourcesCluster]: resourcesClusterDashboard(scope),
    [FILES.resourcesNamespacePods]: resourcesNamespacePodsDashboard(scope),
    [FILES.resourcesNamespaceWorkloads]: resourcesNamespaceWorkloadsDashboard(scope),
    [FILES.resourcesWorkload]: resourcesWorkloadDashboard(scope),
    [FILES.resourcesPod]: resourcesPodDashboard(scope),
    [FILES.resourcesNode]: resourcesNodeDashboard(scope),
    [FILES.networkingCluster]: networkingClusterDashboard(scope),
    [FILES.networkingNamespacePods]: networkingNamespacePodsDashboard(scope),
    [FILES.networkingNamespaceWorkloads]: networkingNamespaceWorkloadsDashboard(scope),
    [FILES.networkingWorkload]: networkingWorkloadDashboard(scope),
    [FILES.networkingPod]: networkingPodDashboard(scope),
    [FILES.persistentVolumes]: persistentVolumesDashboard(scope),
    [FILES.kubelet]: kubeletDashboard(scope),
    [FILES.apiserver]: apiserverDashboard(scope),
    ...(scope.s.schedulerAndControllerManagerScraped
      ? {
          [FILES.scheduler]: schedulerDashboard(scope),
          [FILES.controllerManager]: controllerManagerDashboard(scope),
        }
      : {}),
  };
}
