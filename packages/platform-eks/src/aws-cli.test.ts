import { spawnSync } from 'node:child_process';
import { createStack, render } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { awsCommands, eks } from './index.js';
import { type PolicyDocument, s3Plan } from './s3.js';
import { archiver } from './test-helpers.js';

const OIDC = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

/** Stacks whose commands cover every aws operation awsCommands writes (both identities, us-east-1 and another region). */
const STACKS = {
  irsa: () =>
    createStack({ namespace: 'observability' }, [
      archiver({ buckets: { chunks: 'acme-logs-chunks', ruler: 'acme-logs-ruler' } }),
      archiver({ name: 'reader', buckets: { chunks: 'acme-logs-chunks' }, access: 'read' }),
      eks({ s3: { accountId: '123456789012', region: 'eu-west-1', oidcProvider: OIDC } }),
    ]),
  podIdentity: () =>
    createStack({}, [
      archiver({ serviceAccount: 'a-service-account-with-a-name-long-enough-to-need-a-hash' }),
      eks({
        s3: {
          accountId: '123456789012',
          region: 'us-east-1',
          identity: 'podIdentity',
          clusterName: 'prod_us',
        },
      }),
    ]),
};

// No credentials, configuration or instance metadata of this machine; one attempt.
const ENV = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: '/nonexistent',
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_MAX_ATTEMPTS: '1',
  AWS_RETRY_MODE: 'standard',
  AWS_PAGER: '',
  // IAM is global, but the CLI signs for a region: the one a user's profile would give.
  AWS_DEFAULT_REGION: 'eu-central-1',
};
// Nothing listens on the discard port: a command whose parameters pass the CLI's validation
// fails only when it connects, and never reaches AWS.
const CLOSED = 'http://127.0.0.1:9';

/**
 * The aws CLIs of this machine: Debian's package (`awscli`, tools/scripts/ensure-debian-tools.mjs)
 * first, then any other on the PATH. Debian 12's aws-cli 2.9.19 predates EKS Pod Identity
 * (November 2023), so an operation it lacks is checked with another CLI that has it.
 */
const CLIS = [
  ...new Set(
    ['/usr/bin/aws', spawnSync('sh', ['-c', 'command -v aws'], { encoding: 'utf8' }).stdout.trim()].filter(
      (path) => path && spawnSync(path, ['--version'], { env: ENV, encoding: 'utf8' }).status === 0,
    ),
  ),
];

const knows = new Map<string, string | undefined>();
/** The first CLI that has `aws <service> <operation>`. */
function cliFor(service: string, operation: string): string | undefined {
  const key = `${service} ${operation}`;
  if (!knows.has(key))
    knows.set(
      key,
      CLIS.find(
        (cli) => spawnSync(cli, [service, operation, '--generate-cli-skeleton'], { env: ENV }).status === 0,
      ),
    );
  return knows.get(key);
}

