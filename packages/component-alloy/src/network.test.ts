import { createStack, type Part, render } from '@mixstack/core';
import { connectionVerdict, type Endpoint, type NetworkModel, networkModel, podOf } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { alloy } from './index.js';
import {
  logsPipeline,
  scraper,
  storeService,
  testProfileStore,
  testStore,
  testTraceStore,
  withPipeline,
} from './test-helpers.js';

/**
 * What the rendered NetworkPolicies let Alloy do, asked of an evaluator of Kubernetes'
 * NetworkPolicy semantics (@mixstack/testing): it reaches the pods its pipelines push to, on
 * their port, and the API server; nothing else; and the store it pushes to admits it, in
 * whichever namespace Alloy runs.
 */
function modelOf(parts: Part[]): NetworkModel {
  const objects = render(createStack({ namespace: 'monitoring' }, parts)).objects;
  return networkModel(objects.map((o) => o.object as unknown as Record<string, unknown>));
}

const internet: Endpoint = { kind: 'address', ip: '203.0.113.7' };
const apiServer: Endpoint = { kind: 'address', ip: '10.0.0.1' };
/** The pods of a store outside the stack, behind a pipeline's Service in namespace `security`. */
const audit: Endpoint = {
  kind: 'pod',
  namespace: 'security',
  labels: { ...storeService('audit').podLabels },
};
/** A pod that gives itself the store's labels, in a namespace of its own. */
const impostor: Endpoint = {
  kind: 'pod',
  namespace: 'elsewhere',
  labels: { ...storeService('audit').podLabels },
};

describe.each(['api', 'files'] as const)('Alloy’s network, reading logs through %s', (source) => {
  const model = modelOf([
    alloy(),
    testStore({ source }),
    withPipeline('audit', logsPipeline({ destination: storeService('audit', 'security'), source })),
    scraper,
  ]);
  const collector = podOf(model, { name: 'alloy' });
  const store = podOf(model, { name: 'store' });
  const allowed = (from: Endpoint, to: Endpoint, port: number) =>
    connectionVerdict(model, { from, to, port, protocol: 'TCP' }).allowed;

  test('it runs where the mode says', () => {
    expect(collector.namespace).toBe(source === 'files' ? 'monitoring-alloy' : 'monitoring');
  });

  test('it pushes to the pods of each pipeline’s destination, on their port, and the store admits it', () => {
    expect(allowed(collector, store, 3100)).toBe(true);
    expect(allowed(collector, audit, 3100)).toBe(true);
  });

  test('nowhere else: another port, pods that copy the labels elsewhere, the internet', () => {
    expect(allowed(collector, store, 9095)).toBe(false);
    expect(allowed(collector, impostor, 3100)).toBe(false);
    expect(allowed(collector, internet, 80)).toBe(false);
    expect(allowed(collector, internet, 3100)).toBe(false);
  });

  test('the API server for discovery, logs and events (on 443 and 6443 at any address: its address differs per cluster)', () => {
    expect(allowed(collector, apiServer, 6443)).toBe(true);
    expect(allowed(collector, apiServer, 443)).toBe(true);
  });

  test('it admits the stack’s scraper on its metrics port, and no other pod', () => {
    // The scraper's own egress is its policy's business: only Alloy's ingress is asked here.
    const admits = (from: Endpoint, port: number) =>
      connectionVerdict(model, { from, to: collector, port, protocol: 'TCP' }).ingress.allowed;
    const prometheus: Endpoint = {
      kind: 'pod',
      namespace: 'monitoring',
      labels: { 'app.kubernetes.io/name': 'prometheus' },
    };
    const stranger: Endpoint = { kind: 'pod', namespace: 'monitoring', labels: { app: 'debug' } };
    expect(admits(prometheus, 12345)).toBe(true);
    expect(admits(prometheus, 8080)).toBe(false);
    expect(admits(stranger, 12345)).toBe(false);
    expect(admits(store, 12345)).toBe(false);
  });
});

describe('an Alloy cluster (a pipeline gathers events)', () => {
  const model = modelOf([alloy(), withPipeline('logs', logsPipeline({ events: true })), scraper]);
  const collector = podOf(model, { name: 'alloy' });
  const verdict = (from: Endpoint, to: Endpoint, port: number) =>
    connectionVerdict(model, { from, to, port, protocol: 'TCP' }).allowed;

  test('its pods reach each other on the HTTP port, and on no other', () => {
    expect(verdict(collector, collector, 12345)).toBe(true);
    expect(verdict(collector, collector, 7946)).toBe(false);
  });

  test('a pod that copies their labels in another namespace is no peer', () => {
    const copy: Endpoint = { kind: 'pod', namespace: 'elsewhere', labels: { ...collector.labels } };
    expect(verdict(collector, copy, 12345)).toBe(false);
    expect(
      connectionVerdict(model, { from: copy, to: collector, port: 12345, protocol: 'TCP' }).ingress.allowed,
    ).toBe(false);
  });
});

