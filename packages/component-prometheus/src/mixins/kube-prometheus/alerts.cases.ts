import { type AlertCases, seriesWith } from '@mixstack/kit';
import { CLUSTER, plain } from '../cases.js';

const nodeExporter = seriesWith(`cluster="${CLUSTER}", job="node-exporter"`);
const info = (alertname: string, namespace: string) =>
  plain(
    `ALERTS{alertname="${alertname}", alertstate="firing", severity="info", namespace="${namespace}"}`,
    '1x30',
  );

const inhibitor = (namespace: string, count: number) => ({
  labels: { severity: 'info', cluster: CLUSTER, namespace },
  summary: 'Info alerts fire in a namespace without any warning or critical alert.',
  description: `Namespace ${namespace} has ${count} firing info alert(s) and no warning or critical one: Alertmanager holds those info alerts back until something more severe fires there.`,
});

const up = (instance: string, values: string) =>
  plain(`up{job="api", namespace="apps", service="api", instance="${instance}"}`, values);

export const kubePrometheusAlertCases: AlertCases = {
  Watchdog: [
    {
      name: 'always fires, without any input',
      input: [],
      at: '1m',
      fires: [
        {
          labels: { severity: 'info' },
          summary: 'The alerting pipeline works: this alert always fires.',
          description:
            "Watchdog fires all the time. Route it to a dead man's switch outside the cluster (the alertmanager watchdogReceiver option): when its notifications stop, Prometheus, Alertmanager or the path between them is broken.",
        },
      ],
    },
  ],
  InfoInhibitor: [
    {
      name: 'two info alerts in a namespace without anything more severe',
      input: [info('KubeQuotaAlmostFull', 'apps'), info('CPUThrottlingHigh', 'apps')],
      at: '5m',
      fires: [inhibitor('apps', 2)],
    },
    {
      name: 'a warning in the same namespace lets the info alerts through; another namespace still inhibits',
      input: [
        info('CPUThrottlingHigh', 'apps'),
        plain(
          'ALERTS{alertname="KubePodCrashLooping", alertstate="firing", severity="warning", namespace="apps"}',
          '1x30',
        ),
        info('CPUThrottlingHigh', 'batch'),
      ],
      at: '5m',
      fires: [inhibitor('batch', 1)],
    },
    {
      name: 'Watchdog, pending info alerts and info alerts without a namespace do not count',
      input: [
        plain('ALERTS{alertname="Watchdog", alertstate="firing", severity="info"}', '1x30'),
        plain(
          'ALERTS{alertname="CPUThrottlingHigh", alertstate="pending", severity="info", namespace="apps"}',
          '1x30',
        ),
        plain('ALERTS{alertname="NodeCPUHighUsage", alertstate="firing", severity="info"}', '1x30'),
      ],
      at: '5m',
      fires: [],
    },
  ],
  TargetDown: [
    {
      name: 'one target of four down for 10 minutes',
      input: [up('a', '1x30'), up('b', '1x30'), up('c', '1x30'), up('d', '0x30')],
      at: '15m',
      fires: [
        {
          labels: { severity: 'warning', cluster: CLUSTER, job: 'api', namespace: 'apps', service: 'api' },
          summary: 'More than a tenth of the targets of a scrape job are down.',
          description: '25% of the api targets behind Service apps/api cannot be scraped.',
        },
      ],
    },
    {
      name: 'a target down for 5 minutes only',
      input: [up('a', '1x30'), up('b', '1x10 0x5 1x15')],
      at: '20m',
      fires: [],
    },
    {
      name: 'one target of twenty down: under the threshold',
      input: [up('down', '0x30'), ...Array.from({ length: 19 }, (_, i) => up(`ok-${i}`, '1x30'))],
      at: '20m',
      fires: [],
    },
  ],
  NodeNetworkInterfaceFlapping: [
    {
      name: 'eth0 goes up and down every 30 seconds',
      interval: '30s',
      input: [
        nodeExporter(
          'node_network_up{instance="node-1", device="eth0"}',
          '1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0',
        ),
      ],
      at: '8m',
      fires: [
        {
          labels: { severity: 'warning', cluster: CLUSTER, instance: 'node-1', device: 'eth0' },
          summary: 'A network interface of a node keeps going up and down.',
          description: 'Interface eth0 of node node-1 changed its up/down state 4 times within 2 minutes.',
        },
      ],
    },
    {
      name: 'a single link loss, and veth interfaces of pods coming and going',
      interval: '30s',
      input: [
        nodeExporter(
          'node_network_up{instance="node-1", device="eth0"}',
          '1 1 1 0 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1',
        ),
        nodeExporter(
          'node_network_up{instance="node-1", device="veth12ab"}',
          '1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0',
        ),
      ],
      at: '8m',
      fires: [],
    },
  ],
};
