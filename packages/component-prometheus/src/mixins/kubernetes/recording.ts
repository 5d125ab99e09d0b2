import type { RecordingRule, RuleGroup } from '@mixstack/core';
import { type Duration, lines, record, recordGroup } from '@mixstack/kit';
import { by, le, leIn, m, on } from '../promql.js';
import { RECORDS, UPSTREAM_RECORDS } from '../records.js';
import type { MixinSelectors } from '../selectors.js';

/** API server verbs of short requests (the long-running WATCH and CONNECT are not in the SLO). */
export const READ_VERBS = 'verb=~"LIST|GET"';
export const WRITE_VERBS = 'verb=~"POST|PUT|PATCH|DELETE"';
const ALL_VERBS = 'verb=~"LIST|GET|POST|PUT|PATCH|DELETE"';
/** Subresources whose duration is the client's or the backend's, not the API server's. */
const PROXIED = 'subresource!~"proxy|attach|log|exec|portforward"';

/**
 * The `owner_kind` of an object without owner: kube-state-metrics 2.8 and later write "" (which
 * Prometheus stores as no label), older versions "<none>". A regex alternative, also empty.
 */
const NO_OWNER = '|<none>';
/** Owner kinds of pods that the rules above map: any other kind is a controller of its own. */
const DIRECT_OWNERS = 'ReplicaSet|DaemonSet|StatefulSet|Job|Node';

/** Windows of the API server burn rates: the short ones from raw rates, the long ones from hourly increases. */
export const BURN_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
const TILED_WINDOWS: ReadonlySet<string> = new Set(['1d', '3d']);

const BUCKET_1H = 'cluster_verb_scope_le:apiserver_request_sli_duration_seconds_bucket:increase1h';
const COUNT_1H = 'cluster_verb_scope:apiserver_request_sli_duration_seconds_count:increase1h';
const TOTAL_1H = 'code_verb:apiserver_request_total:increase1h';
/** The same over 30 days, recorded once for the availability and the API server dashboard's error budget. */
const increase30d = (name: string) => name.replace(/:increase1h$/, ':increase30d');

type Verbs = 'read' | 'write' | 'all';

/**
 * The share of API server requests that failed (5xx) or were slower than the SLO allows over
 * `window`: reads within 1 s for one object (scope `resource`), 5 s for a namespace, 30 s for
 * the cluster; writes within 1 s. Windows up to 6 hours use raw rates; 1 and 3 days sum the
 * hourly increases (`[1d:1h]` takes one per hour, which tile the window exactly) instead of
 * reading days of raw samples at every evaluation; 30 days reads the recorded 30-day increases.
 */
export function errorRatio(s: MixinSelectors, verbs: Verbs, window: Duration): string {
  const tiled = TILED_WINDOWS.has(window);
  const recorded30d = window === '30d';
  const verbMatchers: Record<Verbs, string> = { read: READ_VERBS, write: WRITE_VERBS, all: ALL_VERBS };
  const v = verbMatchers[verbs];
  /** The per-second rate (raw) or the increase (tiled) of a series; a verb matcher in `matchers` narrows `verbs`. */
  const over = (raw: string, recorded: string, ...matchers: string[]) => {
    const verb = matchers.find((matcher) => matcher.startsWith('verb')) ?? v;
    const rest = matchers.filter((matcher) => !matcher.startsWith('verb'));
    if (recorded30d) return m(increase30d(recorded), verb, ...rest);
    return tiled
      ? `sum_over_time(${m(recorded, verb, ...rest)}[${window}:1h])`
      : `rate(${m(raw, s.apiserver, verb, PROXIED, ...rest)}[${window}])`;
  };
  const count = `sum ${by()} (${over('apiserver_request_sli_duration_seconds_count', COUNT_1H)})`;
  const bucket = (...matchers: string[]) =>
    over('apiserver_request_sli_duration_seconds_bucket', BUCKET_1H, ...matchers);
  const readFast = [
    bucket(READ_VERBS, 'scope=~"resource|"', le(1)),
    bucket(READ_VERBS, 'scope="namespace"', le(5)),
    bucket(READ_VERBS, 'scope="cluster"', le(30)),
  ];
  const writeFast = [bucket(WRITE_VERBS, le(1))];
  const fast = { read: readFast, write: writeFast, all: [...readFast, ...writeFast] }[verbs];
  const total = `sum ${by()} (${over('apiserver_request_total', TOTAL_1H)})`;
  const errors = `sum ${by()} (${over('apiserver_request_total', TOTAL_1H, 'code=~"5.."')})`;
  return lines(
    '(',
    `  ${count}`,
    `  - sum ${by()} (${fast.join(' or ')})`,
    // No 5xx series at all is zero errors, not "no data".
    `  + (${errors} or 0 * ${total})`,
    ')',
    `/ ${total}`,
  );
}

