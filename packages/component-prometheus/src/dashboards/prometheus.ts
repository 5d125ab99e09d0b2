import type { Dashboard, Values } from '@mixstack/core';
import {
  buildDashboard,
  datasourceVariable,
  type PanelSpec,
  queryVariable,
  type RowSpec,
  type StatSpec,
} from '@mixstack/kit';
import { RECORDS } from '../mixins/records.js';
import { processPanels } from './process.js';
import { increase, p99, rate, sumBy } from './promql.js';
import { clusterVariable, type Scope, sel } from './variables.js';

export const PROMETHEUS_FILES = { overview: 'prometheus-overview.json' } as const;

const POD = 'pod=~"$pod"';
/** The Prometheus container: the config reloader sidecar is scraped under the same job. */
const CONTAINER = 'container="prometheus"';
/** The remote-write receiver's endpoint. */
const WRITE_HANDLER = 'handler="/api/v1/write"';

const graph = (
  title: string,
  description: string,
  unit: string,
  width: number,
  queries: { expr: string; legend: string; exemplar?: boolean }[],
): PanelSpec => ({ kind: 'timeseries', title, description, unit, width, min: 0, queries });

/**
 * Prometheus / Overview: targets, ingestion, storage, queries, rules, alert delivery and (with
 * the remote-write receiver switched on) what is written to it. The stack's Prometheus does
 * not remote-write anywhere, so there is no dashboard for the sending side.
 */
