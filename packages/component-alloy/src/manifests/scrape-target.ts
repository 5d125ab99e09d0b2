import type { ScrapeTarget } from '@mixstack/core';
import { selectorLabels } from '@mixstack/kit';
import { ALLOY_IMAGE } from '../versions.js';
import { componentLabels, HTTP_PORT_NAME, profilerLabels } from './context.js';

/**
 * How the stack's Prometheus scrapes Alloy: the prometheus component renders the ServiceMonitor
 * from this entry of the `scrapeTargets` section. The job is the `app.kubernetes.io/name`
 * label, `alloy`; `instance` is the node, which the pod runs for.
 */
export function scrapeTarget(namespace: string): ScrapeTarget {
  return {
    namespace,
    // Selector labels carry no version: the default image stands for any.
    selector: selectorLabels(componentLabels(ALLOY_IMAGE)),
    role: 'service',
    jobLabel: 'app.kubernetes.io/name',
    endpoints: [
      {
        port: HTTP_PORT_NAME,
        path: '/metrics',
        relabelings: [
          { action: 'replace', sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'instance' },
        ],
      },
    ],
  };
}

/**
 * How the stack's Prometheus scrapes the eBPF profiler, in its own namespace. No job label: the
 * job is the Service's name, `alloy-profiler`, so that the mixin's `job="alloy"` keeps meaning
 * the collector (AlloyDown does not go quiet because the profiler answers).
 */
export function profilerScrapeTarget(namespace: string): ScrapeTarget {
  return {
    namespace,
    selector: selectorLabels(profilerLabels(ALLOY_IMAGE)),
    role: 'service',
    endpoints: [
      {
        port: HTTP_PORT_NAME,
        path: '/metrics',
        relabelings: [
          { action: 'replace', sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'instance' },
        ],
      },
    ],
  };
}
