import { render } from '@mixstack/core';
import { connectionVerdict, type Endpoint, type NetworkModel, networkModel, podOf } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { defaultStack } from './default-stack.js';

/**
 * What the NetworkPolicies of the default stack (what `npm start` renders) let through, asked
 * of an evaluator of Kubernetes' NetworkPolicy semantics (@mixstack/testing): the namespaces
 * the stack owns deny by default, each component admits exactly its known clients (by
 * namespace and labels) and reaches only what it needs, and where egress stays open the
 * policy says why.
 */
const objects = render(defaultStack()).objects.map((o) => o.object as unknown as Record<string, unknown>);
const model: NetworkModel = networkModel(objects);

const pod = (name: string, kind?: string) => podOf(model, { name, ...(kind ? { kind } : {}) });
const grafana = pod('grafana');
const prometheus = pod('k8s', 'Prometheus');
const alertmanager = pod('main', 'Alertmanager');
const operator = pod('prometheus-operator');
const kubeStateMetrics = pod('kube-state-metrics');
const nodeExporter = pod('node-exporter');
const loki = pod('loki', 'StatefulSet');
const alloy = pod('alloy', 'DaemonSet');
const tempo = pod('tempo', 'StatefulSet');
const pyroscope = pod('pyroscope', 'StatefulSet');
/** An application pod of its own namespace, sending its spans over OTLP (and serving its profiles on 6060). */
const app: Endpoint = { kind: 'pod', namespace: 'shop', labels: { app: 'checkout' } };

/** A pod that gives itself the labels of a stack component, in a namespace of its own. */
const impostor = (namespace: string, labels: Record<string, string>): Endpoint => ({
  kind: 'pod',
  namespace,
  labels,
});
/** A pod someone adds later to the stack's namespace, with no policy of its own. */
const stranger: Endpoint = { kind: 'pod', namespace: 'monitoring', labels: { app: 'debug' } };
const internet: Endpoint = { kind: 'address', ip: '203.0.113.7' };
const apiServer: Endpoint = { kind: 'address', ip: '10.0.0.1' };
const dns: Endpoint = { kind: 'address', ip: '10.96.0.10' };

function allowed(from: Endpoint, to: Endpoint, port: number, protocol: 'TCP' | 'UDP' = 'TCP'): boolean {
  return connectionVerdict(model, { from, to, port, protocol }).allowed;
}

