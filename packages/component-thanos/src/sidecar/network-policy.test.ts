import {
  type CommonOptions,
  createStack,
  EGRESS_ANNOTATION,
  type Part,
  type RenderResult,
  render,
} from '@mixstack/core';
import { connectionVerdict, type Endpoint, networkModel, podOf } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import type { ThanosOptions } from '../config.js';
import { thanos } from '../index.js';
import { selectsPods } from './network-policy.js';
import { grafanaClient, prometheusLike } from './stack.test-helpers.js';

const GCS: ThanosOptions = { objectStorage: { type: 'gcs', bucket: 'acme-thanos' } };

const renderParts = (parts: Part[], common: CommonOptions = { namespace: 'monitoring' }) =>
  render(createStack(common, parts));

const modelOf = (result: RenderResult) =>
  networkModel(result.objects.map((o) => o.object as unknown as Record<string, unknown>));

describe("Prometheus' NetworkPolicy with the sidecar", () => {
  const result = renderParts([prometheusLike(), grafanaClient(), thanos(GCS)]);
  const model = modelOf(result);
  const prometheus = podOf(model, { name: 'k8s', kind: 'Prometheus' });
  const query = podOf(model, { name: 'thanos-query' });
  const grafana: Endpoint = {
    kind: 'pod',
    namespace: 'monitoring',
    labels: { 'app.kubernetes.io/name': 'grafana' },
  };
  const allowed = (from: Endpoint, port: number) =>
    connectionVerdict(model, { from, to: prometheus, port, protocol: 'TCP' });
  // Grafana's own egress is its policy's business (not rendered here): Prometheus' ingress decides.
  const admitsGrafana = (port: number) =>
    connectionVerdict(model, { from: grafana, to: prometheus, port, protocol: 'TCP' }).ingress.allowed;

  test("Query reaches the sidecar's Store API (10901) on the Prometheus pods", () => {
    const verdict = allowed(query, 10901);
    expect(verdict.allowed, verdict.explanation).toBe(true);
  });

  test("the scraper (Prometheus' replicas) reads the sidecar's metrics (10902); Query does not", () => {
    const verdict = allowed(prometheus, 10902);
    expect(verdict.allowed, verdict.explanation).toBe(true);
    expect(allowed(query, 10902).allowed).toBe(false);
  });

  test("Grafana keeps Prometheus' web port and gets none of the sidecar's", () => {
    expect(admitsGrafana(9090)).toBe(true);
    expect(admitsGrafana(10901)).toBe(false);
    expect(admitsGrafana(10902)).toBe(false);
  });

  test('Prometheus reaches the bucket: its egress is open already, and stays as it was', () => {
    const bucket: Endpoint = { kind: 'address', ip: '142.250.74.187' };
    expect(
      connectionVerdict(model, { from: prometheus, to: bucket, port: 443, protocol: 'TCP' }).allowed,
    ).toBe(true);
    const policy = result.objects.find((o) => o.path === 'prometheus-networkPolicy.yaml')!
      .object as unknown as {
      spec: { egress: unknown[] };
    };
    expect(policy.spec.egress).toEqual([{}]);
  });

  test("the namespace's default deny, which selects every pod, is left as it was", () => {
    const plain = renderParts([prometheusLike(), grafanaClient()]);
    const path = 'stack-networkPolicyDefaultDeny.yaml';
    expect(result.files.get(path)).toBeDefined();
    expect(result.files.get(path)).toBe(plain.files.get(path));
  });

  test("only policies whose pod selector is some of the Prometheus pods' labels are recognised", () => {
    const pods = { 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/instance': 'k8s' };
    const policy = (podSelector: object) =>
      ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', spec: { podSelector } }) as never;
    expect(selectsPods(policy({ matchLabels: { 'app.kubernetes.io/name': 'prometheus' } }), pods)).toBe(true);
    expect(selectsPods(policy({ matchLabels: pods }), pods)).toBe(true);
    expect(selectsPods(policy({ matchLabels: { 'app.kubernetes.io/name': 'alertmanager' } }), pods)).toBe(
      false,
    );
    expect(selectsPods(policy({ matchLabels: { ...pods, extra: 'x' } }), pods)).toBe(false);
    expect(selectsPods(policy({}), pods)).toBe(false);
  });

  test('without the sidecar, none of it', () => {
    const off = modelOf(
      renderParts([prometheusLike(), grafanaClient(), thanos({ ...GCS, sidecar: { enabled: false } })]),
    );
    const pods = podOf(off, { name: 'k8s', kind: 'Prometheus' });
    const queryPods = podOf(off, { name: 'thanos-query' });
    expect(connectionVerdict(off, { from: queryPods, to: pods, port: 10901, protocol: 'TCP' }).allowed).toBe(
      false,
    );
  });
});

describe("a Prometheus whose egress is restricted gets the bucket's", () => {
  const restricted = { egress: 'restricted' as const };
  const egressOf = (options: ThanosOptions, platform?: string) => {
    const result = renderParts([prometheusLike(restricted), thanos(options)], {
      namespace: 'monitoring',
      ...(platform ? { platform } : {}),
    });
    const policy = result.objects.find((o) => o.path === 'prometheus-networkPolicy.yaml')!
      .object as unknown as {
      metadata: { annotations: Record<string, string> };
      spec: { egress: unknown[] };
    };
    const model = modelOf(result);
    const pods = podOf(model, { name: 'k8s', kind: 'Prometheus' });
    const reaches = (ip: string, port: number) =>
      connectionVerdict(model, { from: pods, to: { kind: 'address', ip }, port, protocol: 'TCP' }).allowed;
    return { policy, reaches };
  };

  test('443 at any address, said in its egress annotation', () => {
    const { policy, reaches } = egressOf(GCS);
    expect(reaches('142.250.74.187', 443)).toBe(true);
    expect(reaches('142.250.74.187', 80)).toBe(false);
    expect(policy.metadata.annotations[EGRESS_ANNOTATION]).toContain(
      'object storage (GCS) at any address on 443 for the Thanos sidecar',
    );
  });

  test("on GKE, also the metadata server that hands out Workload Identity's tokens", () => {
    expect(egressOf(GCS, 'gke').reaches('169.254.169.254', 80)).toBe(true);
    expect(egressOf(GCS).reaches('169.254.169.254', 80)).toBe(false);
  });

  test('on the filesystem (tests only), nothing leaves the pod', () => {
    const { reaches, policy } = egressOf({ objectStorage: { type: 'filesystem' } });
    expect(reaches('142.250.74.187', 443)).toBe(false);
    expect(policy.metadata.annotations[EGRESS_ANNOTATION]).not.toContain('Thanos');
  });
});