export function prometheusOverviewDashboard(scope: Scope, values: Values): Dashboard {
  const { s, cluster } = scope;
  const prom = (...m: string[]) => sel(s.prometheus, cluster, POD, ...m);
  const p = prom();
  const stat = (
    title: string,
    description: string,
    unit: string,
    expr: string,
    thresholds?: [number, string][],
  ): StatSpec => ({
    kind: 'stat',
    title,
    description,
    unit,
    width: 4,
    query: { expr },
    ...(thresholds ? { thresholds } : {}),
  });
  const receiver =
    (values.prometheus as { remoteWriteReceiver?: unknown } | undefined)?.remoteWriteReceiver !== false;
  const remoteWrite: RowSpec[] = receiver
    ? [
        {
          title: 'Remote-write receiver',
          panels: [
            graph(
              'Remote-write requests by code',
              "Write requests per second senders (such as Tempo's metrics generator) make to /api/v1/write, by status code. 4xx: rejected samples (out of order, too old); 5xx: Prometheus could not append.",
              'reqps',
              8,
              [
                {
                  expr: sumBy(['code'], rate('prometheus_http_requests_total', prom(WRITE_HANDLER))),
                  legend: '{{code}}',
                },
              ],
            ),
            graph(
              'Remote-write latency (p99)',
              '99th percentile of the time Prometheus takes to append one write request.',
              's',
              8,
              [
                {
                  expr: p99('prometheus_http_request_duration_seconds', prom(WRITE_HANDLER), []),
                  legend: 'p99',
                  exemplar: true,
                },
              ],
            ),
            graph(
              'Samples rejected by the TSDB',
              'Samples per second the TSDB refused, from scrapes and remote writes alike: out of order (older than the newest of their series) or out of bounds (older than the head block).',
              'cps',
              8,
              [
                {
                  expr: `sum(${rate('prometheus_tsdb_out_of_order_samples_total', p)})`,
                  legend: 'out of order',
                },
                {
                  expr: `sum(${rate('prometheus_tsdb_out_of_bounds_samples_total', p)})`,
                  legend: 'out of bounds',
                },
              ],
            ),
          ],
        },
      ]
    : [];
  return buildDashboard({
    title: 'Prometheus / Overview',
    description:
      'The Prometheus servers of the stack: targets, ingestion, storage, queries, rule evaluation and alert delivery.',
    tag: 'prometheus',
    linkTitle: 'Prometheus',
    variables: [
      datasourceVariable(),
      clusterVariable(scope, s.prometheus),
      queryVariable('pod', 'Pod', `prometheus_build_info${sel(s.prometheus, cluster)}`, 'pod', {
        allValue: '.+',
      }),
    ],
    rows: [
      {
        title: 'Overview',
        panels: [
          stat(
            'Servers up',
            'Prometheus servers (replicas) of the stack that scrape each other successfully right now.',
            'none',
            `sum(up${prom(CONTAINER)})`,
          ),
          stat(
            'Targets up',
            'Scrape targets up, over all jobs (recording rule).',
            'none',
            `sum(${RECORDS.targetsUp}${sel(cluster)})`,
          ),
          stat(
            'Targets down',
            'Scrape targets down, over all jobs (recording rule): their metrics are missing.',
            'none',
            `sum(${RECORDS.targetsDown}${sel(cluster)})`,
            [[1, 'red']],
          ),
          stat(
            'Head series',
            'Series in the in-memory head block of the busiest server: the main driver of memory use.',
            'short',
            `max(prometheus_tsdb_head_series${p})`,
          ),
          stat(
            'Samples ingested',
            'Samples per second appended by the busiest server (scrapes, rules and remote writes).',
            'cps',
            `max(${rate('prometheus_tsdb_head_samples_appended_total', p)})`,
          ),
          stat(
            'Storage / retention size',
            'Disk space of the persisted blocks as a share of the retention size; at 100% the oldest blocks are deleted.',
            'percentunit',
            `max(prometheus_tsdb_storage_blocks_bytes${p} / (prometheus_tsdb_retention_limit_bytes${p} > 0))`,
            [[0.9, 'orange']],
          ),
        ],
      },
      {
        title: 'Scraping',
        panels: [
          graph('Targets down by job', 'Scrape targets that are down, by job (recording rule).', 'short', 8, [
            { expr: sumBy(['job'], `${RECORDS.targetsDown}${sel(cluster)}`), legend: '{{job}}' },
          ]),
          graph(
            'Scrape interval (p99)',
            '99th percentile of the actual time between two scrapes of a target, by configured interval. Above the interval, Prometheus cannot keep up.',
            's',
            8,
            [
              {
                expr: `max by (interval) (prometheus_target_interval_length_seconds${prom('quantile="0.99"')})`,
                legend: '{{interval}}',
              },
            ],
          ),
          graph(
            'Samples rejected while scraping',
            'Scraped samples per second thrown away: a target over its sample or body size limit, or exposing samples with a duplicate, out-of-order or too old timestamp.',
            'cps',
            8,
            [
              {
                expr: `sum(${rate('prometheus_target_scrapes_exceeded_sample_limit_total', p)})`,
                legend: 'sample limit',
              },
              {
                expr: `sum(${rate('prometheus_target_scrapes_exceeded_body_size_limit_total', p)})`,
                legend: 'body size limit',
              },
              {
                expr: `sum(${rate('prometheus_target_scrapes_sample_duplicate_timestamp_total', p)})`,
                legend: 'duplicate timestamp',
              },
              {
                expr: `sum(${rate('prometheus_target_scrapes_sample_out_of_order_total', p)})`,
                legend: 'out of order',
              },
              {
                expr: `sum(${rate('prometheus_target_scrapes_sample_out_of_bounds_total', p)})`,
                legend: 'out of bounds',
              },
            ],
          ),
        ],
      },
      {
        title: 'Storage',
        panels: [
          graph('Head series', 'Series in the head block of each server.', 'short', 6, [
            { expr: sumBy(['pod'], `prometheus_tsdb_head_series${p}`), legend: '{{pod}}' },
          ]),
          graph('Samples ingested', 'Samples per second each server appends.', 'cps', 6, [
            {
              expr: sumBy(['pod'], rate('prometheus_tsdb_head_samples_appended_total', p)),
              legend: '{{pod}}',
            },
          ]),
          graph(
            'Storage used',
            'Disk space of the persisted blocks of each server, and the retention size.',
            'bytes',
            6,
            [
              { expr: sumBy(['pod'], `prometheus_tsdb_storage_blocks_bytes${p}`), legend: '{{pod}}' },
              { expr: `max(prometheus_tsdb_retention_limit_bytes${p})`, legend: 'retention size' },
            ],
          ),
          graph(
            'TSDB failures',
            'Failed compactions, block reloads and WAL corruptions: any of them risks losing data.',
            'short',
            6,
            [
              {
                expr: `sum(${increase('prometheus_tsdb_compactions_failed_total', p)})`,
                legend: 'compactions failed',
              },
              {
                expr: `sum(${increase('prometheus_tsdb_reloads_failures_total', p)})`,
                legend: 'reloads failed',
              },
              {
                expr: `sum(${increase('prometheus_tsdb_wal_corruptions_total', p)})`,
                legend: 'WAL corruptions',
              },
            ],
          ),
        ],
      },
      {
        title: 'Queries',
        panels: [
          graph(
            'Queries',
            'Queries per second each server evaluates (dashboards, API and rules).',
            'reqps',
            8,
            [
              {
                expr: sumBy(
                  ['pod'],
                  rate('prometheus_engine_query_duration_seconds_count', prom('slice="inner_eval"')),
                ),
                legend: '{{pod}}',
              },
            ],
          ),
          graph(
            'Query latency (p99) by stage',
            '99th percentile of the time queries spend in each stage: queueing, preparation (loading series), evaluation and result sorting.',
            's',
            8,
            [
              {
                expr: `max by (slice) (prometheus_engine_query_duration_seconds${prom('quantile="0.99"')})`,
                legend: '{{slice}}',
              },
            ],
          ),
          graph(
            'HTTP API latency (p99) by handler',
            '99th percentile of the time the HTTP API takes to answer, by handler.',
            's',
            8,
            [
              {
                expr: p99('prometheus_http_request_duration_seconds', p, ['handler']),
                legend: '{{handler}}',
                exemplar: true,
              },
            ],
          ),
        ],
      },
      {
        title: 'Rules',
        panels: [
          graph(
            'Rule group evaluation time / interval',
            'Time the last evaluation of each rule group took, as a share of its interval. At 100% evaluations are skipped.',
            'percentunit',
            8,
            [
              {
                expr: `max by (rule_group) (prometheus_rule_group_last_duration_seconds${p} / prometheus_rule_group_interval_seconds${p})`,
                legend: '{{rule_group}}',
              },
            ],
          ),
          graph(
            'Rule evaluation failures',
            'Rule evaluations per second that failed, by rule group: the rule produces nothing (an alert cannot fire).',
            'cps',
            8,
            [
              {
                expr: sumBy(['rule_group'], rate('prometheus_rule_evaluation_failures_total', p)),
                legend: '{{rule_group}}',
              },
            ],
          ),
          graph(
            'Missed rule group evaluations',
            'Evaluations of each rule group skipped because the previous one was still running.',
            'short',
            8,
            [
              {
                expr: sumBy(['rule_group'], increase('prometheus_rule_group_iterations_missed_total', p)),
                legend: '{{rule_group}}',
              },
            ],
          ),
        ],
      },
      {
        title: 'Alert notifications',
        panels: [
          graph(
            'Alerts sent to each Alertmanager',
            'Alerts per second the servers send to each Alertmanager instance.',
            'cps',
            8,
            [
              {
                expr: sumBy(['alertmanager'], rate('prometheus_notifications_sent_total', p)),
                legend: '{{alertmanager}}',
              },
            ],
          ),
          graph(
            'Alert delivery errors',
            'Share of the alerts sent to each Alertmanager that failed: alerts may not reach their receivers.',
            'percentunit',
            8,
            [
              {
                expr: `${sumBy(['alertmanager'], rate('prometheus_notifications_errors_total', p))} / ${sumBy(['alertmanager'], rate('prometheus_notifications_sent_total', p))}`,
                legend: '{{alertmanager}}',
              },
            ],
          ),
          graph(
            'Notification queue',
            'Alerts waiting to be sent as a share of the queue capacity, by server. A full queue drops alerts.',
            'percentunit',
            8,
            [
              {
                expr: `max by (pod) (prometheus_notifications_queue_length${p} / prometheus_notifications_queue_capacity${p})`,
                legend: '{{pod}}',
              },
            ],
          ),
        ],
      },
      ...remoteWrite,
      {
        title: 'Process',
        panels: processPanels(prom(CONTAINER), 'pod', 'Prometheus'),
      },
    ],
  });
}
