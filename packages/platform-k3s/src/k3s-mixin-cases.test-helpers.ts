// The promtool cases of the k3s mixin (tests only): every alert fires when it should and stays
// silent when it should not. Written as promtool's own test groups (`promtool test rules`), since
// this package does not depend on the kit whose `AlertCases` would spell them. The series carry
// the labels the scrape targets give them (control-plane.ts): `job` from the Service's name
// label, `instance` the node's address and port.
import { runbookUrl } from '@mixstack/core';
import type { PromtoolTests } from '@mixstack/testing';

interface Series {
  series: string;
  values: string;
}

interface Expected {
  labels: Record<string, string>;
  summary: string;
  description: string;
}

export interface Case {
  /** What the case shows. */
  name: string;
  input: Series[];
  /** Evaluation time, counted from the first sample (samples every minute). */
  at: string;
  /** The alerts firing at `at`; empty: the alert stays silent. */
  fires: Expected[];
}

/** Series of one job: `proxy('up', 'instance="192.168.1.10:10249"', '1x30')`. */
const of =
  (job: string) =>
  (name: string, labels: string, values: string): Series => ({
    series: `${name}{job="${job}", namespace="kube-system", ${labels}}`,
    values,
  });
const proxy = of('kube-proxy');
const etcd = of('etcd');
const supervisor = of('k3s-supervisor');

const SERVERS = ['192.168.1.10', '192.168.1.11', '192.168.1.12'];
const member = (i: number) => `instance="${SERVERS[i]}:2381"`;
/** The up series of the three etcd members, one values string each. */
const members = (...values: string[]) => values.map((v, i) => etcd('up', member(i), v));

const certificate = (days: number) =>
  supervisor(
    'k3s_certificate_expiration_seconds',
    'instance="192.168.1.20:6443", subject="CN=system:node:agent-1,O=system:nodes", usage="ClientAuth"',
    `${days * 86400}x40`,
  );
const certificateAlert = (severity: 'warning' | 'critical', within: number, left: string): Expected => ({
  labels: {
    severity,
    instance: '192.168.1.20:6443',
    subject: 'CN=system:node:agent-1,O=system:nodes',
  },
  summary: `A k3s certificate expires within ${within} days.`,
  description: `The certificate "CN=system:node:agent-1,O=system:nodes" of the k3s node 192.168.1.20:6443 expires in ${left}: restart k3s on that node to renew it.`,
});

const etcdDown = (count: number): Expected => ({
  labels: { severity: 'critical', job: 'etcd' },
  summary: 'etcd members are down.',
  description: `Prometheus has not scraped ${count} members of the embedded etcd of the k3s servers for 10 minutes: a member or its server is down, and one more may cost the quorum.`,
});

const leaderChanges = (values: string) =>
  SERVERS.map((_, i) => etcd('etcd_server_leader_changes_seen_total', member(i), values));

