import type { LogStage, LogsPipeline } from '@mixstack/core';
import {
  attribute,
  attributes,
  type Block,
  block,
  call,
  concat,
  object,
  reference,
  type Statement,
} from '../syntax/model.js';

/**
 * A logs pipeline as Alloy components, after grafana/alloy's "Collect Kubernetes logs"
 * (`docs/sources/collect/logs-in-kubernetes.md`): the pods of the node Alloy runs on, relabelled
 * to the stack's stream labels, read through the API (`source: 'api'`) or from the node's files
 * (`source: 'files'`), parsed by the pipeline's stages, and pushed to its store. Every component
 * carries the pipeline's label, so several pipelines are several independent chains.
 */

/** Where the kubelet writes container logs on the node, mounted read-only in files mode. */
export const POD_LOGS_DIR = '/var/log/pods';

/** The environment variable holding the node's name (the downward API's `spec.nodeName`). */
export const NODE_NAME_ENV = 'HOSTNAME';

/** What one pipeline needs of the pods that run it. */
export interface LogsNeeds {
  /** It reads `/var/log/pods` on the node: host access, its own privileged namespace. */
  nodeLogFiles: boolean;
  /**
   * It gathers the cluster's events, which every pod of the DaemonSet would otherwise send
   * once: the pods form an Alloy cluster, and one of them gathers them.
   */
  cluster: boolean;
}

export function logsNeeds(pipeline: LogsPipeline): LogsNeeds {
  return { nodeLogFiles: pipeline.source === 'files', cluster: pipeline.events };
}

/** The labels of the components of a pipeline's chain: its own, and its events' processing. */
export function logsLabels(label: string, pipeline: LogsPipeline): string[] {
  return pipeline.events ? [label, eventsLabel(label)] : [label];
}

const eventsLabel = (label: string) => `${label}_events`;

/** One relabelling rule: `target` from the first of `sources` (joined by `;`), through `regex`. */
function rule(target: string, sources: readonly string[], extra: Record<string, string> = {}): Block {
  return block('rule', [
    attribute('source_labels', [...sources]),
    ...attributes(extra),
    attribute('target_label', target),
  ]);
}

/** The stream labels every line carries, from the pod's metadata (the names the stack's dashboards join on). */
function relabelRules(pipeline: LogsPipeline): Block[] {
  return [
    rule('namespace', ['__meta_kubernetes_namespace']),
    rule('pod', ['__meta_kubernetes_pod_name']),
    rule('container', ['__meta_kubernetes_pod_container_name']),
    // `app.kubernetes.io/name`, else the older `app` label: the first of the two that is set.
    rule('app', ['__meta_kubernetes_pod_label_app_kubernetes_io_name', '__meta_kubernetes_pod_label_app'], {
      regex: ';*([^;]+).*',
    }),
    rule('node', ['__meta_kubernetes_pod_node_name']),
    ...(pipeline.source === 'files'
      ? [
          // The kubelet's layout: /var/log/pods/<namespace>_<pod>_<uid>/<container>/<n>.log
          rule('__path__', ['__meta_kubernetes_pod_uid', '__meta_kubernetes_pod_container_name'], {
            separator: '/',
            replacement: `${POD_LOGS_DIR}/*$1/*.log`,
          }),
        ]
      : []),
  ];
}

/** One stage of the pipeline as a `stage.*` block of `loki.process`. */
export function stageBlock(stage: LogStage): Block {
  switch (stage.type) {
    case 'multiline':
      return block('stage.multiline', [
        attribute('firstline', stage.firstLine),
        ...attributes({ max_wait_time: stage.maxWaitTime, max_lines: stage.maxLines }),
      ]);
    case 'json':
      return block('stage.json', [attribute('expressions', object(stage.fields))]);
    case 'logfmt':
      return block('stage.logfmt', [attribute('mapping', object(stage.fields))]);
    case 'labels':
      return block('stage.labels', [attribute('values', object(stage.labels))]);
    case 'drop':
      return block('stage.drop', [
        attribute('expression', stage.expression),
        ...attributes({ drop_counter_reason: stage.reason }),
      ]);
  }
}

/** The pipeline's static labels and the stack's cluster name, on every line (`cluster` wins). */
function staticLabels(pipeline: LogsPipeline, cluster: string): Block {
  return block('stage.static_labels', [attribute('values', object({ ...pipeline.staticLabels, cluster }))]);
}

/**
 * The chain of one logs pipeline, labelled `label`:
 * `discovery.kubernetes` → `discovery.relabel` → `loki.source.kubernetes` (or `local.file_match`
 * → `loki.source.file`) → `loki.process` → `loki.write`, and with events,
 * `loki.source.kubernetes_events` → its own `loki.process` (the pipeline's stages are for
 * container lines, not events) → the same `loki.write`.
 */
export function logsBlocks(id: string, label: string, pipeline: LogsPipeline, cluster: string): Block[] {
  const processor = reference('loki.process', label, 'receiver');
  const writer = reference('loki.write', label, 'receiver');
  const comment = (what: string) => `The logs pipeline "${id}": ${what}.`;
  const pods = block(
    'discovery.kubernetes',
    [
      attribute('role', 'pod'),
      // A DaemonSet pod reads the pods of its own node only.
      block('selectors', [
        attribute('role', 'pod'),
        attribute('field', concat('spec.nodeName=', call('sys.env', NODE_NAME_ENV))),
      ]),
    ],
    { label, comment: comment('the pods of this node') },
  );
  const relabel = block(
    'discovery.relabel',
    [attribute('targets', reference('discovery.kubernetes', label, 'targets')), ...relabelRules(pipeline)],
    { label },
  );
  const targets = reference('discovery.relabel', label, 'output');
  const sources: Block[] =
    pipeline.source === 'files'
      ? [
          block('local.file_match', [attribute('path_targets', targets)], { label }),
          block(
            'loki.source.file',
            [
              attribute('targets', reference('local.file_match', label, 'targets')),
              attribute('forward_to', [processor]),
            ],
            { label },
          ),
        ]
      : [
          block(
            'loki.source.kubernetes',
            [attribute('targets', targets), attribute('forward_to', [processor])],
            {
              label,
            },
          ),
        ];
  const stages: Statement[] = [
    // Files hold the container runtime's format (CRI); the API returns the lines themselves.
    ...(pipeline.source === 'files' ? [block('stage.cri', [])] : []),
    ...pipeline.stages.map(stageBlock),
    staticLabels(pipeline, cluster),
  ];
  const process = block('loki.process', [attribute('forward_to', [writer]), ...stages], { label });
  const events: Block[] = pipeline.events
    ? [
        block(
          'loki.source.kubernetes_events',
          [
            attribute('forward_to', [reference('loki.process', eventsLabel(label), 'receiver')]),
            // Events are the cluster's, not the node's: one pod of the Alloy cluster gathers them.
            block('clustering', [attribute('enabled', true)]),
          ],
          { label, comment: comment("the cluster's Kubernetes events") },
        ),
        block('loki.process', [attribute('forward_to', [writer]), staticLabels(pipeline, cluster)], {
          label: eventsLabel(label),
        }),
      ]
    : [];
  const write = block('loki.write', [block('endpoint', [attribute('url', pipeline.pushUrl)])], {
    label,
    comment: comment(`where the lines go (${pipeline.destination.namespace}/${pipeline.destination.name})`),
  });
  return [pods, relabel, ...sources, process, ...events, write];
}
