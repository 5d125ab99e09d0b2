import { parseImage } from '../../options/schema.js';
import { containersOf, podWorkloads } from './pods.js';
import type { SafetyCheck, Violation } from './types.js';

/** Images name a version tag or a digest; `latest` and untagged images change under the same manifest. */
export const pinnedImages: SafetyCheck = {
  name: 'pinned-images',
  description: 'Every image is pinned to a version tag or digest, never latest.',
  run(objects) {
    const violations: Violation[] = [];
    for (const { address, workload } of podWorkloads(objects)) {
      for (const { container, path } of containersOf(workload)) {
        const image = typeof container.image === 'string' ? container.image : '';
        const parsed = parseImage(image);
        const pinned =
          parsed !== undefined &&
          (parsed.digest !== undefined || (parsed.tag !== undefined && parsed.tag !== 'latest'));
        if (!pinned) {
          violations.push({
            address,
            path: `${path}.image`,
            message: `container "${String(container.name)}" uses an unpinned image`,
            hint: 'use an image with a version tag (quay.io/prometheus/prometheus:v3.13.2) or a digest',
            value: container.image,
          });
        }
      }
    }
    return violations;
  },
};