/** Runs one derived command line (a shell line: its JSON is single-quoted) against the closed endpoint. */
function run(line: string): { cli: string | undefined; status: number | null; stderr: string } {
  const [, service, operation] = line.split(' ');
  const cli = cliFor(service!, operation!);
  if (!cli) return { cli, status: null, stderr: '' };
  const result = spawnSync('sh', ['-c', `"$AWS_CLI" ${line.slice('aws '.length)} --endpoint-url ${CLOSED}`], {
    env: { ...ENV, AWS_CLI: cli },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { cli, status: result.status, stderr: result.stderr };
}

const PARSED_AND_VALID = /Could not connect to the endpoint URL: "http:\/\/127\.0\.0\.1:9\//;

describe('the aws commands pass the real aws CLI (offline: parameters parsed and validated, then a closed endpoint)', () => {
  test('there is an aws CLI (Debian: apt-get install awscli)', () => {
    expect(CLIS.length, 'no working aws CLI: run node tools/scripts/ensure-debian-tools.mjs').toBeGreaterThan(
      0,
    );
  });

  test.each(Object.entries(STACKS))(
    '%s',
    (_name, stack) => {
      const lines = awsCommands(stack()).filter((line) => !line.startsWith('#'));
      expect(lines.length).toBeGreaterThan(3);
      for (const line of lines) {
        const { cli, status, stderr } = run(line);
        expect(cli, `no aws CLI here has "${line.split(' ').slice(0, 3).join(' ')}"`).toBeDefined();
        expect(status, line).not.toBe(0);
        expect(stderr, `${line}\n${stderr}`).toMatch(PARSED_AND_VALID);
      }
    },
    120_000,
  );

  test('a parameter error fails earlier, with a message of its own (the check above can fail)', () => {
    const [createRole] = awsCommands(STACKS.irsa()).filter((line) => line.startsWith('aws iam create-role'));
    // The CLI checks the minimum lengths of its model (not the maximum: roleName's test does).
    const empty = run(createRole!.replace(/--role-name \S+/, '--role-name ""'));
    expect(empty.stderr).toMatch(/Invalid length for parameter RoleName/);
    expect(empty.stderr).not.toMatch(PARSED_AND_VALID);
    const missing = run(createRole!.replace(/--assume-role-policy-document '.*'$/, ''));
    expect(missing.stderr).toMatch(/--assume-role-policy-document/);
    expect(missing.stderr).not.toMatch(PARSED_AND_VALID);
  }, 60_000);
});

/**
 * Every IAM action the policies may name, from the Service Authorization Reference
 * (docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html and
 * list_awssecuritytokenservice.html), with the resource type it applies to.
 */
const ACTIONS: Record<string, 'bucket' | 'object' | 'none'> = {
  's3:ListBucket': 'bucket',
  's3:GetObject': 'object',
  's3:PutObject': 'object',
  's3:DeleteObject': 'object',
  'sts:AssumeRole': 'none',
  'sts:AssumeRoleWithWebIdentity': 'none',
  'sts:TagSession': 'none',
};
const PARTITION = '(aws|aws-cn|aws-us-gov)';
const ARN = {
  bucket: new RegExp(`^arn:${PARTITION}:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`),
  object: new RegExp(`^arn:${PARTITION}:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/\\*$`),
  role: new RegExp(`^arn:${PARTITION}:iam::[0-9]{12}:role/[\\w+=,.@-]{1,64}$`),
  oidcProvider: new RegExp(
    `^arn:${PARTITION}:iam::[0-9]{12}:oidc-provider/oidc\\.eks\\.[a-z0-9-]+\\.amazonaws\\.com/id/[0-9A-Z]{32}$`,
  ),
};

function checkPolicy(policy: PolicyDocument, trust: boolean): string[] {
  const problems: string[] = [];
  if (policy.Version !== '2012-10-17') problems.push(`Version ${policy.Version}`);
  for (const statement of policy.Statement) {
    const actions = [statement.Action].flat();
    for (const action of actions) {
      const type = ACTIONS[action];
      if (type === undefined) problems.push(`unknown action ${action}`);
      else if (trust !== (type === 'none'))
        problems.push(`${action} in a ${trust ? 'trust' : 'permissions'} policy`);
      else if (type !== 'none')
        for (const resource of statement.Resource ?? ['(none)'])
          if (!ARN[type].test(resource)) problems.push(`${action} on ${resource}, not a ${type} ARN`);
    }
    if (trust && statement.Resource) problems.push('a trust policy names no Resource');
    if (trust && statement.Principal?.Federated && !ARN.oidcProvider.test(statement.Principal.Federated))
      problems.push(`Federated ${statement.Principal.Federated}`);
  }
  return problems;
}

describe('the IAM policy documents name real actions on ARNs of the right form', () => {
  test.each(Object.entries(STACKS))('%s', (_name, stack) => {
    const result = render(stack());
    const plan = s3Plan(
      result.stack,
      result.values.common.namespace,
      (result.values.eks as { s3: never }).s3,
    );
    expect(plan.roles.length).toBeGreaterThan(0);
    for (const role of plan.roles) {
      expect(role.roleArn).toMatch(ARN.role);
      expect(checkPolicy(role.policy, false)).toEqual([]);
      expect(checkPolicy(role.trustPolicy, true)).toEqual([]);
      const condition = role.trustPolicy.Statement[0]!.Condition?.StringEquals;
      if (condition)
        expect(condition).toEqual({
          [`${OIDC}:aud`]: 'sts.amazonaws.com',
          [`${OIDC}:sub`]: `system:serviceaccount:${role.namespace}:${role.serviceAccount}`,
        });
    }
  });

  test('the checks see a wrong action or ARN', () => {
    const bad: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['s3:GetObjects', 's3:ListBucket'], Resource: ['arn:aws:s3:::acme/*'] },
      ],
    };
    expect(checkPolicy(bad, false)).toEqual([
      'unknown action s3:GetObjects',
      's3:ListBucket on arn:aws:s3:::acme/*, not a bucket ARN',
    ]);
  });
});
