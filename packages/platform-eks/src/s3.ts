import {
  annotateBucketServiceAccounts,
  type BucketClaim,
  contentHash,
  isStack,
  type KubeObject,
  MixstackError,
  type RenderResult,
  type Report,
  render,
  type Stack,
  type StackView,
  type Values,
} from '@mixstack/core';
import type { EksOptions, S3Options } from './config.js';

/** IRSA: the annotation amazon-eks-pod-identity-webhook reads; the role the ServiceAccount's pods assume. */
export const ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/role-arn';

/** The name of the inline policy each role gets. */
export const POLICY_NAME = 'mixstack-s3';

/** The object actions each access level gets on `arn:aws:s3:::<bucket>/*` (least privilege; `s3:ListBucket` on the bucket besides). */
export const OBJECT_ACTIONS: Readonly<Record<BucketClaim['access'], readonly string[]>> = {
  readWrite: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
  read: ['s3:GetObject'],
};

/** An IAM policy document (the subset this package writes). */
export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: {
    Sid?: string;
    Effect: 'Allow';
    Principal?: Record<string, string>;
    Action: string | string[];
    Resource?: string[];
    Condition?: Record<string, Record<string, string>>;
  }[];
}

/** One Kubernetes ServiceAccount that needs buckets: its IAM role and what the role may do. */
export interface RoleGrant {
  namespace: string;
  serviceAccount: string;
  roleName: string;
  roleArn: string;
  /** Who may assume the role: the ServiceAccount through the OIDC provider (IRSA), or EKS Pod Identity. */
  trustPolicy: PolicyDocument;
  /** The role's inline policy (`mixstack-s3`): its buckets, least privilege. */
  policy: PolicyDocument;
  buckets: { bucket: string; access: BucketClaim['access']; component: string }[];
}

export interface S3Plan {
  identity: S3Options['identity'];
  accountId: string;
  region: string;
  clusterName?: string;
  buckets: string[];
  roles: RoleGrant[];
}

// https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html (general purpose buckets).
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d+\.\d+\.\d+\.\d+$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** The ARN partition of a region: `aws-cn` in China, `aws-us-gov` in GovCloud, else `aws`. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/**
 * The IAM role name for a Kubernetes ServiceAccount: `mixstack-<namespace>-<name>`, made to fit
 * IAM's 64 characters (a hash keeps long ones distinct).
 */
export function roleName(namespace: string, name: string): string {
  const base = `mixstack-${namespace}-${name}`;
  return base.length <= 64
    ? base
    : `${base.slice(0, 55).replace(/-+$/, '')}-${contentHash(base).slice(0, 8)}`;
}

interface CheckedClaim extends BucketClaim {
  component: string;
  name: string;
  namespace: string;
}

function checkClaim(
  component: string,
  id: string,
  claim: BucketClaim,
  defaultNamespace: string,
): CheckedClaim | MixstackError {
  const invalid = (path: string, value: unknown, expected: string) =>
    new MixstackError({
      code: 'INVALID_OPTION',
      message: `the bucket "${id}" that ${component} declares has an invalid ${path}`,
      address: component,
      path: `buckets.${id}.${path}`,
      value,
      hint: `the component must declare ${expected}`,
    });
  const { bucket, access } = claim;
  const name = claim.serviceAccount?.name;
  const namespace = claim.serviceAccount?.namespace ?? defaultNamespace;
  if (typeof bucket !== 'string' || !BUCKET.test(bucket) || bucket.includes('..') || IP_ADDRESS.test(bucket))
    return invalid('bucket', bucket, 'an S3 bucket name (3-63 lower-case letters, digits, "-" and ".")');
  if (typeof name !== 'string' || !DNS_LABEL.test(name))
    return invalid('serviceAccount.name', name, 'the name of the ServiceAccount its pods run as');
  if (typeof namespace !== 'string' || !DNS_LABEL.test(namespace))
    return invalid('serviceAccount.namespace', namespace, 'a namespace name');
  if (access !== 'readWrite' && access !== 'read')
    return invalid('access', access, 'access: "readWrite" or "read"');
  return { ...claim, component, name, namespace };
}

