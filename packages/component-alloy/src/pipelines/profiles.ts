import type { ProfilesPipeline } from '@mixstack/core';
import {
  attribute,
  attributes,
  type Block,
  block,
  call,
  concat,
  object,
  reference,
  type Value,
} from '../syntax/model.js';
import { NODE_NAME_ENV } from './logs.js';

/**
 * Profiles pipelines as Alloy components. Two sources, each optional per pipeline:
 *
 * - **scrape** (the stack's collector DaemonSet, no privilege): the pods of its node that opt in
 *   with the annotations `profiles.grafana.com/<type>.scrape: "true"` and `.port` or
 *   `.port_name`, pulled over HTTP like Grafana's Pyroscope chart does it:
 *   `discovery.kubernetes` → `discovery.relabel` (the labels every profile carries) → one
 *   `discovery.relabel` and one `pyroscope.scrape` per profile type → `pyroscope.write`;
 * - **eBPF** (a DaemonSet of its own, `alloy-profiler`: host PID namespace and kernel
 *   capabilities): every process of the node's pods, CPU only, `discovery.kubernetes` →
 *   `discovery.relabel` → one `pyroscope.ebpf` for all eBPF pipelines → a `pyroscope.write` each.
 */

/** The annotation prefix the pods opt in with (`profiles.grafana.com/cpu.scrape: "true"`). */
export const PROFILES_ANNOTATION_PREFIX = 'profiles.grafana.com';

/**
 * The profile types a pod may ask for, and the `profiling_config` block of `pyroscope.scrape`
 * that collects each (Alloy calls the CPU profile `process_cpu`). Alloy enables the first five
 * by default and fgprof not: each scrape component enables its own type and turns the others off.
 */
export const PROFILE_TYPES = [
  { type: 'cpu', profile: 'process_cpu', enabledByDefault: true },
  { type: 'memory', profile: 'memory', enabledByDefault: true },
  { type: 'goroutine', profile: 'goroutine', enabledByDefault: true },
  { type: 'block', profile: 'block', enabledByDefault: true },
  { type: 'mutex', profile: 'mutex', enabledByDefault: true },
  { type: 'fgprof', profile: 'fgprof', enabledByDefault: false },
] as const;

export type ProfileType = (typeof PROFILE_TYPES)[number]['type'];

/** The label of the components every eBPF pipeline shares (one profiler per node: two would profile every process twice). */
export const EBPF_CHAIN_LABEL = 'node';

