import type { CommonValues } from '@mixstack/core';

/**
 * Who scrapes kube-scheduler and kube-controller-manager, from the common values platform parts
 * set. A self-hosted control plane: this package, with its ServiceMonitors. A managed one
 * (`managedControlPlane`: GKE, AKS) runs them out of the cluster's reach, so nobody does, unless
 * the platform scrapes them itself (`platformScrapesControlPlane`: EKS's metrics proxied by the
 * API server), under the `job` names the mixins read.
 */

/** The common values that say it. */
type ControlPlaneCommon = Pick<CommonValues, 'managedControlPlane' | 'platformScrapesControlPlane'>;

/**
 * Whether this package renders the kube-scheduler and kube-controller-manager ServiceMonitors:
 * only on a self-hosted control plane the platform does not scrape itself (two scrapers of one
 * job would double every series).
 */
export function rendersSchedulerAndControllerManagerMonitors(common: ControlPlaneCommon): boolean {
  return common.managedControlPlane !== true && common.platformScrapesControlPlane !== true;
}

/**
 * Whether kube-scheduler and kube-controller-manager are scraped at all (by this package or by
 * the platform): their alerts, recording rules and dashboards are kept exactly then, since a
 * target nobody scrapes is not down and has no data to show.
 */
export function schedulerAndControllerManagerScraped(common: ControlPlaneCommon): boolean {
  return common.managedControlPlane !== true || common.platformScrapesControlPlane === true;
}
