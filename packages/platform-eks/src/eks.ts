import {
  addCheck,
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
  setComponentEnabled,
  type Values,
  withoutJobs,
  withValues,
} from '@mixstack/core';
import type { IStorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import {
  type EksInput,
  type EksOptions,
  GP3_STORAGE_CLASS,
  PLATFORM,
  parseEksOptions,
  SOURCE,
} from './config.js';
import { controlPlaneScrapeTargets, EKS_METRICS_API_GROUP } from './control-plane-metrics.js';
import { withCoreDnsTargetPort } from './coredns.js';
import { FARGATE_LEFT_OUT, FARGATE_LOSSES, fargateCheck } from './fargate.js';
import { grafanaObjects, withGrafanaExposure } from './grafana-exposure.js';
import { annotateServiceAccounts, eksOptionsOf, planCommands, s3Plan } from './s3.js';
import { VPC_CNI_MIXIN, vpcCniMixin, vpcCniScrapeTarget, vpcCniService } from './vpc-cni.js';

/** The component that holds this package's own objects (`eks/<key>`) and whose values hold its options. */
export const EKS_COMPONENT = 'eks';

/** Where EKS Pod Identity's agent (a host-network DaemonSet) serves the pods' credentials. */
export const POD_IDENTITY_AGENT = '169.254.170.23:80';

/**
 * The jobs of a self-hosted control plane, which EKS runs out of the cluster's reach (etcd's
 * client metrics stay: the API server exports them under its own job).
 */
export const CONTROL_PLANE_JOBS = ['kube-scheduler', 'kube-controller-manager', 'etcd'] as const;

/** The jobs EKS keeps out of reach: all of them, or etcd alone when its metrics API is scraped. */
function unscrapedJobs(options: EksOptions): string[] {
  return options.controlPlaneMetrics ? ['etcd'] : [...CONTROL_PLANE_JOBS];
}

function optionsOf(values: Values): EksOptions {
  const options = eksOptionsOf(values);
  if (!options) throw new Error('eks() values missing'); // only called from eks()'s own entries
  return options;
}

/** The StorageClass eks() renders, or undefined when the user names their own (or on Fargate: no EBS there). */
function renderedClassName(options: EksOptions): string | undefined {
  if (options.storageClass !== undefined || options.fargate) return undefined;
  return options.retainVolumes ? `${GP3_STORAGE_CLASS}-retain` : GP3_STORAGE_CLASS;
}

function gp3StorageClass(name: string, retain: boolean): IStorageClass {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name, labels: { 'app.kubernetes.io/part-of': 'mixstack' } },
    provisioner: 'ebs.csi.aws.com',
    parameters: { type: 'gp3', encrypted: 'true' },
    reclaimPolicy: retain ? 'Retain' : 'Delete',
    // EBS volumes are zonal: bind where the pod is scheduled.
    volumeBindingMode: 'WaitForFirstConsumer',
    allowVolumeExpansion: true,
  };
}

function build(context: BuildContext<unknown>): BuiltObjects {
  const options = context.values as EksOptions;
  const objects: Record<string, KubeObject> = {};
  const name = renderedClassName(options);
  if (name) objects.storageClass = gp3StorageClass(name, options.retainVolumes) as KubeObject;
  if (options.vpcCni) objects.vpcCniService = vpcCniService() as KubeObject;
  if (options.grafana) {
    // The Ingress sends to the Service Grafana publishes: its name, port and health path.
    const grafana = grafanaObjects(context.stack, options.grafana);
    if (grafana instanceof MixstackError) context.report(grafana);
    else Object.assign(objects, grafana);
  }
  return objects;
}

const notice = (level: Notice['level'], message: string): Notice => ({ level, message });

