// The promtool cases of the VPC CNI alert (tests only): it fires when it should and stays silent
// when it should not. The series carry the labels the aws-node scrape target gives them
// (vpc-cni.ts): job from the Service's name label, instance the node.
import { type AlertCases, seriesWith } from '@mixstack/kit';

const node = (instance: string, pod: string) =>
  seriesWith(`job="aws-node", namespace="kube-system", pod="${pod}", instance="${instance}"`);
const a = node('ip-10-0-1-10.eu-west-1.compute.internal', 'aws-node-a');
const b = node('ip-10-0-2-20.eu-west-1.compute.internal', 'aws-node-b');

export const vpcCniAlertCases: AlertCases = {
  AwsVpcCniWarmIPsLow: [
    {
      name: 'a node with 4 free addresses for 15 minutes, another with 20',
      input: [
        a('awscni_total_ip_addresses', '30x20'),
        a('awscni_assigned_ip_addresses', '26x20'),
        b('awscni_total_ip_addresses', '30x20'),
        b('awscni_assigned_ip_addresses', '10x20'),
      ],
      at: '15m',
      fires: [
        {
          labels: { severity: 'critical', instance: 'ip-10-0-1-10.eu-west-1.compute.internal' },
          summary: 'A node is running out of free pod IP addresses.',
          description:
            'Node ip-10-0-1-10.eu-west-1.compute.internal has had 4 free IP addresses for pods (fewer than 10) for 10 minutes: the AWS VPC CNI may fail to give new pods an address.',
        },
      ],
    },
    {
      name: 'few free addresses for 5 minutes only (a burst of pods, then the CNI attaches an ENI)',
      input: [a('awscni_total_ip_addresses', '30x5 60x15'), a('awscni_assigned_ip_addresses', '26x20')],
      at: '15m',
      fires: [],
    },
    {
      name: 'exactly 10 free addresses: not fewer than 10',
      input: [a('awscni_total_ip_addresses', '30x20'), a('awscni_assigned_ip_addresses', '20x20')],
      at: '15m',
      fires: [],
    },
  ],
};
