import type { CommonValues } from '@mixstack/core';
import { clientIngress, networkPolicy, tcpPorts } from '@mixstack/kit';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { PrometheusServerOptions } from '../../config/prometheus-server.js';
import { type ComponentClients, scrapes } from '../network.js';
import {
  PROMETHEUS_WEB_PORT,
  prometheusObjectLabels,
  prometheusObjectName,
  prometheusSelector,
  RELOADER_WEB_PORT,
} from './labels.js';

/** Why Prometheus's egress stays open, in its policy's `mixstack.dev/egress` annotation. */
export const PROMETHEUS_EGRESS_REASON =
  'Prometheus scrapes targets in every namespace and on every node (kubelets and exporters on the host network, the API server) and sends to the Alertmanagers and remote-write endpoints it is given; none of their addresses are known when the stack is rendered';

/**
 * The scraper (the replicas scrape each other) on the web and reloader ports; the other
 * clients (Grafana, the user's) query the web port. Egress stays open: see the reason.
 */
export function prometheusNetworkPolicy(
  values: PrometheusServerOptions,
  common: CommonValues,
  network: ComponentClients,
): INetworkPolicy {
  return networkPolicy({
    name: prometheusObjectName(values),
    namespace: common.namespace,
    labels: prometheusObjectLabels(values),
    podLabels: prometheusSelector(values),
    ingress: clientIngress(
      network.clients,
      network.roles,
      (through) =>
        scrapes(through) ? tcpPorts(PROMETHEUS_WEB_PORT, RELOADER_WEB_PORT) : tcpPorts(PROMETHEUS_WEB_PORT),
      network.stackNamespace,
    ),
    egress: { open: PROMETHEUS_EGRESS_REASON },
  });
}
