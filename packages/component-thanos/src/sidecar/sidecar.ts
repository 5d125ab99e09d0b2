import type { Stack } from '@mixstack/core';

/**
 * The sidecar in the stack's Prometheus pods (owned by the sidecar work; this first version
 * adds nothing yet).
 */
export function withSidecar(stack: Stack): Stack {
  return stack;
}
