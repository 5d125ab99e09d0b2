import { createStack, render } from '@mixstack/core';
import { grafana } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { awsCommands, eks, ROLE_ARN_ANNOTATION } from './index.js';
import { archiver } from './test-helpers.js';

/**
 * A new component gets S3 through IRSA, and Grafana's network access, without any edit to
 * platform-eks or component-grafana (DESIGN.md §7, §8): the archiver of the test helpers is
 * written with core's `defineComponent` and publishes a container, a Service, a bucket and the
 * `datasource` role; nothing in it names EKS or Grafana, and neither knows it.
 */
describe('a component neither platform-eks nor component-grafana has heard of', () => {
  const result = render(
    createStack({ namespace: 'monitoring' }, [
      grafana(),
      archiver({ buckets: { chunks: 'acme-archive-chunks' } }),
      eks({
        s3: {
          accountId: '123456789012',
          region: 'eu-west-1',
          oidcProvider: 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE',
        },
      }),
    ]),
  );

  test('EKS annotates the ServiceAccount its bucket claim names with its IAM role', () => {
    const serviceAccount = parse(result.files.get('archiver-serviceAccount.yaml')!);
    expect(serviceAccount.metadata.annotations).toEqual({
      [ROLE_ARN_ANNOTATION]: 'arn:aws:iam::123456789012:role/mixstack-monitoring-archiver',
    });
  });

  test('EKS lists its bucket in the commands to run, with the access it declared', () => {
    const commands = awsCommands(result);
    expect(commands).toContain(
      'aws s3api create-bucket --bucket acme-archive-chunks --region eu-west-1 --create-bucket-configuration LocationConstraint=eu-west-1',
    );
    expect(commands.find((c) => c.startsWith('aws iam put-role-policy'))).toContain(
      '"Action":["s3:GetObject","s3:PutObject","s3:DeleteObject"],"Resource":["arn:aws:s3:::acme-archive-chunks/*"]',
    );
    expect(result.summary.notices.find((n) => n.id === 'eks-s3')?.message).toContain(commands.join('\n'));
  });

  test("Grafana's network client reaches it, as a datasource", () => {
    expect(Object.keys(result.stack.components.archiver!.networkClients)).toEqual(['grafana']);
  });
});
