import { createStack, type Part, type RenderResult, render } from '@mixstack/core';
import { connectionVerdict, type Endpoint, networkModel, podOf } from '@mixstack/testing';
import { prometheus, thanos } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { awsCommands, eks, ROLE_ARN_ANNOTATION } from './index.js';

/**
 * Thanos on EKS with its blocks in S3, with no edit to platform-eks (DESIGN.md §7): Thanos
 * declares three buckets in core's object-storage contract (the sidecar in the Prometheus pods
 * and the Compactor read-write, the Store Gateway read), and EKS grants each of them an IAM
 * role, through IRSA or Pod Identity. What is checked is what the cluster would see: the
 * ServiceAccounts the pods really run as, the policy of each role, the objstore configuration
 * Thanos reads, and the NetworkPolicies that must let those pods reach S3 and the agent.
 */

const bucket = 'acme-thanos';
const region = 'eu-west-1';
const OIDC = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const irsa = { accountId: '123456789012', region, oidcProvider: OIDC } as const;
const podIdentity = {
  accountId: '123456789012',
  region,
  identity: 'podIdentity',
  clusterName: 'prod-eu',
} as const;
const SECRET = 'thanos-objstore';
const USERS = ['prometheus-k8s', 'thanos-compact', 'thanos-store'];

const stackOf = (parts: Part[]) => createStack({ namespace: 'monitoring' }, parts);
const thanosOnS3 = (type?: 's3') => thanos({ objectStorage: { ...(type ? { type } : {}), bucket, region } });
const roleArn = (name: string) => `arn:aws:iam::123456789012:role/mixstack-monitoring-${name}`;

/** What these tests read of a rendered object: a ServiceAccount, a workload, a Prometheus. */
interface Rendered {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec?: {
    serviceAccountName?: string;
    thanos?: { objectStorageConfig?: { name?: string } };
    template?: { spec?: { serviceAccountName?: string; volumes?: { secret?: { secretName?: string } }[] } };
  };
}
const objectsOf = (result: RenderResult): Rendered[] => result.objects.map((o) => o.object as Rendered);

/**
 * The ServiceAccounts of the pods that read the objstore Secret, found in the rendered objects
 * (not in Thanos' declarations): the StatefulSets and Deployments that mount it, and the
 * Prometheus resource whose sidecar the operator gives it (`spec.thanos.objectStorageConfig`).
 * These are the identities that must reach the bucket at run time.
 */
function bucketReaders(result: RenderResult): string[] {
  const names = new Set<string>();
  for (const object of objectsOf(result)) {
    if (object.kind === 'Prometheus' && object.spec?.thanos?.objectStorageConfig?.name === SECRET)
      names.add(object.spec.serviceAccountName ?? 'default');
    const pod = object.spec?.template?.spec;
    if (pod?.volumes?.some((v) => v.secret?.secretName === SECRET))
      names.add(pod.serviceAccountName ?? 'default');
  }
  return [...names].sort();
}

const serviceAccount = (result: RenderResult, name: string): Rendered => {
  const found = objectsOf(result).filter((o) => o.kind === 'ServiceAccount' && o.metadata.name === name);
  expect(found, `ServiceAccount ${name}`).toHaveLength(1);
  return found[0]!;
};

const objstore = (result: RenderResult) =>
  parse(parse(result.files.get('thanos-objstoreSecret.yaml')!).stringData['objstore.yaml']);

/** The S3 actions the policy of a ServiceAccount's role allows, per resource. */
function allowed(commands: string[], name: string): Record<string, string[]> {
  const put = commands.find((c) =>
    c.startsWith(`aws iam put-role-policy --role-name mixstack-monitoring-${name} `),
  );
  expect(put, `the policy of ${name}'s role`).toBeDefined();
  const policy = JSON.parse(/'(.*)'$/.exec(put!)![1]!) as {
    Statement: { Effect: string; Action: string | string[]; Resource: string[] }[];
  };
  const out: Record<string, string[]> = {};
  for (const statement of policy.Statement) {
    expect(statement.Effect).toBe('Allow');
    for (const resource of statement.Resource)
      out[resource] = [...(out[resource] ?? []), ...[statement.Action].flat()].sort();
  }
  return out;
}

const READ = {
  'arn:aws:s3:::acme-thanos': ['s3:ListBucket'],
  'arn:aws:s3:::acme-thanos/*': ['s3:GetObject'],
};
const READ_WRITE = {
  'arn:aws:s3:::acme-thanos': ['s3:ListBucket'],
  'arn:aws:s3:::acme-thanos/*': ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
};