describe('traces: the applications of every namespace send OTLP to Alloy, Alloy to the trace store', () => {
  const model = modelOf([alloy(), testTraceStore(), testStore(), scraper]);
  const collector = podOf(model, { name: 'alloy' });
  const tempo = podOf(model, { name: 'tempo' });
  const verdict = (from: Endpoint, to: Endpoint, port: number) =>
    connectionVerdict(model, { from, to, port, protocol: 'TCP' });
  /** An application of the cluster, in a namespace the stack knows nothing of. */
  const shop: Endpoint = { kind: 'pod', namespace: 'shop', labels: { app: 'checkout' } };

  test('a pod of namespace shop reaches Alloy on 4317 (gRPC) and 4318 (HTTP), and on no other port', () => {
    // The app's own egress is its namespace's business: Alloy's ingress is what is asked.
    expect(verdict(shop, collector, 4317).ingress.allowed).toBe(true);
    expect(verdict(shop, collector, 4318).ingress.allowed).toBe(true);
    expect(verdict(shop, collector, 12345).ingress.allowed).toBe(false);
    expect(verdict(shop, collector, 3100).ingress.allowed).toBe(false);
  });

  test('pods of the stack’s own namespace send OTLP too (they are in every namespace)', () => {
    expect(verdict(tempo, collector, 4317).ingress.allowed).toBe(true);
  });

  test('Alloy reaches the trace store’s pods on 4317, and the store admits it', () => {
    expect(verdict(collector, tempo, 4317).allowed).toBe(true);
  });

  test('and nowhere else: another port of the store, a copy of its labels elsewhere, the internet', () => {
    expect(verdict(collector, tempo, 4318).allowed).toBe(false);
    expect(verdict(collector, tempo, 3200).allowed).toBe(false);
    const copy: Endpoint = { kind: 'pod', namespace: 'shop', labels: { ...tempo.labels } };
    expect(verdict(collector, copy, 4317).allowed).toBe(false);
    expect(verdict(collector, internet, 4317).allowed).toBe(false);
    expect(verdict(collector, internet, 4318).allowed).toBe(false);
    expect(verdict(collector, internet, 80).allowed).toBe(false);
  });

  test('with logs too, both stores are reached, each on its own port only', () => {
    const store = podOf(model, { name: 'store' });
    expect(verdict(collector, store, 3100).allowed).toBe(true);
    expect(verdict(collector, store, 4317).allowed).toBe(false);
    expect(verdict(collector, tempo, 3100).allowed).toBe(false);
  });
});

describe('profiles: the collector scrapes annotated pods anywhere, the eBPF profiler pushes only', () => {
  const model = modelOf([alloy(), testProfileStore({ ebpf: true }), testStore(), scraper]);
  const collector = podOf(model, { name: 'alloy' });
  const profiler = podOf(model, { name: 'alloy-profiler' });
  const pyroscope = podOf(model, { name: 'pyroscope' });
  const store = podOf(model, { name: 'store' });
  const verdict = (from: Endpoint, to: Endpoint, port: number) =>
    connectionVerdict(model, { from, to, port, protocol: 'TCP' });
  /** An application that serves pprof on a port of its own choosing, in a namespace the stack knows nothing of. */
  const shop: Endpoint = { kind: 'pod', namespace: 'shop', labels: { app: 'checkout' } };
  const prometheus: Endpoint = {
    kind: 'pod',
    namespace: 'monitoring',
    labels: { 'app.kubernetes.io/name': 'prometheus' },
  };

  test('the profiler runs in its own namespace', () => {
    expect(profiler.namespace).toBe('monitoring-profiler');
    expect(collector.namespace).toBe('monitoring');
  });

  test('the collector reaches a pod of any namespace on whatever port it annotates (its own policy permitting)', () => {
    expect(verdict(collector, shop, 6060).egress.allowed).toBe(true);
    expect(verdict(collector, shop, 8080).egress.allowed).toBe(true);
    // The stack's own pods too (they may be annotated).
    expect(verdict(collector, store, 6060).egress.allowed).toBe(true);
    // Pods only: not the internet.
    expect(verdict(collector, internet, 6060).allowed).toBe(false);
  });

  test('both push to the profile store on 4040, and the store admits both, wherever they run', () => {
    expect(verdict(collector, pyroscope, 4040).allowed).toBe(true);
    expect(verdict(profiler, pyroscope, 4040).allowed).toBe(true);
  });

  test('the profiler reaches nothing else: not the applications, not another port, not another store, not the internet', () => {
    expect(verdict(profiler, shop, 6060).allowed).toBe(false);
    expect(verdict(profiler, pyroscope, 9095).allowed).toBe(false);
    expect(verdict(profiler, store, 3100).allowed).toBe(false);
    // (443 and 6443 are open at any address: the API server's address differs per cluster.)
    expect(verdict(profiler, internet, 80).allowed).toBe(false);
    expect(verdict(profiler, internet, 4040).allowed).toBe(false);
    const copy: Endpoint = { kind: 'pod', namespace: 'shop', labels: { ...pyroscope.labels } };
    expect(verdict(profiler, copy, 4040).allowed).toBe(false);
  });

  test('the profiler reaches the API server for discovery', () => {
    expect(verdict(profiler, apiServer, 443).allowed).toBe(true);
    expect(verdict(profiler, apiServer, 6443).allowed).toBe(true);
  });

  test('only the stack’s scraper reaches the profiler, on its metrics port', () => {
    const admits = (from: Endpoint, port: number) => verdict(from, profiler, port).ingress.allowed;
    expect(admits(prometheus, 12345)).toBe(true);
    expect(admits(prometheus, 4040)).toBe(false);
    expect(admits(shop, 12345)).toBe(false);
    expect(admits(collector, 12345)).toBe(false);
    expect(admits(pyroscope, 12345)).toBe(false);
  });
});
