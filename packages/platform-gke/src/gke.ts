import {
  addCheck,
  addComponent,
  addNotice,
  addPatch,
  type BuildContext,
  type BuiltObjects,
  contentHash,
  definePart,
  type KubeObject,
  MixstackError,
  type Notice,
  type Part,
  partWithOptions,
  type Stack,
  type StackView,
  setComponentEnabled,
  type Values,
  withoutJobs,
  withValues,
} from '@mixstack/core';
import type { IStorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import type { IResourceQuota } from 'kubernetes-models/v1/ResourceQuota';
import { autopilotCheck } from './autopilot.js';
import {
  GKE_STORAGE_CLASSES,
  type GkeInput,
  type GkeOptions,
  PLATFORM,
  parseGkeOptions,
  SOURCE,
} from './config.js';
import {
  grafanaBackendConfig,
  grafanaFrontendConfig,
  grafanaIngress,
  grafanaManagedCertificate,
  grafanaService,
  withGrafanaExposure,
} from './grafana-exposure.js';
import { withGkeKinds } from './kinds.js';
import {
  annotateServiceAccounts,
  gkeOptionsOf,
  missingLocation,
  planCommands,
  workloadIdentityPlan,
} from './workload-identity.js';
import { CRITICAL_PRIORITY_CLASSES, criticalPodNamespaces, quotaKey } from './workloads.js';

/** The component that holds this package's own objects (`gke/<key>`) and whose values hold its options. */
export const GKE_COMPONENT = 'gke';

/** The jobs of a self-hosted control plane, which GKE runs out of the cluster's reach. */
export const CONTROL_PLANE_JOBS = ['kube-scheduler', 'kube-controller-manager'] as const;

/** The job of the cluster DNS monitor, which GKE's kube-dns has no metrics port for. */
export const CLUSTER_DNS_JOB = 'kube-dns';

/**
 * Components GKE may turn off, by the name the stack gives them (component-prometheus's; core's
 * `setComponentEnabled` turns any component off, and nothing happens for one the stack lacks).
 */
type LeftOutComponent = 'nodeExporter' | 'kubeStateMetrics';

/** A component GKE turns off, and why (the notice says what is lost). */
interface LeftOut {
  key: LeftOutComponent;
  why: 'autopilot' | 'managedCollection';
}

function optionsOf(values: Values): GkeOptions {
  const options = gkeOptionsOf(values);
  if (!options) throw new Error('gke() values missing'); // only called from gke()'s own entries
  return options;
}

/** The components GKE turns off for these options, and why. */
function turnsOff(options: GkeOptions): LeftOut[] {
  const out: LeftOut[] = [];
  if (options.mode === 'autopilot') out.push({ key: 'nodeExporter', why: 'autopilot' });
  else if (options.managedCollection.nodeExporter)
    out.push({ key: 'nodeExporter', why: 'managedCollection' });
  if (options.managedCollection.kubeStateMetrics)
    out.push({ key: 'kubeStateMetrics', why: 'managedCollection' });
  return out;
}

/**
 * Which components GKE left out of this stack, and why (empty when none): those it turns off
 * that are in the stack and off (the user's explicit `enabled: true` wins over the platform).
 */
function leftOut(values: Values, view: StackView): LeftOut[] {
  return turnsOff(optionsOf(values)).filter(({ key }) => view.components[key]?.enabled === false);
}

function retainClassName(storageClass: string): string {
  return `${storageClass}-retain`;
}

function retainStorageClass(storageClass: string): IStorageClass {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: retainClassName(storageClass), labels: { 'app.kubernetes.io/part-of': 'mixstack' } },
    provisioner: 'pd.csi.storage.gke.io',
    parameters: { type: GKE_STORAGE_CLASSES[storageClass]! },
    reclaimPolicy: 'Retain',
    volumeBindingMode: 'WaitForFirstConsumer',
    allowVolumeExpansion: true,
  };
}

function build(context: BuildContext<unknown>): BuiltObjects {
  const options = context.values as GkeOptions;
  const objects: Record<string, KubeObject> = {};
  if (options.retainVolumes)
    objects.storageClassRetain = retainStorageClass(options.storageClass) as KubeObject;
  if (options.grafana) {
    // The Ingress sends to the Service Grafana publishes: its name, port and health path.
    const service = grafanaService(context.stack, options.grafana.host);
    if (service instanceof MixstackError) {
      context.report(service);
      return objects;
    }
    const namespace = service.namespace;
    objects.grafanaIngress = grafanaIngress(options.grafana, service, namespace) as KubeObject;
    objects.grafanaManagedCertificate = grafanaManagedCertificate(options.grafana, namespace) as KubeObject;
    objects.grafanaBackendConfig = grafanaBackendConfig(options.grafana, service, namespace) as KubeObject;
    if (options.grafana.httpsRedirect)
      objects.grafanaFrontendConfig = grafanaFrontendConfig(namespace) as KubeObject;
  }
  return objects;
}

