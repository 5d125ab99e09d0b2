import { describe, expect, test } from 'vitest';
import { camelCase, imageVersion, pascalCase, quantityValue, retentionSizeFor } from './common.js';

describe('quantityValue', () => {
  test.each([
    ['512Mi', 512 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['250m', 0.25],
    ['2', 2],
    ['1.5G', 1.5e9],
    ['1e3', 1000],
    ['10Ti', 10 * 2 ** 40],
    ['.5', 0.5],
    ['100GB', undefined],
    ['lots', undefined],
  ])('%s → %s', (quantity, value) => {
    expect(quantityValue(quantity)).toBe(value);
  });
});

describe('retentionSizeFor: 85% of the volume in base-2 units', () => {
  test.each([
    ['50Gi', '42GB'],
    ['100Gi', '85GB'],
    ['10Gi', '8704MB'],
    ['1Ti', '870GB'],
    ['500G', '395GB'],
    ['2Gi', '1740MB'],
    ['100Ki', undefined],
  ])('%s → %s', (size, retention) => {
    expect(retentionSizeFor(size)).toBe(retention);
  });
});

describe('imageVersion', () => {
  test.each([
    ['quay.io/prometheus/prometheus:v3.13.2', '3.13.2'],
    ['quay.io/prometheus-operator/prometheus-operator:v0.93.0', '0.93.0'],
    [`registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.19.1@sha256:${'a'.repeat(64)}`, '2.19.1'],
    ['localhost:5000/prometheus:3.0.0-rc.1', '3.0.0-rc.1'],
    ['quay.io/prometheus/prometheus:main', undefined],
    [`quay.io/prometheus/prometheus@sha256:${'a'.repeat(64)}`, undefined],
  ])('%s → %s', (image, version) => {
    expect(imageVersion(image)).toBe(version);
  });
});

describe('names', () => {
  test.each([
    ['kube-system', 'KubeSystem', 'kubeSystem'],
    ['node-exporter', 'NodeExporter', 'nodeExporter'],
    ['team-1', 'Team1', 'team1'],
    ['apps', 'Apps', 'apps'],
  ])('%s → %s / %s', (name, pascal, camel) => {
    expect(pascalCase(name)).toBe(pascal);
    expect(camelCase(name)).toBe(camel);
  });
});
