import type { Dashboard } from '@mixstack/core';
import { buildDashboard, type PanelSpec, queryVariable, type StatSpec } from '@mixstack/kit';
import { RECORDS } from '../../mixins/records.js';
import { processPanels } from '../process.js';
import { p99, rate, sumBy } from '../promql.js';
import type { Scope } from '../variables.js';
import { KUBERNETES_LINK_TITLE, KUBERNETES_TAG, kubeSelectors, kubeVariables } from './shared.js';

const INSTANCE = 'instance=~"$instance"';

type Verb = 'read' | 'write';

/**
 * Kubernetes / API server: availability and error budget against the SLO of the recording
 * rules (30 days), the read and write paths from the recorded request rates and latency SLI,
 * then what each instance does (raw metrics, with exemplars).
 */
export function apiserverDashboard(scope: Scope): Dashboard {
  const k = kubeSelectors(scope);
  const v = kubeVariables(scope);
  const apiserver = k.apiserver(INSTANCE);
  const availability = (verb: 'all' | Verb, title: string): StatSpec => ({
    kind: 'stat',
    title,
    description: `Share of ${verb === 'all' ? '' : `${verb} `}requests over the last 30 days answered without a server error and fast enough (recording rule; what the error-budget alerts burn).`,
    unit: 'percentunit',
    width: 8,
    query: { expr: `min(${RECORDS.apiserverAvailability30d}${k.record(`verb="${verb}"`)})` },
  });
  const burn = (verb: Verb): PanelSpec => ({
    kind: 'timeseries',
    title: `Error ratio over the SLO windows (${verb}s)`,
    description: `Share of ${verb} requests that failed or were too slow, over the windows the multi-window burn-rate alerts compare (recording rules). The short windows react, the long ones confirm.`,
    unit: 'percentunit',
    width: 12,
    min: 0,
    queries: (
      [
        ['5m', RECORDS.apiserverBurnRate5m],
        ['1h', RECORDS.apiserverBurnRate1h],
        ['6h', RECORDS.apiserverBurnRate6h],
        ['3d', RECORDS.apiserverBurnRate3d],
      ] as const
    ).map(([window, record]) => ({ expr: `max(${record}${k.record(`verb="${verb}"`)})`, legend: window })),
  });
  const path = (verb: Verb): PanelSpec[] => {
    const requests = (...m: string[]) => `${RECORDS.apiserverRequestRate}${k.record(`verb="${verb}"`, ...m)}`;
    return [
      {
        kind: 'timeseries',
        title: `${verb === 'read' ? 'Read' : 'Write'} requests by code`,
        description: `${verb === 'read' ? 'Read (GET, LIST)' : 'Write (POST, PUT, PATCH, DELETE)'} requests per second the API servers answer, by status code (recording rule).`,
        unit: 'reqps',
        width: 8,
        min: 0,
        queries: [{ expr: sumBy(['code'], requests()), legend: '{{code}}' }],
      },
      {
        kind: 'timeseries',
        title: `${verb === 'read' ? 'Read' : 'Write'} server errors by resource`,
        description: `Share of ${verb} requests answered with a 5xx status, by resource (recording rule).`,
        unit: 'percentunit',
        width: 8,
        min: 0,
        queries: [
          {
            expr: `${sumBy(['resource'], requests('code=~"5.."'))} / ${sumBy(['resource'], requests())}`,
            legend: '{{resource}}',
          },
        ],
      },
      {
        kind: 'timeseries',
        title: `${verb === 'read' ? 'Read' : 'Write'} latency (p99 SLI) by resource`,
        description: `99th percentile of the ${verb} latency the SLO counts (apiserver_request_sli_duration_seconds, without webhooks and priority-and-fairness queueing), by resource (recording rule).`,
        unit: 's',
        width: 8,
        min: 0,
        queries: [
          {
            expr: `max by (resource) (${RECORDS.apiserverLatencyQuantile}${k.record(`verb="${verb}"`, 'quantile="0.99"')})`,
            legend: '{{resource}}',
          },
        ],
      },
    ];
  };
  return buildDashboard({
    title: 'Kubernetes / API server',
    description:
      'Availability and error budget of the Kubernetes API, its read and write paths, and what each API server instance does.',
    tag: KUBERNETES_TAG,
    linkTitle: KUBERNETES_LINK_TITLE,
    variables: [
      v.datasource(),
      v.cluster(),
      queryVariable('instance', 'Instance', `up${k.apiserver()}`, 'instance', { allValue: '.+' }),
    ],
    rows: [
      {
        title: 'Availability (30 days)',
        panels: [
          availability('all', 'Availability'),
          availability('read', 'Read availability'),
          availability('write', 'Write availability'),
          burn('read'),
          burn('write'),
        ],
      },
      { title: 'Reads', panels: path('read') },
      { title: 'Writes', panels: path('write') },
      {
        title: 'Instances',
        panels: [
          {
            kind: 'timeseries',
            title: 'Request latency (p99) by verb',
            description:
              '99th percentile of the time the selected API servers take to answer, by verb, webhooks and queueing included.',
            unit: 's',
            width: 12,
            min: 0,
            queries: [
              {
                expr: p99('apiserver_request_duration_seconds', k.apiserver(INSTANCE, 'verb!="WATCH"'), [
                  'verb',
                ]),
                legend: '{{verb}}',
                exemplar: true,
              },
            ],
          },
          {
            kind: 'timeseries',
            title: 'Requests in flight',
            description:
              'Requests each API server is handling right now, by kind (mutating, read-only). Near the max-inflight limits, requests are rejected with 429.',
            unit: 'short',
            width: 12,
            min: 0,
            queries: [
              {
                expr: sumBy(['instance', 'request_kind'], `apiserver_current_inflight_requests${apiserver}`),
                legend: '{{instance}} {{request_kind}}',
              },
            ],
          },
          {
            kind: 'timeseries',
            title: 'Work queue additions',
            description: 'Items added per second to the internal work queues of the API servers, by queue.',
            unit: 'ops',
            width: 8,
            min: 0,
            queries: [
              {
                expr: sumBy(['instance', 'name'], rate('workqueue_adds_total', apiserver)),
                legend: '{{instance}} {{name}}',
              },
            ],
          },
          {
            kind: 'timeseries',
            title: 'Work queue depth',
            description:
              'Items waiting in the work queues of the API servers: a growing queue is not being worked off.',
            unit: 'short',
            width: 8,
            min: 0,
            queries: [
              {
                expr: sumBy(['instance', 'name'], `workqueue_depth${apiserver}`),
                legend: '{{instance}} {{name}}',
              },
            ],
          },
          {
            kind: 'timeseries',
            title: 'Work queue latency (p99)',
            description:
              '99th percentile of the time an item waits in a work queue of the API servers before it is processed.',
            unit: 's',
            width: 8,
            min: 0,
            queries: [
              {
                expr: p99('workqueue_queue_duration_seconds', apiserver, ['instance', 'name']),
                legend: '{{instance}} {{name}}',
                exemplar: true,
              },
            ],
          },
          {
            kind: 'timeseries',
            title: 'etcd request latency (p99) by operation',
            description:
              '99th percentile of the time etcd takes to answer the API servers, by operation. Slow etcd makes every write slow.',
            unit: 's',
            width: 12,
            min: 0,
            queries: [
              {
                expr: p99('etcd_request_duration_seconds', apiserver, ['operation']),
                legend: '{{operation}}',
                exemplar: true,
              },
            ],
          },
          {
            kind: 'timeseries',
            title: 'Objects stored (top 10 resources)',
            description:
              'Objects in etcd of the ten most numerous resources (apiserver_resource_objects, before Kubernetes 1.34 apiserver_storage_objects). Tens of thousands of one kind (events, leases, secrets) slow lists and watches.',
            unit: 'short',
            width: 12,
            min: 0,
            queries: [
              {
                expr: `topk(10, max by (resource) (apiserver_resource_objects${apiserver} or apiserver_storage_objects${apiserver}))`,
                legend: '{{resource}}',
              },
            ],
          },
        ],
      },
      { title: 'Process', panels: processPanels(apiserver, 'instance', 'API server') },
    ],
  });
}
