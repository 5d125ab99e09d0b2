import { describe, expect, test } from 'vitest';
import { rbacProxyContainer, rbacProxyRules } from './rbac-proxy.js';
import { resources } from './resources.js';

const sidecar = {
  name: 'kube-rbac-proxy',
  image: 'quay.io/brancz/kube-rbac-proxy:v0.22.1',
  resources: resources('10m', '20Mi', '40Mi'),
  listenAddress: ':8443',
  port: 8443,
  portName: 'https',
  upstream: 'http://127.0.0.1:8080/',
  healthPaths: ['/healthz'],
};

describe('kube-rbac-proxy', () => {
  test('proxies the loopback upstream, passing only the health paths unauthenticated', () => {
    const container = rbacProxyContainer(sidecar);
    expect(container.args).toEqual([
      '--secure-listen-address=:8443',
      expect.stringMatching(/^--tls-cipher-suites=TLS_ECDHE_/),
      '--upstream=http://127.0.0.1:8080/',
      '--ignore-paths=/healthz',
    ]);
    expect(container.ports).toEqual([{ name: 'https', containerPort: 8443 }]);
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true });
    expect(container.readinessProbe).toEqual({ tcpSocket: { port: 'https' }, periodSeconds: 10 });
  });

  test('no --ignore-paths without health paths; a host port for node agents', () => {
    const container = rbacProxyContainer({ ...sidecar, healthPaths: [], hostPort: 9100 });
    expect(container.args!.some((arg) => arg.startsWith('--ignore-paths'))).toBe(false);
    expect(container.ports![0]!.hostPort).toBe(9100);
  });

  test('its pod may review tokens and access, nothing else', () => {
    expect(rbacProxyRules().flatMap((rule) => rule.verbs)).toEqual(['create', 'create']);
  });
});
