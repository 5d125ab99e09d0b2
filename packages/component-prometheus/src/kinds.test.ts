import { describe, expect, test } from 'vitest';
import { prometheusOperatorKinds } from './kinds.js';

const kind = (name: string) => prometheusOperatorKinds.find((k) => k.kind === name)!;

describe('the prometheus-operator kinds', () => {
  test('registers the kinds the package renders, namespaced, with hooks where pods or PromQL hide', () => {
    expect(
      prometheusOperatorKinds.map((k) => [
        `${k.apiVersion}/${k.kind}`,
        k.namespaced,
        !!k.workload,
        !!k.expressions,
      ]),
    ).toEqual([
      ['monitoring.coreos.com/v1/Prometheus', true, true, false],
      ['monitoring.coreos.com/v1/Alertmanager', true, true, false],
      ['monitoring.coreos.com/v1/ServiceMonitor', true, false, false],
      ['monitoring.coreos.com/v1/PodMonitor', true, false, false],
      ['monitoring.coreos.com/v1/PrometheusRule', true, false, true],
    ]);
  });

  test.each([
    [
      'Prometheus',
      { 'app.kubernetes.io/name': 'prometheus', prometheus: 'k8s', 'operator.prometheus.io/name': 'k8s' },
    ],
    ['Alertmanager', { 'app.kubernetes.io/name': 'alertmanager', alertmanager: 'k8s' }],
  ])(
    '%s: the pods the operator creates, with its selector labels over podMetadata',
    (name, operatorLabels) => {
      const workload = kind(name).workload!({
        apiVersion: 'monitoring.coreos.com/v1',
        kind: name,
        metadata: { name: 'k8s', namespace: 'monitoring' },
        spec: {
          replicas: 3,
          serviceAccountName: 'sa',
          podMetadata: {
            labels: { team: 'a', 'app.kubernetes.io/name': 'mine', 'app.kubernetes.io/instance': 'x' },
          },
          topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname' }],
        },
      } as never);
      expect(workload).toEqual({
        namespace: 'monitoring',
        podLabels: {
          team: 'a',
          'app.kubernetes.io/instance': 'k8s',
          'app.kubernetes.io/managed-by': 'prometheus-operator',
          ...operatorLabels,
        },
        replicas: 3,
        serviceAccountName: 'sa',
        spread: true,
      });
    },
  );

  test.each([
    [{}, { replicas: 1, spread: false, serviceAccountName: undefined }],
    [
      { affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } } },
      { spread: true },
    ],
    [{ affinity: { podAntiAffinity: {} } }, { spread: false }],
    [{ topologySpreadConstraints: [] }, { spread: false }],
    [{ replicas: 0 }, { replicas: 0 }],
  ])('defaults of the operator: spec %j → %j', (spec, expected) => {
    const workload = kind('Prometheus').workload!({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'Prometheus',
      metadata: { name: 'p', namespace: 'm' },
      spec,
    } as never);
    expect(workload).toMatchObject(expected);
  });

  test('an object without a name or spec runs no pods', () => {
    expect(
      kind('Prometheus').workload!({ apiVersion: 'monitoring.coreos.com/v1', kind: 'Prometheus' } as never),
    ).toBeUndefined();
  });

  test('validates with the schema of @kubernetes-models/prometheus-operator', () => {
    const issues = kind('Prometheus').validate!({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'Prometheus',
      metadata: { name: 'p', namespace: 'm' },
      spec: { replicas: 'two' },
    });
    expect(issues).toEqual([expect.objectContaining({ path: 'spec.replicas' })]);
  });
});
