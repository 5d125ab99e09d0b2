import type { ScrapeTarget } from '@mixstack/core';
import { HTTP_PORT_NAME, lokiSelector, SERVICE_LABEL } from './context.js';

/**
 * How the stack's Prometheus scrapes Loki: the prometheus component renders the ServiceMonitor
 * from this entry of the `scrapeTargets` section, and only when the stack has it. It selects
 * the `loki` Service (not the headless one, which selects the same pods), and the job
 * is the `app.kubernetes.io/name` label: `loki`.
 */
export function scrapeTarget(namespace: string): ScrapeTarget {
  return {
    namespace,
    selector: { ...lokiSelector(), [SERVICE_LABEL]: 'http' },
    role: 'service',
    jobLabel: 'app.kubernetes.io/name',
    endpoints: [{ port: HTTP_PORT_NAME, path: '/metrics' }],
  };
}
