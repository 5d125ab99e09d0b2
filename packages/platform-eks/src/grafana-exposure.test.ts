import { createStack, problemsOfPart, render, validateStack } from '@mixstack/core';
import { grafana, prometheus } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { LOAD_BALANCER_CLIENT } from './grafana-exposure.js';
import { eks } from './index.js';

const CERTIFICATE = 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
const exposure = { host: 'grafana.acme.com', certificateArn: CERTIFICATE, vpcCidr: '10.0.0.0/16' } as const;

describe('Grafana behind the AWS Load Balancer Controller', () => {
  const result = render(
    createStack({ namespace: 'monitoring' }, [prometheus(), grafana(), eks({ grafana: exposure })]),
  );

  test('an Ingress of class alb to the Service Grafana publishes, with the controller’s annotations', () => {
    expect(parse(result.files.get('eks-grafanaIngress.yaml')!)).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {
        name: 'grafana',
        namespace: 'monitoring',
        labels: {
          'app.kubernetes.io/name': 'grafana',
          'app.kubernetes.io/part-of': 'mixstack',
          'app.kubernetes.io/component': 'ingress',
        },
        annotations: {
          'alb.ingress.kubernetes.io/scheme': 'internal',
          'alb.ingress.kubernetes.io/target-type': 'ip',
          'alb.ingress.kubernetes.io/certificate-arn': CERTIFICATE,
          'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP":80},{"HTTPS":443}]',
          'alb.ingress.kubernetes.io/ssl-redirect': '443',
          'alb.ingress.kubernetes.io/backend-protocol': 'HTTP',
          'alb.ingress.kubernetes.io/healthcheck-path': '/api/health',
        },
      },
      spec: {
        ingressClassName: 'alb',
        rules: [
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
        ],
      },
    });
  });

  test('internet-facing, HTTPS only', () => {
    const ingress = parse(
      render(
        createStack({}, [
          grafana(),
          eks({ grafana: { ...exposure, scheme: 'internet-facing', httpsRedirect: false } }),
        ]),
      ).files.get('eks-grafanaIngress.yaml')!,
    );
    expect(ingress.metadata.annotations['alb.ingress.kubernetes.io/scheme']).toBe('internet-facing');
    expect(ingress.metadata.annotations['alb.ingress.kubernetes.io/listen-ports']).toBe('[{"HTTPS":443}]');
    expect(ingress.metadata.annotations['alb.ingress.kubernetes.io/ssl-redirect']).toBeUndefined();
  });

  test("Grafana's root URL is the host, and its NetworkPolicy admits the VPC the ALB sends from", () => {
    expect(result.stack.components.grafana!.externalUrl).toBe('https://grafana.acme.com/');
    expect(Object.keys(result.stack.components.grafana!.networkClients)).toContain(LOAD_BALANCER_CLIENT);
    const policy = parse(result.files.get('grafana-networkPolicy.yaml')!);
    expect(JSON.stringify(policy.spec.ingress)).toContain('"cidr":"10.0.0.0/16"');
    expect(result.summary.notices.find((n) => n.id === 'eks-grafana')!.message).toContain(
      'https://grafana.acme.com/ once the AWS Load Balancer Controller has created its internal ALB',
    );
  });

  test('a certificate ARN that is not an ACM certificate is a typed problem', () => {
    for (const certificateArn of [
      'arn:aws:iam::123456789012:server-certificate/grafana',
      'arn:aws:acm:eu-west-1:123456789012:certificate/grafana',
      'arn:aws:acm:eu-west-1:12345:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
      '0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
    ]) {
      const problems = problemsOfPart(eks({ grafana: { ...exposure, certificateArn } }));
      expect(problems.map((p) => [p.code, p.address, p.path, p.value])).toEqual([
        ['INVALID_OPTION', 'eks', 'grafana.certificateArn', certificateArn],
      ]);
      expect(problems[0]!.message).toContain('an ACM certificate ARN');
    }
    expect(problemsOfPart(eks({ grafana: { ...exposure, vpcCidr: '10.0.0.0' } })).map((p) => p.path)).toEqual(
      ['grafana.vpcCidr'],
    );
  });

  test('without Grafana in the stack, or with it turned off: a problem, no Ingress', () => {
    const missing = validateStack(createStack({}, [prometheus(), eks({ grafana: exposure })]));
    expect(missing.map((p) => [p.code, p.address, p.path])).toEqual([['NOT_FOUND', 'eks', 'grafana']]);
    const off = validateStack(createStack({}, [grafana({ enabled: false }), eks({ grafana: exposure })]));
    expect(off.map((p) => p.reason).join()).toContain('turned off');
  });
});