/** What an AWS credential looks like in a file: Thanos' S3 keys, the SDK's variables, an access key id. */
const AWS_KEY =
  /access_key|secret_key|session_token|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/;

const withKey = (result: RenderResult) =>
  [...result.files].filter(([, text]) => AWS_KEY.test(text)).map(([file]) => file);

describe.each([
  ['IRSA', irsa],
  ['Pod Identity', podIdentity],
] as const)('Thanos on EKS with %s', (identity, s3) => {
  const result = render(stackOf([prometheus(), thanosOnS3('s3'), eks({ s3 })]));
  const commands = awsCommands(result);

  test('every pod that reads the objstore Secret runs as a ServiceAccount the platform grants a role', () => {
    expect(bucketReaders(result)).toEqual(USERS);
    for (const name of USERS) {
      const annotations = serviceAccount(result, name).metadata.annotations;
      if (identity === 'IRSA') expect(annotations).toEqual({ [ROLE_ARN_ANNOTATION]: roleArn(name) });
      else {
        // Pod Identity links the role by an association, not by the ServiceAccount.
        expect(JSON.stringify(annotations ?? {})).not.toContain('eks.amazonaws.com');
        expect(commands).toContain(
          `aws eks create-pod-identity-association --cluster-name prod-eu --namespace monitoring --service-account ${name} --role-arn ${roleArn(name)} --region eu-west-1`,
        );
      }
    }
  });

  test('the Store Gateway’s role reads; the sidecar’s and the Compactor’s read and write (it deletes)', () => {
    expect(allowed(commands, 'thanos-store')).toEqual(READ);
    expect(allowed(commands, 'thanos-compact')).toEqual(READ_WRITE);
    expect(allowed(commands, 'prometheus-k8s')).toEqual(READ_WRITE);
    expect(commands.filter((c) => c.startsWith('aws iam create-role'))).toHaveLength(USERS.length);
    expect(commands).toContain(
      'aws s3api create-bucket --bucket acme-thanos --region eu-west-1 --create-bucket-configuration LocationConstraint=eu-west-1',
    );
    // The same commands are in the build summary.
    const notice = result.summary.notices.find((n) => n.id === 'eks-s3')!;
    expect(notice.message).toContain(commands.join('\n'));
  });

  test('the objstore configuration has the bucket, its regional endpoint and region; no file holds a key', () => {
    expect(objstore(result)).toEqual({
      type: 'S3',
      config: { bucket, endpoint: 's3.eu-west-1.amazonaws.com', region },
    });
    // The detector finds the keys it looks for (else the scan below proves nothing).
    expect(AWS_KEY.test('config:\n  access_key: AKIAIOSFODNN7EXAMPLE')).toBe(true);
    expect(withKey(result)).toEqual([]);
    expect(result.files.size).toBeGreaterThan(20);
  });

  test('left without a type, Thanos takes S3 from the platform: the same files', () => {
    const implicit = render(stackOf([prometheus(), thanosOnS3(), eks({ s3 })]));
    expect(implicit.values.common.objectStorage).toBe('s3');
    expect(implicit.files).toEqual(result.files);
  });

  test('left without a type and a region, Thanos takes both from the platform: the region its bucket is created in', () => {
    const bare = render(stackOf([prometheus(), thanos({ objectStorage: { bucket } }), eks({ s3 })]));
    expect(bare.values.common.objectStorageRegion).toBe(region);
    // Without a region Thanos' S3 client would ask S3 for the bucket's location (s3:GetBucketLocation), which no role allows.
    expect(objstore(bare)).toEqual({
      type: 'S3',
      config: { bucket, endpoint: 's3.eu-west-1.amazonaws.com', region },
    });
    expect(bare.files).toEqual(result.files);
    const elsewhere = render(
      stackOf([
        prometheus(),
        thanos({ objectStorage: { bucket } }),
        eks({ s3: { ...s3, region: 'ap-southeast-2' } }),
      ]),
    );
    expect(objstore(elsewhere).config).toEqual({
      bucket,
      endpoint: 's3.ap-southeast-2.amazonaws.com',
      region: 'ap-southeast-2',
    });
    expect(awsCommands(elsewhere)).toContain(
      'aws s3api create-bucket --bucket acme-thanos --region ap-southeast-2 --create-bucket-configuration LocationConstraint=ap-southeast-2',
    );
  });

  test("Thanos' own region wins over the platform's", () => {
    const own = render(
      stackOf([prometheus(), thanos({ objectStorage: { bucket, region: 'us-east-2' } }), eks({ s3 })]),
    );
    expect(objstore(own).config).toEqual({
      bucket,
      endpoint: 's3.us-east-2.amazonaws.com',
      region: 'us-east-2',
    });
  });

  test('the bucket users reach S3 on 443 and the Pod Identity agent; Query reaches neither', () => {
    const model = networkModel(result.objects.map((o) => o.object as unknown as Record<string, unknown>));
    const at = (ip: string): Endpoint => ({ kind: 'address', ip });
    // 52.218.0.0/17 is one of S3's eu-west-1 ranges (ip-ranges.amazonaws.com).
    const s3Address = at('52.218.1.10');
    const agent = at('169.254.170.23');
    const pods = {
      store: podOf(model, { name: 'thanos-store', kind: 'StatefulSet' }),
      compact: podOf(model, { name: 'thanos-compact', kind: 'StatefulSet' }),
      sidecar: podOf(model, { name: 'k8s', kind: 'Prometheus' }),
    };
    for (const [part, from] of Object.entries(pods)) {
      expect(connectionVerdict(model, { from, to: s3Address, port: 443 }).allowed, part).toBe(true);
      if (identity === 'Pod Identity')
        expect(connectionVerdict(model, { from, to: agent, port: 80 }).allowed, part).toBe(true);
    }
    // The Thanos parts' egress is closed to everything else (Prometheus' is open: it scrapes everywhere).
    for (const part of ['store', 'compact'] as const) {
      expect(connectionVerdict(model, { from: pods[part], to: s3Address, port: 80 }).allowed, part).toBe(
        false,
      );
      expect(
        connectionVerdict(model, { from: pods[part], to: at('169.254.169.254'), port: 80 }).allowed,
      ).toBe(false);
    }
    const query = podOf(model, { name: 'thanos-query', kind: 'Deployment' });
    expect(connectionVerdict(model, { from: query, to: s3Address, port: 443 }).allowed).toBe(false);
    expect(connectionVerdict(model, { from: query, to: agent, port: 80 }).allowed).toBe(false);
  });

  test('the platform before or after Thanos and Prometheus: byte-identical files', () => {
    const orders: Part[][] = [
      [eks({ s3 }), thanosOnS3('s3'), prometheus()],
      [thanosOnS3('s3'), eks({ s3 }), prometheus()],
      [eks({ s3 }), prometheus(), thanosOnS3()],
    ];
    for (const parts of orders) expect(render(stackOf(parts)).files).toEqual(result.files);
  });
});

