import type { ScrapeTarget } from '@mixstack/core';
import { selectorLabels } from '@mixstack/kit';
import { THANOS_IMAGE } from '../versions.js';
import { componentLabels } from './context.js';

/**
 * How the stack's Prometheus scrapes the component: the prometheus component renders the
 * ServiceMonitor from this entry of the `scrapeTargets` section, and only when the stack has
 * it (its CRDs come with it). The job is the `app.kubernetes.io/name` label: `thanos`.
 */
export function scrapeTarget(namespace: string): ScrapeTarget {
  return {
    namespace,
    // Selector labels carry no version: the default image stands for any.
    selector: selectorLabels(componentLabels(THANOS_IMAGE)),
    role: 'service',
    jobLabel: 'app.kubernetes.io/name',
    endpoints: [{ port: 'http', path: '/metrics' }],
  };
}
