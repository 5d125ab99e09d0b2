import { addComponent, addPatch, addScrapeTarget, type Stack } from '@mixstack/core';
import { SIDECAR_SERVICE, SOURCE } from './names.js';
import { sidecarNetworkPatch } from './network-policy.js';
import { sidecarPatch } from './prometheus-resource.js';
import { withRetention } from './retention.js';
import { sidecarComponent, sidecarScrapeTarget } from './service.js';

/**
 * The Thanos sidecar in the stack's Prometheus pods, through Kubernetes APIs and core's
 * contracts only (DESIGN.md §8): `spec.thanos` on the Prometheus resource (the operator adds the
 * container), Prometheus' retention lowered to `sidecar.localRetention` (what the user passes to
 * `prometheus({ retention })` wins) with a line in the build summary, a headless
 * `thanos-sidecar` Service that Query discovers the replicas by, its scrape target (job
 * `thanos-sidecar`), and Prometheus' NetworkPolicy opened to Query and the scraper. Everything
 * is decided at render from the final values and contracts, so the order of the parts does not
 * matter; with the sidecar off (or Thanos off) it renders and patches nothing.
 */
export function withSidecar(stack: Stack): Stack {
  const { stack: adjusted, adjusted: retentionAdjusted } = withRetention(stack);
  let next = addPatch(adjusted, sidecarPatch(retentionAdjusted));
  next = addPatch(next, sidecarNetworkPatch);
  next = addComponent(next, sidecarComponent);
  return addScrapeTarget(next, SOURCE, SIDECAR_SERVICE, sidecarScrapeTarget);
}
