import { createStack, type MixstackErrorCode, problemsOfPart, validateStack } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { type EksInput, eks } from './index.js';

const OIDC = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const s3 = { accountId: '123456789012', region: 'eu-west-1', oidcProvider: OIDC };

/** The problems eks() records for these options; the call itself never throws. */
function problemsOf(options: unknown) {
  let part: ReturnType<typeof eks> | undefined;
  expect(() => {
    part = eks(options as EksInput);
  }).not.toThrow();
  return problemsOfPart(part!);
}

/** One expected problem: code, option path, offending value (the address is always "eks"). */
type Expected = [MixstackErrorCode, string | undefined, unknown];

describe('eks() records every problem of its options, with the field, the value and a fix', () => {
  test.each<[string, unknown, Expected[], RegExp]>([
    ['options as a string', 'prod', [['INVALID_OPTION', undefined, 'prod']], /options object/],
    [
      'an unknown option',
      { autoMode: 'yes', storageclass: 'gp3' },
      [
        ['INVALID_OPTION', 'autoMode', 'yes'],
        ['INVALID_OPTION', 'storageclass', 'gp3'],
      ],
      /unknown option/,
    ],
    [
      'a storage class in capitals',
      { storageClass: 'GP3' },
      [['INVALID_OPTION', 'storageClass', 'GP3']],
      /DNS subdomain/,
    ],
    [
      'retainVolumes as a string',
      { retainVolumes: 'yes' },
      [['INVALID_OPTION', 'retainVolumes', 'yes']],
      /true or false/,
    ],
    [
      'retainVolumes on a class of your own',
      { storageClass: 'io2', retainVolumes: true },
      [['INVALID_OPTION', 'retainVolumes', true]],
      /retainVolumes applies to the gp3 class/,
    ],
    ['s3 as a string', { s3: 'yes' }, [['INVALID_OPTION', 's3', 'yes']], /options/],
    [
      'controlPlaneMetrics as a string',
      { controlPlaneMetrics: 'on' },
      [['INVALID_OPTION', 'controlPlaneMetrics', 'on']],
      /true or false/,
    ],
    [
      's3: true (the account and region are required)',
      { s3: true },
      [
        ['INVALID_OPTION', 's3.accountId', undefined],
        ['INVALID_OPTION', 's3.region', undefined],
        ['INVALID_OPTION', 's3.oidcProvider', undefined],
      ],
      /missing required option/,
    ],
    [
      'an account id with dashes',
      { s3: { ...s3, accountId: '1234-5678-9012' } },
      [['INVALID_OPTION', 's3.accountId', '1234-5678-9012']],
      /12 digits/,
    ],
    [
      'an account alias',
      { s3: { ...s3, accountId: 'acme-prod' } },
      [['INVALID_OPTION', 's3.accountId', 'acme-prod']],
      /account id/,
    ],
    [
      'an availability zone for a region',
      { s3: { ...s3, region: 'eu-west-1a' } },
      [['INVALID_OPTION', 's3.region', 'eu-west-1a']],
      /region/,
    ],
    [
      'an unknown identity',
      { s3: { ...s3, identity: 'keys' } },
      [['INVALID_OPTION', 's3.identity', 'keys']],
      /one of "irsa", "podIdentity"/,
    ],
    [
      'IRSA without the OIDC provider',
      { s3: { accountId: '123456789012', region: 'eu-west-1' } },
      [['INVALID_OPTION', 's3.oidcProvider', undefined]],
      /OIDC provider/,
    ],
    [
      'the OIDC issuer with its scheme',
      { s3: { ...s3, oidcProvider: `https://${OIDC}` } },
      [['INVALID_OPTION', 's3.oidcProvider', `https://${OIDC}`]],
      /without https/,
    ],
    [
      'Pod Identity without the cluster name',
      { s3: { ...s3, identity: 'podIdentity' } },
      [['INVALID_OPTION', 's3.clusterName', undefined]],
      /name the cluster/,
    ],
    [
      'a cluster name with dots',
      { s3: { ...s3, identity: 'podIdentity', clusterName: 'prod.eu' } },
      [['INVALID_OPTION', 's3.clusterName', 'prod.eu']],
      /cluster name/,
    ],
    [
      'access keys in the options',
      { s3: { ...s3, secretAccessKey: 'x' } },
      // A secret passed inline is never repeated in the problem.
      [['INVALID_OPTION', 's3.secretAccessKey', '[redacted]']],
      /unknown option/,
    ],
    [
      'vpcCni with an unknown field',
      { vpcCni: { warmIPTarget: 5 } },
      [['INVALID_OPTION', 'vpcCni.warmIPTarget', 5]],
      /unknown option/,
    ],
    [
      'minimumWarmIPs of 0',
      { vpcCni: { minimumWarmIPs: 0 } },
      [['INVALID_OPTION', 'vpcCni.minimumWarmIPs', 0]],
      /integer from 1/,
    ],
    ['Grafana as true', { grafana: true }, [['INVALID_OPTION', 'grafana', true]], /expected/],
    [
      'Grafana without its certificate and VPC range',
      { grafana: { host: 'grafana.acme.com' } },
      [
        ['INVALID_OPTION', 'grafana.certificateArn', undefined],
        ['INVALID_OPTION', 'grafana.vpcCidr', undefined],
      ],
      /missing required option/,
    ],
    [
      'an IAM server certificate for the ALB',
      {
        grafana: {
          host: 'grafana.acme.com',
          certificateArn: 'arn:aws:iam::123456789012:server-certificate/grafana',
          vpcCidr: '10.0.0.0/16',
        },
      },
      [['INVALID_OPTION', 'grafana.certificateArn', 'arn:aws:iam::123456789012:server-certificate/grafana']],
      /ACM certificate ARN/,
    ],
    [
      'an unknown ALB scheme',
      {
        grafana: {
          host: 'grafana.acme.com',
          certificateArn:
            'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
          vpcCidr: '10.0.0.0/16',
          scheme: 'public',
        },
      },
      [['INVALID_OPTION', 'grafana.scheme', 'public']],
      /"internal", "internet-facing"/,
    ],
    ['fargate as a string', { fargate: 'yes' }, [['INVALID_OPTION', 'fargate', 'yes']], /true or false/],
    [
      'three mistakes in three fields: all three',
      { storageClass: 'A', s3: { accountId: '1', region: 'eu-west-1', identity: 'podIdentity' } },
      [
        ['INVALID_OPTION', 'storageClass', 'A'],
        ['INVALID_OPTION', 's3.accountId', '1'],
        ['INVALID_OPTION', 's3.clusterName', undefined],
      ],
      /DNS subdomain/,
    ],
  ])('%s', (_, options, expected, message) => {
    const problems = problemsOf(options);
    expect(problems.map((p) => [p.code, p.path, p.value])).toEqual(expected);
    for (const problem of problems) {
      expect(problem.address).toBe('eks');
      expect(problem.hint.length).toBeGreaterThan(5);
    }
    expect(problems[0]!.message).toMatch(message);
  });

  test("the problems are the stack's: validateStack lists them with those of the other parts", () => {
    const problems = validateStack(
      createStack({}, [eks({ storageClass: 'A' }), eks({ s3: { ...s3, region: 'x' } })]),
    );
    expect(problems.map((p) => [p.address, p.path])).toEqual([
      ['eks', 'storageClass'],
      ['eks', 's3.region'],
    ]);
  });
});
