import type { ScrapeTarget } from '@mixstack/core';
import { HTTP_PORT_NAME, pyroscopeSelector } from './context.js';

/**
 * How the stack's Prometheus scrapes Pyroscope: the prometheus component renders the
 * ServiceMonitor from this entry of the `scrapeTargets` section, and only when the stack has
 * it. The job is the `app.kubernetes.io/name` label: `pyroscope`.
 */
export function scrapeTarget(namespace: string): ScrapeTarget {
  return {
    namespace,
    selector: pyroscopeSelector(),
    role: 'service',
    jobLabel: 'app.kubernetes.io/name',
    endpoints: [{ port: HTTP_PORT_NAME, path: '/metrics' }],
  };
}
