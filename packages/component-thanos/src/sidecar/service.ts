import type { BuildContext, BuiltObjects, Component, ScrapeTarget, StackView, Values } from '@mixstack/core';
import { type ComponentLabels, objectLabels, selectorLabels } from '@mixstack/kit';
import type { IService } from 'kubernetes-models/v1/Service';
import { PROMETHEUS, SIDECAR_GRPC_PORT, SIDECAR_HTTP_PORT, SIDECAR_SERVICE, SOURCE } from './names.js';
import { sidecarInPrometheus, thanosValues } from './settings.js';

/** The component of the sidecar's Service: `thanosSidecar/service`, `thanosSidecar-service.yaml`. */
export const SIDECAR_COMPONENT = 'thanosSidecar';

/**
 * The Service's labels, as kube-prometheus labels its `prometheus-k8s-thanos-sidecar` Service:
 * Prometheus' pods, the `thanos-sidecar` component. Neither Prometheus' own monitor (component
 * `prometheus`) nor Thanos' (name `thanos`) selects it.
 */
export const sidecarServiceLabels = (thanosImage: string): ComponentLabels => ({
  name: 'prometheus',
  component: SIDECAR_SERVICE,
  image: thanosImage,
});

/**
 * The pods of the stack's Prometheus, as its `web` Service contract publishes them: the
 * operator's pods carry these labels (`spec.podMetadata`).
 */
export function prometheusPodLabels(view: StackView): Readonly<Record<string, string>> | undefined {
  return view.components[PROMETHEUS]?.services.web?.podLabels;
}

/**
 * A headless Service over every Prometheus pod, on the sidecar's ports: Query resolves
 * `dnssrv+_grpc._tcp.thanos-sidecar.<namespace>.svc` to one address per replica (a ClusterIP
 * would hide all but one behind it), and the scraper reads each sidecar's `/metrics` under the
 * job `thanos-sidecar`. The target ports are the names the operator gives the container's ports.
 */
export function sidecarService(
  namespace: string,
  thanosImage: string,
  podLabels: Readonly<Record<string, string>>,
): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: SIDECAR_SERVICE, namespace, labels: objectLabels(sidecarServiceLabels(thanosImage)) },
    spec: {
      clusterIP: 'None',
      selector: { ...podLabels },
      ports: [
        { name: 'grpc', port: SIDECAR_GRPC_PORT, targetPort: 'grpc', protocol: 'TCP', appProtocol: 'grpc' },
        { name: 'http', port: SIDECAR_HTTP_PORT, targetPort: 'http', protocol: 'TCP' },
      ],
    },
  };
}

function build(ctx: BuildContext<unknown>): BuiltObjects {
  if (!sidecarInPrometheus(ctx.allValues, ctx.stack)) return {};
  const podLabels = prometheusPodLabels(ctx.stack);
  // Without the contract nothing tells which pods are Prometheus': the sidecar patch reports it.
  if (!podLabels) return {};
  return { service: sidecarService(ctx.common.namespace, thanosValues(ctx.allValues).image, podLabels) };
}

/** The component that renders the Service (no values of its own: it reads Thanos' and the contracts). */
export const sidecarComponent: Component = { name: SIDECAR_COMPONENT, source: SOURCE, build };

/**
 * The sidecar's scrape target: the stack's Prometheus renders its monitor, whose job is the
 * Service's name, `thanos-sidecar`, as the mixin selects it.
 */
export function sidecarScrapeTarget(values: Values, view: StackView): ScrapeTarget | undefined {
  if (!sidecarInPrometheus(values, view) || !prometheusPodLabels(view)) return undefined;
  return {
    namespace: values.common.namespace,
    selector: selectorLabels(sidecarServiceLabels(thanosValues(values).image)),
    role: 'service',
    endpoints: [{ port: 'http', path: '/metrics' }],
  };
}