function criticalPodsQuota(namespace: string): IResourceQuota {
  return {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'gke-critical-pods', namespace, labels: { 'app.kubernetes.io/part-of': 'mixstack' } },
    spec: {
      hard: { pods: '1G' },
      scopeSelector: {
        matchExpressions: [
          { scopeName: 'PriorityClass', operator: 'In', values: [...CRITICAL_PRIORITY_CLASSES] },
        ],
      },
    },
  };
}

const notice = (level: Notice['level'], message: string): Notice => ({ level, message });

function platformNotice(values: Values): Notice {
  const options = optionsOf(values);
  const storage = values.common.storageClass;
  return notice(
    'info',
    `GKE${options.mode === 'autopilot' ? ' Autopilot' : ''} (project ${options.project}): Google runs kube-scheduler and kube-controller-manager, so they are not scraped and their rules and dashboards are left out; DNS is kube-dns (or Cloud DNS), so there is no CoreDNS monitor; PersistentVolumeClaims without their own class use "${storage}"${options.retainVolumes && storage === retainClassName(options.storageClass) ? ' (rendered here, reclaimPolicy Retain: a deleted claim keeps its disk)' : ''}.`,
  );
}

function leftOutNotice(values: Values, view: StackView): Notice | undefined {
  const out = leftOut(values, view);
  if (out.length === 0) return undefined;
  const lines = out.map(({ key, why }) =>
    key === 'nodeExporter' && why === 'autopilot'
      ? "node-exporter is left out: GKE Autopilot rejects what it needs (host network and PID namespaces, hostPath mounts of / and /sys, a host port). Lost: node CPU, memory, disk, filesystem and network metrics, and the alerts, recording rules and dashboard panels built on them; GKE's managed collection or Cloud Monitoring's system metrics have the node metrics"
      : key === 'nodeExporter'
        ? "node-exporter is left out: GKE's managed collection exports the node metrics (into Cloud Monitoring, not this Prometheus), so the alerts, recording rules and dashboard panels built on them are left out too"
        : 'kube-state-metrics is left out: GKE\'s "Kube state metrics" package exports the object metrics (into Cloud Monitoring, with namespace renamed exported_namespace), so the alerts, recording rules and dashboard panels built on kube-state-metrics are left out too',
  );
  return notice('warning', lines.join('. '));
}

function workloadIdentityNotice(values: Values, view: StackView): Notice | undefined {
  const options = optionsOf(values);
  if (!options.workloadIdentity) return undefined;
  // Invalid claims and a missing location are reported by the workload-identity patch.
  const plan = workloadIdentityPlan(view, values.common.namespace, {
    project: options.project,
    workloadIdentity: options.workloadIdentity,
  });
  if (missingLocation(plan)) return undefined;
  const commands = planCommands(plan);
  if (commands.length === 0) return undefined;
  return notice(
    'info',
    `Buckets and Workload Identity: run once, before applying (no JSON keys):\n${commands.join('\n')}`,
  );
}

function grafanaNotice(values: Values, view: StackView): Notice | undefined {
  const options = optionsOf(values);
  if (!options.grafana || !view.has('grafana')) return undefined;
  const iap = options.grafana.iap
    ? ` IAP reads its OAuth client from the Secret "${options.grafana.iap.oauthSecret}": kubectl -n ${values.common.namespace} create secret generic ${options.grafana.iap.oauthSecret} --from-literal=client_id=... --from-literal=client_secret=...`
    : '';
  return notice(
    'info',
    `Grafana will answer at https://${options.grafana.host}/ once its DNS record points at the Ingress address (${options.grafana.staticIpName ? `the static IP "${options.grafana.staticIpName}"` : 'kubectl get ingress grafana'}) and the managed certificate is Active (up to an hour).${iap}`,
  );
}

/** A ResourceQuota for critical pods in every namespace that has some (GKE admits them only so). */
function withCriticalPodsQuotas(objects: Readonly<Record<string, KubeObject>>): Record<string, KubeObject> {
  const out: Record<string, KubeObject> = { ...objects };
  for (const namespace of criticalPodNamespaces(objects)) {
    let key = quotaKey(namespace);
    if (out[`${GKE_COMPONENT}/${key}`]) key = `${key}${contentHash(namespace).slice(0, 6)}`;
    out[`${GKE_COMPONENT}/${key}`] = criticalPodsQuota(namespace) as KubeObject;
  }
  return out;
}

/**
 * GKE as the stack's platform: a managed control plane, GKE's storage classes, Workload
 * Identity for the buckets components declare, Grafana behind a GKE Ingress, Autopilot, and
 * GKE's managed collection next to the stack. Everything goes through common values and core's
 * contracts in the `platform` layer (what you pass explicitly wins): no value of another
 * package is read or written. The options are checked when the part is applied: every problem
 * is recorded in the stack, none thrown by the call.
 *
 * ```ts
 * gke({ project: 'acme-prod', workloadIdentity: { bucketLocation: 'EU' }, grafana: { host: 'grafana.acme.com' } })
 * ```
 */
