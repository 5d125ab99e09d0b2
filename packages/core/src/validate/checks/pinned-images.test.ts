import { describe, expect, test } from 'vitest';
import { pinnedImages } from './pinned-images.js';
import { compliantObjects, edit, exceptionTests, locations, runCheck } from './test-helpers.js';

const P = 'spec.template.spec';
const DIGEST = `sha256:${'a'.repeat(64)}`;

function withImage(image: unknown, container = `${P}.containers.0`) {
  return edit(compliantObjects(), 'app/deployment', `${container}.image`, image);
}

describe('pinned-images', () => {
  test('passes the compliant fixture', () => {
    expect(runCheck(pinnedImages, compliantObjects())).toEqual([]);
  });

  test.each([
    'quay.io/prometheus/prometheus:v3.13.2',
    'grafana/grafana:13.0.0',
    'redis:7',
    'busybox:1.36.1',
    'localhost:5000/team/app:2024-01-01',
    `quay.io/prometheus/prometheus@${DIGEST}`,
    `quay.io/prometheus/prometheus:v3.13.2@${DIGEST}`,
    'registry.example.com/mirror/my__app:v1',
  ])('accepts the pinned image %s', (image) => {
    expect(runCheck(pinnedImages, withImage(image))).toEqual([]);
  });

  test.each([
    ['no tag', 'nginx'],
    ['the latest tag', 'nginx:latest'],
    ['a registry port but no tag', 'localhost:5000/app'],
    ['a registry with latest', 'quay.io/prometheus/prometheus:latest'],
    ['an invalid reference', 'Nginx:1.0'],
    ['an empty string', ''],
    ['a truncated digest', 'nginx@sha256:abc'],
  ])('detects %s (%s)', (_name, image) => {
    const violations = runCheck(pinnedImages, withImage(image));
    expect(locations(violations)).toEqual([{ address: 'app/deployment', path: `${P}.containers.0.image` }]);
    expect(violations[0]?.value).toBe(image);
  });

  test('detects a missing image and checks init containers too', () => {
    const objects = edit(withImage(undefined), 'app/deployment', `${P}.initContainers.0.image`, 'busybox');
    expect(locations(runCheck(pinnedImages, objects))).toEqual([
      { address: 'app/deployment', path: `${P}.initContainers.0.image` },
      { address: 'app/deployment', path: `${P}.containers.0.image` },
    ]);
  });

  exceptionTests(pinnedImages, () => withImage('nginx:latest'), 'app/deployment');
});
