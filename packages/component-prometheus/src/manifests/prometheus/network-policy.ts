import type { CommonValues } from '@mixstack/core';
import { clientPeers, networkPolicy, tcpPorts } from '@mixstack/kit';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { PrometheusServerOptions } from '../../config/prometheus-server.js';
import { prometheusPeer } from '../prometheus-peer.js';
import {
  PROMETHEUS_WEB_PORT,
  prometheusObjectLabels,
  prometheusObjectName,
  prometheusSelector,
  RELOADER_WEB_PORT,
} from './labels.js';

/**
 * Prometheus replicas scrape each other (web and reloader ports); the configured clients
 * (Grafana by default) query the web port.
 */
export function prometheusNetworkPolicy(
  values: PrometheusServerOptions,
  common: CommonValues,
): INetworkPolicy {
  const clients = clientPeers(values.networkPolicy.clients);
  return networkPolicy({
    name: prometheusObjectName(values),
    namespace: common.namespace,
    labels: prometheusObjectLabels(values),
    podLabels: prometheusSelector(values),
    ingress: [
      {
        from: [prometheusPeer(common.namespace, common.namespace)],
        ports: tcpPorts(PROMETHEUS_WEB_PORT, RELOADER_WEB_PORT),
      },
      ...(clients.length > 0 ? [{ from: clients, ports: tcpPorts(PROMETHEUS_WEB_PORT) }] : []),
    ],
  });
}