describe('the default stack’s network', () => {
  test('every namespace the stack creates denies by default, and says so', () => {
    const denies = objects.filter(
      (o) => o.kind === 'NetworkPolicy' && (o.metadata as { name: string }).name === 'default-deny',
    );
    expect(denies.map((o) => (o.metadata as { namespace: string }).namespace).sort()).toEqual([
      'monitoring',
      'monitoring-node-exporter',
    ]);
    for (const policy of denies)
      expect(policy.spec).toEqual({ podSelector: {}, policyTypes: ['Egress', 'Ingress'] });
    // A pod nobody wrote a policy for can neither be reached nor reach out.
    expect(allowed(prometheus, stranger, 8080)).toBe(false);
    expect(allowed(stranger, internet, 443)).toBe(false);
    expect(allowed(stranger, dns, 53, 'UDP')).toBe(false);
  });

  test.each([
    ['Grafana queries Prometheus', () => allowed(grafana, prometheus, 9090)],
    ['Grafana queries Alertmanager', () => allowed(grafana, alertmanager, 9093)],
    ['Prometheus scrapes Grafana', () => allowed(prometheus, grafana, 3000)],
    [
      'Prometheus scrapes itself and its config reloader',
      () => allowed(prometheus, prometheus, 9090) && allowed(prometheus, prometheus, 8080),
    ],
    ['Prometheus sends alerts to Alertmanager', () => allowed(prometheus, alertmanager, 9093)],
    ['Prometheus scrapes Alertmanager’s config reloader', () => allowed(prometheus, alertmanager, 8080)],
    [
      'Prometheus scrapes kube-state-metrics (both proxy ports)',
      () => allowed(prometheus, kubeStateMetrics, 8443) && allowed(prometheus, kubeStateMetrics, 9443),
    ],
    ['Prometheus scrapes the operator', () => allowed(prometheus, operator, 8443)],
    ['Prometheus scrapes node-exporter across namespaces', () => allowed(prometheus, nodeExporter, 9100)],
    ['Prometheus scrapes targets anywhere', () => allowed(prometheus, internet, 9100)],
    ['Alertmanager replicas gossip (TCP)', () => allowed(alertmanager, alertmanager, 9094)],
    ['Alertmanager replicas gossip (UDP)', () => allowed(alertmanager, alertmanager, 9094, 'UDP')],
    [
      'the operator reads the API server',
      () => allowed(operator, apiServer, 443) && allowed(operator, apiServer, 6443),
    ],
    ['kube-state-metrics reads the API server', () => allowed(kubeStateMetrics, apiServer, 443)],
    ['node-exporter’s proxy reviews tokens at the API server', () => allowed(nodeExporter, apiServer, 6443)],
    ['the collector pushes logs to Loki', () => allowed(alloy, loki, 3100)],
    ['the collector reads pods and their logs at the API server', () => allowed(alloy, apiServer, 443)],
    ['Grafana queries Loki', () => allowed(grafana, loki, 3100)],
    ['an application sends spans to the collector on its node (gRPC)', () => allowed(app, alloy, 4317)],
    ['an application sends spans to the collector on its node (HTTP)', () => allowed(app, alloy, 4318)],
    ['the collector exports spans to Tempo', () => allowed(alloy, tempo, 4317)],
    ['Grafana queries Tempo', () => allowed(grafana, tempo, 3200)],
    ['Tempo remote-writes span metrics to Prometheus', () => allowed(tempo, prometheus, 9090)],
    ['Prometheus scrapes Tempo', () => allowed(prometheus, tempo, 3200)],
    ['the collector pushes profiles to Pyroscope', () => allowed(alloy, pyroscope, 4040)],
    ['the collector pulls the profiles of an annotated application', () => allowed(alloy, app, 6060)],
    ['Grafana queries Pyroscope', () => allowed(grafana, pyroscope, 4040)],
    ['Prometheus scrapes Pyroscope', () => allowed(prometheus, pyroscope, 4040)],
    [
      'Prometheus scrapes Loki and the collector',
      () => allowed(prometheus, loki, 3100) && allowed(prometheus, alloy, 12345),
    ],
    ['Loki’s ruler sends alerts to Alertmanager', () => allowed(loki, alertmanager, 9093)],
    [
      'every component resolves names',
      () =>
        [
          grafana,
          prometheus,
          alertmanager,
          operator,
          kubeStateMetrics,
          nodeExporter,
          loki,
          tempo,
          pyroscope,
          alloy,
        ].every((p) => allowed(p, dns, 53, 'UDP') && allowed(p, dns, 53, 'TCP')),
    ],
  ])('allowed: %s', (_name, check) => {
    expect(check()).toBe(true);
  });

  test.each([
    ['Grafana to the internet', () => allowed(grafana, internet, 443)],
    ['Grafana to the API server', () => allowed(grafana, apiServer, 443)],
    ['Grafana to Prometheus’s reloader port', () => allowed(grafana, prometheus, 8080)],
    ['Grafana to kube-state-metrics', () => allowed(grafana, kubeStateMetrics, 8443)],
    [
      'Alertmanager to the internet (no receiver sends anything by default)',
      () => allowed(alertmanager, internet, 443),
    ],
    ['Alertmanager to Prometheus', () => allowed(alertmanager, prometheus, 9090)],
    ['the operator to Prometheus', () => allowed(operator, prometheus, 9090)],
    ['kube-state-metrics to the internet', () => allowed(kubeStateMetrics, internet, 80)],
    [
      'a pod labelled like Prometheus, in another namespace, to kube-state-metrics',
      () => allowed(impostor('default', prometheus.labels), kubeStateMetrics, 8443),
    ],
    [
      'a pod labelled like Prometheus, in another namespace, to node-exporter',
      () => allowed(impostor('default', prometheus.labels), nodeExporter, 9100),
    ],
    [
      'a pod labelled like Grafana, in another namespace, to Prometheus',
      () => allowed(impostor('apps', grafana.labels), prometheus, 9090),
    ],
    [
      'a pod labelled only app.kubernetes.io/name=prometheus, in the stack namespace, to Grafana',
      () => allowed(impostor('monitoring', { 'app.kubernetes.io/name': 'prometheus' }), grafana, 3000),
    ],
    // 443 and 6443 stay open at any address for the API server, whose address differs per cluster.
    ['the collector to the internet (but the API server’s ports)', () => allowed(alloy, internet, 80)],
    ['the collector to Prometheus', () => allowed(alloy, prometheus, 9090)],
    ['Loki to the internet (its chunks are on its volume)', () => allowed(loki, internet, 443)],
    ['Tempo to the internet (its blocks are on its volume)', () => allowed(tempo, internet, 443)],
    ['an application straight to Tempo (it goes through the collector)', () => allowed(app, tempo, 4317)],
    ['an application to Loki', () => allowed(app, loki, 3100)],
    ['Pyroscope to the internet (its profiles are on its volume)', () => allowed(pyroscope, internet, 443)],
    [
      'an application straight to Pyroscope (the collector pulls its profiles)',
      () => allowed(app, pyroscope, 4040),
    ],
    [
      'the collector to Grafana (it may pull profiles anywhere, and Grafana admits only its clients)',
      () => allowed(alloy, grafana, 3000),
    ],
    [
      'a pod of another namespace, labelled like the collector, pushing logs to Loki',
      () => allowed(impostor('apps', alloy.labels), loki, 3100),
    ],
    ['Loki’s ruler to Alertmanager’s cluster port', () => allowed(loki, alertmanager, 9094)],
    [
      'any pod of another namespace to Alertmanager',
      () => allowed(impostor('apps', { app: 'x' }), alertmanager, 9093),
    ],
  ])('denied: %s', (_name, check) => {
    expect(check()).toBe(false);
  });

  test('every component policy says what egress it allows; the open one says why', () => {
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
    const egress = Object.fromEntries(
      policies.map((o) => {
        const metadata = o.metadata as {
          name: string;
          namespace: string;
          annotations?: Record<string, string>;
        };
        return [
          `${metadata.namespace}/${metadata.name}`,
          metadata.annotations?.['mixstack.dev/egress']?.split(':')[0],
        ];
      }),
    );
    expect(egress).toEqual({
      'monitoring/default-deny': 'none',
      'monitoring-node-exporter/default-deny': 'none',
      'monitoring/grafana': 'only',
      'monitoring/alertmanager-main': 'only',
      'monitoring/prometheus-k8s': 'open',
      'monitoring/prometheus-operator': 'only',
      'monitoring/kube-state-metrics': 'only',
      'monitoring-node-exporter/node-exporter': 'only',
      'monitoring/alloy': 'only',
      'monitoring/loki': 'only',
      'monitoring/tempo': 'only',
      'monitoring/pyroscope': 'only',
    });
  });
});