/** The buckets the running components declare (core's object-storage contract); invalid claims are reported and left out. */
function checkedClaims(view: StackView, defaultNamespace: string, report: Report): CheckedClaim[] {
  const claims: CheckedClaim[] = [];
  for (const component of Object.keys(view.components).sort()) {
    // A component turned off renders nothing: it needs no access.
    if (!view.has(component)) continue;
    const buckets = view.components[component]!.buckets;
    for (const id of Object.keys(buckets).sort()) {
      const checked = checkClaim(component, id, buckets[id]!, defaultNamespace);
      if (checked instanceof MixstackError) report(checked);
      else claims.push(checked);
    }
  }
  return claims;
}

function trustPolicy(s3: S3Options, namespace: string, serviceAccount: string): PolicyDocument {
  if (s3.identity === 'podIdentity')
    return {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
        },
      ],
    };
  const provider = s3.oidcProvider!;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: {
          Federated: `arn:${partitionOf(s3.region)}:iam::${s3.accountId}:oidc-provider/${provider}`,
        },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${provider}:aud`]: 'sts.amazonaws.com',
            [`${provider}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
          },
        },
      },
    ],
  };
}

function bucketPolicy(partition: string, buckets: RoleGrant['buckets']): PolicyDocument {
  const arn = (bucket: string) => `arn:${partition}:s3:::${bucket}`;
  const names = (access: BucketClaim['access']) =>
    [...new Set(buckets.filter((b) => b.access === access).map((b) => b.bucket))].sort();
  // A bucket claimed both ways is read-write: read would only repeat s3:GetObject.
  const readWrite = names('readWrite');
  const read = names('read').filter((b) => !readWrite.includes(b));
  const statements: PolicyDocument['Statement'] = [
    {
      Sid: 'ListBuckets',
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: [...new Set([...readWrite, ...read])].sort().map(arn),
    },
  ];
  if (readWrite.length > 0)
    statements.push({
      Sid: 'ReadWriteObjects',
      Effect: 'Allow',
      Action: [...OBJECT_ACTIONS.readWrite],
      Resource: readWrite.map((b) => `${arn(b)}/*`),
    });
  if (read.length > 0)
    statements.push({
      Sid: 'ReadObjects',
      Effect: 'Allow',
      Action: [...OBJECT_ACTIONS.read],
      Resource: read.map((b) => `${arn(b)}/*`),
    });
  return { Version: '2012-10-17', Statement: statements };
}

const ignore: Report = () => {};

/**
 * Who gets which bucket: the buckets the components of the stack declare (`view.components[*]
 * .buckets`, core's object-storage contract) and the S3 options. Pure; the same plan feeds the
 * annotations and the aws commands. Invalid claims are reported to `report` and left out.
 */
export function s3Plan(view: StackView, namespace: string, s3: S3Options, report: Report = ignore): S3Plan {
  const partition = partitionOf(s3.region);
  const byAccount = new Map<string, CheckedClaim[]>();
  for (const claim of checkedClaims(view, namespace, report)) {
    const key = `${claim.namespace}/${claim.name}`;
    byAccount.set(key, [...(byAccount.get(key) ?? []), claim]);
  }
  const roles = [...byAccount.keys()].sort().map((key): RoleGrant => {
    const claims = byAccount.get(key)!;
    const { namespace: ns, name } = claims[0]!;
    const role = roleName(ns, name);
    const buckets = claims.map((c) => ({ bucket: c.bucket, access: c.access, component: c.component }));
    return {
      namespace: ns,
      serviceAccount: name,
      roleName: role,
      roleArn: `arn:${partition}:iam::${s3.accountId}:role/${role}`,
      trustPolicy: trustPolicy(s3, ns, name),
      policy: bucketPolicy(partition, buckets),
      buckets,
    };
  });
  return {
    identity: s3.identity,
    accountId: s3.accountId,
    region: s3.region,
    ...(s3.clusterName ? { clusterName: s3.clusterName } : {}),
    buckets: [...new Set(roles.flatMap((r) => r.buckets.map((b) => b.bucket)))].sort(),
    roles,
  };
}

