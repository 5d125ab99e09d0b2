// Helpers of this package's tests (index.ts does not export them, so they never reach dist/).
// The fixtures the platforms share are @mixstack/testing's; the tests here import them by these names.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Part } from '@mixstack/core';
import { goldenDirectory, upstreamLike as upstreamLikeOf } from '@mixstack/testing';

export { archiver } from '@mixstack/testing';

/** This package's golden files (`UPDATE_GOLDEN=1 npx vitest run src/golden.test.ts` rewrites them). */
export const { expectGoldenFolder } = goldenDirectory(
  join(dirname(fileURLToPath(import.meta.url)), '__golden__'),
);

/**
 * The upstream-like mixin as k3s's tests count its pruning: an alert on each of kube-scheduler,
 * kube-controller-manager and the API server (which k3s always exposes, so its alert stays), a
 * dashboard on kube-scheduler alone and one query naming the three, without the edge cases.
 */
export function upstreamLike(): Part {
  return upstreamLikeOf({
    jobs: ['kube-scheduler', 'kube-controller-manager', 'apiserver'],
    edgeCases: false,
  });
}
