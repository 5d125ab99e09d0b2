import { isPlainObject, MixstackError, options } from '@mixstack/core';

/** Package name: the `source` of everything this package adds. */
export const SOURCE = '@mixstack/platform-eks';

/** How this package adjusts the stack through core's contract functions: as the platform. */
export const PLATFORM = { source: SOURCE, layer: 'platform' } as const;

/**
 * The StorageClass `eks()` renders and uses when no `storageClass` is named: gp3 volumes of the
 * EBS CSI driver. Its own name, not `gp3`: many clusters already have a `gp3` class with other
 * parameters, and a StorageClass's parameters cannot be changed once created.
 */
export const GP3_STORAGE_CLASS = 'mixstack-gp3';

/** How pods of a component reach their S3 buckets (see the README, "S3"). */
export interface S3Options {
  /**
   * `irsa`: IAM roles for service accounts; the ServiceAccount gets the
   * `eks.amazonaws.com/role-arn` annotation and the role trusts the cluster's OIDC provider.
   * `podIdentity`: EKS Pod Identity; nothing is annotated, an association links the
   * ServiceAccount to the role (needs the `eks-pod-identity-agent` add-on; not on Fargate).
   * @default 'irsa'
   */
  identity: 'irsa' | 'podIdentity';
  /** The AWS account id (12 digits) the roles are created in. Required. */
  accountId: string;
  /** The region the buckets are created in (`eu-west-1`). Required. */
  region: string;
  /** The cluster's name, for `podIdentity` (the associations name it). @default undefined */
  clusterName?: string;
  /**
   * The cluster's OIDC issuer without `https://`, for `irsa`
   * (`aws eks describe-cluster --name <cluster> --query cluster.identity.oidc.issuer`).
   * @default undefined
   */
  oidcProvider?: string;
}

/** Grafana behind an Application Load Balancer of the AWS Load Balancer Controller. */
export interface GrafanaExposureOptions {
  /** The host name users open Grafana at (the certificate must cover it). Required. */
  host: string;
  /** The ACM certificate of the HTTPS listener (`arn:aws:acm:<region>:<account>:certificate/<id>`). Required. */
  certificateArn: string;
  /**
   * The VPC's CIDR block: with `target-type: ip` the ALB reaches the pods from its addresses in
   * the VPC, which Grafana's NetworkPolicy must admit. Required.
   */
  vpcCidr: string;
  /** `internal` (reachable in the VPC only) or `internet-facing`. @default 'internal' */
  scheme: 'internal' | 'internet-facing';
  /** Listen on HTTP too and redirect it to HTTPS. @default true */
  httpsRedirect: boolean;
}

/** The options of `eks()`, normalized. */
export interface EksOptions {
  /**
   * StorageClass of every PersistentVolumeClaim that does not name its own. Unset: `eks()`
   * renders `mixstack-gp3` (gp3 on the EBS CSI driver, encrypted) and uses it; EKS 1.30 and
   * later has no default class.
   * @default undefined (mixstack-gp3, rendered)
   */
  storageClass?: string;
  /**
   * The rendered gp3 class keeps volumes when their claim is deleted (`reclaimPolicy: Retain`;
   * it is then named `mixstack-gp3-retain`). Only with the rendered class.
   * @default false
   */
  retainVolumes: boolean;
  /** `true` or the options: S3 buckets for the buckets components declare, with IAM roles; `false` to leave buckets to you. @default false */
  s3: S3Options | false;
  /** The AWS VPC CNI's metrics (aws-node, port 61678) and its warm-IP alert; `false` for another CNI. @default { minimumWarmIPs: 10 } */
  vpcCni: VpcCniOptions | false;
  /** Expose Grafana through the AWS Load Balancer Controller (an ALB). @default false */
  grafana: GrafanaExposureOptions | false;
  /**
   * The stack's pods run on EKS Fargate: node-exporter and Alloy (DaemonSets reading the host)
   * are left out with a notice saying what is lost, no StorageClass is rendered, and the
   * `eks-fargate` safety check refuses whatever still needs a DaemonSet, host access or an EBS
   * volume (Prometheus's and Alertmanager's claims among them: run those on EC2 nodes).
   * @default false
   */
  fargate: boolean;
  /**
   * Scrape kube-scheduler and kube-controller-manager through the metrics API EKS 1.28 and later
   * serve on the API server (`/apis/metrics.eks.amazonaws.com/v1/{ksh,kcm}/container/metrics`),
   * with the RBAC rule it needs: their alerts, recording rules and dashboards come back. Clusters
   * created before the feature need platform version 1.28 eks.27, 1.29 eks.21, 1.30 eks.18 or
   * 1.31 eks.10 or later; etcd stays out of reach.
   * @default false
   */
  controlPlaneMetrics: boolean;
}

