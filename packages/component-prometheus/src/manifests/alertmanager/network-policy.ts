import type { CommonValues, Receiver } from '@mixstack/core';
import { clientIngress, type Egress, networkPeer, networkPolicy, tcpPorts } from '@mixstack/kit';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { AlertmanagerOptions } from '../../config/alertmanager.js';
import { type ComponentClients, scrapes } from '../network.js';
import {
  ALERTMANAGER_CLUSTER_PORT,
  ALERTMANAGER_WEB_PORT,
  alertmanagerObjectLabels,
  alertmanagerObjectName,
  alertmanagerSelector,
  RELOADER_WEB_PORT,
} from './labels.js';

const CLUSTER_PORTS = [
  { port: ALERTMANAGER_CLUSTER_PORT, protocol: 'TCP' as const },
  { port: ALERTMANAGER_CLUSTER_PORT, protocol: 'UDP' as const },
];

/** The integrations of each receiver that sends somewhere (`slack_configs`), by receiver name. */
function sendingReceivers(receivers: Readonly<Record<string, Receiver>>): string[] {
  return Object.keys(receivers)
    .sort()
    .flatMap((name) => {
      const integrations = Object.keys(receivers[name] ?? {})
        .filter((key) => key.endsWith('_configs'))
        .sort();
      return integrations.length > 0 ? [`${name} (${integrations.join(', ')})`] : [];
    });
}

/**
 * Where Alertmanager connects: its replicas (gossip on the cluster port) and, once a receiver
 * sends notifications, wherever receivers are (Slack, PagerDuty, webhooks: on the internet or
 * anywhere in the cluster, at addresses not known when the stack is rendered), which the
 * annotation names.
 */
function alertmanagerEgress(
  selector: Record<string, string>,
  receivers: Readonly<Record<string, Receiver>>,
): Egress {
  const sending = sendingReceivers(receivers);
  if (sending.length > 0)
    return {
      open: `its receivers send notifications to services outside the stack, at addresses not known when the stack is rendered: ${sending.join('; ')}`,
    };
  return {
    only: [
      {
        purpose: 'its replicas (gossip on the cluster port)',
        to: [{ podLabels: selector }],
        ports: CLUSTER_PORTS,
      },
    ],
  };
}

/**
 * The scraper on the web and reloader ports (it sends alerts to the web port too); the other
 * clients (Grafana) use the API; the replicas gossip with each other on the cluster port (TCP
 * and UDP).
 */
export function alertmanagerNetworkPolicy(
  values: AlertmanagerOptions,
  common: CommonValues,
  network: ComponentClients,
  receivers: Readonly<Record<string, Receiver>>,
): INetworkPolicy {
  const selector = alertmanagerSelector(values);
  return networkPolicy({
    name: alertmanagerObjectName(values),
    namespace: common.namespace,
    labels: alertmanagerObjectLabels(values),
    podLabels: selector,
    ingress: [
      ...clientIngress(
        network.clients,
        network.roles,
        (through) =>
          scrapes(through)
            ? tcpPorts(ALERTMANAGER_WEB_PORT, RELOADER_WEB_PORT)
            : tcpPorts(ALERTMANAGER_WEB_PORT),
        network.stackNamespace,
      ),
      {
        from: [networkPeer({ podLabels: selector }, common.namespace)],
        ports: CLUSTER_PORTS,
      },
    ],
    egress: alertmanagerEgress(selector, receivers),
  });
}
