import { createStack, type Part, render } from '@mixstack/core';
import { connectionVerdict, networkModel, type PodEndpoint, podOf } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { thanos } from './index.js';
import {
  GRAFANA_POD_LABELS,
  grafanaClient,
  PROMETHEUS_POD_LABELS,
  prometheusStandIn,
} from './test-helpers.js';

const GCS = { objectStorage: { type: 'gcs', bucket: 'acme-thanos' } } as const;
const model = (parts: Part[]) =>
  networkModel(
    [...render(createStack({ namespace: 'monitoring' }, parts)).files.values()].map(
      (text) => parse(text) as Record<string, unknown>,
    ),
  );
const pod = (labels: Record<string, string>, namespace = 'monitoring'): PodEndpoint => ({
  kind: 'pod',
  namespace,
  labels,
});
const address = (ip: string) => ({ kind: 'address' as const, ip });

// The policies as Kubernetes evaluates them: each side of a connection between two of Thanos'
// own pods, and what the stand-ins' clients (the scraper, Grafana) may reach.
describe("Thanos' NetworkPolicies, as Kubernetes evaluates them", () => {
  const m = model([thanos(GCS), prometheusStandIn(), grafanaClient]);
  const query = podOf(m, { name: 'thanos-query' });
  const frontend = podOf(m, { name: 'thanos-query-frontend' });
  const store = podOf(m, { name: 'thanos-store' });
  const compact = podOf(m, { name: 'thanos-compact' });
  const allowed = (from: PodEndpoint, to: PodEndpoint, port: number) =>
    connectionVerdict(m, { from, to, port }).allowed;
  const admits = (from: PodEndpoint, to: PodEndpoint, port: number) =>
    connectionVerdict(m, { from, to, port }).ingress.allowed;

  test('Query Frontend reaches Query over HTTP; Query reaches the Store Gateway over gRPC; nothing else between them', () => {
    expect(allowed(frontend, query, 10902)).toBe(true);
    expect(allowed(frontend, query, 10901)).toBe(false);
    expect(allowed(query, store, 10901)).toBe(true);
    expect(allowed(query, store, 10902)).toBe(false);
    expect(allowed(frontend, store, 10901)).toBe(false);
    expect(allowed(store, compact, 10902)).toBe(false);
    expect(allowed(compact, store, 10901)).toBe(false);
  });

  test("Query's egress reaches the sidecars' gRPC port in Prometheus' pods", () => {
    expect(
      connectionVerdict(m, { from: query, to: pod(PROMETHEUS_POD_LABELS), port: 10901 }).egress.allowed,
    ).toBe(true);
    expect(
      connectionVerdict(m, { from: query, to: pod(PROMETHEUS_POD_LABELS), port: 9090 }).egress.allowed,
    ).toBe(false);
  });

  test('the scraper reaches every part on 10902; Grafana reaches Query and Query Frontend only', () => {
    for (const target of [query, frontend, store, compact]) {
      expect(admits(pod(PROMETHEUS_POD_LABELS), target, 10902)).toBe(true);
      expect(admits(pod(PROMETHEUS_POD_LABELS), target, 10901)).toBe(false);
    }
    expect(admits(pod(GRAFANA_POD_LABELS), query, 10902)).toBe(true);
    expect(admits(pod(GRAFANA_POD_LABELS), frontend, 10902)).toBe(true);
    expect(admits(pod(GRAFANA_POD_LABELS), store, 10902)).toBe(false);
    expect(admits(pod(GRAFANA_POD_LABELS), compact, 10902)).toBe(false);
    expect(admits(pod({ app: 'shop' }, 'apps'), query, 10902)).toBe(false);
  });

  test('the Store Gateway and the Compactor reach the bucket on 443; Query and Query Frontend reach no address outside', () => {
    for (const source of [store, compact])
      expect(connectionVerdict(m, { from: source, to: address('142.250.1.1'), port: 443 }).allowed).toBe(
        true,
      );
    for (const source of [query, frontend])
      expect(connectionVerdict(m, { from: source, to: address('142.250.1.1'), port: 443 }).allowed).toBe(
        false,
      );
    expect(
      connectionVerdict(m, { from: query, to: address('10.0.0.10'), port: 53, protocol: 'UDP' }).allowed,
    ).toBe(true);
  });

  test('clients of its own options reach Query on both ports and Query Frontend; extra endpoints are reachable from Query', () => {
    const own = model([
      thanos({
        ...GCS,
        sidecar: { enabled: false },
        query: { endpoints: ['thanos-query.prod-us.example:10911'] },
        networkPolicy: {
          clients: { observer: { podLabels: { app: 'observer' }, namespaceLabels: { team: 'sre' } } },
        },
      }),
    ]);
    own.namespaces.sre = { 'kubernetes.io/metadata.name': 'sre', team: 'sre' };
    const observer = pod({ app: 'observer' }, 'sre');
    const q = podOf(own, { name: 'thanos-query' });
    for (const port of [10901, 10902])
      expect(connectionVerdict(own, { from: observer, to: q, port }).ingress.allowed).toBe(true);
    expect(
      connectionVerdict(own, { from: observer, to: podOf(own, { name: 'thanos-store' }), port: 10901 })
        .ingress.allowed,
    ).toBe(false);
    expect(connectionVerdict(own, { from: q, to: address('203.0.113.7'), port: 10911 }).allowed).toBe(true);
    expect(connectionVerdict(own, { from: q, to: address('203.0.113.7'), port: 10912 }).allowed).toBe(false);
  });
});
