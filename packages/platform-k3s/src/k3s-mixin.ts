import { type AlertingRule, type Mixin, type RuleGroup, runbookUrl } from '@mixstack/core';
import type { ControlPlaneOptions } from './config.js';

/** The mixin of this package: alerts on what only k3s exposes, for what the nodes expose. */
export const K3S_MIXIN = 'k3s';

/** Seconds in a day, for the certificate thresholds. */
const DAY = 86400;

/**
 * `by (...)` of an aggregation, with `cluster` first when the rules run over several clusters'
 * series (`multiCluster`): an alert then fires once per cluster, and says which.
 */
const byOf =
  (multiCluster: boolean) =>
  (...labels: string[]) =>
    `by (${[...(multiCluster ? ['cluster'] : []), ...labels].join(', ')})`;

interface AlertSpec {
  alert: string;
  severity: 'critical' | 'warning';
  expr: string;
  for: string;
  /** One sentence, no labels. */
  summary: string;
  /** What fails where, with the labels a responder needs. */
  description: string;
}

/**
 * An alerting rule as every mixstack alert has it: a severity, a summary, a description and
 * the runbook URL (`docs/runbooks/<alert>.md`). Built here with core's `runbookUrl`: the kit's
 * `alert()` does the same, and this package does not depend on the kit.
 */
function alert(spec: AlertSpec): AlertingRule {
  return {
    alert: spec.alert,
    expr: spec.expr,
    for: spec.for,
    labels: { severity: spec.severity },
    annotations: {
      summary: spec.summary,
      description: spec.description,
      runbook_url: runbookUrl(spec.alert),
    },
  };
}

/**
 * kubernetes-mixin's `KubeProxyDown`: no kube-proxy answers. kube-proxy runs on every node; one
 * node's missing is a node's problem, which the node alerts report. With several clusters'
 * series in one store, absent() would say nothing while any cluster has a kube-proxy: a cluster
 * that reports some target (an `up` series) but no kube-proxy up has lost them.
 */
function kubeProxyGroup(multiCluster: boolean): RuleGroup<AlertingRule> {
  const up = 'up{job="kube-proxy"}';
  const expr = multiCluster
    ? `group by (cluster) (up) unless on (cluster) group by (cluster) (${up} == 1)`
    : `absent(${up} == 1)`;
  return {
    name: 'kubernetes-system-kube-proxy',
    rules: [
      alert({
        alert: 'KubeProxyDown',
        severity: 'critical',
        expr,
        for: '15m',
        summary: 'No kube-proxy can be scraped.',
        description:
          'Prometheus has not scraped any kube-proxy for 15 minutes: kube-proxy or its metrics endpoint (:10249) is down on every node, and Service traffic may not be forwarded to new endpoints.',
      }),
    ],
  };
}

/**
 * The etcd basics, under the names etcd's own mixin (`etcd/contrib/mixin`) gives them so that
 * overrides by name work alike, written for the embedded etcd of the k3s servers (`job="etcd"`,
 * one member per server): members down, too few members for a quorum, a member without leader,
 * frequent leader elections.
 */
function etcdGroup(multiCluster: boolean): RuleGroup<AlertingRule> {
  const job = 'job="etcd"';
  const by = byOf(multiCluster);
  return {
    name: 'etcd',
    rules: [
      alert({
        alert: 'etcdMembersDown',
        severity: 'critical',
        expr: `sum ${by('job')} (1 - up{${job}}) > 0`,
        for: '10m',
        summary: 'etcd members are down.',
        description:
          'Prometheus has not scraped {{ $value }} members of the embedded etcd of the k3s servers for 10 minutes: a member or its server is down, and one more may cost the quorum.',
      }),
      alert({
        alert: 'etcdInsufficientMembers',
        severity: 'critical',
        // A quorum is more than half the members: (n + 1) / 2 of an odd n, above n / 2 of an even one.
        expr: `sum ${by('job')} (up{${job}}) < (count ${by('job')} (up{${job}}) + 1) / 2`,
        for: '3m',
        summary: 'etcd has too few members for a quorum.',
        description:
          'Only {{ $value }} members of the embedded etcd of the k3s servers answer, fewer than a quorum: etcd accepts no writes, and the Kubernetes API no changes.',
      }),
      alert({
        alert: 'etcdNoLeader',
        severity: 'critical',
        expr: `etcd_server_has_leader{${job}} == 0`,
        for: '1m',
        summary: 'An etcd member has no leader.',
        description:
          'The etcd member {{ $labels.instance }} (a k3s server) has had no leader for a minute: it serves no writes, and the API server on that node fails its requests.',
      }),
      alert({
        alert: 'etcdHighNumberOfLeaderChanges',
        severity: 'warning',
        expr: `max ${by('job')} (increase(etcd_server_leader_changes_seen_total{${job}}[15m])) >= 4`,
        for: '5m',
        summary: 'etcd elects leaders often.',
        description:
          'The embedded etcd of the k3s servers changed its leader {{ printf "%.0f" $value }} times within 15 minutes: slow disks or a flaky network between the servers make members miss heartbeats.',
      }),
    ],
  };
}

/**
 * k3s renews its certificates (valid for a year) when it starts within 90 days of their expiry
 * (120 in recent releases): one under 30 days means a node has not restarted since it became
 * due, and under 7 days the node soon fails to authenticate (a server's API, an agent's kubelet).
 */
function certificateGroup(multiCluster: boolean): RuleGroup<AlertingRule> {
  const by = byOf(multiCluster);
  return {
    name: 'k3s-certificates',
    rules: (
      [
        ['warning', 30],
        ['critical', 7],
      ] as const
    ).map(([severity, days]) =>
      alert({
        alert: 'K3sCertificateExpiration',
        severity,
        expr: `min ${by('instance', 'subject')} (k3s_certificate_expiration_seconds{job="k3s-supervisor"}) < ${days * DAY}`,
        for: '15m',
        summary: `A k3s certificate expires within ${days} days.`,
        description:
          'The certificate "{{ $labels.subject }}" of the k3s node {{ $labels.instance }} expires in {{ $value | humanizeDuration }}: restart k3s on that node to renew it.',
      }),
    ),
  };
}

/**
 * The alerts on kube-proxy, embedded etcd and the k3s supervisor, each only when the nodes
 * expose it (an alert on a job nothing scrapes would fire forever, or never); undefined when
 * none is. `multiCluster`: the rules run over several clusters' series (core's common value).
 */
export function k3sMixin(controlPlane: ControlPlaneOptions, multiCluster = false): Mixin | undefined {
  const groups = [
    ...(controlPlane.kubeProxy ? [kubeProxyGroup(multiCluster)] : []),
    ...(controlPlane.etcd ? [etcdGroup(multiCluster)] : []),
    ...(controlPlane.supervisorMetrics ? [certificateGroup(multiCluster)] : []),
  ];
  return groups.length > 0 ? { title: 'k3s', prometheusAlerts: { groups } } : undefined;
}
