import {
  addMixin,
  addNetworkClient,
  addPatch,
  addScrapeTarget,
  type BuildContext,
  type BuiltObjects,
  type ComponentContracts,
  defineComponent,
  type Notice,
  type ScrapeTarget,
  type Sections,
  type Stack,
  type StackView,
} from '@mixstack/core';
import { selectorLabels } from '@mixstack/kit';
import { type AlloyOptions, type AlloyValues, alloySchema, defaultAlloyValues } from './config.js';
import { configMap } from './manifests/config-map.js';
import {
  COMPONENT,
  componentLabels,
  contextOf,
  NAME,
  nodeLogsNamespace,
  PROFILER_NAME,
  PROFILER_TARGET,
  profilerLabels,
  profilerNamespace as profilerNamespaceOf,
} from './manifests/context.js';
import { daemonSet } from './manifests/daemon-set.js';
import { namespace, networkPolicyDefaultDeny } from './manifests/namespace.js';
import { networkPolicy } from './manifests/network-policy.js';
import {
  PROFILER_CAPABILITY_NAMES,
  profilerClusterRole,
  profilerClusterRoleBinding,
  profilerConfigMap,
  profilerDaemonSet,
  profilerNamespace,
  profilerNetworkPolicy,
  profilerNetworkPolicyDefaultDeny,
  profilerService,
  profilerServiceAccount,
} from './manifests/profiler.js';
import { clusterRole, clusterRoleBinding } from './manifests/rbac.js';
import { profilerScrapeTarget, scrapeTarget } from './manifests/scrape-target.js';
import { clusterService, otlpService, service } from './manifests/service.js';
import { serviceAccount } from './manifests/service-account.js';
import { alloyMixin, MIXIN_NAME } from './mixin/mixin.js';
import { pipelineNeeds } from './pipelines/index.js';
import { ALLOY_IMAGE } from './versions.js';

/** The package: the `source` of everything it adds to a stack, named in problems and conflicts. */
const SOURCE = '@mixstack/component-alloy';

/** The notice shown when the stack has Alloy and no pipeline for it. */
export const NO_PIPELINE_NOTICE = 'alloy-no-pipeline';

/**
 * Its objects by key (`alloy/daemonSet` is the address of `alloy-daemonSet.yaml`). Without a
 * pipeline there is nothing to collect, and nothing is rendered. The collector DaemonSet runs
 * when a pipeline has work for it; the eBPF profiler (`profiler*`) when a profiles pipeline
 * asks for `ebpf`.
 */
function build(ctx: BuildContext<AlloyValues>): BuiltObjects {
  if (Object.keys(ctx.collectorPipelines).length === 0) return {};
  const c = contextOf(ctx);
  const profiler = {
    profilerNamespace: profilerNamespace(c),
    profilerNetworkPolicyDefaultDeny: profilerNetworkPolicyDefaultDeny(c),
    profilerServiceAccount: profilerServiceAccount(c),
    profilerClusterRole: profilerClusterRole(c),
    profilerClusterRoleBinding: profilerClusterRoleBinding(c),
    profilerConfigMap: profilerConfigMap(c),
    profilerDaemonSet: profilerDaemonSet(c),
    profilerService: profilerService(c),
    profilerNetworkPolicy: profilerNetworkPolicy(c),
  };
  if (!c.needs.collector) return profiler;
  return {
    ...profiler,
    namespace: namespace(c),
    networkPolicyDefaultDeny: networkPolicyDefaultDeny(c),
    serviceAccount: serviceAccount(c),
    clusterRole: clusterRole(c),
    clusterRoleBinding: clusterRoleBinding(c),
    configMap: configMap(c),
    daemonSet: daemonSet(c),
    service: service(c),
    clusterService: clusterService(c),
    otlpService: otlpService(c),
    networkPolicy: networkPolicy(c),
  };
}

