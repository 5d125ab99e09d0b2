import type { Mixin, ScrapeTarget } from '@mixstack/core';
import { alert, alertGroup } from '@mixstack/kit';
import type { IService } from 'kubernetes-models/v1/Service';

/** The mixin of this package: the AWS VPC CNI's alert (kube-prometheus's `aws-vpc-cni` addon). */
export const VPC_CNI_MIXIN = 'aws-vpc-cni';

/** The job of the aws-node (VPC CNI) targets: the `app.kubernetes.io/name` of its Service. */
export const VPC_CNI_JOB = 'aws-node';

/** The port of the CNI's metrics on every node (aws-node runs on the host network). */
export const VPC_CNI_METRICS_PORT = 61678;

const LABELS = { 'app.kubernetes.io/name': VPC_CNI_JOB };

/**
 * A headless Service in kube-system in front of the aws-node pods' metrics port, as
 * kube-prometheus renders it: EKS's aws-node DaemonSet comes with none.
 */
export function vpcCniService(): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: VPC_CNI_JOB,
      namespace: 'kube-system',
      labels: { ...LABELS, 'app.kubernetes.io/part-of': 'mixstack' },
    },
    spec: {
      clusterIP: 'None',
      selector: LABELS,
      ports: [{ name: 'cni-metrics-port', port: VPC_CNI_METRICS_PORT, targetPort: VPC_CNI_METRICS_PORT }],
    },
  };
}

/** What Prometheus scrapes: that Service's endpoints every 30s, `instance` being the node. */
export function vpcCniScrapeTarget(): ScrapeTarget {
  return {
    namespace: 'kube-system',
    selector: LABELS,
    jobLabel: 'app.kubernetes.io/name',
    endpoints: [
      {
        port: 'cni-metrics-port',
        path: '/metrics',
        interval: '30s',
        relabelings: [
          { action: 'replace', sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'instance' },
        ],
      },
    ],
  };
}

/**
 * kube-prometheus's `AwsVpcCniWarmIPsLow`: a node whose free (warm) IP addresses fall under
 * `minimumWarmIPs` soon cannot start pods. Keep `minimumWarmIPs` at or below the CNI's
 * `WARM_IP_TARGET`, or the alert fires on every node at rest.
 */
export function vpcCniMixin(minimumWarmIPs: number): Mixin {
  return {
    title: 'AWS VPC CNI',
    prometheusAlerts: {
      groups: [
        alertGroup('aws-vpc-cni', [
          alert({
            alert: 'AwsVpcCniWarmIPsLow',
            severity: 'critical',
            expr: `sum by (instance) (awscni_total_ip_addresses{job="${VPC_CNI_JOB}"}) - sum by (instance) (awscni_assigned_ip_addresses{job="${VPC_CNI_JOB}"}) < ${minimumWarmIPs}`,
            for: '10m',
            summary: 'A node is running out of free pod IP addresses.',
            description: `Node {{ $labels.instance }} has had {{ $value }} free IP addresses for pods (fewer than ${minimumWarmIPs}) for 10 minutes: the AWS VPC CNI may fail to give new pods an address.`,
          }),
        ]),
      ],
    },
  };
}