export const k3sAlertCases: Record<string, Case[]> = {
  KubeProxyDown: [
    {
      name: 'kube-proxy down on every node for 20 minutes',
      input: [
        proxy('up', 'instance="192.168.1.10:10249"', '0x30'),
        proxy('up', 'instance="192.168.1.20:10249"', '0x30'),
      ],
      at: '20m',
      fires: [
        {
          labels: { severity: 'critical' },
          summary: 'No kube-proxy can be scraped.',
          description:
            'Prometheus has not scraped any kube-proxy for 15 minutes: kube-proxy or its metrics endpoint (:10249) is down on every node, and Service traffic may not be forwarded to new endpoints.',
        },
      ],
    },
    {
      name: 'kube-proxy down on one node of two: the node alerts report it',
      input: [
        proxy('up', 'instance="192.168.1.10:10249"', '1x30'),
        proxy('up', 'instance="192.168.1.20:10249"', '0x30'),
      ],
      at: '20m',
      fires: [],
    },
    {
      name: 'every kube-proxy down for 10 minutes only',
      input: [proxy('up', 'instance="192.168.1.10:10249"', '1x10 0x20')],
      at: '20m',
      fires: [],
    },
  ],
  etcdMembersDown: [
    {
      name: 'one member of three down for 15 minutes',
      input: members('1x30', '1x30', '0x30'),
      at: '15m',
      fires: [etcdDown(1)],
    },
    {
      name: 'one member down for 5 minutes (a server restarting)',
      input: members('1x30', '1x30', '1x10 0x5 1x15'),
      at: '15m',
      fires: [],
    },
    {
      name: 'every member up',
      input: members('1x30', '1x30', '1x30'),
      at: '15m',
      fires: [],
    },
  ],
  etcdInsufficientMembers: [
    {
      name: 'two members of three down: no quorum',
      input: members('1x30', '0x30', '0x30'),
      at: '5m',
      fires: [
        {
          labels: { severity: 'critical', job: 'etcd' },
          summary: 'etcd has too few members for a quorum.',
          description:
            'Only 1 members of the embedded etcd of the k3s servers answer, fewer than a quorum: etcd accepts no writes, and the Kubernetes API no changes.',
        },
      ],
    },
    {
      name: 'one member of three down: two still make a quorum',
      input: members('1x30', '1x30', '0x30'),
      at: '5m',
      fires: [],
    },
  ],
  etcdNoLeader: [
    {
      name: 'a member without leader for 5 minutes',
      input: [
        etcd('etcd_server_has_leader', member(0), '1x30'),
        etcd('etcd_server_has_leader', member(1), '1x5 0x25'),
      ],
      at: '10m',
      fires: [
        {
          labels: {
            severity: 'critical',
            job: 'etcd',
            namespace: 'kube-system',
            instance: '192.168.1.11:2381',
          },
          summary: 'An etcd member has no leader.',
          description:
            'The etcd member 192.168.1.11:2381 (a k3s server) has had no leader for a minute: it serves no writes, and the API server on that node fails its requests.',
        },
      ],
    },
    {
      name: 'every member has a leader',
      input: [
        etcd('etcd_server_has_leader', member(0), '1x30'),
        etcd('etcd_server_has_leader', member(1), '1x30'),
      ],
      at: '10m',
      fires: [],
    },
  ],
  etcdHighNumberOfLeaderChanges: [
    {
      name: 'five elections at once, seen by every member',
      input: leaderChanges('0x15 5x25'),
      at: '25m',
      fires: [
        {
          labels: { severity: 'warning', job: 'etcd' },
          summary: 'etcd elects leaders often.',
          description:
            'The embedded etcd of the k3s servers changed its leader 5 times within 15 minutes: slow disks or a flaky network between the servers make members miss heartbeats.',
        },
      ],
    },
    {
      name: 'three elections (a rolling restart of three servers)',
      input: leaderChanges('0x15 3x25'),
      at: '25m',
      fires: [],
    },
  ],
  K3sCertificateExpiration: [
    {
      name: 'a certificate with 20 days left: a warning',
      input: [certificate(20)],
      at: '20m',
      fires: [certificateAlert('warning', 30, '20d 0h 0m 0s')],
    },
    {
      name: 'a certificate with 5 days left: the warning and the page',
      input: [certificate(5)],
      at: '20m',
      fires: [certificateAlert('warning', 30, '5d 0h 0m 0s'), certificateAlert('critical', 7, '5d 0h 0m 0s')],
    },
    {
      name: 'a certificate with 100 days left (k3s renews it at its next start)',
      input: [certificate(100)],
      at: '20m',
      fires: [],
    },
  ],
};

/** The cases as promtool test groups, by alert (what `promtoolSuite` of `@mixstack/testing` takes). */
export function promtoolTestsOf(cases: Record<string, Case[]>): PromtoolTests {
  return {
    alerts: Object.fromEntries(
      Object.entries(cases).map(([alertname, list]) => [
        alertname,
        list.map((c) => ({
          name: `${alertname}: ${c.name}`,
          interval: '1m',
          input_series: c.input,
          alert_rule_test: [
            {
              eval_time: c.at,
              alertname,
              exp_alerts: c.fires.map((expected) => ({
                exp_labels: expected.labels,
                exp_annotations: {
                  summary: expected.summary,
                  description: expected.description,
                  runbook_url: runbookUrl(alertname),
                },
              })),
            },
          ],
        })),
      ]),
    ),
  };
}
