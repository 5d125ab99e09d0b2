import { createStack, type Part, type RenderResult, render, validateStack } from '@mixstack/core';
import { grafana, prometheus } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { GOOGLE_FRONT_END_RANGES, gke, gkeKinds } from './index.js';
import { archiver } from './test-helpers.js';

const project = 'acme-prod';
const yaml = (result: RenderResult, file: string) => parse(result.files.get(file)!);

describe('gke({ grafana }): Grafana behind a GKE Ingress', () => {
  const result = render(
    createStack({}, [
      prometheus(),
      grafana(),
      gke({
        project,
        grafana: {
          host: 'grafana.acme.com',
          staticIpName: 'grafana-ip',
          iap: { oauthSecret: 'grafana-iap' },
        },
      }),
    ]),
  );

  test('an Ingress of class gce with a managed certificate, a static IP and the HTTPS redirect', () => {
    const ingress = yaml(result, 'gke-grafanaIngress.yaml');
    expect(ingress.metadata.annotations).toEqual({
      'kubernetes.io/ingress.class': 'gce',
      'kubernetes.io/ingress.global-static-ip-name': 'grafana-ip',
      'networking.gke.io/managed-certificates': 'grafana',
      'networking.gke.io/v1beta1.FrontendConfig': 'grafana',
    });
    expect(ingress.spec.rules).toEqual([
      {
        host: 'grafana.acme.com',
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
    ]);
    expect(yaml(result, 'gke-grafanaManagedCertificate.yaml').spec).toEqual({
      domains: ['grafana.acme.com'],
    });
    expect(yaml(result, 'gke-grafanaFrontendConfig.yaml').spec.redirectToHttps.enabled).toBe(true);
  });

  test('a BackendConfig with the health check on /api/health and IAP from the referenced Secret', () => {
    expect(yaml(result, 'gke-grafanaBackendConfig.yaml').spec).toEqual({
      healthCheck: {
        type: 'HTTP',
        requestPath: '/api/health',
        port: 3000,
        checkIntervalSec: 15,
        timeoutSec: 5,
        healthyThreshold: 1,
        unhealthyThreshold: 3,
      },
      iap: { enabled: true, oauthclientCredentials: { secretName: 'grafana-iap' } },
    });
  });

  test("Grafana's Service, NetworkPolicy and root URL through core's contracts", () => {
    const service = yaml(result, 'grafana-service.yaml');
    expect(service.metadata.annotations).toEqual({
      'cloud.google.com/backend-config': '{"default":"grafana"}',
      'cloud.google.com/neg': '{"ingress": true}',
    });
    const policy = yaml(result, 'grafana-networkPolicy.yaml');
    const blocks = policy.spec.ingress[0].from
      .filter((p: { ipBlock?: unknown }) => p.ipBlock)
      .map((p: { ipBlock: { cidr: string } }) => p.ipBlock.cidr);
    expect(blocks.sort()).toEqual([...GOOGLE_FRONT_END_RANGES].sort());
    // Prometheus, the default client, still scrapes Grafana.
    expect(JSON.stringify(policy)).toContain('"app.kubernetes.io/name":"prometheus"');
    expect(result.stack.components.grafana!.externalUrl).toBe('https://grafana.acme.com/');
    expect(Object.keys(result.stack.components.grafana!.networkClients)).toEqual(
      expect.arrayContaining(['gke-load-balancer-130-211-0-0-22', 'gke-load-balancer-35-191-0-0-16']),
    );
    expect(result.files.get('grafana-config.yaml')).toContain('root_url = https://grafana.acme.com/');
  });

  test("grafana()'s own rootUrl wins over the platform's", () => {
    const own = render(
      createStack({}, [
        grafana({ rootUrl: 'https://dashboards.acme.com/' }),
        gke({ project, grafana: { host: 'grafana.acme.com' } }),
      ]),
    );
    expect(own.files.get('grafana-config.yaml')).toContain('root_url = https://dashboards.acme.com/');
    expect(own.files.get('grafana-networkPolicy.yaml')).toContain('35.191.0.0/16');
  });

  test('httpsRedirect: false leaves the FrontendConfig (and its beta API) out', () => {
    const files = render(
      createStack({}, [grafana(), gke({ project, grafana: { host: 'g.acme.com', httpsRedirect: false } })]),
    ).files;
    expect(files.has('gke-grafanaFrontendConfig.yaml')).toBe(false);
    expect(files.get('gke-grafanaIngress.yaml')).not.toContain('FrontendConfig');
  });

  test('exposing Grafana in a stack without Grafana, or with Grafana turned off, is a problem', () => {
    const problems = (...parts: Part[]) =>
      validateStack(createStack({}, [...parts, gke({ project, grafana: { host: 'g.acme.com' } })])).map(
        (p) => [p.code, p.address, p.path, p.value, p.reason],
      );
    expect(problems(prometheus())).toEqual([
      [
        'NOT_FOUND',
        'gke',
        'grafana',
        'g.acme.com',
        'gke({ grafana }) exposes Grafana, and the stack has no Grafana',
      ],
    ]);
    expect(problems(grafana({ enabled: false }))).toEqual([
      [
        'NOT_FOUND',
        'gke',
        'grafana',
        'g.acme.com',
        'gke({ grafana }) exposes Grafana, and the stack has no Grafana (it is turned off)',
      ],
    ]);
  });

  test('the GKE objects are validated with the schemas of @kubernetes-models/gke', () => {
    const kinds = Object.fromEntries(gkeKinds().map((k) => [k.kind, k]));
    const bad = {
      apiVersion: 'cloud.google.com/v1',
      kind: 'BackendConfig',
      metadata: { name: 'x', namespace: 'y' },
      spec: { healthCheck: { port: '3000' } },
    };
    expect(kinds.BackendConfig!.validate!(bad)).toEqual([
      expect.objectContaining({ path: 'spec.healthCheck.port', message: 'must be integer' }),
    ]);
    const certificate = {
      apiVersion: 'networking.gke.io/v1',
      kind: 'ManagedCertificate',
      metadata: { name: 'x' },
      spec: { domains: ['*.acme.com'] },
    };
    expect(kinds.ManagedCertificate!.validate!(certificate)).toHaveLength(1);
    for (const file of [
      'gke-grafanaIngress.yaml',
      'gke-grafanaBackendConfig.yaml',
      'gke-grafanaManagedCertificate.yaml',
      'gke-grafanaFrontendConfig.yaml',
    ]) {
      const object = yaml(result, file);
      const kind = kinds[object.kind];
      if (kind) expect(kind.validate!(object), file).toEqual([]);
    }
  });
});

describe('gke({ grafana }) knows Grafana only by the Service it publishes', () => {
  // A stand-in named "grafana" that publishes its Service on port 8080 with the health path
  // /ready: the exposure must follow the contract, not what component-grafana happens to render.
  const result = render(
    createStack({}, [archiver({ name: 'grafana' }), gke({ project, grafana: { host: 'g.acme.com' } })]),
  );

  test('the Ingress and the health check use its Service name, port and health path', () => {
    expect(yaml(result, 'gke-grafanaIngress.yaml').spec.rules[0].http.paths[0].backend).toEqual({
      service: { name: 'grafana', port: { number: 8080 } },
    });
    expect(yaml(result, 'gke-grafanaBackendConfig.yaml').spec.healthCheck).toMatchObject({
      requestPath: '/ready',
      port: 8080,
    });
  });

  test('its Service is annotated at the address it publishes, and its NetworkPolicy admits the load balancer', () => {
    expect(yaml(result, 'grafana-service.yaml').metadata.annotations).toEqual({
      'cloud.google.com/backend-config': '{"default":"grafana"}',
      'cloud.google.com/neg': '{"ingress": true}',
    });
    const from = yaml(result, 'grafana-networkPolicy.yaml').spec.ingress[0].from;
    expect(from).toEqual([{ ipBlock: { cidr: '130.211.0.0/22' } }, { ipBlock: { cidr: '35.191.0.0/16' } }]);
  });
});
