import { defaultCommonValues } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { image, imageVersion, objectLabels, selectorLabels } from './labels.js';

describe('imageVersion', () => {
  test.each([
    ['quay.io/prometheus/prometheus:v3.13.2', '3.13.2'],
    ['quay.io/prometheus-operator/prometheus-operator:v0.93.0', '0.93.0'],
    [`registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.19.1@sha256:${'a'.repeat(64)}`, '2.19.1'],
    ['localhost:5000/prometheus:3.0.0-rc.1', '3.0.0-rc.1'],
    ['quay.io/prometheus/prometheus:main', undefined],
    [`quay.io/prometheus/prometheus@sha256:${'a'.repeat(64)}`, undefined],
  ])('%s → %s', (reference, version) => {
    expect(imageVersion(reference)).toBe(version);
  });
});

describe('component labels', () => {
  const labels = { name: 'loki', component: 'logs', instance: 'main', image: 'docker.io/grafana/loki:3.5.0' };

  test('the selector has no version, so an upgrade keeps selecting the running pods', () => {
    expect(selectorLabels(labels)).toEqual({
      'app.kubernetes.io/name': 'loki',
      'app.kubernetes.io/component': 'logs',
      'app.kubernetes.io/instance': 'main',
      'app.kubernetes.io/part-of': 'mixstack',
    });
  });

  test('object labels add the version of a version tag only', () => {
    expect(objectLabels(labels)['app.kubernetes.io/version']).toBe('3.5.0');
    const { instance: _, ...unnamed } = labels;
    expect(objectLabels({ ...unnamed, image: 'docker.io/grafana/loki:main' })).toEqual(
      selectorLabels(unnamed),
    );
  });

  test('images go through the stack mirror', () => {
    const common = { ...defaultCommonValues(), imageRegistry: 'registry.example.com/mirror' };
    expect(image('docker.io/grafana/loki:3.5.0', common)).toBe(
      'registry.example.com/mirror/grafana/loki:3.5.0',
    );
    expect(image('docker.io/grafana/loki:3.5.0', defaultCommonValues())).toBe('docker.io/grafana/loki:3.5.0');
  });
});