/**
 * What others may adjust or need to know (DESIGN.md §8): its containers and their resources
 * (`setResources`: `alloy`, and `alloy-profiler`, the eBPF profiler's) with the options that set
 * them (so that a stack-wide sizing scales the defaults' requests but never what the user
 * passed), the `metrics` role (the stack's scraper reaches it) and the `collector` role (a log
 * store sees that the stack collects its pipelines). No replicas: both are DaemonSets, one pod
 * per node.
 */
function contracts(values: AlloyValues): ComponentContracts {
  return {
    containers: { [NAME]: values.resources, [PROFILER_NAME]: values.profiler.resources },
    resourceOptions: { [NAME]: 'resources', [PROFILER_NAME]: 'profiler.resources' },
    roles: ['metrics', 'collector'],
  };
}

/** Its selector labels, whatever the image (they carry no version). */
const podLabels = () => selectorLabels(componentLabels(ALLOY_IMAGE));
const profilerPodLabels = () => selectorLabels(profilerLabels(ALLOY_IMAGE));

/**
 * The pipelines are a section, which lazy contributions do not see: the scrape target's
 * namespace (its own with host access) and the notice are settled here, once the sections are
 * resolved. Without a pipeline the scrape target and the mixin go (there are no pods to
 * scrape or alert on) and a notice says why nothing is rendered. With profiles pipelines that
 * only ask for eBPF, the collector DaemonSet does not run either: its target and mixin go (its
 * AlloyDown would fire for pods that are not meant to be); with eBPF the profiler's pods are a
 * scrape target of their own, `alloy-profiler`, in the profiler's namespace.
 */
function withPipelines(
  sections: Sections,
  view: StackView,
  values: AlloyValues | undefined,
  common: Parameters<typeof nodeLogsNamespace>[1],
): Sections {
  if (!view.has(COMPONENT) || values === undefined) return sections;
  const { [COMPONENT]: target, ...otherTargets } = sections.scrapeTargets;
  if (Object.keys(sections.collectorPipelines).length === 0) {
    const notice: Notice = {
      level: 'info',
      message:
        'alloy renders nothing: no package of the stack asks it to collect a signal (add loki() for logs, for example)',
    };
    // Without pods its alerts would only say that there are none (AlloyDown).
    const { [MIXIN_NAME]: _mixin, ...otherMixins } = sections.mixins;
    return {
      ...sections,
      mixins: otherMixins,
      scrapeTargets: otherTargets,
      notices: { ...sections.notices, [NO_PIPELINE_NOTICE]: notice },
    };
  }
  if (!target) return sections;
  const needs = pipelineNeeds(sections.collectorPipelines);
  const profiler: Record<string, ScrapeTarget> = needs.ebpf
    ? { [PROFILER_TARGET]: profilerScrapeTarget(profilerNamespaceOf(values, common)) }
    : {};
  if (!needs.collector) {
    const { [MIXIN_NAME]: _mixin, ...otherMixins } = sections.mixins;
    return { ...sections, mixins: otherMixins, scrapeTargets: { ...otherTargets, ...profiler } };
  }
  const collector = needs.nodeLogFiles ? { ...target, namespace: nodeLogsNamespace(values, common) } : target;
  return {
    ...sections,
    scrapeTargets: { ...sections.scrapeTargets, [COMPONENT]: collector, ...profiler },
  };
}

/**
 * What comes with it: its mixin, its scrape target, and its pods as a network client of every
 * component that plays `ingest` (Loki admits them without naming Alloy). The client is given
 * in both namespaces the pods may run in: lazy contributions cannot see the pipelines that
 * decide which (see the package README).
 */