export function gke(userOptions: GkeInput): Part {
  return partWithOptions(
    'gke',
    () => parseGkeOptions(userOptions),
    (parsed) => definePart('gke', (stack) => withGke(stack, parsed)),
  );
}

function withGke(stack: Stack, parsed: GkeOptions): Stack {
  let next = withGkeKinds(stack);
  next = withValues(next, SOURCE, 'platform', {
    common: {
      platform: 'gke',
      managedControlPlane: true,
      storageClass: parsed.retainVolumes ? retainClassName(parsed.storageClass) : parsed.storageClass,
      // GKE runs kube-dns (or Cloud DNS), not CoreDNS: a CoreDNS monitor would find no metrics port.
      clusterDns: 'kube-dns',
      // Workload Identity gives the pods Application Default Credentials for Cloud Storage.
      ...(parsed.workloadIdentity ? { objectStorage: 'gcs' } : {}),
    },
    [GKE_COMPONENT]: parsed,
  });
  // Autopilot rejects node-exporter; managed collection runs its own copies. The components
  // render nothing then, and their rules and dashboards go with them.
  for (const { key } of turnsOff(parsed)) next = setComponentEnabled(next, PLATFORM, key, false);
  if (parsed.grafana) next = withGrafanaExposure(next, parsed.grafana);
  next = addComponent(next, {
    name: GKE_COMPONENT,
    source: SOURCE,
    build,
    exceptions: [
      {
        key: 'grafanaFrontendConfig',
        check: 'stable-api-versions',
        reason:
          'GKE serves FrontendConfig (the HTTP to HTTPS redirect of a GKE Ingress) only as networking.gke.io/v1beta1',
      },
    ],
  });
  // What no component can know: mixins of any package may still read the control-plane jobs
  // GKE runs out of reach (upstream-style `absent(up{job="kube-scheduler"} == 1)` would fire
  // forever). The components GKE turns off need nothing here: their package leaves out what reads them.
  next = addPatch(next, {
    id: `${SOURCE}/unscraped-jobs`,
    source: SOURCE,
    target: 'sections',
    order: 500,
    apply: (sections, { values }) => {
      const jobs: string[] = [];
      if (values.common.managedControlPlane) jobs.push(...CONTROL_PLANE_JOBS);
      if (values.common.clusterDns === 'kube-dns') jobs.push(CLUSTER_DNS_JOB);
      if (jobs.length === 0) return sections;
      const { mixins, pruned } = withoutJobs(sections.mixins, jobs);
      const total =
        pruned.alerts.length +
        pruned.records.length +
        pruned.dashboards.length +
        pruned.panels +
        pruned.rewritten;
      const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
      return {
        ...sections,
        mixins,
        notices: {
          ...sections.notices,
          ...(total > 0
            ? {
                'gke-unscraped-jobs': notice(
                  'info',
                  `The stack does not scrape ${jobs.join(', ')} on GKE: left out of the mixins ${count(pruned.alerts.length, 'alert')}, ${count(pruned.records.length, 'recording rule')}, ${count(pruned.dashboards.length, 'dashboard')} and ${count(pruned.panels, 'dashboard panel')}; ${`${pruned.rewritten} ${pruned.rewritten === 1 ? 'query' : 'queries'}`} kept without those jobs in their job=~ matchers.`,
                ),
              }
            : {}),
        },
      };
    },
  });
  next = addPatch(next, {
    id: `${SOURCE}/critical-pods-quota`,
    source: SOURCE,
    target: 'objects',
    order: 200,
    apply: (objects) => withCriticalPodsQuotas(objects),
  });
  if (parsed.workloadIdentity) {
    const workloadIdentity = parsed.workloadIdentity;
    next = addPatch(next, {
      id: `${SOURCE}/workload-identity`,
      source: SOURCE,
      target: 'objects',
      order: 300,
      apply: (objects, { values, stack: view, report }) => {
        const plan = workloadIdentityPlan(
          view,
          values.common.namespace,
          { project: parsed.project, workloadIdentity },
          report,
        );
        const location = missingLocation(plan);
        if (location) report(location);
        return annotateServiceAccounts(objects, plan, report);
      },
    });
  }
  if (parsed.mode === 'autopilot') next = addCheck(next, autopilotCheck);
  next = addNotice(next, SOURCE, 'gke-platform', platformNotice);
  next = addNotice(next, SOURCE, 'gke-left-out', leftOutNotice);
  next = addNotice(next, SOURCE, 'gke-workload-identity', workloadIdentityNotice);
  return addNotice(next, SOURCE, 'gke-grafana', grafanaNotice);
}
