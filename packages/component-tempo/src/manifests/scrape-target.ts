import type { ScrapeTarget } from '@mixstack/core';
import { HTTP_PORT_NAME, tempoSelector } from './context.js';

/**
 * How the stack's Prometheus scrapes Tempo: the prometheus component renders the ServiceMonitor
 * from this entry of the `scrapeTargets` section, and only when the stack has it. The job is
 * the `app.kubernetes.io/name` label: `tempo`.
 */
export function scrapeTarget(namespace: string): ScrapeTarget {
  return {
    namespace,
    selector: tempoSelector(),
    role: 'service',
    jobLabel: 'app.kubernetes.io/name',
    endpoints: [{ port: HTTP_PORT_NAME, path: '/metrics' }],
  };
}

/**
 * Distributed mode: every Service of Tempo's workloads, on `/metrics` of its HTTP port, each a
 * job of its own named after the Service (`tempo-distributor`, `tempo-querier`, ...: no
 * `jobLabel`, so the job is the Service's name), which the mixin's `job=~"tempo(-.+)?"` selects.
 * The headless Services (gossip, frontend discovery) have no HTTP port: nothing is scraped there.
 */
export function distributedScrapeTarget(namespace: string): ScrapeTarget {
  return {
    namespace,
    selector: { 'app.kubernetes.io/name': 'tempo', 'app.kubernetes.io/part-of': 'mixstack' },
    role: 'service',
    endpoints: [{ port: HTTP_PORT_NAME, path: '/metrics' }],
  };
}
