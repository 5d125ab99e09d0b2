import { contentHash } from '@mixstack/core';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { ThanosContext } from './context.js';
import { commonFlags, DATA_VOLUME_DIR, objstoreFlag, objstoreVolume } from './pod.js';
import { thanosStatefulSet } from './stateful-set.js';

/** The Compactor's working directory on its claim: blocks being compacted or downsampled. */
export const COMPACT_DATA_DIR = `${DATA_VOLUME_DIR}/compact`;

/** The Compactor's arguments: the subcommand first, `--wait` to keep running (its default is to run once). */
export function compactArgs(c: ThanosContext): string[] {
  const { retention, downsampling } = c.values.compact;
  return [
    'compact',
    ...commonFlags(c),
    `--data-dir=${COMPACT_DATA_DIR}`,
    objstoreFlag(),
    '--wait',
    `--retention.resolution-raw=${retention.raw}`,
    `--retention.resolution-5m=${retention.fiveMinutes}`,
    `--retention.resolution-1h=${retention.oneHour}`,
    ...(downsampling ? [] : ['--downsampling.disable']),
  ];
}

/**
 * Thanos Compactor: compacts, downsamples and deletes the bucket's blocks. It is not safe to
 * run twice on one bucket (docs/components/compact.md), so it is exactly one pod, never
 * adjustable (it publishes no replicas), and the build refuses a second one (`compactor-check.ts`).
 */
export function compactStatefulSet(c: ThanosContext, objstore: string): IStatefulSet {
  const [command, ...flags] = compactArgs(c);
  const secret = objstoreVolume();
  return thanosStatefulSet(c, c.parts.compact, {
    pod: { command: command!, flags, grpc: false, volumes: [secret.volume], mounts: [secret.mount] },
    storage: c.values.compact.storage,
    serviceName: c.parts.compact.name,
    checksum: contentHash(objstore),
  });
}