/** Which control-plane targets the stack scrapes: no records of a target that is not scraped. */
export interface KubernetesRecordsOptions {
  kubeScheduler: boolean;
}

/**
 * kube-scheduler's latency quantiles, under the kubernetes-mixin's names. Kubernetes 1.23
 * renamed the end-to-end histogram `scheduler_e2e_scheduling_duration_seconds` to
 * `scheduler_scheduling_attempt_duration_seconds`, and `scheduler_binding_duration_seconds`
 * gave way to the `Bind` extension point of `scheduler_framework_extension_point_duration_seconds`;
 * current releases export neither old name. The records read the current metrics, so that the
 * upstream names keep their meaning on today's clusters (`scheduler_scheduling_algorithm_duration_seconds`
 * kept its name).
 */
function schedulerRecords(s: MixinSelectors): RecordingRule[] {
  const sources = [
    [
      UPSTREAM_RECORDS.schedulerE2eQuantile,
      'scheduler_scheduling_attempt_duration_seconds_bucket',
      [],
      ['profile', 'result'],
    ],
    [
      UPSTREAM_RECORDS.schedulerAlgorithmQuantile,
      'scheduler_scheduling_algorithm_duration_seconds_bucket',
      [],
      [],
    ],
    [
      UPSTREAM_RECORDS.schedulerBindingQuantile,
      'scheduler_framework_extension_point_duration_seconds_bucket',
      ['extension_point="Bind"'],
      ['profile'],
    ],
  ] as const;
  return sources.flatMap(([name, metric, matchers, labels]) =>
    (['0.99', '0.9', '0.5'] as const).map((quantile) =>
      record(
        name,
        `histogram_quantile(${quantile}, sum ${by(...labels, 'le')} (rate(${m(metric, s.kubeScheduler, ...matchers)}[5m])))`,
        { quantile },
      ),
    ),
  );
}

/**
 * Records of the kubernetes mixin: container usage and requests joined with their pod's node
 * and workload (what the compute-resources dashboards read), the API server's request rates,
 * latency, availability and burn rates, the kubelet's PLEG latency, and the scheduler's
 * latency where the stack scrapes it (not on a managed control plane).
 */
