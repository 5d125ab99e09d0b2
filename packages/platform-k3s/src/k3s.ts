import {
  addComponent,
  addMixin,
  addNotice,
  addPatch,
  addScrapeTarget,
  type BuildContext,
  type BuiltObjects,
  definePart,
  type KubeObject,
  MixstackError,
  type Notice,
  type Part,
  partWithOptions,
  type Stack,
  type StackView,
  setSizing,
  type Values,
  withoutJobs,
  withValues,
} from '@mixstack/core';
import { type K3sInput, type K3sOptions, LOCAL_PATH, PLATFORM, parseK3sOptions, SOURCE } from './config.js';
import {
  controlPlaneEndpoints,
  controlPlaneScrapeTarget,
  controlPlaneService,
  type EmbeddedComponent,
  exposure,
  nodesOf,
  scrapeTargetId,
  withK3sKinds,
} from './control-plane.js';
import { EDGE_SIZING, withoutEdgeDashboards } from './edge.js';
import { grafanaIngress, grafanaService, grafanaUrl, withGrafanaExposure } from './grafana-exposure.js';
import { K3S_MIXIN, k3sMixin } from './k3s-mixin.js';
import { shapings, withShapedMonitors } from './scraping.js';
import { withBindingSpread } from './storage.js';

/** The component that holds this package's own objects (`k3s/<key>`) and whose values hold its options. */
export const K3S_COMPONENT = 'k3s';

/**
 * The flags that expose metrics no stack in a pod can reach by default: server flags, and
 * `kubeProxy` on the agents too (in `/etc/rancher/k3s/config.yaml` as the same keys).
 */
export const SERVER_FLAGS = {
  controllerManager: '--kube-controller-manager-arg=bind-address=0.0.0.0',
  scheduler: '--kube-scheduler-arg=bind-address=0.0.0.0',
  kubeProxy: '--kube-proxy-arg=metrics-bind-address=0.0.0.0',
  etcd: '--etcd-expose-metrics',
  supervisor: '--supervisor-metrics',
} as const;

function optionsOf(values: Values): K3sOptions {
  const options = values[K3S_COMPONENT] as K3sOptions | undefined;
  if (!options) throw new Error('k3s() values missing'); // only called from k3s()'s own entries
  return options;
}

function build(context: BuildContext<unknown>): BuiltObjects {
  const options = context.values as K3sOptions;
  const objects: Record<string, KubeObject> = {};
  for (const component of exposure(options.controlPlane).exposed) {
    objects[`${component.key}Service`] = controlPlaneService(component) as KubeObject;
    objects[`${component.key}Endpoints`] = controlPlaneEndpoints(
      component,
      nodesOf(component, options.controlPlane),
    ) as KubeObject;
  }
  if (options.grafana) {
    const service = grafanaService(context.stack, options.grafana.host);
    if (service instanceof MixstackError) context.report(service);
    else objects.grafanaIngress = grafanaIngress(options.grafana, service) as KubeObject;
  }
  return objects;
}

const notice = (level: Notice['level'], message: string): Notice => ({ level, message });

function controlPlaneNotice(values: Values): Notice {
  const { controlPlane } = optionsOf(values);
  const { exposed, unexposed } = exposure(controlPlane);
  const where = (e: EmbeddedComponent) =>
    e.nodes === 'servers' || controlPlane.agents.length === 0 ? 'the servers' : 'every node';
  const scraped = exposed.map((e) => `${e.job} (:${e.port} on ${where(e)}, its own metric families only)`);
  const unscraped = unexposed.map((e) =>
    e.option === 'kubeProxy'
      ? `kube-proxy (${e.flag} on every server and agent)`
      : e.option === 'etcd'
        ? `embedded etcd (${e.flag}; only with --cluster-init, none with the default SQLite datastore)`
        : e.option === 'supervisorMetrics'
          ? `the k3s supervisor (${e.flag}, k3s v1.30.2 or later; the agents then serve it too)`
          : `${e.job} (${e.flag})`,
  );
  return notice(
    'info',
    [
      "k3s runs every control-plane component in one process per node, and every metrics endpoint of that process serves the metrics of all of them: each job keeps only its own families (the kubelet leaves the API server's to the apiserver job, and the reverse), so no series is stored twice.",
      `Scraped: the kubelet on every node, the API server on the servers${scraped.length > 0 ? `, ${scraped.join(', ')}` : ''}; CoreDNS on its metrics port 9153 through the kube-dns Service in kube-system.`,
      unexposed.length > 0
        ? `Not scraped, with their alerts, rules and dashboards left out (k3s keeps them on 127.0.0.1, or does not serve them): ${unscraped.join('; ')}. To scrape them, set their flags and say so with k3s({ controlPlane: { ${unexposed.map((e) => `${e.option}: true`).join(', ')}, servers: [...]${unexposed.some((e) => e.nodes === 'every node') ? ', agents: [...]' : ''} } }), keeping those you set.`
        : '',
      exposed.some((e) => e.nodes === 'every node') && controlPlane.agents.length === 0
        ? `No agents are listed: ${exposed
            .filter((e) => e.nodes === 'every node')
            .map((e) => e.job)
            .join(' and ')} on the agents is not scraped (list them in controlPlane.agents).`
        : '',
    ]
      .filter(Boolean)
      .join(' '),
  );
}