/** A pod annotation or label as the discovery's meta label (non-alphanumerics become `_`). */
const metaName = (kind: 'annotation' | 'label', name: string) =>
  `__meta_kubernetes_pod_${kind}_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;

/** The meta label of `profiles.grafana.com/<key>` (`cpu.scrape`, `service_name`). */
export const annotationLabel = (key: string) =>
  metaName('annotation', `${PROFILES_ANNOTATION_PREFIX}/${key}`);
const serviceNameLabel = metaName('label', `${PROFILES_ANNOTATION_PREFIX}/service_name`);

/** What a profiles pipeline needs of the pods that run it. */
export interface ProfilesNeeds {
  /** The collector scrapes annotated pods: its egress reaches pods of every namespace. */
  profilesScrape: boolean;
  /** The eBPF profiler DaemonSet `alloy-profiler` runs, in a privileged namespace of its own. */
  ebpf: boolean;
}

export function profilesNeeds(pipeline: ProfilesPipeline): ProfilesNeeds {
  return { profilesScrape: pipeline.scrape, ebpf: pipeline.ebpf };
}

/** The per-type components' label: `<label>_<type>`. */
const typeLabel = (label: string, type: ProfileType) => `${label}_${type}`;

/** The labels of a pipeline's components: its own (its write, in either configuration), and its types' with scrape. */
export function profilesLabels(label: string, pipeline: ProfilesPipeline): string[] {
  return [label, ...(pipeline.scrape ? PROFILE_TYPES.map(({ type }) => typeLabel(label, type)) : [])];
}

interface Rule {
  sources?: readonly string[];
  target?: string;
  action?: string;
  regex?: string;
  replacement?: string;
  separator?: string;
}

function rule({ sources, target, action, regex, replacement, separator }: Rule): Block {
  return block('rule', [
    ...(sources ? [attribute('source_labels', [...sources])] : []),
    ...attributes({ separator, regex, action, replacement }),
    ...(target ? [attribute('target_label', target)] : []),
  ]);
}

/** The discovery of the pods of this node only: a DaemonSet pod profiles its own node. */
function podsOfThisNode(label: string, comment: string): Block {
  return block(
    'discovery.kubernetes',
    [
      attribute('role', 'pod'),
      block('selectors', [
        attribute('role', 'pod'),
        attribute('field', concat('spec.nodeName=', call('sys.env', NODE_NAME_ENV))),
      ]),
    ],
    { label, comment },
  );
}

/**
 * The labels every profile carries, whatever its source: `namespace`, `pod`, `container`,
 * `node`, and `service_name` (what Pyroscope groups by): the pod's label
 * `profiles.grafana.com/service_name`, else its annotation of that name (which may hold a `/`),
 * else `<namespace>/<container>`. Pods that do not run (pending, finished) are left out.
 */
export function profileLabelRules(): Block[] {
  return [
    rule({
      sources: ['__meta_kubernetes_pod_phase'],
      regex: 'Pending|Succeeded|Failed|Completed',
      action: 'drop',
    }),
    rule({ sources: ['__meta_kubernetes_namespace'], target: 'namespace' }),
    rule({ sources: ['__meta_kubernetes_pod_name'], target: 'pod' }),
    rule({ sources: ['__meta_kubernetes_pod_container_name'], target: 'container' }),
    rule({ sources: ['__meta_kubernetes_pod_node_name'], target: 'node' }),
    rule({
      sources: ['__meta_kubernetes_namespace', '__meta_kubernetes_pod_container_name'],
      separator: '/',
      target: 'service_name',
    }),
    // Set only when present ((.+) does not match an empty value): the last that matches wins.
    rule({ sources: [annotationLabel('service_name')], regex: '(.+)', target: 'service_name' }),
    rule({ sources: [serviceNameLabel], regex: '(.+)', target: 'service_name' }),
  ];
}

/**
 * One profile type's targets: the pods annotated `<type>.scrape: "true"`, at the container port
 * they name, by `<type>.port_name` or by number `<type>.port` (one of the ports the pod
 * declares: discovery yields one target per declared port, and exactly one is kept, so a pod
 * is scraped once, labelled with the container that serves the port). `<type>.scheme` (`http`
 * or `https`) and `<type>.path` (the profile's path, instead of Alloy's default for the type)
 * are optional.
 */
export function typeRules(type: ProfileType): Block[] {
  const ann = (key: string) => annotationLabel(`${type}.${key}`);
  // "The wanted port, else the target's own": `<annotation>;<target's>` gives the annotation
  // when set, the target's own value when not; kept when it equals the target's.
  const samePort = (annotation: string, own: string, tmp: string) => [
    rule({ sources: [annotation, own], regex: ';(.*)|([^;]+);.*', replacement: '$1$2', target: tmp }),
    rule({ sources: [tmp], action: 'keepequal', target: own }),
  ];
  return [
    rule({ sources: [ann('scrape')], regex: 'true', action: 'keep' }),
    // A pod names its port, by number or by name: without either there is nothing to scrape.
    rule({ sources: [ann('port'), ann('port_name')], regex: ';', action: 'drop' }),
    ...samePort(ann('port_name'), '__meta_kubernetes_pod_container_port_name', '__tmp_port_name'),
    ...samePort(ann('port'), '__meta_kubernetes_pod_container_port_number', '__tmp_port'),
    rule({ sources: [ann('scheme')], regex: '(https?)', target: '__scheme__' }),
    rule({ sources: [ann('path')], regex: '(.+)', target: '__profile_path__' }),
  ];
}

