// Helpers of this package's tests (index.ts does not export them, so they never reach dist/).
// The fixtures the platforms share are @mixstack/testing's; the tests here import them by these names.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Part } from '@mixstack/core';
import { goldenDirectory, upstreamLike as upstreamLikeOf } from '@mixstack/testing';
import { CONTROL_PLANE_JOBS } from './eks.js';

/** `hostAgent` is what EKS Fargate cannot run: a DaemonSet reading the host. */
export { archiver, hostAgent } from '@mixstack/testing';

/** The upstream-like mixin on EKS's control-plane jobs: kube-scheduler, kube-controller-manager and etcd. */
export function upstreamLike(): Part {
  return upstreamLikeOf({ jobs: CONTROL_PLANE_JOBS });
}

/** This package's golden files (`UPDATE_GOLDEN=1 npx vitest run` rewrites them). */
export const { expectGoldenFolder } = goldenDirectory(
  join(dirname(fileURLToPath(import.meta.url)), '__golden__'),
);