/** The AWS VPC CNI (the aws-node DaemonSet EKS installs). */
export interface VpcCniOptions {
  /**
   * `AwsVpcCniWarmIPsLow` fires when a node has fewer free pod IP addresses than this for 10
   * minutes. Keep it at or below the CNI's `WARM_IP_TARGET`.
   * @default 10
   */
  minimumWarmIPs: number;
}

export type EksInput = {
  storageClass?: string;
  retainVolumes?: boolean;
  s3?: false | ({ accountId: string; region: string } & Partial<Omit<S3Options, 'accountId' | 'region'>>);
  vpcCni?: boolean | Partial<VpcCniOptions>;
  fargate?: boolean;
  controlPlaneMetrics?: boolean;
  grafana?:
    | false
    | ({ host: string; certificateArn: string; vpcCidr: string } & Partial<
        Omit<GrafanaExposureOptions, 'host' | 'certificateArn' | 'vpcCidr'>
      >);
};

// https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html: 12 digits.
const ACCOUNT_ID = /^[0-9]{12}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$/;
// EKS cluster names: 1-100 characters, a letter or digit first, then letters, digits, "-" and "_".
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;
// The issuer EKS gives each cluster, without its scheme (its id: 32 hex digits in capitals; the
// AWS documentation's example id, EXAMPLED539D4633E53DE1B71EXAMPLE, passes too).
const OIDC_PROVIDER = /^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/id\/[0-9A-Z]{32}$/;