function platformNotice(values: Values): Notice {
  const options = optionsOf(values);
  const storage = values.common.storageClass;
  const rendered = renderedClassName(options);
  const storageText =
    rendered && storage === rendered
      ? `"${storage}" (rendered here: gp3 on the EBS CSI driver, encrypted${options.retainVolumes ? ', reclaimPolicy Retain: a deleted claim keeps its volume' : ''}; the aws-ebs-csi-driver add-on must be installed)`
      : `"${storage}"`;
  const controlPlane = options.controlPlaneMetrics
    ? `AWS runs the control plane: kube-scheduler and kube-controller-manager are scraped through EKS's metrics API on the API server (${EKS_METRICS_API_GROUP}; EKS 1.28 and later, older clusters from platform version 1.28 eks.27, 1.29 eks.21, 1.30 eks.18, 1.31 eks.10), with their rules and dashboards; etcd is not scraped and its rules and dashboards are left out`
    : "AWS runs kube-scheduler, kube-controller-manager and etcd, so they are not scraped and their rules and dashboards are left out (eks({ controlPlaneMetrics: true }) scrapes the first two through EKS's metrics API, EKS 1.28 and later)";
  if (options.fargate)
    return notice(
      'info',
      `EKS Fargate: ${controlPlane}; Fargate mounts no EBS volume, so no StorageClass is rendered and the eks-fargate check refuses claims.`,
    );
  return notice(
    'info',
    `EKS: ${controlPlane}; PersistentVolumeClaims without their own class use ${storageText}. EKS 1.30 and later has no default StorageClass: a claim naming none stays Pending.`,
  );
}

/** What Fargate left out of this stack (those in it and off: the user's explicit enabled: true wins, and the check then refuses it). */
function leftOutNotice(values: Values, view: StackView): Notice | undefined {
  if (!optionsOf(values).fargate) return undefined;
  const out = FARGATE_LEFT_OUT.filter((key) => view.components[key]?.enabled === false);
  if (out.length === 0) return undefined;
  return notice('warning', `On EKS Fargate: ${out.map((key) => FARGATE_LOSSES[key]).join('. ')}.`);
}

function s3Notice(values: Values, view: StackView): Notice | undefined {
  const options = optionsOf(values);
  if (!options.s3) return undefined;
  // Invalid claims are reported by the s3 patch.
  const commands = planCommands(s3Plan(view, values.common.namespace, options.s3));
  if (commands.length === 0) return undefined;
  const agent =
    options.s3.identity === 'podIdentity'
      ? `\nThe pods get their credentials from the EKS Pod Identity agent at ${POD_IDENTITY_AGENT}: the stack's stores allow egress to it; a component of your own that uses a bucket must allow it too.`
      : '';
  return notice(
    'info',
    `S3 buckets and ${options.s3.identity === 'irsa' ? 'IRSA roles' : 'Pod Identity'}: run once, before applying (no access keys):\n${commands.join('\n')}${agent}`,
  );
}

function grafanaNotice(values: Values, view: StackView): Notice | undefined {
  const options = optionsOf(values);
  if (!options.grafana || !view.has('grafana')) return undefined;
  return notice(
    'info',
    `Grafana will answer at https://${options.grafana.host}/ once the AWS Load Balancer Controller has created its ${options.grafana.scheme} ALB (kubectl -n ${values.common.namespace} get ingress grafana shows its DNS name) and a DNS record for ${options.grafana.host} points at it. The controller must be installed (IngressClass "alb"), and the ACM certificate must cover the host.`,
  );
}

/**
 * Amazon EKS as the stack's platform: a managed control plane, gp3 volumes on the EBS CSI
 * driver, S3 buckets with IRSA or EKS Pod Identity for the buckets components declare, the AWS
 * VPC CNI's metrics and warm-IP alert, Grafana behind the AWS Load Balancer Controller, and
 * Fargate. Everything goes through common values and core's contracts and sections in the
 * `platform` layer (what you pass explicitly wins): no value of another package is read or
 * written. The options are checked when the part is applied: every problem is recorded in the
 * stack, none thrown by the call.
 *
 * ```ts
 * eks({ s3: { accountId: '123456789012', region: 'eu-west-1', identity: 'podIdentity', clusterName: 'prod-eu' } })
 * ```
 */
export function eks(userOptions: EksInput = {}): Part {
  return partWithOptions(
    'eks',
    () => parseEksOptions(userOptions),
    (parsed) => definePart('eks', (stack) => withEks(stack, parsed)),
  );
}

