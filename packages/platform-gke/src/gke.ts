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
  type Values,
  withValues,
} from '@mixstack/core';
import type { IStorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import type { IResourceQuota } from 'kubernetes-models/v1/ResourceQuota';
import { autopilotCheck } from './autopilot.js';
import { GKE_STORAGE_CLASSES, type GkeInput, type GkeOptions, parseGkeOptions, SOURCE } from './config.js';
import {
  grafanaBackendConfig,
  grafanaFrontendConfig,
  grafanaIngress,
  grafanaManagedCertificate,
  grafanaValues,
} from './grafana-exposure.js';
import { withGkeKinds } from './kinds.js';
import { withoutJobs } from './mixin-pruning.js';
import { OBJECT_STORAGE_KEY, objectStorageOf } from './object-storage.js';
import {
  annotateServiceAccounts,
  gkeOptionsOf,
  planCommands,
  workloadIdentityPlan,
} from './workload-identity.js';
import { CRITICAL_PRIORITY_CLASSES, criticalPodNamespaces, quotaKey } from './workloads.js';

/** The component that holds this package's own objects (`gke/<key>`) and whose values hold its options. */
export const GKE_COMPONENT = 'gke';

/** The jobs of a self-hosted control plane, which GKE runs out of the cluster's reach. */
export const CONTROL_PLANE_JOBS = ['kube-scheduler', 'kube-controller-manager'] as const;

/**
 * Parts of @mixstack/component-prometheus this platform may turn off, by their values key
 * (the component's documented `enabled` value).
 */
type LeftOutPart = 'nodeExporter' | 'kubeStateMetrics';

/** A part GKE turns off, and why (the notice says what is lost). */
interface LeftOut {
  key: LeftOutPart;
  why: 'autopilot' | 'managedCollection';
}

/**
 * The value GKE gives a part's `enabled`, in the `platform` layer: `false` where the part is in
 * the stack (its defaults say `true`), nothing where it is not — a plain `false` would leave a
 * values entry for a part nobody added, and the notice would speak of it. A part passed
 * `enabled: true` explicitly wins, as any user value over a platform's.
 */
const turnedOff = (previous: unknown): false | undefined => (previous === undefined ? undefined : false);

/** Whether a part of component-prometheus is in the stack and off (see `turnedOff`). */
function isOff(values: Values, part: LeftOutPart): boolean {
  return (values[part] as { enabled?: unknown } | undefined)?.enabled === false;
}

function optionsOf(values: Values): GkeOptions {
  const options = gkeOptionsOf(values);
  if (!options) throw new Error('gke() values missing'); // only called from gke()'s own entries
  return options;
}

/** The parts GKE turns off for these options, and why. */
function turnsOff(options: GkeOptions): LeftOut[] {
  const out: LeftOut[] = [];
  if (options.mode === 'autopilot') out.push({ key: 'nodeExporter', why: 'autopilot' });
  else if (options.managedCollection.nodeExporter)
    out.push({ key: 'nodeExporter', why: 'managedCollection' });
  if (options.managedCollection.kubeStateMetrics)
    out.push({ key: 'kubeStateMetrics', why: 'managedCollection' });
  return out;
}

/** Which parts of component-prometheus GKE left out of this stack, and why (empty when none). */
function leftOut(values: Values): LeftOut[] {
  return turnsOff(optionsOf(values)).filter(({ key }) => isOff(values, key));
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
  const options = optionsOf(context.allValues);
  const namespace = context.common.namespace;
  const objects: Record<string, KubeObject> = {};
  if (options.retainVolumes)
    objects.storageClassRetain = retainStorageClass(options.storageClass) as KubeObject;
  if (options.grafana) {
    if (!context.componentNames.includes('grafana')) {
      throw new MixstackError({
        code: 'NOT_FOUND',
        message: 'gke({ grafana }) exposes Grafana, and the stack has no Grafana',
        address: 'gke',
        path: 'grafana',
        value: options.grafana.host,
        hint: 'add grafana() from @mixstack/component-grafana, or remove the grafana option of gke()',
      });
    }
    objects.grafanaIngress = grafanaIngress(options.grafana, namespace) as KubeObject;
    objects.grafanaManagedCertificate = grafanaManagedCertificate(options.grafana, namespace) as KubeObject;
    objects.grafanaBackendConfig = grafanaBackendConfig(options.grafana, namespace) as KubeObject;
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

function leftOutNotice(values: Values): Notice | undefined {
  const out = leftOut(values);
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

function workloadIdentityNotice(values: Values): Notice | undefined {
  const options = optionsOf(values);
  if (!options.workloadIdentity || !objectStorageOf(values).buckets) return undefined;
  const commands = planCommands(
    workloadIdentityPlan(values, { project: options.project, workloadIdentity: options.workloadIdentity }),
  );
  if (commands.length === 0) return undefined;
  return notice(
    'info',
    `Buckets and Workload Identity: run once, before applying (no JSON keys):\n${commands.join('\n')}`,
  );
}

function grafanaNotice(values: Values): Notice | undefined {
  const options = optionsOf(values);
  if (!options.grafana) return undefined;
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
 * GKE's managed collection next to the stack. Everything goes through common values and the
 * components' values in the `platform` layer (what you pass explicitly wins), the stack's
 * sections, and documented patches.
 *
 * ```ts
 * gke({ project: 'acme-prod', workloadIdentity: { bucketLocation: 'EU' }, grafana: { host: 'grafana.acme.com' } })
 * ```
 */
export function gke(userOptions: GkeInput): Part {
  const parsed = parseGkeOptions(userOptions);
  return definePart('gke', (stack) => {
    let next = withGkeKinds(stack);
    next = withValues(next, SOURCE, 'platform', {
      common: {
        platform: 'gke',
        managedControlPlane: true,
        storageClass: parsed.retainVolumes ? retainClassName(parsed.storageClass) : parsed.storageClass,
      },
      // GKE runs kube-dns (or Cloud DNS), not CoreDNS: a CoreDNS monitor would find no metrics port.
      kubernetesControlPlane: { coreDNS: false },
      // Autopilot rejects node-exporter; managed collection runs its own copies. The parts render
      // nothing then, and their rules and dashboards go with them (component-prometheus's `enabled`).
      ...Object.fromEntries(turnsOff(parsed).map(({ key }) => [key, { enabled: turnedOff }])),
      ...(parsed.grafana ? { grafana: grafanaValues(parsed.grafana) } : {}),
      ...(parsed.workloadIdentity ? { [OBJECT_STORAGE_KEY]: { provider: 'gcs' } } : {}),
      [GKE_COMPONENT]: parsed,
    });
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
    // forever). The parts GKE turns off need nothing here: their package leaves out what reads them.
    next = addPatch(next, {
      id: `${SOURCE}/unscraped-jobs`,
      source: SOURCE,
      target: 'sections',
      order: 500,
      apply: (sections, { values }) => {
        const jobs: string[] = [];
        if (values.common.managedControlPlane) jobs.push(...CONTROL_PLANE_JOBS);
        if ((values.kubernetesControlPlane as { coreDNS?: unknown } | undefined)?.coreDNS === false)
          jobs.push('kube-dns');
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
        apply: (objects, { values }) =>
          annotateServiceAccounts(
            objects,
            workloadIdentityPlan(values, { project: parsed.project, workloadIdentity }),
          ),
      });
    }
    if (parsed.mode === 'autopilot') next = addCheck(next, autopilotCheck);
    next = addNotice(next, SOURCE, 'gke-platform', platformNotice);
    next = addNotice(next, SOURCE, 'gke-left-out', leftOutNotice);
    next = addNotice(next, SOURCE, 'gke-workload-identity', workloadIdentityNotice);
    return addNotice(next, SOURCE, 'gke-grafana', grafanaNotice);
  });
}
