import type { CommonValues } from '@mixstack/core';
import { clientPeers, networkPolicy, tcpPorts } from '@mixstack/kit';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { AlertmanagerOptions } from '../../config/alertmanager.js';
import { prometheusPeer } from '../prometheus-peer.js';
import {
  ALERTMANAGER_CLUSTER_PORT,
  ALERTMANAGER_WEB_PORT,
  alertmanagerObjectLabels,
  alertmanagerObjectName,
  alertmanagerSelector,
  RELOADER_WEB_PORT,
} from './labels.js';

/**
 * Prometheus sends alerts to the web port and scrapes both ports; the replicas gossip with each
 * other on the cluster port (TCP and UDP); the configured clients (Grafana) use the API.
 */
export function alertmanagerNetworkPolicy(values: AlertmanagerOptions, common: CommonValues): INetworkPolicy {
  const clients = clientPeers(values.networkPolicy.clients);
  const selector = alertmanagerSelector(values);
  return networkPolicy({
    name: alertmanagerObjectName(values),
    namespace: common.namespace,
    labels: alertmanagerObjectLabels(values),
    podLabels: selector,
    ingress: [
      {
        from: [prometheusPeer(common.namespace, common.namespace)],
        ports: tcpPorts(ALERTMANAGER_WEB_PORT, RELOADER_WEB_PORT),
      },
      {
        from: [{ podSelector: { matchLabels: selector } }],
        ports: [
          { port: ALERTMANAGER_CLUSTER_PORT, protocol: 'TCP' },
          { port: ALERTMANAGER_CLUSTER_PORT, protocol: 'UDP' },
        ],
      },
      ...(clients.length > 0 ? [{ from: clients, ports: tcpPorts(ALERTMANAGER_WEB_PORT) }] : []),
    ],
  });
}
