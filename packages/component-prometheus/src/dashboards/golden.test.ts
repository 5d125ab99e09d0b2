import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStack, renderMixins } from '@mixstack/core';
import { goldenDirectory } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { prometheus } from '../prometheus.js';
import { withDashboards } from './dashboards.test-helpers.js';

/**
 * Golden JSON of every dashboard, exactly as `mixstack mixins` exports it
 * (`<mixin>/dashboards_out/<file>`, with core's uid): `__golden__/<mixin>/<file>`.
 * `UPDATE_GOLDEN=1 npx vitest run` rewrites them.
 */
const { expectGoldenFolder } = goldenDirectory(join(dirname(fileURLToPath(import.meta.url)), '__golden__'));

const exported = new Map(
  [...renderMixins(createStack({}, [prometheus(), withDashboards()]))]
    .filter(([path]) => path.includes('/dashboards_out/'))
    .map(([path, content]) => [path.replace('/dashboards_out/', '/'), content]),
);

describe('golden dashboards', () => {
  test('one file per dashboard, no more, each byte for byte', () => {
    expect(exported.size).toBe(21);
    expectGoldenFolder('', exported);
  });
});
