import type { ScrapeTarget } from '@mixstack/core';
import { selectorLabels } from '@mixstack/kit';
import { ALLOY_IMAGE } from '../versions.js';
import { componentLabels, HTTP_PORT_NAME } from './context.js';

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
