import { createStack, render } from '@mixstack/core';
import { connectionVerdict, type Endpoint, networkModel, podOf } from '@mixstack/testing';
import { alloy, grafana, loki } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { awsCommands, eks, ROLE_ARN_ANNOTATION } from './index.js';

/**
 * Loki on EKS with its chunks in S3, with no edit to platform-eks: Loki declares its bucket in
 * core's object-storage contract, EKS grants it through IRSA (DESIGN.md §7).
 */
describe('Loki on EKS, through the contracts only', () => {
  const result = render(
    createStack({ namespace: 'monitoring' }, [
      grafana(),
      loki({ objectStorage: { bucket: 'acme-prod-loki', region: 'eu-west-1' } }),
      alloy(),
      eks({
        s3: {
          accountId: '123456789012',
          region: 'eu-west-1',
          oidcProvider: 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE',
        },
      }),
    ]),
  );

  test('stores in S3, since EKS sets the stack’s object storage', () => {
    const config = parse(parse(result.files.get('loki-config.yaml')!).data['config.yaml']);
    expect(config.schema_config.configs[0].object_store).toBe('s3');
    expect(JSON.stringify(config.common.storage)).toContain('acme-prod-loki');
  });

  test('Loki’s ServiceAccount gets its IAM role, and its bucket is in the commands to run', () => {
    const serviceAccount = parse(result.files.get('loki-serviceAccount.yaml')!);
    expect(serviceAccount.metadata.annotations).toEqual({
      [ROLE_ARN_ANNOTATION]: 'arn:aws:iam::123456789012:role/mixstack-monitoring-loki',
    });
    const commands = awsCommands(result);
    expect(commands).toContain(
      'aws s3api create-bucket --bucket acme-prod-loki --region eu-west-1 --create-bucket-configuration LocationConstraint=eu-west-1',
    );
    expect(
      commands.find((c) => c.includes('put-role-policy --role-name mixstack-monitoring-loki')),
    ).toContain('"Resource":["arn:aws:s3:::acme-prod-loki/*"]');
  });

  test('its NetworkPolicy lets it reach S3 and STS over HTTPS, and nothing else outside', () => {
    const model = networkModel(result.objects.map((o) => o.object as unknown as Record<string, unknown>));
    const from = podOf(model, { name: 'loki', kind: 'StatefulSet' });
    const at = (ip: string): Endpoint => ({ kind: 'address', ip });
    // 52.218.0.0/17 is one of S3's eu-west-1 ranges (ip-ranges.amazonaws.com).
    expect(connectionVerdict(model, { from, to: at('52.218.1.10'), port: 443 }).allowed).toBe(true);
    expect(connectionVerdict(model, { from, to: at('52.218.1.10'), port: 80 }).allowed).toBe(false);
  });
});

describe('Loki on EKS with Pod Identity: it reaches the agent that hands out its credentials', () => {
  const result = render(
    createStack({ namespace: 'monitoring' }, [
      loki({ objectStorage: { bucket: 'acme-prod-loki', region: 'eu-west-1' } }),
      eks({
        s3: { accountId: '123456789012', region: 'eu-west-1', identity: 'podIdentity', clusterName: 'prod' },
      }),
    ]),
  );
  const model = networkModel(result.objects.map((o) => o.object as unknown as Record<string, unknown>));
  const from = podOf(model, { name: 'loki', kind: 'StatefulSet' });
  const at = (ip: string): Endpoint => ({ kind: 'address', ip });

  test('the agent on 169.254.170.23:80, S3 on 443, and nothing else at those addresses', () => {
    expect(connectionVerdict(model, { from, to: at('169.254.170.23'), port: 80 }).allowed).toBe(true);
    expect(connectionVerdict(model, { from, to: at('169.254.170.23'), port: 443 }).allowed).toBe(true);
    expect(connectionVerdict(model, { from, to: at('169.254.170.23'), port: 8080 }).allowed).toBe(false);
    expect(connectionVerdict(model, { from, to: at('169.254.169.254'), port: 80 }).allowed).toBe(false);
    // No annotation: the association, not the ServiceAccount, links the role.
    expect(parse(result.files.get('loki-serviceAccount.yaml')!).metadata.annotations).toBeUndefined();
  });
});
