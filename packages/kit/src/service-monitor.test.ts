import { describe, expect, test } from 'vitest';
import { rbacProxyEndpoint, serviceMonitor } from './service-monitor.js';

describe('serviceMonitor', () => {
  test('selects the Services of its own namespace by default', () => {
    const monitor = serviceMonitor({
      name: 'loki',
      namespace: 'monitoring',
      labels: { app: 'loki' },
      selector: { app: 'loki' },
      endpoints: [{ port: 'http-metrics' }],
    });
    expect(monitor.metadata).toEqual({ name: 'loki', namespace: 'monitoring', labels: { app: 'loki' } });
    expect(monitor.spec).toEqual({
      selector: { matchLabels: { app: 'loki' } },
      endpoints: [{ port: 'http-metrics' }],
    });
  });

  test('a port behind kube-rbac-proxy is scraped over TLS with the token', () => {
    const monitor = serviceMonitor({
      name: 'node-exporter',
      namespace: 'monitoring',
      labels: {},
      selector: { app: 'node-exporter' },
      namespaces: ['monitoring-node-exporter'],
      jobLabel: 'app.kubernetes.io/name',
      endpoints: [{ ...rbacProxyEndpoint('https'), interval: '15s' }],
    });
    expect(monitor.spec).toEqual({
      jobLabel: 'app.kubernetes.io/name',
      namespaceSelector: { matchNames: ['monitoring-node-exporter'] },
      selector: { matchLabels: { app: 'node-exporter' } },
      endpoints: [
        {
          port: 'https',
          scheme: 'https',
          interval: '15s',
          bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token',
          tlsConfig: { insecureSkipVerify: true },
        },
      ],
    });
  });
});