// What an ALB listener accepts as a host rule, here without wildcards (one Grafana).
const HOST = /^(([a-z0-9]+|[a-z0-9][-a-z0-9]*[a-z0-9])\.)+[a-z][-a-z0-9]*[a-z0-9]$/;
// https://docs.aws.amazon.com/acm/latest/userguide/authen-overview.html#ACM-resources-operations: a certificate's ARN.
const CERTIFICATE_ARN =
  /^arn:aws(-cn|-us-gov)?:acm:[a-z]{2}(-gov)?-[a-z]+-[0-9]:[0-9]{12}:certificate\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CIDR =
  /^((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\/([0-9]|[12][0-9]|3[0-2])$/;

/** `false`, or the object (whose own errors are reported as they are): `true` has no meaning without a host. */
function falseOr<T>(schema: options.Schema<T>): options.Schema<T | false> {
  return {
    expected: `false or ${schema.expected}`,
    parse: (value, at) => (value === false ? false : schema.parse(value, at)),
  };
}

const grafanaSchema = options.object(
  {
    host: options.required(
      options.string({
        pattern: HOST,
        maxLength: 253,
        expected: 'a host name such as "grafana.example.com" (lower case, no wildcard)',
      }),
    ),
    certificateArn: options.required(
      options.string({
        pattern: CERTIFICATE_ARN,
        expected:
          'an ACM certificate ARN such as "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"',
        hint: "aws acm list-certificates --region <region> lists them; the certificate must be in the cluster's region",
      }),
    ),
    vpcCidr: options.required(
      options.string({
        pattern: CIDR,
        expected: 'the VPC\'s IPv4 CIDR block such as "10.0.0.0/16"',
        hint: 'aws eks describe-cluster --name <cluster> --query cluster.resourcesVpcConfig.vpcId, then aws ec2 describe-vpcs --vpc-ids <id> --query Vpcs[0].CidrBlock',
      }),
    ),
    scheme: options.oneOf(['internal', 'internet-facing'] as const),
    httpsRedirect: options.boolean(),
  },
  'Grafana exposure options { host, certificateArn, vpcCidr, scheme?, httpsRedirect? }',
);

const s3Schema = options.object(
  {
    identity: options.oneOf(['irsa', 'podIdentity'] as const),
    accountId: options.required(
      options.string({
        pattern: ACCOUNT_ID,
        expected: 'an AWS account id such as "123456789012" (12 digits)',
      }),
    ),
    region: options.required(
      options.string({ pattern: REGION, expected: 'an AWS region such as "eu-west-1"' }),
    ),
    clusterName: options.string({
      pattern: CLUSTER_NAME,
      expected: 'an EKS cluster name such as "prod-eu" (letters, digits, "-" and "_")',
    }),
    oidcProvider: options.string({
      pattern: OIDC_PROVIDER,
      expected:
        'the OIDC issuer without https:// such as "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"',
      hint: 'aws eks describe-cluster --name <cluster> --query cluster.identity.oidc.issuer --output text prints it (drop https://)',
    }),
  },
  'S3 options { accountId, region, identity?, clusterName?, oidcProvider? }',
);

const eksOptionsSchema = options.object({
  storageClass: options.storageClassName(),
  retainVolumes: options.boolean(),
  s3: options.orFalse(s3Schema),
  vpcCni: options.orFalse(
    options.object(
      { minimumWarmIPs: options.integer({ min: 1, max: 250 }) },
      'VPC CNI options { minimumWarmIPs? }',
    ),
  ),
  grafana: falseOr(grafanaSchema),
  fargate: options.boolean(),
  controlPlaneMetrics: options.boolean(),
});

/**
 * Validates and normalizes `eks()`'s options. Throws one MixstackError carrying every problem
 * of the options (`others`), which `eks()` records in the stack instead of letting it escape.
 */
export function parseEksOptions(input: unknown): EksOptions {
  const result = options.parseOptionsCollecting(eksOptionsSchema, input ?? {}, 'eks');
  const problems = [...result.problems];
  const parsed = (result.value ?? {}) as {
    storageClass?: string;
    retainVolumes?: boolean;
    s3?: Partial<S3Options> | false;
    vpcCni?: Partial<VpcCniOptions> | false;
    fargate?: boolean;
    controlPlaneMetrics?: boolean;
    grafana?:
      | false
      | ({ host: string; certificateArn: string; vpcCidr: string } & Partial<GrafanaExposureOptions>);
  };
  if (parsed.retainVolumes && parsed.storageClass !== undefined) {
    problems.push(
      new MixstackError({
        code: 'INVALID_OPTION',
        message: `retainVolumes applies to the gp3 class eks() renders; storageClass names your own ("${parsed.storageClass}")`,
        address: 'eks',
        path: 'retainVolumes',
        value: true,
        hint: 'set reclaimPolicy: Retain on your own StorageClass, or leave storageClass unset',
      }),
    );
  }
  const s3 =
    parsed.s3 === undefined || parsed.s3 === false ? false : { identity: 'irsa' as const, ...parsed.s3 };
  const given = (field: string) => isPlainObject(input) && isPlainObject(input.s3) && field in input.s3;
  if (s3 && s3.identity === 'irsa' && !s3.oidcProvider && !given('oidcProvider')) {
    problems.push(
      new MixstackError({
        code: 'INVALID_OPTION',
        message: "IRSA roles trust the cluster's OIDC provider, and none is given",
        address: 'eks',
        path: 's3.oidcProvider',
        hint: "pass oidcProvider (aws eks describe-cluster --name <cluster> --query cluster.identity.oidc.issuer --output text, without https://), or use identity: 'podIdentity'",
      }),
    );
  }
  if (s3 && s3.identity === 'podIdentity' && !s3.clusterName && !given('clusterName')) {
    problems.push(
      new MixstackError({
        code: 'INVALID_OPTION',
        message: 'Pod Identity associations name the cluster, and none is given',
        address: 'eks',
        path: 's3.clusterName',
        hint: "pass clusterName (aws eks list-clusters prints them), or use identity: 'irsa'",
      }),
    );
  }
  if (parsed.fargate && s3 && s3.identity === 'podIdentity') {
    problems.push(
      new MixstackError({
        code: 'INVALID_OPTION',
        message: 'EKS Pod Identity does not work on Fargate (its agent is a DaemonSet on the host network)',
        address: 'eks',
        path: 's3.identity',
        value: 'podIdentity',
        hint: "use identity: 'irsa' on Fargate",
      }),
    );
  }
  if (parsed.fargate && (parsed.retainVolumes || parsed.storageClass !== undefined)) {
    problems.push(
      new MixstackError({
        code: 'INVALID_OPTION',
        message: 'EKS Fargate mounts no EBS volume: a StorageClass has no use there',
        address: 'eks',
        path: parsed.storageClass !== undefined ? 'storageClass' : 'retainVolumes',
        value: parsed.storageClass ?? true,
        hint: 'leave storageClass and retainVolumes out with fargate: true, or run the stack on EC2 nodes',
      }),
    );
  }
  const [first, ...others] = problems;
  if (first) throw others.length > 0 ? first.withOthers(others) : first;
  return {
    ...(parsed.storageClass !== undefined ? { storageClass: parsed.storageClass } : {}),
    retainVolumes: parsed.retainVolumes ?? false,
    s3: s3 as S3Options | false,
    vpcCni: parsed.vpcCni === false ? false : { minimumWarmIPs: 10, ...parsed.vpcCni },
    fargate: parsed.fargate ?? false,
    controlPlaneMetrics: parsed.controlPlaneMetrics ?? false,
    grafana: parsed.grafana ? { scheme: 'internal', httpsRedirect: true, ...parsed.grafana } : false,
  };
}
