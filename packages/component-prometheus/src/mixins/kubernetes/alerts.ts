import type { AlertingRule, RuleGroup } from '@mixstack/core';
import { alert, alertGroup, type Duration, lines, type Severity } from '@mixstack/kit';
import { by, days, m, on } from '../promql.js';
import { RECORDS } from '../records.js';
import type { MixinSelectors } from '../selectors.js';

/** Which control-plane targets the stack scrapes: a target that is not scraped must not page as "down". */
export interface KubernetesAlertsOptions {
  kubelet: boolean;
  apiserver: boolean;
  kubeScheduler: boolean;
  kubeControllerManager: boolean;
}

/** The job name of a selector such as `job="kubelet", metrics_path="/metrics"`. */
function jobOf(selector: string): string {
  const match = /job="([^"]+)"/.exec(selector);
  if (!match) throw new Error(`selector without a job: ${selector}`);
  return match[1]!;
}

/**
 * No target of `selector` can be scraped: none is up (the value is how many are down), or
 * none is discovered at all (absent: then no series says which cluster, and the external
 * label names it on the way to Alertmanager; with `multiCluster`, once per cluster).
 */
function allDown(selector: string, multiCluster: boolean): string {
  const up = m('up', selector);
  const downOnly = `count ${by()} (${up}) unless ${on()} (${up} == 1)`;
  // Several clusters in one store: absent() would say nothing while any cluster still has the
  // targets, and could not say which cluster lost them. A cluster that reports any target (it
  // has some `up` series) but none of these has lost them.
  if (multiCluster) return lines(downOnly, `or (group ${by()} (up) unless ${on()} group ${by()} (${up}))`);
  return lines(downOnly, `or absent(${up})`);
}

/** One target of `selector` cannot be scraped while others can (all down is the `...Down` alert). */
function oneDown(selector: string, ...labels: string[]): string {
  const up = m('up', selector);
  return lines(`max ${by('instance', ...labels)} (${up}) == 0`, `and ${on()} count ${by()} (${up} == 1)`);
}

/**
 * Alerts of the kubernetes mixin, in kube-prometheus' groups: workloads (apps), resources,
 * storage, system, kubelet, API server, and the scheduler and controller manager when the
 * stack scrapes them (not on a managed control plane).
 */
