import type { ScrapeTarget } from '@mixstack/core';
import { HTTP_PORT_NAME, partSelector, type ThanosWorkload } from './context.js';

/**
 * How the stack's Prometheus scrapes a part: the prometheus component renders a ServiceMonitor
 * from this entry of the `scrapeTargets` section (its id is the monitor's name), and only when
 * the stack has it. The job is the Service's `app.kubernetes.io/name`: `thanos-query`, ... as
 * the mixin selects them (`jobs.ts`).
 */
export function partScrapeTarget(namespace: string, part: ThanosWorkload): ScrapeTarget {
  return {
    namespace,
    selector: partSelector(part),
    role: 'service',
    jobLabel: 'app.kubernetes.io/name',
    endpoints: [{ port: HTTP_PORT_NAME, path: '/metrics' }],
  };
}