function storageNotice(values: Values): Notice | undefined {
  if (values.common.storageClass !== LOCAL_PATH) return undefined;
  return notice(
    'warning',
    'PersistentVolumeClaims use k3s\'s "local-path" StorageClass: a volume is a directory on one node (/var/lib/rancher/k3s/storage by default), its size is not enforced (a full disk fills the node), and the pod that uses it is bound to that node for good: a replica cannot move when its node is down. Replicas with such volumes are spread over nodes as a rule (DoNotSchedule), not as a preference, so that two of them never end up bound to one node. Name another StorageClass (k3s({ storageClass }) or createStack({ storageClass })) for volumes that survive a node.',
  );
}

function grafanaNotice(values: Values, view: StackView): Notice | undefined {
  const options = optionsOf(values);
  if (!options.grafana || !view.has('grafana')) return undefined;
  const tls = options.grafana.tlsSecret
    ? ` with the certificate of the Secret "${options.grafana.tlsSecret}" (kubectl -n ${values.common.namespace} create secret tls ${options.grafana.tlsSecret} --cert=... --key=...)`
    : ' over plain HTTP (pass tlsSecret for HTTPS)';
  return notice(
    'info',
    `Grafana will answer at ${grafanaUrl(options.grafana)} through the "${options.grafana.ingressClassName}" IngressClass${tls}, once the host name resolves to a node running the ingress controller (k3s's ServiceLB publishes Traefik on ports 80 and 443 of every node).`,
  );
}

