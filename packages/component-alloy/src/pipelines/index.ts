import { type CollectorPipeline, MixstackError } from '@mixstack/core';
import type { AlloyFile, Block } from '../syntax/model.js';
import { isIdentifier } from '../syntax/printer.js';
import { logsBlocks, logsLabels, logsNeeds } from './logs.js';
import { ebpfBlocks, profilesBlocks, profilesLabels, profilesNeeds } from './profiles.js';
import { otlpChainBlocks, tracesBlocks, tracesLabels, tracesNeeds } from './traces.js';

/**
 * The collector pipelines of the stack (`ctx.collectorPipelines`) as one Alloy configuration.
 * Alloy knows no signal's store: each signal is one module (`logs.ts`, `traces.ts`,
 * `profiles.ts`), chosen by the pipeline's `signal`.
 */

/** What the DaemonSet's pods must provide for the pipelines. */
export interface PipelineNeeds {
  /** A pipeline reads container logs from the node's files (`/var/log/pods`). */
  nodeLogFiles: boolean;
  /** A pipeline has work that one pod does for all (the cluster's events): the pods form an Alloy cluster. */
  cluster: boolean;
  /** A pipeline receives the applications' OTLP: the pods listen on 4317/4318, behind the Service `alloy-otlp`. */
  otlp: boolean;
  /** A profiles pipeline scrapes annotated pods: the collector reaches pods of every namespace, on any port. */
  profilesScrape: boolean;
  /** A profiles pipeline profiles with eBPF: the DaemonSet `alloy-profiler` runs, in a privileged namespace of its own. */
  ebpf: boolean;
  /** A pipeline has work for the collector DaemonSet (not only for the eBPF profiler): it runs. */
  collector: boolean;
}

/**
 * The Alloy label of a pipeline id: an identifier, so characters Alloy refuses in labels
 * (`-`, `.`) become `_`, and a leading digit gets a `_` before it.
 */
export function labelOf(id: string): string {
  const label = id.replace(/[^\p{L}\p{Nd}_]/gu, '_');
  return isIdentifier(label) ? label : `_${label}`;
}

function blocksOf(id: string, label: string, pipeline: CollectorPipeline, cluster: string): Block[] {
  switch (pipeline.signal) {
    case 'logs':
      return logsBlocks(id, label, pipeline, cluster);
    case 'traces':
      return tracesBlocks(id, label, pipeline);
    case 'profiles':
      return profilesBlocks(id, label, pipeline, cluster);
  }
}

function labelsOf(label: string, pipeline: CollectorPipeline): string[] {
  switch (pipeline.signal) {
    case 'logs':
      return logsLabels(label, pipeline);
    case 'traces':
      return tracesLabels(label, pipeline);
    case 'profiles':
      return profilesLabels(label, pipeline);
  }
}

const NONE: PipelineNeeds = {
  nodeLogFiles: false,
  cluster: false,
  otlp: false,
  profilesScrape: false,
  ebpf: false,
  collector: false,
};

function needsOf(pipeline: CollectorPipeline): PipelineNeeds {
  switch (pipeline.signal) {
    case 'logs':
      return { ...NONE, ...logsNeeds(pipeline), collector: true };
    case 'traces':
      return { ...NONE, ...tracesNeeds(pipeline), collector: true };
    case 'profiles': {
      const needs = profilesNeeds(pipeline);
      return { ...NONE, ...needs, collector: needs.profilesScrape };
    }
  }
}

export function pipelineNeeds(pipelines: Readonly<Record<string, CollectorPipeline>>): PipelineNeeds {
  const needs = Object.values(pipelines).map(needsOf);
  return {
    nodeLogFiles: needs.some((need) => need.nodeLogFiles),
    cluster: needs.some((need) => need.cluster),
    otlp: needs.some((need) => need.otlp),
    profilesScrape: needs.some((need) => need.profilesScrape),
    ebpf: needs.some((need) => need.ebpf),
    collector: needs.some((need) => need.collector),
  };
}

/**
 * Two pipeline ids whose labels coincide (`loki-logs` and `loki_logs`) would give two Alloy
 * components the same name: refused, naming both.
 */
function checkLabels(pipelines: Readonly<Record<string, CollectorPipeline>>, address: string): void {
  const owners = new Map<string, string>();
  for (const id of Object.keys(pipelines).sort()) {
    for (const label of labelsOf(labelOf(id), pipelines[id]!)) {
      const other = owners.get(label);
      if (other !== undefined) {
        throw new MixstackError({
          code: 'INVALID_NAME',
          message: `the collector pipelines "${other}" and "${id}" both become the Alloy label "${label}"`,
          address,
          value: id,
          hint: 'give the pipelines ids that differ in letters or digits, not only in "-", "." or "_"',
        });
      }
      owners.set(label, id);
    }
  }
}

/**
 * The configuration file: every pipeline's chain, in pipeline-id order. The traces pipelines
 * share one OTLP receiver and its processors (a port is bound once), printed before the first
 * of their exporters.
 */
export function alloyConfig(
  pipelines: Readonly<Record<string, CollectorPipeline>>,
  cluster: string,
  address: string,
): AlloyFile {
  checkLabels(pipelines, address);
  const ids = Object.keys(pipelines).sort();
  const traces = ids.filter((id) => pipelines[id]!.signal === 'traces');
  const shared = otlpChainBlocks(traces.map(labelOf));
  return {
    comment:
      'Rendered by mixstack (@mixstack/component-alloy) from the collector pipelines of the stack.\nEdit the stack, not this file.',
    blocks: ids.flatMap((id) => [
      ...(id === traces[0] ? shared : []),
      ...blocksOf(id, labelOf(id), pipelines[id]!, cluster),
    ]),
  };
}

/**
 * The eBPF profiler's configuration file (`alloy-profiler`): one profiler for every profiles
 * pipeline with `ebpf`, pushing to each one's store. Its labels are the pipelines' own, so the
 * collector's label check covers them (`checkLabels`).
 */
export function profilerConfig(
  pipelines: Readonly<Record<string, CollectorPipeline>>,
  cluster: string,
  address: string,
): AlloyFile {
  checkLabels(pipelines, address);
  const ebpf = Object.keys(pipelines)
    .sort()
    .flatMap((id) => {
      const pipeline = pipelines[id]!;
      return pipeline.signal === 'profiles' && pipeline.ebpf ? [{ id, label: labelOf(id), pipeline }] : [];
    });
  return {
    comment:
      'Rendered by mixstack (@mixstack/component-alloy): the eBPF profiler of the profiles pipelines.\nEdit the stack, not this file.',
    blocks: ebpfBlocks(ebpf, cluster),
  };
}
