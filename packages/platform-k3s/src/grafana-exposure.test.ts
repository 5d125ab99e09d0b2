import { createStack, type Part, render, validateStack } from '@mixstack/core';
import { grafana, prometheus } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { k3s } from './index.js';
import { archiver } from './test-helpers.js';

const host = 'grafana.home.example';

describe('k3s({ grafana }): Grafana behind Traefik', () => {
  const result = render(
    createStack({}, [prometheus(), grafana(), k3s({ grafana: { host, tlsSecret: 'grafana-tls' } })]),
  );

  test('an Ingress of class traefik, with TLS from the named Secret, to the Service Grafana publishes', () => {
    const ingress = parse(result.files.get('k3s-grafanaIngress.yaml')!);
    expect(ingress.metadata).toMatchObject({ name: 'grafana', namespace: 'monitoring' });
    expect(ingress.spec).toEqual({
      ingressClassName: 'traefik',
      tls: [{ hosts: [host], secretName: 'grafana-tls' }],
      rules: [
        {
          host,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: 'grafana', port: { number: 3000 } } },
              },
            ],
          },
        },
      ],
    });
  });

  test("Grafana's root URL and NetworkPolicy, through core's contracts", () => {
    expect(result.files.get('grafana-config.yaml')).toContain(`root_url = https://${host}/`);
    const from = parse(result.files.get('grafana-networkPolicy.yaml')!).spec.ingress[0].from;
    expect(from).toContainEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'traefik' } },
    });
    // Prometheus, the default client, still scrapes Grafana.
    expect(JSON.stringify(from)).toContain('"app.kubernetes.io/name":"prometheus"');
  });

  test('without tlsSecret: plain HTTP; another class and controller as options', () => {
    const other = render(
      createStack({}, [
        grafana(),
        k3s({
          grafana: {
            host,
            ingressClassName: 'nginx',
            controller: {
              namespace: 'ingress-nginx',
              podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' },
            },
          },
        }),
      ]),
    );
    const ingress = parse(other.files.get('k3s-grafanaIngress.yaml')!);
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.tls).toBeUndefined();
    expect(other.files.get('grafana-config.yaml')).toContain(`root_url = http://${host}/`);
    expect(other.files.get('grafana-networkPolicy.yaml')).toContain(
      'kubernetes.io/metadata.name: ingress-nginx',
    );
  });

  test("grafana()'s own rootUrl wins over the platform's", () => {
    const own = render(
      createStack({}, [grafana({ rootUrl: 'https://dashboards.example/' }), k3s({ grafana: { host } })]),
    );
    expect(own.files.get('grafana-config.yaml')).toContain('root_url = https://dashboards.example/');
  });

  test('exposing Grafana in a stack without Grafana, or with Grafana turned off, is a problem', () => {
    const problems = (...parts: Part[]) =>
      validateStack(createStack({}, [...parts, k3s({ grafana: { host } })])).map((p) => [
        p.code,
        p.address,
        p.path,
        p.value,
        p.reason,
      ]);
    expect(problems(prometheus())).toEqual([
      ['NOT_FOUND', 'k3s', 'grafana', host, 'k3s({ grafana }) exposes Grafana, and the stack has no Grafana'],
    ]);
    expect(problems(grafana({ enabled: false }))).toEqual([
      [
        'NOT_FOUND',
        'k3s',
        'grafana',
        host,
        'k3s({ grafana }) exposes Grafana, and the stack has no Grafana (it is turned off)',
      ],
    ]);
  });
});

describe('k3s({ grafana }) knows Grafana only by the Service it publishes', () => {
  // A stand-in named "grafana" that publishes its Service on port 8080.
  const result = render(createStack({}, [archiver({ name: 'grafana' }), k3s({ grafana: { host } })]));

  test('the Ingress uses its Service name and port, and its NetworkPolicy admits Traefik', () => {
    expect(parse(result.files.get('k3s-grafanaIngress.yaml')!).spec.rules[0].http.paths[0].backend).toEqual({
      service: { name: 'grafana', port: { number: 8080 } },
    });
    expect(result.files.get('grafana-networkPolicy.yaml')).toContain('app.kubernetes.io/name: traefik');
  });
});
