import type { IPodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { type CommonValues, MixstackError, type ScrapeEndpoint, type ScrapeTarget } from '@mixstack/core';

/** The endpoint fields of ScrapeEndpoint, in the order the monitors list them. */
function endpoint(source: ScrapeEndpoint): Record<string, unknown> {
  const {
    port,
    path,
    scheme,
    interval,
    scrapeTimeout,
    honorLabels,
    relabelings,
    metricRelabelings,
    tlsConfig,
  } = source;
  return {
    port,
    ...(path !== undefined ? { path } : {}),
    ...(scheme !== undefined ? { scheme } : {}),
    ...(interval !== undefined ? { interval } : {}),
    ...(scrapeTimeout !== undefined ? { scrapeTimeout } : {}),
    ...(honorLabels !== undefined ? { honorLabels } : {}),
    ...(relabelings !== undefined ? { relabelings } : {}),
    ...(metricRelabelings !== undefined ? { metricRelabelings } : {}),
    ...(tlsConfig !== undefined ? { tlsConfig } : {}),
  };
}

/**
 * A ServiceMonitor (role `service`) or PodMonitor (role `pod`) for a target another package
 * contributed to the stack's `scrapeTargets` section. It lives in the stack's namespace and
 * selects the target's namespace, so the Prometheus of the stack always picks it up.
 */
export function scrapeTargetMonitor(
  id: string,
  name: string,
  target: ScrapeTarget,
  common: CommonValues,
): IServiceMonitor | IPodMonitor {
  const address = `prometheusScrapeTargets/${id}`;
  if (!target || typeof target.namespace !== 'string' || !Array.isArray(target.endpoints)) {
    throw new MixstackError({
      code: 'SCHEMA',
      message: `scrape target "${id}" needs a namespace and a list of endpoints`,
      address,
      value: target,
      hint: 'contribute { namespace, selector, endpoints: [{ port }] } with addScrapeTarget',
    });
  }
  if (target.endpoints.length === 0) {
    throw new MixstackError({
      code: 'SCHEMA',
      message: `scrape target "${id}" has no endpoints`,
      address,
      path: 'endpoints',
      value: target.endpoints,
      hint: 'list at least one endpoint ({ port: "metrics" })',
    });
  }
  const metadata = {
    name,
    namespace: common.namespace,
    labels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'mixstack' },
  };
  const selection = {
    namespaceSelector: { matchNames: [target.namespace] },
    selector: { matchLabels: { ...target.selector } },
    ...(target.jobLabel ? { jobLabel: target.jobLabel } : {}),
  };
  if ((target.role ?? 'service') === 'pod') {
    target.endpoints.forEach((source, i) => {
      if (source.bearerTokenFile !== undefined) {
        throw new MixstackError({
          code: 'SCHEMA',
          message: `scrape target "${id}" scrapes pods with bearerTokenFile, which a PodMonitor does not support`,
          address,
          path: `endpoints.${i}.bearerTokenFile`,
          value: source.bearerTokenFile,
          hint: 'scrape the pods through a Service (role: "service") to authenticate with the ServiceAccount token',
        });
      }
    });
    return {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata,
      spec: { ...selection, podMetricsEndpoints: target.endpoints.map(endpoint) },
    } as IPodMonitor;
  }
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata,
    spec: {
      ...selection,
      endpoints: target.endpoints.map((source) => ({
        ...endpoint(source),
        ...(source.bearerTokenFile !== undefined ? { bearerTokenFile: source.bearerTokenFile } : {}),
      })),
    },
  } as IServiceMonitor;
}