test('Pod Identity: the summary names the agent the Thanos pods reach, IRSA does not', () => {
  const notice = (s: typeof irsa | typeof podIdentity) =>
    render(stackOf([prometheus(), thanosOnS3(), eks({ s3: s })])).summary.notices.find(
      (n) => n.id === 'eks-s3',
    )!.message;
  expect(notice(podIdentity)).toContain('Pod Identity agent at 169.254.170.23:80');
  expect(notice(irsa)).not.toContain('169.254.170.23');
});

describe('Thanos on EKS: exactly the running parts that read the bucket get a role', () => {
  /** The Kubernetes ServiceAccounts the commands give a role with a policy on the bucket. */
  const granted = (result: RenderResult) =>
    awsCommands(result)
      .filter((c) => c.includes('arn:aws:s3:::acme-thanos'))
      .map((c) => /put-role-policy --role-name mixstack-monitoring-(\S+) /.exec(c)?.[1])
      .filter((name): name is string => name !== undefined)
      .sort();

  test.each([
    ['every part', [prometheus(), thanosOnS3()]],
    [
      'no sidecar',
      [prometheus(), thanos({ objectStorage: { bucket, region }, sidecar: { enabled: false } })],
    ],
    [
      'no Compactor',
      [prometheus(), thanos({ objectStorage: { bucket, region }, compact: { enabled: false } })],
    ],
    [
      'an observer without Prometheus',
      [thanos({ objectStorage: { bucket, region }, sidecar: { enabled: false } })],
    ],
  ] as const)('%s', (_, parts) => {
    const result = render(stackOf([...parts, eks({ s3: irsa })]));
    expect(bucketReaders(result).length).toBeGreaterThan(0);
    expect(granted(result)).toEqual(bucketReaders(result));
    // A ServiceAccount that reads no bucket is given no role.
    for (const account of objectsOf(result).filter((o) => o.kind === 'ServiceAccount'))
      expect(account.metadata.annotations?.[ROLE_ARN_ANNOTATION] !== undefined, account.metadata.name).toBe(
        bucketReaders(result).includes(account.metadata.name),
      );
  });
});