export function kubernetesAlerts(
  s: MixinSelectors,
  options: KubernetesAlertsOptions,
): RuleGroup<AlertingRule>[] {
  const ksm = (metric: string, ...matchers: string[]) => m(metric, s.kubeStateMetrics, ...matchers);
  const kubelet = (metric: string, ...matchers: string[]) => m(metric, s.kubelet, ...matchers);
  const api = (metric: string, ...matchers: string[]) => m(metric, s.apiserver, ...matchers);
  /** `max by (cluster, <labels>) (<ksm metric>)`: one series per object, whatever the number of KSM replicas. */
  const per = (labels: string[], metric: string, ...matchers: string[]) =>
    `max ${by(...labels)} (${ksm(metric, ...matchers)})`;
  const deployment = ['namespace', 'deployment'];
  const statefulset = ['namespace', 'statefulset'];
  const daemonset = ['namespace', 'daemonset'];
  const hpa = ['namespace', 'horizontalpodautoscaler'];
  const pvc = ['namespace', 'persistentvolumeclaim'];
  /** Joins a per-`instance` kubelet series with the node it runs on. */
  const onKubeletNode = `* ${on('instance')} group_left (node) max ${by('instance', 'node')} (${kubelet('kubelet_node_name')})`;
  const podNotReadyLine = 'Pod {{ $labels.namespace }}/{{ $labels.pod }}';
  const containerOf = 'Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }}';
  const dep = 'Deployment {{ $labels.namespace }}/{{ $labels.deployment }}';
  const sts = 'StatefulSet {{ $labels.namespace }}/{{ $labels.statefulset }}';
  const ds = 'DaemonSet {{ $labels.namespace }}/{{ $labels.daemonset }}';
  const hpaName = 'HorizontalPodAutoscaler {{ $labels.namespace }}/{{ $labels.horizontalpodautoscaler }}';
  const claim = 'PersistentVolumeClaim {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }}';
  const quota = 'quota {{ $labels.resourcequota }} of namespace {{ $labels.namespace }}';
  const scraped = s.schedulerAndControllerManagerScraped;
  /** The control-plane jobs the stack scrapes, whose versions must agree. */
  const versionedJobs = [
    s.apiserver,
    s.kubelet,
    ...(scraped && options.kubeControllerManager ? [s.kubeControllerManager] : []),
    ...(scraped && options.kubeScheduler ? [s.kubeScheduler] : []),
  ].map(jobOf);

  const volumeLeft = (free: string, size: string) =>
    `max ${by(...pvc)} (${kubelet(free)}) * 100 / max ${by(...pvc)} (${kubelet(size)})`;
  const volumeAlert = (
    name: string,
    what: 'space' | 'inodes',
    [free, size, used]: [string, string, string],
  ): AlertingRule[] => {
    const guard = lines(
      `and ${on(...pvc)} max ${by(...pvc)} (${kubelet(used)}) > 0`,
      // A read-only-many claim cannot be written to; filling up is not its failure mode.
      `unless ${on(...pvc)} max ${by(...pvc)} (${ksm('kube_persistentvolumeclaim_access_mode', 'access_mode="ReadOnlyMany"')}) == 1`,
      // The opt-out: a claim labelled `excluded_from_alerts: "true"` (kube-state-metrics exports
      // the label because its Deployment allow-lists it).
      `unless ${on(...pvc)} max ${by(...pvc)} (${ksm('kube_persistentvolumeclaim_labels', 'label_excluded_from_alerts="true"')}) == 1`,
    );
    const noun = what === 'space' ? 'space' : 'inodes';
    return [
      alert({
        alert: name,
        severity: 'critical',
        expr: lines(`${volumeLeft(free, size)} < 3`, guard),
        for: '1m',
        summary: `A persistent volume is almost out of ${noun}.`,
        description: `${claim} has {{ printf "%.1f" $value }}% of its ${noun} left.`,
      }),
      alert({
        alert: name,
        severity: 'warning',
        expr: lines(
          `${volumeLeft(free, size)} < 15`,
          `and ${on(...pvc)} max ${by(...pvc)} (predict_linear(${kubelet(free)}[6h], ${days(4)})) < 0`,
          guard,
        ),
        for: '1h',
        summary: `A persistent volume is predicted to run out of ${noun} within 4 days.`,
        description: `${claim} has {{ printf "%.1f" $value }}% of its ${noun} left and, at the rate of the last 6 hours, runs out within 4 days.`,
      }),
    ];
  };

  const overcommit = (resource: 'cpu' | 'memory'): string => {
    const requests = `sum ${by()} (${resource === 'cpu' ? RECORDS.namespaceCpuRequests : RECORDS.namespaceMemoryRequests})`;
    const allocatable = ksm('kube_node_status_allocatable', `resource="${resource}"`);
    const nodeCount = `count ${by()} (${allocatable})`;
    return lines(
      // Several nodes: the requests must fit on the others when the largest one fails.
      `${requests} - (sum ${by()} (${allocatable}) - max ${by()} (${allocatable})) > 0`,
      `and ${on()} ${nodeCount} > 1`,
      // A single node has no other to fail over to: its requests must fit on it.
      `or ${requests} - sum ${by()} (${allocatable}) > 0`,
      `and ${on()} ${nodeCount} == 1`,
    );
  };
  const quotaOvercommit = (resource: 'cpu' | 'memory'): string =>
    lines(
      `sum ${by()} (min without (resource) (${ksm('kube_resourcequota', 'type="hard"', `resource=~"(requests.)?${resource}"`)}))`,
      `/ sum ${by()} (${ksm('kube_node_status_allocatable', `resource="${resource}"`)})`,
      '> 1.5',
    );
  const quotaUse = lines(
    `max ${by('namespace', 'resourcequota', 'resource')} (${ksm('kube_resourcequota', 'type="used"')})`,
    `/ ${on('namespace', 'resourcequota', 'resource')} (max ${by('namespace', 'resourcequota', 'resource')} (${ksm('kube_resourcequota', 'type="hard"')}) > 0)`,
  );

  const certificate = (name: string, metric: string, which: string): AlertingRule[] =>
    (
      [
        ['warning', 7, '7 days'],
        ['critical', 1, '24 hours'],
      ] as const
    ).map(([severity, daysLeft, within]) =>
      alert({
        alert: name,
        severity,
        expr: lines(`min ${by('instance')} (${kubelet(metric)})`, onKubeletNode, `< ${days(daysLeft)}`),
        for: '5m',
        summary: `The ${which} certificate of a kubelet expires within ${within}.`,
        description: `The ${which} certificate of the kubelet of node {{ $labels.node }} expires in {{ $value | humanizeDuration }}.`,
      }),
    );
  const renewalErrors = (name: string, metric: string, which: string) =>
    alert({
      alert: name,
      severity: 'warning',
      expr: lines(`sum ${by('instance')} (increase(${kubelet(metric)}[5m]))`, onKubeletNode, '> 0'),
      for: '15m',
      summary: `A kubelet fails to renew its ${which} certificate.`,
      description: `The kubelet of node {{ $labels.node }} failed to renew its ${which} certificate {{ printf "%.0f" $value }} time(s) in 5 minutes.`,
    });

  const burn = (
    severity: Severity,
    long: Duration,
    short: Duration,
    factor: number,
    wait: Duration,
    pace: string,
  ) =>
    alert({
      alert: 'KubeAPIErrorBudgetBurn',
      severity,
      expr: lines(
        `${RECORDS[`apiserverBurnRate${long}` as keyof typeof RECORDS]} > (${factor} * 0.01)`,
        `and ${on('verb')} ${RECORDS[`apiserverBurnRate${short}` as keyof typeof RECORDS]} > (${factor} * 0.01)`,
      ),
      for: wait,
      labels: { long, short },
      summary: `The API server burns its error budget ${pace}.`,
      // Rule labels are not in $labels (templates see the expression's labels): the windows are written in.
      description: `{{ $value | humanizePercentage }} of the {{ $labels.verb }} requests to the API server failed or were too slow over the last ${long} (and still over the last ${short}): at this pace the 30-day error budget of its 99% objective is gone ${pace === 'fast' ? 'within days' : 'before the month ends'}.`,
    });

  const groups: RuleGroup<AlertingRule>[] = [
    alertGroup('kubernetes-apps', [
      alert({
        alert: 'KubePodCrashLooping',
        severity: 'warning',
        expr: `max ${by('namespace', 'pod', 'container')} (max_over_time(${ksm('kube_pod_container_status_waiting_reason', 'reason="CrashLoopBackOff"')}[5m])) >= 1`,
        for: '15m',
        summary: 'A container is crash looping.',
        description: `${containerOf} is in CrashLoopBackOff: it keeps exiting, and Kubernetes waits longer before each restart.`,
      }),
      alert({
        alert: 'KubePodNotReady',
        severity: 'warning',
        expr: lines(
          '(',
          `  ${per(['namespace', 'pod'], 'kube_pod_status_phase', 'phase=~"Pending|Unknown"')} == 1`,
          '  or (',
          `    ${per(['namespace', 'pod'], 'kube_pod_status_ready', 'condition="false"')} == 1`,
          `    and ${on('namespace', 'pod')} ${per(['namespace', 'pod'], 'kube_pod_status_phase', 'phase="Running"')} == 1`,
          '  )',
          ')',
          // Pods of Jobs have their own alerts (KubeJobNotCompleted, KubeJobFailed).
          `unless ${on('namespace', 'pod')} ${per(['namespace', 'pod'], 'kube_pod_owner', 'owner_kind="Job"')}`,
          // Pods held by scheduling gates wait on purpose, until a controller (a queue) admits them.
          `unless ${on('namespace', 'pod')} ${per(['namespace', 'pod'], 'kube_pod_status_reason', 'reason="SchedulingGated"')} == 1`,
        ),
        for: '15m',
        summary: 'A pod has not been ready for 15 minutes.',
        description: `${podNotReadyLine} has been pending, unknown or running without being ready for 15 minutes.`,
      }),
      alert({
        alert: 'KubeDeploymentGenerationMismatch',
        severity: 'warning',
        expr: `${per(deployment, 'kube_deployment_status_observed_generation')} != ${per(deployment, 'kube_deployment_metadata_generation')}`,
        for: '15m',
        summary: 'A deployment change has not been picked up.',
        description: `The deployment controller has not acted on the latest change of ${dep} for 15 minutes; its rollout has not started.`,
      }),
      alert({
        alert: 'KubeDeploymentReplicasMismatch',
        severity: 'warning',
        expr: lines(
          `${per(deployment, 'kube_deployment_spec_replicas')} > ${per(deployment, 'kube_deployment_status_replicas_available')}`,
          `and ${on(...deployment)} max ${by(...deployment)} (changes(${ksm('kube_deployment_status_replicas_updated')}[10m])) == 0`,
        ),
        for: '15m',
        summary: 'A deployment has fewer available replicas than desired.',
        description: `${dep} has had fewer available replicas than its {{ $value }} desired for 15 minutes, and no rollout is making progress.`,
      }),
      alert({
        alert: 'KubeDeploymentRolloutStuck',
        severity: 'warning',
        expr: `${per(deployment, 'kube_deployment_status_condition', 'condition="Progressing"', 'status="false"')} != 0`,
        for: '15m',
        summary: 'A deployment rollout is stuck.',
        description: `The rollout of ${dep} exceeded its progress deadline: new pods do not become available.`,
      }),
      alert({
        alert: 'KubeStatefulSetReplicasMismatch',
        severity: 'warning',
        expr: lines(
          `${per(statefulset, 'kube_statefulset_status_replicas_ready')} != ${per(statefulset, 'kube_statefulset_replicas')}`,
          `and ${on(...statefulset)} max ${by(...statefulset)} (changes(${ksm('kube_statefulset_status_replicas_updated')}[10m])) == 0`,
        ),
        for: '15m',
        summary: 'A statefulset has not the desired number of ready replicas.',
        description: `${sts} has had {{ $value }} ready replica(s), not the number it asks for, for 15 minutes.`,
      }),
      alert({
        alert: 'KubeStatefulSetGenerationMismatch',
        severity: 'warning',
        expr: `${per(statefulset, 'kube_statefulset_status_observed_generation')} != ${per(statefulset, 'kube_statefulset_metadata_generation')}`,
        for: '15m',
        summary: 'A statefulset change has not been picked up.',
        description: `The statefulset controller has not acted on the latest change of ${sts} for 15 minutes; its rollout has not started.`,
      }),
      alert({
        alert: 'KubeStatefulSetUpdateNotRolledOut',
        severity: 'warning',
        expr: lines(
          `max ${by(...statefulset)} (`,
          `  ${ksm('kube_statefulset_status_current_revision')}`,
          `  unless ${on(...statefulset, 'revision')} ${ksm('kube_statefulset_status_update_revision')}`,
          ')',
          `and ${on(...statefulset)} (${per(statefulset, 'kube_statefulset_replicas')} != ${per(statefulset, 'kube_statefulset_status_replicas_updated')})`,
          `and ${on(...statefulset)} max ${by(...statefulset)} (changes(${ksm('kube_statefulset_status_replicas_updated')}[5m])) == 0`,
        ),
        for: '15m',
        summary: 'A statefulset update has not been rolled out.',
        description: `The update of ${sts} has not reached every replica and is not progressing.`,
      }),
      alert({
        alert: 'KubeDaemonSetRolloutStuck',
        severity: 'warning',
        expr: lines(
          '(',
          `  ${per(daemonset, 'kube_daemonset_status_current_number_scheduled')} != ${per(daemonset, 'kube_daemonset_status_desired_number_scheduled')}`,
          `  or ${per(daemonset, 'kube_daemonset_status_number_misscheduled')} != 0`,
          `  or ${per(daemonset, 'kube_daemonset_status_updated_number_scheduled')} != ${per(daemonset, 'kube_daemonset_status_desired_number_scheduled')}`,
          `  or ${per(daemonset, 'kube_daemonset_status_number_available')} != ${per(daemonset, 'kube_daemonset_status_desired_number_scheduled')}`,
          ')',
          `and ${on(...daemonset)} max ${by(...daemonset)} (changes(${ksm('kube_daemonset_status_updated_number_scheduled')}[5m])) == 0`,
        ),
        for: '15m',
        summary: 'A daemonset rollout is stuck.',
        description: `The rollout of ${ds} is not progressing: not every node runs an up-to-date, available pod of it.`,
      }),
      alert({
        alert: 'KubeContainerWaiting',
        severity: 'warning',
        expr: `max ${by('namespace', 'pod', 'container', 'reason')} (${ksm('kube_pod_container_status_waiting_reason', 'reason!="CrashLoopBackOff"')}) > 0`,
        for: '1h',
        summary: 'A container has been waiting to start for an hour.',
        description: `${containerOf} has been waiting for an hour ({{ $labels.reason }}).`,
      }),
      alert({
        alert: 'KubeDaemonSetNotScheduled',
        severity: 'warning',
        expr: `${per(daemonset, 'kube_daemonset_status_desired_number_scheduled')} - ${per(daemonset, 'kube_daemonset_status_current_number_scheduled')} > 0`,
        for: '10m',
        summary: 'Pods of a daemonset are not scheduled.',
        description: `{{ $value }} pod(s) of ${ds} are not scheduled.`,
      }),
      alert({
        alert: 'KubeDaemonSetMisScheduled',
        severity: 'warning',
        expr: `${per(daemonset, 'kube_daemonset_status_number_misscheduled')} > 0`,
        for: '15m',
        summary: 'Pods of a daemonset run where they should not.',
        description: `{{ $value }} pod(s) of ${ds} run on nodes that should not run them.`,
      }),
      alert({
        alert: 'KubeJobNotCompleted',
        severity: 'warning',
        expr: lines(
          `time() - ${per(['namespace', 'job_name'], 'kube_job_status_start_time')} > ${12 * 3600}`,
          `and ${on('namespace', 'job_name')} ${per(['namespace', 'job_name'], 'kube_job_status_active')} > 0`,
        ),
        for: '5m',
        summary: 'A job has been running for more than 12 hours.',
        description:
          'Job {{ $labels.namespace }}/{{ $labels.job_name }} has been running for {{ $value | humanizeDuration }} without completing.',
      }),
      alert({
        alert: 'KubeJobFailed',
        severity: 'warning',
        expr: `${per(['namespace', 'job_name'], 'kube_job_failed', 'condition="true"')} > 0`,
        for: '15m',
        summary: 'A job failed.',
        description:
          'Job {{ $labels.namespace }}/{{ $labels.job_name }} failed; the alert stays until the Job is deleted or succeeds.',
      }),
      alert({
        alert: 'KubeHpaReplicasMismatch',
        severity: 'warning',
        expr: lines(
          `${per(hpa, 'kube_horizontalpodautoscaler_status_desired_replicas')} != ${per(hpa, 'kube_horizontalpodautoscaler_status_current_replicas')}`,
          `and ${on(...hpa)} ${per(hpa, 'kube_horizontalpodautoscaler_status_current_replicas')} > ${per(hpa, 'kube_horizontalpodautoscaler_spec_min_replicas')}`,
          `and ${on(...hpa)} ${per(hpa, 'kube_horizontalpodautoscaler_status_current_replicas')} < ${per(hpa, 'kube_horizontalpodautoscaler_spec_max_replicas')}`,
          `and ${on(...hpa)} max ${by(...hpa)} (changes(${ksm('kube_horizontalpodautoscaler_status_current_replicas')}[15m])) == 0`,
        ),
        for: '15m',
        summary: 'An autoscaler does not reach its desired number of replicas.',
        description: `${hpaName} wants {{ $value }} replicas and has not got there for 15 minutes.`,
      }),
      alert({
        alert: 'KubeHpaMaxedOut',
        severity: 'warning',
        expr: lines(
          `${per(hpa, 'kube_horizontalpodautoscaler_status_current_replicas')} == ${per(hpa, 'kube_horizontalpodautoscaler_spec_max_replicas')}`,
          // minReplicas == maxReplicas is a fixed size chosen on purpose, not a limit reached.
          `and ${on(...hpa)} ${per(hpa, 'kube_horizontalpodautoscaler_spec_min_replicas')} != ${per(hpa, 'kube_horizontalpodautoscaler_spec_max_replicas')}`,
        ),
        for: '15m',
        summary: 'An autoscaler runs at its maximum of replicas.',
        description: `${hpaName} has run at its maximum of {{ $value }} replicas for 15 minutes.`,
      }),
      alert({
        alert: 'KubePdbNotEnoughHealthyPods',
        severity: 'warning',
        expr: `${per(['namespace', 'poddisruptionbudget'], 'kube_poddisruptionbudget_status_desired_healthy')} - ${per(['namespace', 'poddisruptionbudget'], 'kube_poddisruptionbudget_status_current_healthy')} > 0`,
        for: '15m',
        summary: 'A PodDisruptionBudget has fewer healthy pods than it requires.',
        description:
          'PodDisruptionBudget {{ $labels.namespace }}/{{ $labels.poddisruptionbudget }} lacks {{ $value }} healthy pod(s): voluntary disruptions such as node drains are blocked.',
      }),
    ]),
    alertGroup('kubernetes-resources', [
      alert({
        alert: 'KubeCPUOvercommit',
        severity: 'warning',
        expr: overcommit('cpu'),
        for: '10m',
        summary: 'The CPU requests of the cluster do not fit if a node fails.',
        description:
          'The CPU requests of the pods exceed by {{ printf "%.2f" $value }} cores what the cluster offers with its largest node down (with a single node: what that node offers): a node failure leaves pods pending, and on a single node some already are.',
      }),
      alert({
        alert: 'KubeMemoryOvercommit',
        severity: 'warning',
        expr: overcommit('memory'),
        for: '10m',
        summary: 'The memory requests of the cluster do not fit if a node fails.',
        description:
          'The memory requests of the pods exceed by {{ $value | humanize1024 }}B what the cluster offers with its largest node down (with a single node: what that node offers): a node failure leaves pods pending, and on a single node some already are.',
      }),
      alert({
        alert: 'KubeCPUQuotaOvercommit',
        severity: 'warning',
        expr: quotaOvercommit('cpu'),
        for: '5m',
        summary: 'The CPU quotas of the namespaces exceed the cluster.',
        description:
          "The CPU quotas of the namespaces add up to {{ $value | humanizePercentage }} of the cluster's allocatable CPU.",
      }),
      alert({
        alert: 'KubeMemoryQuotaOvercommit',
        severity: 'warning',
        expr: quotaOvercommit('memory'),
        for: '5m',
        summary: 'The memory quotas of the namespaces exceed the cluster.',
        description:
          "The memory quotas of the namespaces add up to {{ $value | humanizePercentage }} of the cluster's allocatable memory.",
      }),
      alert({
        alert: 'KubeQuotaAlmostFull',
        severity: 'info',
        expr: `${quotaUse} > 0.9 < 1`,
        for: '15m',
        summary: 'A resource quota is almost full.',
        description: `{{ $value | humanizePercentage }} of the {{ $labels.resource }} ${quota} is used.`,
      }),
      alert({
        alert: 'KubeQuotaFullyUsed',
        severity: 'info',
        expr: `${quotaUse} == 1`,
        for: '15m',
        summary: 'A resource quota is fully used.',
        description: `The {{ $labels.resource }} ${quota} is fully used: new pods or objects that need more are rejected.`,
      }),
      alert({
        alert: 'KubeQuotaExceeded',
        severity: 'warning',
        expr: `${quotaUse} > 1`,
        for: '15m',
        summary: 'A resource quota is exceeded.',
        description: `{{ $value | humanizePercentage }} of the {{ $labels.resource }} ${quota} is used: more than it allows, after the quota was lowered.`,
      }),
      alert({
        alert: 'CPUThrottlingHigh',
        severity: 'info',
        // One value per container: the same counters can show under several label sets (cgroup
        // `id`, `image`, a second scrape of the kubelet); summed, a duplicate would distort the ratio.
        expr: lines(
          `max ${by('namespace', 'pod', 'container')} (increase(${m('container_cpu_cfs_throttled_periods_total', s.cadvisor, 'container!=""')}[5m]))`,
          `/ max ${by('namespace', 'pod', 'container')} (increase(${m('container_cpu_cfs_periods_total', s.cadvisor, 'container!=""')}[5m]))`,
          '> 0.25',
        ),
        for: '15m',
        summary: 'A container is often throttled by its CPU limit.',
        description: `${containerOf} was throttled in {{ $value | humanizePercentage }} of its CPU periods: its CPU limit is low for its load.`,
      }),
    ]),
    alertGroup('kubernetes-storage', [
      ...volumeAlert('KubePersistentVolumeFillingUp', 'space', [
        'kubelet_volume_stats_available_bytes',
        'kubelet_volume_stats_capacity_bytes',
        'kubelet_volume_stats_used_bytes',
      ]),
      ...volumeAlert('KubePersistentVolumeInodesFillingUp', 'inodes', [
        'kubelet_volume_stats_inodes_free',
        'kubelet_volume_stats_inodes',
        'kubelet_volume_stats_inodes_used',
      ]),
      alert({
        alert: 'KubePersistentVolumeErrors',
        severity: 'critical',
        expr: `${per(['persistentvolume', 'phase'], 'kube_persistentvolume_status_phase', 'phase=~"Failed|Pending"')} > 0`,
        for: '5m',
        summary: 'A persistent volume is failed or pending.',
        description:
          'PersistentVolume {{ $labels.persistentvolume }} has been {{ $labels.phase }} for 5 minutes.',
      }),
    ]),
    alertGroup('kubernetes-system', [
      alert({
        alert: 'KubeVersionMismatch',
        severity: 'warning',
        expr: `count ${by()} (count ${by('git_version')} (label_replace(${m('kubernetes_build_info', `job=~"${versionedJobs.join('|')}"`)}, "git_version", "$1", "git_version", "(v[0-9]+\\\\.[0-9]+).*"))) > 1`,
        for: '15m',
        summary: 'Kubernetes components run different minor versions.',
        description: 'The Kubernetes components of the cluster run {{ $value }} different minor versions.',
      }),
      alert({
        alert: 'KubeClientErrors',
        severity: 'warning',
        expr: lines(
          `sum ${by('instance', 'job', 'namespace')} (rate(${m('rest_client_requests_total', 'code=~"5.."')}[5m]))`,
          `/ sum ${by('instance', 'job', 'namespace')} (rate(${m('rest_client_requests_total', 'code!=""')}[5m]))`,
          '> 0.01',
        ),
        for: '15m',
        summary: 'A Kubernetes API client gets server errors.',
        description:
          'The Kubernetes API client {{ $labels.job }} ({{ $labels.namespace }}, {{ $labels.instance }}) gets server errors for {{ $value | humanizePercentage }} of its requests.',
      }),
    ]),
    alertGroup('kubernetes-system-kubelet', [
      alert({
        alert: 'KubeNodeNotReady',
        severity: 'warning',
        expr: `${per(['node'], 'kube_node_status_condition', 'condition="Ready"', 'status="true"')} == 0`,
        for: '15m',
        summary: 'A node is not ready.',
        description: 'Node {{ $labels.node }} has not been ready for 15 minutes.',
      }),
      alert({
        alert: 'KubeNodePressure',
        severity: 'info',
        expr: lines(
          `${per(['node', 'condition'], 'kube_node_status_condition', 'condition=~"MemoryPressure|DiskPressure|PIDPressure"', 'status="true"')} == 1`,
          `and ${on('node')} ${per(['node'], 'kube_node_spec_unschedulable')} == 0`,
        ),
        for: '10m',
        summary: 'A node is under resource pressure.',
        description: 'Node {{ $labels.node }} reports {{ $labels.condition }}: its kubelet may evict pods.',
      }),
      alert({
        alert: 'KubeNodeUnreachable',
        severity: 'warning',
        expr: lines(
          `${per(['node'], 'kube_node_spec_taint', 'key="node.kubernetes.io/unreachable"', 'effect="NoSchedule"')} == 1`,
          // Nodes on their way out (autoscaler, spot termination) are expected to go.
          `unless ${on('node')} ${per(['node'], 'kube_node_spec_taint', 'key=~"ToBeDeletedByClusterAutoscaler|cloud.google.com/impending-node-termination|aws-node-termination-handler/spot-itn"')}`,
        ),
        for: '15m',
        summary: 'A node is unreachable.',
        description:
          'Node {{ $labels.node }} is unreachable: the node controller tainted it, and its pods are evicted.',
      }),
      alert({
        alert: 'KubeletTooManyPods',
        severity: 'info',
        expr: lines(
          `count ${by('node')} (`,
          `  (${per(['namespace', 'pod'], 'kube_pod_status_phase', 'phase="Running"')} == 1)`,
          `  * ${on('namespace', 'pod')} group_left (node) ${RECORDS.podNode}`,
          ')',
          `/ ${on('node')} ${per(['node'], 'kube_node_status_capacity', 'resource="pods"')}`,
          '> 0.95',
        ),
        for: '15m',
        summary: 'A node runs almost as many pods as it can hold.',
        description:
          'Node {{ $labels.node }} runs {{ $value | humanizePercentage }} of the pods it can hold.',
      }),
      alert({
        alert: 'KubeNodeReadinessFlapping',
        severity: 'warning',
        expr: lines(
          `sum ${by('node')} (changes(${ksm('kube_node_status_condition', 'condition="Ready"', 'status="true"')}[15m])) > 2`,
          `and ${on('node')} ${per(['node'], 'kube_node_spec_unschedulable')} == 0`,
        ),
        for: '15m',
        summary: 'A node keeps changing between ready and not ready.',
        description: 'Node {{ $labels.node }} changed its readiness {{ $value }} times in 15 minutes.',
      }),
      alert({
        alert: 'KubeNodeEviction',
        severity: 'info',
        expr: lines(
          `sum ${by('node', 'eviction_signal')} (`,
          `  increase(${kubelet('kubelet_evictions')}[15m])`,
          `  ${onKubeletNode}`,
          ') > 0',
        ),
        // The expression already spans 15 minutes: an eviction shows at once and for 15 minutes.
        for: '0s',
        summary: 'A kubelet evicts pods.',
        description:
          'The kubelet of node {{ $labels.node }} evicted {{ printf "%.0f" $value }} pod(s) in 15 minutes because of {{ $labels.eviction_signal }}.',
      }),
      alert({
        alert: 'KubeletPlegDurationHigh',
        severity: 'warning',
        expr: `${RECORDS.kubeletPlegQuantile}{quantile="0.99"} >= 10`,
        for: '5m',
        summary: 'A kubelet is slow to relist its pods.',
        description:
          'The kubelet of node {{ $labels.node }} takes {{ printf "%.1f" $value }} s (99th percentile) to relist its pods (PLEG): the container runtime is slow or overloaded.',
      }),
      alert({
        alert: 'KubeletPodStartUpLatencyHigh',
        severity: 'warning',
        expr: lines(
          `histogram_quantile(0.99, sum ${by('instance', 'le')} (rate(${kubelet('kubelet_pod_worker_duration_seconds_bucket')}[5m])))`,
          onKubeletNode,
          '> 60',
        ),
        for: '15m',
        summary: 'Pods start slowly on a node.',
        description:
          'Pods on node {{ $labels.node }} take {{ printf "%.0f" $value }} s (99th percentile) to be set up by the kubelet.',
      }),
      ...certificate(
        'KubeletClientCertificateExpiration',
        'kubelet_certificate_manager_client_ttl_seconds',
        'client',
      ),
      ...certificate(
        'KubeletServerCertificateExpiration',
        'kubelet_certificate_manager_server_ttl_seconds',
        'server',
      ),
      renewalErrors(
        'KubeletClientCertificateRenewalErrors',
        'kubelet_certificate_manager_client_expiration_renew_errors',
        'client',
      ),
      renewalErrors(
        'KubeletServerCertificateRenewalErrors',
        'kubelet_server_expiration_renew_errors',
        'server',
      ),
      ...(options.kubelet
        ? [
            alert({
              alert: 'KubeletDown',
              severity: 'critical',
              expr: allDown(s.kubelet, s.multiCluster),
              for: '15m',
              summary: 'No kubelet can be scraped.',
              description:
                'Prometheus has not scraped any kubelet for 15 minutes: node, pod and container metrics are missing, and the alerts on them are blind.',
            }),
            alert({
              alert: 'KubeletInstanceUnreachable',
              severity: 'warning',
              expr: oneDown(s.kubelet, 'node'),
              for: '15m',
              summary: 'A kubelet cannot be scraped.',
              description:
                'Prometheus has not scraped the kubelet of node {{ $labels.node }} ({{ $labels.instance }}) for 15 minutes: its pod and container metrics are missing.',
            }),
          ]
        : []),
    ]),
    alertGroup('kubernetes-system-apiserver', [
      ...(
        [
          ['warning', 7, '7 days'],
          ['critical', 1, '24 hours'],
        ] as const
      ).map(([severity, daysLeft, within]) =>
        alert({
          alert: 'KubeClientCertificateExpiration',
          severity,
          expr: lines(
            `histogram_quantile(0.01, sum ${by('job', 'instance', 'le')} (rate(${api('apiserver_client_certificate_expiration_seconds_bucket')}[5m]))) < ${days(daysLeft)}`,
            `and ${on('job', 'instance')} sum ${by('job', 'instance')} (rate(${api('apiserver_client_certificate_expiration_seconds_count')}[5m])) > 0`,
          ),
          for: '5m',
          summary: `A client certificate used against the API server expires within ${within}.`,
          description:
            'Clients authenticate to the API server {{ $labels.instance }} with a certificate that expires in {{ $value | humanizeDuration }} (1st percentile).',
        }),
      ),
      alert({
        alert: 'KubeAggregatedAPIErrors',
        severity: 'warning',
        expr: `sum ${by('instance', 'name', 'reason')} (increase(${api('aggregator_unavailable_apiservice_total')}[10m])) > 4`,
        for: '10m',
        summary: 'An aggregated API keeps becoming unavailable.',
        description:
          'The API server {{ $labels.instance }} marked the aggregated API {{ $labels.name }} unavailable {{ printf "%.0f" $value }} times in 10 minutes ({{ $labels.reason }}).',
      }),
      alert({
        alert: 'KubeAggregatedAPIDown',
        severity: 'warning',
        expr: `(1 - max ${by('name')} (avg_over_time(${api('aggregator_unavailable_apiservice')}[10m]))) * 100 < 85`,
        for: '5m',
        summary: 'An aggregated API is down.',
        description:
          'The aggregated API {{ $labels.name }} was available for only {{ printf "%.0f" $value }}% of the last 10 minutes.',
      }),
      ...(options.apiserver
        ? [
            alert({
              alert: 'KubeAPIDown',
              severity: 'critical',
              expr: allDown(s.apiserver, s.multiCluster),
              for: '15m',
              summary: 'No API server can be scraped.',
              description:
                'Prometheus has not scraped any API server for 15 minutes: the API server or the network to it is down, or its metrics are refused.',
            }),
            alert({
              alert: 'KubeAPIInstanceUnreachable',
              severity: 'warning',
              expr: oneDown(s.apiserver),
              for: '15m',
              summary: 'An API server cannot be scraped.',
              description: 'Prometheus has not scraped the API server {{ $labels.instance }} for 15 minutes.',
            }),
          ]
        : []),
      alert({
        alert: 'KubeAPITerminatedRequests',
        severity: 'warning',
        expr: lines(
          `sum ${by()} (rate(${api('apiserver_request_terminations_total')}[10m]))`,
          `/ (sum ${by()} (rate(${api('apiserver_request_total')}[10m])) + sum ${by()} (rate(${api('apiserver_request_terminations_total')}[10m])))`,
          '> 0.2',
        ),
        for: '5m',
        summary: 'The API server terminates many requests.',
        description:
          'The API server terminated {{ $value | humanizePercentage }} of its incoming requests over 10 minutes: it is overloaded, and API Priority and Fairness sheds load.',
      }),
      burn('critical', '1h', '5m', 14.4, '2m', 'fast'),
      burn('critical', '6h', '30m', 6, '15m', 'fast'),
      burn('warning', '1d', '2h', 3, '1h', 'steadily'),
      burn('warning', '3d', '6h', 1, '3h', 'steadily'),
    ]),
  ];

  if (scraped && options.kubeScheduler) {
    groups.push(
      alertGroup('kubernetes-system-scheduler', [
        alert({
          alert: 'KubeSchedulerDown',
          severity: 'critical',
          expr: allDown(s.kubeScheduler, s.multiCluster),
          for: '15m',
          summary: 'No kube-scheduler can be scraped.',
          description:
            'Prometheus has not scraped any kube-scheduler for 15 minutes: if the scheduler is down, new pods stay pending.',
        }),
        alert({
          alert: 'KubeSchedulerInstanceUnreachable',
          severity: 'warning',
          expr: oneDown(s.kubeScheduler),
          for: '15m',
          summary: 'A kube-scheduler cannot be scraped.',
          description: 'Prometheus has not scraped the kube-scheduler {{ $labels.instance }} for 15 minutes.',
        }),
      ]),
    );
  }
  if (scraped && options.kubeControllerManager) {
    groups.push(
      alertGroup('kubernetes-system-controller-manager', [
        alert({
          alert: 'KubeControllerManagerDown',
          severity: 'critical',
          expr: allDown(s.kubeControllerManager, s.multiCluster),
          for: '15m',
          summary: 'No kube-controller-manager can be scraped.',
          description:
            'Prometheus has not scraped any kube-controller-manager for 15 minutes: if it is down, deployments, replica sets and nodes are not reconciled.',
        }),
        alert({
          alert: 'KubeControllerManagerInstanceUnreachable',
          severity: 'warning',
          expr: oneDown(s.kubeControllerManager),
          for: '15m',
          summary: 'A kube-controller-manager cannot be scraped.',
          description:
            'Prometheus has not scraped the kube-controller-manager {{ $labels.instance }} for 15 minutes.',
        }),
      ]),
    );
  }
  return groups;
}
