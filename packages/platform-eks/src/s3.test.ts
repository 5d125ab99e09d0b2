import { createStack, render, validateStack } from '@mixstack/core';
import { prometheus } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { awsCommands, eks, ROLE_ARN_ANNOTATION } from './index.js';
import { roleName } from './s3.js';
import { archiver } from './test-helpers.js';

const OIDC = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const irsa = { accountId: '123456789012', region: 'eu-west-1', oidcProvider: OIDC } as const;
const podIdentity = {
  accountId: '123456789012',
  region: 'eu-west-1',
  identity: 'podIdentity',
  clusterName: 'prod-eu',
} as const;

const serviceAccount = (files: ReadonlyMap<string, string>, name = 'archiver') =>
  files.get(`${name}-serviceAccount.yaml`)!;

describe('S3 for the buckets components declare', () => {
  test('IRSA: the declared ServiceAccount gets the role annotation; nothing else changes', () => {
    const { files } = render(createStack({}, [archiver(), eks({ s3: irsa })]));
    expect(parse(serviceAccount(files)).metadata.annotations).toEqual({
      [ROLE_ARN_ANNOTATION]: 'arn:aws:iam::123456789012:role/mixstack-monitoring-archiver',
    });
    const plain = render(createStack({}, [archiver()])).files;
    expect(serviceAccount(plain)).not.toContain('eks.amazonaws.com');
    expect(
      serviceAccount(files).replace(/\n {2}annotations:\n {4}eks\.amazonaws\.com\/role-arn: \S+/, ''),
    ).toBe(serviceAccount(plain));
  });

  test('Pod Identity: nothing is annotated; the association is a command', () => {
    const stack = createStack({}, [archiver(), eks({ s3: podIdentity })]);
    expect(serviceAccount(render(stack).files)).toBe(
      serviceAccount(render(createStack({}, [archiver()])).files),
    );
    expect(awsCommands(stack)).toContain(
      'aws eks create-pod-identity-association --cluster-name prod-eu --namespace monitoring --service-account archiver --role-arn arn:aws:iam::123456789012:role/mixstack-monitoring-archiver --region eu-west-1',
    );
  });

  test('Pod Identity: the summary names the agent the pods reach', () => {
    const notice = (s3: typeof irsa | typeof podIdentity) =>
      render(createStack({}, [archiver(), eks({ s3 })])).summary.notices.find((n) => n.id === 'eks-s3')!;
    expect(notice(podIdentity).level).toBe('info');
    expect(notice(podIdentity).message).toContain('Pod Identity agent at 169.254.170.23:80');
    expect(notice(irsa).level).toBe('info');
    expect(notice(irsa).message).not.toContain('169.254.170.23');
  });

  test('the platform tells components which object storage to configure (common.objectStorage)', () => {
    expect(render(createStack({}, [archiver(), eks({ s3: irsa })])).values.common.objectStorage).toBe('s3');
    expect(render(createStack({}, [archiver(), eks()])).values.common.objectStorage).toBeUndefined();
  });

  test('the buckets are read from what the components publish; a component turned off needs none', () => {
    const stack = (enabled: boolean) =>
      createStack({}, [
        archiver(),
        archiver({ name: 'reader', buckets: { chunks: 'acme-reader-chunks' }, enabled }),
        eks({ s3: irsa }),
      ]);
    expect(awsCommands(stack(true)).join('\n')).toContain('--bucket acme-reader-chunks');
    expect(awsCommands(stack(false)).join('\n')).not.toContain('acme-reader-chunks');
    expect(awsCommands(stack(false)).join('\n')).toContain('--bucket acme-archiver-data');
  });

  test('awsCommands (IRSA): buckets, a role per ServiceAccount trusting it through the OIDC provider, least-privilege policies', () => {
    const stack = createStack({ namespace: 'observability' }, [
      archiver({ buckets: { chunks: 'acme-logs-chunks', ruler: 'acme-logs-ruler' } }),
      archiver({ name: 'reader', buckets: { chunks: 'acme-logs-chunks' }, access: 'read' }),
      eks({ s3: irsa }),
    ]);
    const trust = (sa: string) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${OIDC}` },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: {
                [`${OIDC}:aud`]: 'sts.amazonaws.com',
                [`${OIDC}:sub`]: `system:serviceaccount:observability:${sa}`,
              },
            },
          },
        ],
      });
    const writer = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ListBuckets',
          Effect: 'Allow',
          Action: 's3:ListBucket',
          Resource: ['arn:aws:s3:::acme-logs-chunks', 'arn:aws:s3:::acme-logs-ruler'],
        },
        {
          Sid: 'ReadWriteObjects',
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
          Resource: ['arn:aws:s3:::acme-logs-chunks/*', 'arn:aws:s3:::acme-logs-ruler/*'],
        },
      ],
    });
    const reader = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ListBuckets',
          Effect: 'Allow',
          Action: 's3:ListBucket',
          Resource: ['arn:aws:s3:::acme-logs-chunks'],
        },
        {
          Sid: 'ReadObjects',
          Effect: 'Allow',
          Action: ['s3:GetObject'],
          Resource: ['arn:aws:s3:::acme-logs-chunks/*'],
        },
      ],
    });
    expect(awsCommands(stack)).toEqual([
      "# IRSA: the cluster's OIDC provider must be registered in IAM once (eksctl utils associate-iam-oidc-provider --cluster <cluster> --approve).",
      'aws s3api create-bucket --bucket acme-logs-chunks --region eu-west-1 --create-bucket-configuration LocationConstraint=eu-west-1',
      'aws s3api create-bucket --bucket acme-logs-ruler --region eu-west-1 --create-bucket-configuration LocationConstraint=eu-west-1',
      `aws iam create-role --role-name mixstack-observability-archiver --description "mixstack observability/archiver" --assume-role-policy-document '${trust('archiver')}'`,
      `aws iam put-role-policy --role-name mixstack-observability-archiver --policy-name mixstack-s3 --policy-document '${writer}'`,
      `aws iam create-role --role-name mixstack-observability-reader --description "mixstack observability/reader" --assume-role-policy-document '${trust('reader')}'`,
      `aws iam put-role-policy --role-name mixstack-observability-reader --policy-name mixstack-s3 --policy-document '${reader}'`,
    ]);
    // The same commands are in the build summary.
    const notice = render(stack).summary.notices.find((n) => n.id === 'eks-s3')!;
    expect(notice.message).toContain(awsCommands(stack).join('\n'));
  });

  test('Pod Identity: the role trusts pods.eks.amazonaws.com with sts:AssumeRole and sts:TagSession', () => {
    const commands = awsCommands(createStack({}, [archiver(), eks({ s3: podIdentity })]));
    expect(commands[0]).toContain('eks-pod-identity-agent');
    const createRole = commands.find((c) => c.startsWith('aws iam create-role'))!;
    expect(JSON.parse(/'(.*)'$/.exec(createRole)![1]!)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
        },
      ],
    });
  });

  test('us-east-1 takes no LocationConstraint; China and GovCloud use their ARN partitions', () => {
    const commands = (region: string) =>
      awsCommands(createStack({}, [archiver(), eks({ s3: { ...podIdentity, region } })])).join('\n');
    expect(commands('us-east-1')).toContain(
      'aws s3api create-bucket --bucket acme-archiver-data --region us-east-1\n',
    );
    expect(commands('cn-north-1')).toContain('arn:aws-cn:s3:::acme-archiver-data/*');
    expect(commands('cn-north-1')).toContain('--role-arn arn:aws-cn:iam::123456789012:role/');
    expect(commands('us-gov-west-1')).toContain('arn:aws-us-gov:s3:::acme-archiver-data');
  });

  test('a bucket claimed read and read-write by one ServiceAccount is read-write, listed once', () => {
    const stack = createStack({}, [
      archiver({ buckets: { a: 'acme-shared' } }),
      archiver({
        name: 'viewer',
        serviceAccount: 'archiver',
        renderServiceAccount: false,
        buckets: { b: 'acme-shared' },
        access: 'read',
      }),
      eks({ s3: irsa }),
    ]);
    const policy = awsCommands(stack).find((c) => c.startsWith('aws iam put-role-policy'))!;
    expect(
      JSON.parse(/'(.*)'$/.exec(policy)![1]!).Statement.map((s: { Sid: string; Resource: string[] }) => [
        s.Sid,
        s.Resource,
      ]),
    ).toEqual([
      ['ListBuckets', ['arn:aws:s3:::acme-shared']],
      ['ReadWriteObjects', ['arn:aws:s3:::acme-shared/*']],
    ]);
  });

  test('role names fit IAM (64 characters, distinct)', () => {
    expect(roleName('monitoring', 'loki')).toBe('mixstack-monitoring-loki');
    const long = roleName('a-very-long-namespace-name-for-the-observability-stack', 'loki-compactor');
    const other = roleName('a-very-long-namespace-name-for-the-observability-stack', 'loki-ingester');
    expect(long.length).toBeLessThanOrEqual(64);
    expect(long).toMatch(/^[\w+=,.@-]+$/);
    expect(long).not.toBe(other);
  });

  test('no bucket declared, or s3 off: no commands and no annotation', () => {
    expect(awsCommands(createStack({}, [prometheus(), eks({ s3: irsa })]))).toEqual([]);
    const off = createStack({}, [archiver(), eks()]);
    expect(awsCommands(off)).toEqual([]);
    expect(serviceAccount(render(off).files)).not.toContain('eks.amazonaws.com');
    expect(awsCommands(createStack({}, [archiver()]))).toEqual([]);
  });

  test('claims for ServiceAccounts the stack does not render are problems, every one', () => {
    const problems = validateStack(
      createStack({}, [
        archiver({ renderServiceAccount: false }),
        archiver({ name: 'reader', renderServiceAccount: false }),
        eks({ s3: podIdentity }),
      ]),
    ).filter((p) => p.address === 'eks/s3');
    expect(problems.map((p) => [p.code, p.value])).toEqual([
      ['NOT_FOUND', 'monitoring/archiver'],
      ['NOT_FOUND', 'monitoring/reader'],
    ]);
    expect(problems[0]!.reason).toContain(
      'archiver declares buckets for the ServiceAccount monitoring/archiver',
    );
  });

  test('a bucket name S3 refuses is reported on the component that declares it', () => {
    for (const bucket of ['Acme_Logs', 'ab', '192.168.1.1', 'acme..logs', `a${'b'.repeat(63)}`]) {
      const problems = validateStack(
        createStack({}, [archiver({ buckets: { data: bucket } }), eks({ s3: irsa })]),
      );
      expect(problems.map((p) => [p.code, p.address, p.path, p.value])).toEqual([
        ['INVALID_OPTION', 'archiver', 'buckets.data.bucket', bucket],
      ]);
    }
  });
});
