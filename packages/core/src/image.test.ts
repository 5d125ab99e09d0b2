import { describe, expect, test } from 'vitest';
import { withImageRegistry } from './image.js';

describe('withImageRegistry', () => {
  test.each([
    [
      'quay.io/prometheus/prometheus:v3.13.2',
      'registry.example.com/mirror',
      'registry.example.com/mirror/prometheus/prometheus:v3.13.2',
    ],
    [
      'grafana/grafana:13.0.0',
      'registry.example.com/mirror',
      'registry.example.com/mirror/grafana/grafana:13.0.0',
    ],
    ['localhost:5000/app:1', 'mirror.example.com', 'mirror.example.com/app:1'],
    ['busybox:1.36', 'mirror.example.com/', 'mirror.example.com/busybox:1.36'],
    [
      'registry.k8s.io/kube-state-metrics/kube-state-metrics@sha256:abc',
      'm.example.com',
      'm.example.com/kube-state-metrics/kube-state-metrics@sha256:abc',
    ],
  ])('%s with %s → %s', (image, registry, expected) => {
    expect(withImageRegistry(image, registry)).toBe(expected);
  });

  test('no registry leaves the image alone', () => {
    expect(withImageRegistry('quay.io/a/b:1', undefined)).toBe('quay.io/a/b:1');
    expect(withImageRegistry('quay.io/a/b:1', '')).toBe('quay.io/a/b:1');
  });
});
