import type { Stack } from '@mixstack/core';

/**
 * Grafana's Prometheus datasource through Thanos Query (owned by the sidecar work; this first
 * version changes nothing yet).
 */
export function withQueryDatasource(stack: Stack): Stack {
  return stack;
}