/** The aws commands that create the buckets, the roles and their policies (and the Pod Identity associations) of a plan, in the order to run them. */
export function planCommands(plan: S3Plan): string[] {
  if (plan.buckets.length === 0) return [];
  const region = `--region ${plan.region}`;
  const lines = [
    plan.identity === 'irsa'
      ? "# IRSA: the cluster's OIDC provider must be registered in IAM once (eksctl utils associate-iam-oidc-provider --cluster <cluster> --approve)."
      : `# Pod Identity: the cluster needs the eks-pod-identity-agent add-on (aws eks create-addon --cluster-name ${plan.clusterName} --addon-name eks-pod-identity-agent ${region}).`,
    ...plan.buckets.map(
      (bucket) =>
        // us-east-1 takes no LocationConstraint (S3 rejects one naming it).
        `aws s3api create-bucket --bucket ${bucket} ${region}${plan.region === 'us-east-1' ? '' : ` --create-bucket-configuration LocationConstraint=${plan.region}`}`,
    ),
  ];
  for (const role of plan.roles) {
    lines.push(
      `aws iam create-role --role-name ${role.roleName} --description "mixstack ${role.namespace}/${role.serviceAccount}" --assume-role-policy-document '${JSON.stringify(role.trustPolicy)}'`,
      `aws iam put-role-policy --role-name ${role.roleName} --policy-name ${POLICY_NAME} --policy-document '${JSON.stringify(role.policy)}'`,
    );
    if (plan.identity === 'podIdentity')
      lines.push(
        `aws eks create-pod-identity-association --cluster-name ${plan.clusterName} --namespace ${role.namespace} --service-account ${role.serviceAccount} --role-arn ${role.roleArn} ${region}`,
      );
  }
  return lines;
}

/** The normalized eks() options a stack carries (under `values.eks`), or undefined without eks(). */
export function eksOptionsOf(values: Values): EksOptions | undefined {
  return values.eks as EksOptions | undefined;
}

/**
 * The aws commands a stack needs for its buckets: create each bucket in S3, an IAM role per
 * Kubernetes ServiceAccount of the components that declared them (trusting IRSA or EKS Pod
 * Identity) with a least-privilege inline policy, and the Pod Identity associations — no access
 * keys. Empty when no component declares a bucket or `s3` is off. Pass the stack (it is
 * rendered; a stack with problems throws them) or the result of `render(stack)`.
 */
export function awsCommands(stack: Stack | RenderResult): string[] {
  const result = isStack(stack) ? render(stack) : stack;
  const options = eksOptionsOf(result.values);
  if (!options?.s3) return [];
  return planCommands(s3Plan(result.stack, result.values.common.namespace, options.s3));
}

/**
 * Annotates the ServiceAccounts of a plan (IRSA; Pod Identity binds them outside the cluster) and
 * checks that every one of them is rendered (core's `annotateBucketServiceAccounts`).
 */
export function annotateServiceAccounts(
  objects: Readonly<Record<string, KubeObject>>,
  plan: S3Plan,
  report: Report,
): Record<string, KubeObject> {
  const grants = plan.roles.map((role) => ({
    namespace: role.namespace,
    serviceAccount: role.serviceAccount,
    components: role.buckets.map((b) => b.component),
    ...(plan.identity === 'irsa' ? { annotation: { key: ROLE_ARN_ANNOTATION, value: role.roleArn } } : {}),
  }));
  return annotateBucketServiceAccounts(objects, grants, 'eks/s3', report);
}
