import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addMixin, createStack, definePart, renderMixins } from '@mixstack/core';
import { goldenDirectory } from '@mixstack/testing';
import { describe, test } from 'vitest';
import { MIXIN_NAME, thanosMixin } from './mixin.js';

/**
 * The mixin exactly as `mixstack mixins` exports it (`thanos/prometheus_alerts.yaml` and
 * `thanos/dashboards_out/*.json`, with core's uids), under `__golden__/mixin/`: real YAML and
 * JSON, reviewed in diffs. `UPDATE_GOLDEN=1 npx vitest run` (or `npm run golden` at the root)
 * rewrites them.
 */
const golden = goldenDirectory(join(dirname(fileURLToPath(import.meta.url)), '..', '__golden__'));

describe('golden files', () => {
  test('the mixin: its alerts and dashboards', () => {
    const stack = createStack({}, [
      definePart('thanos-mixin', (s) =>
        addMixin(s, '@mixstack/component-thanos', MIXIN_NAME, () => thanosMixin()),
      ),
    ]);
    golden.expectGoldenFolder('mixin', renderMixins(stack));
  });
});