function edgeNotice(leftOut: readonly string[]): Notice {
  return notice(
    'info',
    `Edge profile: every workload runs one replica, without PodDisruptionBudget; CPU and memory requests are halved (limits stay) and every store keeps at most ${EDGE_SIZING.maxRetention}, so that the stack fits a 2-CPU / 4 GiB node. Replicas, resources and retention you pass to a component stay as you set them.${leftOut.length > 0 ? ` Dashboards left out (drill-downs the node and pod views cover on one node, and the stores' tuning views): ${leftOut.join(', ')}.` : ''}`,
  );
}

/**
 * k3s as the stack's platform: the control plane of one process per node scraped once per node
 * (and kube-controller-manager, kube-scheduler, kube-proxy, embedded etcd and the k3s
 * supervisor where the nodes expose them, with alerts on the last three), k3s's
 * local-path storage, Grafana behind Traefik, and an edge profile for a small node. Everything
 * goes through common values, core's contracts and the shared sections in the `platform` layer
 * (what you pass explicitly wins): no value of another package is read or written. The options
 * are checked when the part is applied: every problem is recorded in the stack, none thrown.
 *
 * ```ts
 * k3s({ grafana: { host: 'grafana.home.example', tlsSecret: 'grafana-tls' }, profile: 'edge' })
 * ```
 */
export function k3s(userOptions: K3sInput = {}): Part {
  return partWithOptions(
    'k3s',
    () => parseK3sOptions(userOptions),
    (parsed) => definePart('k3s', (stack) => withK3s(stack, parsed)),
  );
}

function withK3s(stack: Stack, parsed: K3sOptions): Stack {
  const { exposed, unexposed } = exposure(parsed.controlPlane);
  let next = exposed.length > 0 ? withK3sKinds(stack) : stack;
  // The components' control-plane monitors cover kube-controller-manager and kube-scheduler only.
  const componentMonitored = exposed.filter((e) => e.monitor === 'component');
  next = withValues(next, SOURCE, 'platform', {
    common: {
      platform: 'k3s',
      storageClass: parsed.storageClass,
      // Neither endpoint reachable: to the components, the control plane is as out of reach as a managed one.
      ...(componentMonitored.length === 0 ? { managedControlPlane: true } : {}),
      // k3s ships CoreDNS (Service kube-dns, k8s-app: kube-dns, metrics on 9153): the default, said explicitly.
      clusterDns: 'coredns',
    },
    [K3S_COMPONENT]: parsed,
  });
  if (parsed.grafana) next = withGrafanaExposure(next, parsed.grafana);
  next = addComponent(next, { name: K3S_COMPONENT, source: SOURCE, build });
  // What no component monitors: scraped through core's scrape targets, alerted on by this package's mixin.
  for (const component of exposed.filter((e) => e.monitor === 'platform'))
    next = addScrapeTarget(next, SOURCE, scrapeTargetId(component), controlPlaneScrapeTarget(component));
  if (k3sMixin(parsed.controlPlane))
    next = addMixin(next, SOURCE, K3S_MIXIN, (values) =>
      k3sMixin(parsed.controlPlane, values.common.multiCluster),
    );
  // What no component can know: any mixin may read the jobs of the endpoints k3s keeps on
  // 127.0.0.1 (`absent(up{job="kube-scheduler"} == 1)` would fire forever), kube-proxy's and
  // etcd's included.
  const jobs = unexposed.map((e) => e.job);
  if (jobs.length > 0) {
    next = addPatch(next, {
      id: `${SOURCE}/unscraped-jobs`,
      source: SOURCE,
      target: 'sections',
      order: 500,
      apply: (sections) => {
        const { mixins, pruned } = withoutJobs(sections.mixins, jobs);
        const total =
          pruned.alerts.length +
          pruned.records.length +
          pruned.dashboards.length +
          pruned.panels +
          pruned.rewritten;
        if (total === 0) return { ...sections, mixins };
        const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
        return {
          ...sections,
          mixins,
          notices: {
            ...sections.notices,
            'k3s-unscraped-jobs': notice(
              'info',
              `The stack does not scrape ${jobs.join(', ')} on k3s: left out of the mixins ${count(pruned.alerts.length, 'alert')}, ${count(pruned.records.length, 'recording rule')}, ${count(pruned.dashboards.length, 'dashboard')} and ${count(pruned.panels, 'dashboard panel')}; ${pruned.rewritten} ${pruned.rewritten === 1 ? 'query' : 'queries'} kept without those jobs in their job=~ matchers.`,
            ),
          },
        };
      },
    });
  }
  next = addPatch(next, {
    id: `${SOURCE}/one-endpoint-per-node`,
    source: SOURCE,
    target: 'objects',
    order: 200,
    apply: (objects) => withShapedMonitors(objects, shapings(parsed.controlPlane)),
  });
  next = addPatch(next, {
    id: `${SOURCE}/local-path-spread`,
    source: SOURCE,
    target: 'objects',
    order: 300,
    apply: (objects) => withBindingSpread(objects).objects,
  });
  if (parsed.profile === 'edge') {
    // Replicas, requests and retention through core's sizing contract: every component that
    // publishes them renders the smaller values, and the user's own options win.
    next = setSizing(next, PLATFORM, EDGE_SIZING);
    next = addPatch(next, {
      id: `${SOURCE}/edge-dashboards`,
      source: SOURCE,
      target: 'sections',
      order: 600,
      apply: (sections) => {
        const { mixins, leftOut } = withoutEdgeDashboards(sections.mixins);
        return { ...sections, mixins, notices: { ...sections.notices, 'k3s-edge': edgeNotice(leftOut) } };
      },
    });
  }
  next = addNotice(next, SOURCE, 'k3s-control-plane', controlPlaneNotice);
  next = addNotice(next, SOURCE, 'k3s-storage', storageNotice);
  return addNotice(next, SOURCE, 'k3s-grafana', grafanaNotice);
}