export function kubernetesRecordingRules(
  s: MixinSelectors,
  options: KubernetesRecordsOptions,
): RuleGroup<RecordingRule>[] {
  const ksm = (metric: string, ...matchers: string[]) => m(metric, s.kubeStateMetrics, ...matchers);
  const cadvisor = (metric: string) => m(metric, s.cadvisor, 'container!=""', 'image!=""');
  const pod = by('namespace', 'pod');
  const container = by('namespace', 'pod', 'container');
  const onPod = on('namespace', 'pod');
  const onNode = `* ${onPod} group_left (node) ${RECORDS.podNode}`;
  const active = `max ${pod} (${ksm('kube_pod_status_phase', 'phase=~"Pending|Running"')} == 1)`;
  const resource = (kind: 'requests' | 'limits', name: 'cpu' | 'memory') =>
    lines(
      `max ${by('namespace', 'pod', 'container', 'node')} (${ksm(`kube_pod_container_resource_${kind}`, `resource="${name}"`)})`,
      `* ${onPod} group_left () ${active}`,
    );
  /**
   * Pods whose owner is a `ownerKind` (ReplicaSet or Job), joined with what owns that owner
   * (`ownerMetric`, selected by `ownerMatcher`): the workload is named by `workloadFrom` (the
   * owner's owner, or the owner itself), and with `typeFromKind` the workload type is the
   * owner's owner's kind as kube-state-metrics writes it (`Rollout`, `CronJob`).
   */
  const ownedVia = (
    ownerKind: string,
    ownerMetric: string,
    ownerNameLabel: string,
    workloadFrom: string,
    ownerMatcher: string,
    typeFromKind = false,
  ) => {
    const named = `label_replace(${ksm(ownerMetric, ownerMatcher)}, "workload", "$1", "${workloadFrom}", "(.+)")`;
    const typed = typeFromKind
      ? `label_replace(${named}, "workload_type", "$1", "owner_kind", "(.+)")`
      : named;
    const joined = typeFromKind ? ['workload', 'workload_type'] : ['workload'];
    return lines(
      `max ${by('namespace', ...joined, 'pod')} (`,
      `  ${ksm('kube_pod_owner', `owner_kind="${ownerKind}"`)}`,
      `  * ${on('namespace', 'owner_name')} group_left (${joined.join(', ')})`,
      `  max ${by('namespace', 'owner_name', ...joined)} (`,
      `    label_replace(${typed}, "owner_name", "$1", "${ownerNameLabel}", "(.+)")`,
      '  )',
      ')',
    );
  };
  /** Pods of ReplicaSets, and of Jobs, whose own owner matches `ownerMatcher` (see ownedVia). */
  const viaReplicaSet = (workloadFrom: string, ownerMatcher: string, typeFromKind = false) =>
    ownedVia('ReplicaSet', 'kube_replicaset_owner', 'replicaset', workloadFrom, ownerMatcher, typeFromKind);
  const viaJob = (workloadFrom: string, ownerMatcher: string, typeFromKind = false) =>
    ownedVia('Job', 'kube_job_owner', 'job_name', workloadFrom, ownerMatcher, typeFromKind);
  /** Pods owned directly by `ownerMatcher`, named after their owner or (static and bare pods) themselves. */
  const ownedDirectly = (ownerMatcher: string, workloadFrom: 'owner_name' | 'pod' = 'owner_name') =>
    `max ${by('namespace', 'workload', 'pod')} (label_replace(${ksm('kube_pod_owner', ownerMatcher)}, "workload", "$1", "${workloadFrom}", "(.+)"))`;
  /** Pods of any other controller: the workload type is its kind, as the cluster names it (`StrimziPodSet`). */
  const ownedByOtherController = lines(
    `max ${by('namespace', 'workload', 'workload_type', 'pod')} (`,
    `  label_replace(label_replace(${ksm('kube_pod_owner', `owner_kind!~"${NO_OWNER}|${DIRECT_OWNERS}"`, 'owner_is_controller="true"')}, "workload", "$1", "owner_name", "(.+)"), "workload_type", "$1", "owner_kind", "(.+)")`,
    ')',
  );
  const api = (metric: string, ...matchers: string[]) => m(metric, s.apiserver, ...matchers);
  const burnRecords = {
    '5m': RECORDS.apiserverBurnRate5m,
    '30m': RECORDS.apiserverBurnRate30m,
    '1h': RECORDS.apiserverBurnRate1h,
    '2h': RECORDS.apiserverBurnRate2h,
    '6h': RECORDS.apiserverBurnRate6h,
    '1d': RECORDS.apiserverBurnRate1d,
    '3d': RECORDS.apiserverBurnRate3d,
  } as const;
  const kubeletNode = `max ${by('instance', 'node')} (${m('kubelet_node_name', s.kubelet)})`;

  return [
    recordGroup('k8s.container_usage.rules', [
      // One node per pod (topk: a pod that moved has two kube_pod_info series for a while).
      record(
        RECORDS.podNode,
        `topk ${pod} (1, max ${by('namespace', 'pod', 'node')} (${ksm('kube_pod_info', 'node!=""')}))`,
      ),
      record(
        RECORDS.containerCpuUsageRate,
        lines(`sum ${container} (rate(${cadvisor('container_cpu_usage_seconds_total')}[5m]))`, onNode),
      ),
      // The same from the last two samples: upstream's pod and workload dashboards read it.
      record(
        UPSTREAM_RECORDS.containerCpuUsageIrate,
        lines(`sum ${container} (irate(${cadvisor('container_cpu_usage_seconds_total')}[5m]))`, onNode),
      ),
      record(
        RECORDS.containerMemoryWorkingSet,
        lines(`max ${container} (${cadvisor('container_memory_working_set_bytes')})`, onNode),
      ),
      record(
        RECORDS.containerMemoryRss,
        lines(`max ${container} (${cadvisor('container_memory_rss')})`, onNode),
      ),
      record(
        RECORDS.containerMemoryCache,
        lines(`max ${container} (${cadvisor('container_memory_cache')})`, onNode),
      ),
      record(
        RECORDS.containerMemorySwap,
        lines(`max ${container} (${cadvisor('container_memory_swap')})`, onNode),
      ),
    ]),
    recordGroup('k8s.container_resource.rules', [
      // Requests and limits of pods that hold them: Pending (being scheduled) or Running.
      record(RECORDS.podCpuRequests, resource('requests', 'cpu')),
      record(RECORDS.podMemoryRequests, resource('requests', 'memory')),
      record(RECORDS.podCpuLimits, resource('limits', 'cpu')),
      record(RECORDS.podMemoryLimits, resource('limits', 'memory')),
      record(RECORDS.namespaceCpuRequests, `sum ${by('namespace')} (${RECORDS.podCpuRequests})`),
      record(RECORDS.namespaceMemoryRequests, `sum ${by('namespace')} (${RECORDS.podMemoryRequests})`),
      record(RECORDS.namespaceCpuLimits, `sum ${by('namespace')} (${RECORDS.podCpuLimits})`),
      record(RECORDS.namespaceMemoryLimits, `sum ${by('namespace')} (${RECORDS.podMemoryLimits})`),
    ]),
    recordGroup('k8s.pod_owner.rules', [
      record(RECORDS.podWorkload, viaReplicaSet('owner_name', 'owner_kind="Deployment"'), {
        workload_type: 'deployment',
      }),
      record(RECORDS.podWorkload, viaReplicaSet('replicaset', `owner_kind=~"${NO_OWNER}"`), {
        workload_type: 'replicaset',
      }),
      record(RECORDS.podWorkload, ownedDirectly('owner_kind="DaemonSet"'), { workload_type: 'daemonset' }),
      record(RECORDS.podWorkload, ownedDirectly('owner_kind="StatefulSet"'), {
        workload_type: 'statefulset',
      }),
      // Jobs without an owner, or created by a pod (a load-test runner): the Job is the workload.
      record(RECORDS.podWorkload, viaJob('job_name', `owner_kind=~"${NO_OWNER}|Pod"`), {
        workload_type: 'job',
      }),
      // Pods without an owner; static pods, which the kubelet runs from a manifest on its node.
      record(RECORDS.podWorkload, ownedDirectly(`owner_kind=~"${NO_OWNER}"`, 'pod'), {
        workload_type: 'barepod',
      }),
      record(RECORDS.podWorkload, ownedDirectly('owner_kind="Node"', 'pod'), { workload_type: 'staticpod' }),
      // Pods of any other controller, whose kind is the workload type: through ReplicaSets
      // (Argo Rollouts' Rollout), through Jobs (CronJob, KEDA's ScaledJob), or directly
      // (Strimzi's StrimziPodSet). One rule: promtool rejects two of one name and labels.
      record(
        RECORDS.podWorkload,
        [
          viaReplicaSet('owner_name', `owner_kind!~"${NO_OWNER}|Deployment"`, true),
          viaJob('owner_name', `owner_kind!~"${NO_OWNER}|Pod"`, true),
          ownedByOtherController,
        ].join('\nor\n'),
      ),
    ]),
    recordGroup('kube-apiserver-requests.rules', [
      record(
        RECORDS.apiserverRequestRate,
        `sum ${by('code', 'resource')} (rate(${api('apiserver_request_total', READ_VERBS)}[5m]))`,
        { verb: 'read' },
      ),
      record(
        RECORDS.apiserverRequestRate,
        `sum ${by('code', 'resource')} (rate(${api('apiserver_request_total', WRITE_VERBS)}[5m]))`,
        { verb: 'write' },
      ),
      record(
        RECORDS.apiserverLatencyQuantile,
        `histogram_quantile(0.99, sum ${by('resource', 'le')} (rate(${api('apiserver_request_sli_duration_seconds_bucket', READ_VERBS, PROXIED)}[5m])))`,
        { verb: 'read', quantile: '0.99' },
      ),
      record(
        RECORDS.apiserverLatencyQuantile,
        `histogram_quantile(0.99, sum ${by('resource', 'le')} (rate(${api('apiserver_request_sli_duration_seconds_bucket', WRITE_VERBS, PROXIED)}[5m])))`,
        { verb: 'write', quantile: '0.99' },
      ),
    ]),
    recordGroup('kube-apiserver-availability.rules', [
      // Hourly increases, per verb and scope: the long windows sum them instead of raw samples.
      record(
        BUCKET_1H,
        `sum ${by('verb', 'scope', 'le')} (increase(${api('apiserver_request_sli_duration_seconds_bucket', ALL_VERBS, PROXIED, leIn(1, 5, 30))}[1h]))`,
      ),
      record(
        COUNT_1H,
        `sum ${by('verb', 'scope')} (increase(${api('apiserver_request_sli_duration_seconds_count', ALL_VERBS, PROXIED)}[1h]))`,
      ),
      record(
        TOTAL_1H,
        `sum ${by('code', 'verb')} (increase(${api('apiserver_request_total', ALL_VERBS, PROXIED)}[1h]))`,
      ),
      record(
        increase30d(BUCKET_1H),
        `sum ${by('verb', 'scope', 'le')} (sum_over_time(${BUCKET_1H}[30d:1h]))`,
      ),
      record(increase30d(COUNT_1H), `sum ${by('verb', 'scope')} (sum_over_time(${COUNT_1H}[30d:1h]))`),
      record(increase30d(TOTAL_1H), `sum ${by('code', 'verb')} (sum_over_time(${TOTAL_1H}[30d:1h]))`),
      record(
        'code:apiserver_request_total:increase30d',
        `sum ${by('code')} (${m(increase30d(TOTAL_1H), READ_VERBS)})`,
        {
          verb: 'read',
        },
      ),
      record(
        'code:apiserver_request_total:increase30d',
        `sum ${by('code')} (${m(increase30d(TOTAL_1H), WRITE_VERBS)})`,
        {
          verb: 'write',
        },
      ),
      record(RECORDS.apiserverAvailability30d, `1 - ${errorRatio(s, 'all', '30d')}`, { verb: 'all' }),
      record(RECORDS.apiserverAvailability30d, `1 - ${errorRatio(s, 'read', '30d')}`, { verb: 'read' }),
      record(RECORDS.apiserverAvailability30d, `1 - ${errorRatio(s, 'write', '30d')}`, { verb: 'write' }),
    ]),
    recordGroup(
      'kube-apiserver-burnrate.rules',
      (['read', 'write'] as const).flatMap((verb) =>
        BURN_WINDOWS.map((window) => record(burnRecords[window], errorRatio(s, verb, window), { verb })),
      ),
    ),
    ...(s.schedulerAndControllerManagerScraped && options.kubeScheduler
      ? [recordGroup('kube-scheduler.rules', schedulerRecords(s))]
      : []),
    recordGroup(
      'kubelet.rules',
      (['0.99', '0.9', '0.5'] as const).map((quantile) =>
        record(
          RECORDS.kubeletPlegQuantile,
          lines(
            `histogram_quantile(${quantile}, sum ${by('node', 'le')} (`,
            `  rate(${m('kubelet_pleg_relist_duration_seconds_bucket', s.kubelet)}[5m])`,
            `  * ${on('instance')} group_left (node) ${kubeletNode}`,
            '))',
          ),
          { quantile },
        ),
      ),
    ),
  ];
}