/** `profiling_config` of a type's scrape: its own profile on (CPU as a delta), the others off. */
function profilingConfig(type: ProfileType): Block {
  return block(
    'profiling_config',
    PROFILE_TYPES.filter((other) => other.type === type || other.enabledByDefault).map((other) =>
      block(`profile.${other.profile}`, [
        attribute('enabled', other.type === type),
        // pprof's CPU profile is sampled over a window (`?seconds=`): a delta, whatever the default.
        ...(other.type === type && type === 'cpu' ? [attribute('delta', true)] : []),
      ]),
    ),
  );
}

/** Where a pipeline's profiles go: its store, with the stack's cluster on every profile. */
function writeBlock(id: string, label: string, pipeline: ProfilesPipeline, cluster: string): Block {
  const { namespace, name } = pipeline.destination;
  return block(
    'pyroscope.write',
    [
      block('endpoint', [attribute('url', pipeline.writeUrl)]),
      attribute('external_labels', object({ cluster })),
    ],
    { label, comment: `The profiles pipeline "${id}": where the profiles go (${namespace}/${name}).` },
  );
}

/**
 * The collector's chain of one profiles pipeline, labelled `label`: nothing without `scrape`
 * (eBPF runs in the profiler's own configuration, `profilerConfig`).
 */
export function profilesBlocks(
  id: string,
  label: string,
  pipeline: ProfilesPipeline,
  cluster: string,
): Block[] {
  if (!pipeline.scrape) return [];
  const writer: Value = [reference('pyroscope.write', label, 'receiver')];
  const pods = podsOfThisNode(
    label,
    `The profiles pipeline "${id}": the pods of this node, scraped when annotated ${PROFILES_ANNOTATION_PREFIX}/<type>.scrape = "true".`,
  );
  const common = block(
    'discovery.relabel',
    [attribute('targets', reference('discovery.kubernetes', label, 'targets')), ...profileLabelRules()],
    { label },
  );
  const perType = PROFILE_TYPES.flatMap(({ type }) => [
    block(
      'discovery.relabel',
      [attribute('targets', reference('discovery.relabel', label, 'output')), ...typeRules(type)],
      { label: typeLabel(label, type) },
    ),
    block(
      'pyroscope.scrape',
      [
        attribute('targets', reference('discovery.relabel', typeLabel(label, type), 'output')),
        attribute('forward_to', writer),
        profilingConfig(type),
      ],
      { label: typeLabel(label, type) },
    ),
  ]);
  return [pods, common, ...perType, writeBlock(id, label, pipeline, cluster)];
}

/**
 * The profiler's configuration (`alloy-profiler`): the node's pods and their labels, one
 * `pyroscope.ebpf` for every eBPF pipeline (`writeLabels`, their labels), and a
 * `pyroscope.write` per pipeline. Processes outside the node's pods' containers are not profiled.
 */
export function ebpfBlocks(
  pipelines: readonly { id: string; label: string; pipeline: ProfilesPipeline }[],
  cluster: string,
): Block[] {
  if (pipelines.length === 0) return [];
  const label = EBPF_CHAIN_LABEL;
  return [
    podsOfThisNode(label, "The containers of this node's pods: what the eBPF profiler profiles."),
    block(
      'discovery.relabel',
      [attribute('targets', reference('discovery.kubernetes', label, 'targets')), ...profileLabelRules()],
      { label },
    ),
    block(
      'pyroscope.ebpf',
      [
        // Each process is matched to its container by `__meta_kubernetes_pod_container_id`.
        attribute('targets', reference('discovery.relabel', label, 'output')),
        attribute(
          'forward_to',
          pipelines.map((p) => reference('pyroscope.write', p.label, 'receiver')),
        ),
      ],
      { label, comment: 'CPU profiles of every process of those containers, sampled in the kernel.' },
    ),
    ...pipelines.map(({ id, label: write, pipeline }) => writeBlock(id, write, pipeline, cluster)),
  ];
}