function withEks(stack: Stack, parsed: EksOptions): Stack {
  let next = withValues(stack, SOURCE, 'platform', {
    common: {
      platform: 'eks',
      managedControlPlane: true,
      ...(parsed.controlPlaneMetrics ? { platformScrapesControlPlane: true } : {}),
      ...(parsed.fargate ? {} : { storageClass: parsed.storageClass ?? renderedClassName(parsed)! }),
      // IRSA or Pod Identity gives the pods the SDK's default credential chain for S3; the
      // region is the buckets' (awsCommands creates them there), so that no store's S3 client
      // asks S3 for a bucket's location, which the roles' policies do not allow.
      ...(parsed.s3 ? { objectStorage: 's3', objectStorageRegion: parsed.s3.region } : {}),
    },
    [EKS_COMPONENT]: parsed,
  });
  if (parsed.grafana) next = withGrafanaExposure(next, parsed.grafana);
  if (parsed.fargate) {
    // The components render nothing then, and their rules and dashboards go with them.
    for (const component of FARGATE_LEFT_OUT) next = setComponentEnabled(next, PLATFORM, component, false);
    next = addCheck(next, fargateCheck);
  }
  next = addComponent(next, {
    name: EKS_COMPONENT,
    source: SOURCE,
    build,
    exceptions: [
      {
        key: 'vpcCniService',
        check: 'service-selects-pods',
        reason: "the aws-node pods are EKS's (the VPC CNI DaemonSet in kube-system), not the stack's",
      },
    ],
  });
  if (parsed.vpcCni) {
    const { minimumWarmIPs } = parsed.vpcCni;
    next = addScrapeTarget(next, SOURCE, 'awsVpcCni', vpcCniScrapeTarget());
    next = addMixin(next, SOURCE, VPC_CNI_MIXIN, () => vpcCniMixin(minimumWarmIPs));
  }
  if (parsed.controlPlaneMetrics)
    for (const [id, target] of Object.entries(controlPlaneScrapeTargets()))
      next = addScrapeTarget(next, SOURCE, id, target);
  next = addPatch(next, {
    id: `${SOURCE}/coredns-target-port`,
    source: SOURCE,
    target: 'objects',
    order: 200,
    apply: (objects, { values }) =>
      values.common.clusterDns === 'coredns' ? withCoreDnsTargetPort(objects).objects : objects,
  });
  // What no component can know: mixins of any package may still read the control-plane jobs
  // EKS runs out of reach (upstream-style `absent(up{job="kube-scheduler"} == 1)` would fire forever).
  next = addPatch(next, {
    id: `${SOURCE}/unscraped-jobs`,
    source: SOURCE,
    target: 'sections',
    order: 500,
    apply: (sections, { values }) => {
      if (!values.common.managedControlPlane) return sections;
      const jobs = unscrapedJobs(parsed);
      const { mixins, pruned } = withoutJobs(sections.mixins, jobs);
      const total =
        pruned.alerts.length +
        pruned.records.length +
        pruned.dashboards.length +
        pruned.panels +
        pruned.rewritten;
      if (total === 0) return { ...sections, mixins };
      const count = (n: number, what: string, plural = `${what}s`) => `${n} ${n === 1 ? what : plural}`;
      return {
        ...sections,
        mixins,
        notices: {
          ...sections.notices,
          'eks-unscraped-jobs': notice(
            'info',
            `The stack does not scrape ${jobs.join(', ')} on EKS: left out of the mixins ${count(pruned.alerts.length, 'alert')}, ${count(pruned.records.length, 'recording rule')}, ${count(pruned.dashboards.length, 'dashboard')} and ${count(pruned.panels, 'dashboard panel')}; ${count(pruned.rewritten, 'query', 'queries')} kept without those jobs in their job=~ matchers.`,
          ),
        },
      };
    },
  });
  if (parsed.s3) {
    const s3 = parsed.s3;
    next = addPatch(next, {
      id: `${SOURCE}/s3`,
      source: SOURCE,
      target: 'objects',
      order: 300,
      apply: (objects, { values, stack: view, report }) =>
        annotateServiceAccounts(objects, s3Plan(view, values.common.namespace, s3, report), report),
    });
  }
  next = addNotice(next, SOURCE, 'eks-platform', platformNotice);
  next = addNotice(next, SOURCE, 'eks-s3', s3Notice);
  next = addNotice(next, SOURCE, 'eks-left-out', leftOutNotice);
  return addNotice(next, SOURCE, 'eks-grafana', grafanaNotice);
}