function extend(stack: Stack): Stack {
  let next = addMixin(stack, SOURCE, MIXIN_NAME, (values, view) =>
    view.has(COMPONENT) ? alloyMixin(values.common.multiCluster) : undefined,
  );
  next = addScrapeTarget(next, SOURCE, COMPONENT, (values, view) =>
    view.has(COMPONENT) ? scrapeTarget(values.common.namespace) : undefined,
  );
  next = addNetworkClient(next, SOURCE, 'alloy', { podLabels: podLabels(), reaches: ['@ingest'] });
  next = addNetworkClient(next, SOURCE, 'alloy-node-logs', (values) => {
    // A derived name too long for a namespace is reported by the build in files mode, where it is used.
    const own = (values[COMPONENT] ?? {}) as Pick<AlloyValues, 'namespace'>;
    const namespace = own.namespace || `${values.common.namespace}-alloy`;
    return namespace.length > 63 ? undefined : { namespace, podLabels: podLabels(), reaches: ['@ingest'] };
  });
  // The eBPF profiler pushes to the profile store from its own namespace (given whether or
  // not a pipeline asks for it, like alloy-node-logs: the pipelines are not visible here).
  next = addNetworkClient(next, SOURCE, PROFILER_NAME, (values) => {
    const own = (values[COMPONENT] ?? {}) as { profiler?: { namespace?: string } };
    const namespace = own.profiler?.namespace || `${values.common.namespace}-profiler`;
    return namespace.length > 63
      ? undefined
      : { namespace, podLabels: profilerPodLabels(), reaches: ['@ingest'] };
  });
  return addPatch(next, {
    id: 'alloy-collector-pipelines',
    source: SOURCE,
    target: 'sections',
    order: -100,
    apply: (sections, { values, stack: view }) =>
      withPipelines(sections, view, values[COMPONENT] as AlloyValues | undefined, values.common),
  });
}

/** Why the DaemonSet may break two safety checks, in files mode only. */
export const NODE_LOG_FILES_REASON =
  "reading the node's log files (a pipeline with source: 'files'), Alloy mounts /var/log/pods read-only and a directory of the node for the positions it has read, and runs as root, the only user that can read the kubelet's log files (every capability dropped, no privilege escalation, read-only root filesystem). It then runs in its own namespace labelled for the Pod Security level privileged, with nothing else in it; reading through the API it runs in the stack's namespace, whose restricted level the pod-security-admission check still enforces";

/**
 * Why the eBPF profiler may break two safety checks. It names exactly the capabilities its
 * container adds: both come from `PROFILER_CAPABILITY_NAMES`.
 */
export const EBPF_PROFILER_REASON = `profiling every process of the node with eBPF (a profiles pipeline with ebpf: true), the DaemonSet alloy-profiler shares the host's PID namespace (hostPID), mounts the node's /sys/kernel/tracing read-only and runs as root with every capability dropped but ${PROFILER_CAPABILITY_NAMES.join(', ')} (not privileged, no privilege escalation, read-only root filesystem, RuntimeDefault seccomp). It is a DaemonSet apart from the collector, which receives OTLP from every application, and runs in its own namespace labelled for the Pod Security level privileged, with nothing else in it`;

/**
 * The one collector DaemonSet of the stack (Grafana Alloy 1.18): it renders the pipelines
 * other packages contribute (`addCollectorPipeline`), one chain per pipeline, and knows none
 * of their stores.
 *
 * ```ts
 * createStack({ namespace: 'monitoring' }, [loki(), alloy()]);
 * ```
 */
export const alloy = defineComponent<AlloyValues, AlloyOptions>({
  name: COMPONENT,
  source: SOURCE,
  schema: alloySchema,
  defaults: defaultAlloyValues,
  contracts,
  extend,
  build,
  exceptions: [
    { key: 'daemonSet', check: 'host-access', reason: NODE_LOG_FILES_REASON },
    { key: 'daemonSet', check: 'pod-security-restricted', reason: NODE_LOG_FILES_REASON },
    { key: 'profilerDaemonSet', check: 'host-access', reason: EBPF_PROFILER_REASON },
    { key: 'profilerDaemonSet', check: 'pod-security-restricted', reason: EBPF_PROFILER_REASON },
  ],
});
