import type { Datasource, ResolvedContracts, ServiceContract } from '@mixstack/core';
import {
  clientPeers,
  destinationRules,
  type EgressRule,
  networkPolicy as policy,
  serviceEgress,
  tcpPorts,
} from '@mixstack/kit';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { NAME } from '../labels.js';
import { type GrafanaContext, HTTP_PORT } from './context.js';

/** Where a datasource's URL points, as far as a NetworkPolicy can say it. */
interface DatasourceAddress {
  host: string;
  port: number;
  /** The Service and namespace of an in-cluster name (`name.namespace.svc[.cluster.local]`). */
  service?: { name: string; namespace: string };
}

function addressOf(url: string, stackNamespace: string): DatasourceAddress | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const port = parsed.port ? Number(parsed.port) : parsed.protocol === 'https:' ? 443 : 80;
  const labels = parsed.hostname.split('.');
  if (labels.length >= 3 && labels[2] === 'svc')
    return { host: parsed.hostname, port, service: { name: labels[0]!, namespace: labels[1]! } };
  // A bare name resolves in Grafana's own namespace (the search path of its pod).
  if (labels.length === 1 && parsed.hostname !== 'localhost')
    return { host: parsed.hostname, port, service: { name: labels[0]!, namespace: stackNamespace } };
  return { host: parsed.hostname, port };
}

function stackService(
  address: DatasourceAddress,
  components: Readonly<Record<string, ResolvedContracts>>,
): ServiceContract | undefined {
  const { service } = address;
  if (!service) return undefined;
  for (const name of Object.keys(components).sort()) {
    const component = components[name]!;
    if (!component.enabled) continue;
    for (const contract of Object.values(component.services)) {
      if (
        contract.name === service.name &&
        contract.namespace === service.namespace &&
        contract.port === address.port
      )
        return contract;
    }
  }
  return undefined;
}

/**
 * Egress to each datasource Grafana's server queries (browser-side `direct` access needs
 * none), as precise as its URL allows:
 * - a Service of the stack: the pods behind it, on the port they listen on;
 * - another in-cluster Service (`name.namespace.svc`): every pod of that namespace, on every
 *   port (the Service may forward to a port of another number);
 * - an address outside the cluster: the URL's port, at any address (its addresses are not
 *   known when the stack is rendered).
 */
export function datasourceEgress(
  datasources: Readonly<Record<string, Datasource>>,
  components: Readonly<Record<string, ResolvedContracts>>,
  stackNamespace: string,
): EgressRule[] {
  const rules: EgressRule[] = [];
  for (const uid of Object.keys(datasources).sort()) {
    const datasource = datasources[uid]!;
    if (!datasource.url || datasource.access === 'direct') continue;
    const address = addressOf(datasource.url, stackNamespace);
    if (!address) continue;
    const purpose = `the datasource "${datasource.name}" (${address.host}:${address.port})`;
    const service = stackService(address, components);
    if (service) rules.push(serviceEgress(service, purpose));
    else if (address.service) rules.push({ purpose, to: [{ namespace: address.service.namespace }] });
    else rules.push({ purpose, ports: tcpPorts(address.port) });
  }
  return rules;
}

/** `host:port` (or `[v6]:port`) of a grafana.ini setting, with the port a bare host defaults to. */
function hostPort(value: string, defaultPort: number): { host: string; port: number } | undefined {
  const match = /^\[?([^\]\s]*?)\]?(?::(\d+))?$/.exec(value.trim());
  if (!match?.[1]) return undefined;
  return { host: match[1], port: match[2] ? Number(match[2]) : defaultPort };
}

/** An egress rule to `host:port` named in Grafana's own settings. */
function settingEgress(purpose: string, host: string, port: number, stackNamespace: string): EgressRule {
  const address = addressOf(`tcp://${host.includes(':') ? `[${host}]` : host}:${port}`, stackNamespace);
  if (address?.service) return { purpose, to: [{ namespace: address.service.namespace }] };
  return { purpose, ports: tcpPorts(port) };
}

const DATABASE_PORTS: Readonly<Record<string, number>> = { mysql: 3306, postgres: 5432 };

/**
 * Egress to the servers Grafana's own settings name: an external database
 * (`database.host`), an SMTP relay (`smtp.host`, when `smtp.enabled`), a remote cache
 * (`remote_cache.connstr` of redis or memcached). Without these, the default deny of the
 * namespace would cut Grafana off from a server its configuration depends on.
 */
export function settingsEgress(
  config: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
  stackNamespace: string,
): EgressRule[] {
  const rules: EgressRule[] = [];
  const text = (section: string, key: string) => {
    const value = config[section]?.[key];
    return typeof value === 'string' ? value : undefined;
  };
  const type = text('database', 'type');
  const databaseHost = text('database', 'host');
  if (type && type in DATABASE_PORTS && databaseHost) {
    const server = hostPort(databaseHost, DATABASE_PORTS[type]!);
    if (server)
      rules.push(
        settingEgress(`the ${type} database (${databaseHost})`, server.host, server.port, stackNamespace),
      );
  }
  const smtp = config.smtp?.enabled;
  const smtpHost = text('smtp', 'host');
  if ((smtp === true || smtp === 'true') && smtpHost) {
    const server = hostPort(smtpHost, 25);
    if (server)
      rules.push(settingEgress(`the SMTP server (${smtpHost})`, server.host, server.port, stackNamespace));
  }
  const cache = text('remote_cache', 'type');
  const connstr = text('remote_cache', 'connstr');
  if ((cache === 'redis' || cache === 'memcached') && connstr) {
    const addr = cache === 'redis' ? /(?:^|,)addr=([^,]+)/.exec(connstr)?.[1] : connstr.split(',')[0];
    const server = addr ? hostPort(addr, cache === 'redis' ? 6379 : 11211) : undefined;
    if (server)
      rules.push(
        settingEgress(
          `the ${cache} remote cache (${server.host}:${server.port})`,
          server.host,
          server.port,
          stackNamespace,
        ),
      );
  }
  return rules;
}

/**
 * Ingress to Grafana's port only from its known clients (`networkPolicy.clients`, in name
 * order): the stack's Prometheus (scraping `/metrics`) by default, plus an ingress controller
 * or load-balancer health checks when configured. Without any client the policy admits
 * nothing. `kubectl port-forward` enters the pod's own network namespace and is not affected.
 * Egress only to DNS, the datasources it queries, the servers its settings name and the
 * destinations of `networkPolicy.egress`: Grafana's calls home (update checks, usage reports,
 * gravatar, the plugin catalog) are turned off in its configuration.
 */
export function networkPolicy(context: GrafanaContext, datasources: EgressRule[]): INetworkPolicy {
  const peers = clientPeers(context.values.networkPolicy.clients, context.namespace);
  return policy({
    name: NAME,
    namespace: context.namespace,
    labels: context.labels,
    podLabels: context.selector,
    // An ingress rule without `from` admits everyone: with no client there is no rule at all.
    ingress: peers.length > 0 ? [{ from: peers, ports: tcpPorts(HTTP_PORT) }] : [],
    egress: {
      only: [
        ...datasources,
        ...settingsEgress(context.values.config, context.namespace),
        ...destinationRules(context.values.networkPolicy.egress),
      ],
    },
  });
}
