// The golden scenarios (not exported by index.ts).

import { createStack, type Stack } from '@mixstack/core';
import { grafana, prometheus } from 'mixstack';
import { eks } from './index.js';
import { archiver } from './test-helpers.js';

const ACCOUNT = '123456789012';
const OIDC = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const CERTIFICATE = 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
const buckets = () =>
  archiver({ buckets: { chunks: 'acme-prod-archive-chunks', index: 'acme-prod-archive-index' } });

export const SCENARIOS: Record<string, () => Stack> = {
  /** eks() with no option: managed control plane, the gp3 class, the VPC CNI. */
  default: () =>
    createStack({ namespace: 'monitoring', cluster: 'prod-eu' }, [prometheus(), grafana(), eks()]),
  /** The managed scheduler and controller manager scraped through EKS's metrics API. */
  controlPlaneMetrics: () =>
    createStack({ namespace: 'monitoring', cluster: 'prod-eu' }, [
      prometheus(),
      grafana(),
      eks({ controlPlaneMetrics: true }),
    ]),
  /** S3 through IRSA for a synthetic bucket user (two buckets), volumes retained. */
  irsa: () =>
    createStack({ namespace: 'monitoring', cluster: 'prod-eu' }, [
      prometheus(),
      buckets(),
      eks({ retainVolumes: true, s3: { accountId: ACCOUNT, region: 'eu-west-1', oidcProvider: OIDC } }),
    ]),
  /** S3 through EKS Pod Identity, in us-east-1. */
  podIdentity: () =>
    createStack({ namespace: 'monitoring', cluster: 'prod-us' }, [
      prometheus(),
      buckets(),
      eks({
        s3: { accountId: ACCOUNT, region: 'us-east-1', identity: 'podIdentity', clusterName: 'prod-us' },
      }),
    ]),
  /** Fargate: no node agents, no EBS (so no Prometheus here: its claims are refused), IRSA. */
  fargate: () =>
    createStack({ namespace: 'monitoring', cluster: 'serverless' }, [
      grafana(),
      buckets(),
      eks({ fargate: true, s3: { accountId: ACCOUNT, region: 'eu-west-1', oidcProvider: OIDC } }),
    ]),
  /** Grafana behind an internet-facing ALB. */
  grafanaAlb: () =>
    createStack({ namespace: 'monitoring', cluster: 'prod-eu' }, [
      prometheus(),
      grafana(),
      eks({
        grafana: {
          host: 'grafana.acme.com',
          certificateArn: CERTIFICATE,
          vpcCidr: '10.0.0.0/16',
          scheme: 'internet-facing',
        },
      }),
    ]),
};
