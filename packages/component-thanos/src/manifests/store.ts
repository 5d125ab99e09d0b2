import { contentHash } from '@mixstack/core';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { GRPC_PORT, type ThanosContext } from './context.js';
import { commonFlags, DATA_VOLUME_DIR, objstoreFlag, objstoreVolume } from './pod.js';
import { thanosStatefulSet } from './stateful-set.js';

/** The Store Gateway's data directory on its claim: index headers and the bucket's metadata cache. */
export const STORE_DATA_DIR = `${DATA_VOLUME_DIR}/store`;

/** The Store Gateway's arguments: the subcommand first. */
export function storeArgs(c: ThanosContext): string[] {
  return [
    'store',
    ...commonFlags(c),
    `--grpc-address=0.0.0.0:${GRPC_PORT}`,
    `--data-dir=${STORE_DATA_DIR}`,
    objstoreFlag(),
    `--index-cache-size=${c.values.store.indexCacheSize}`,
  ];
}

/**
 * Thanos Store Gateway: serves the bucket's blocks to Query over the Store API. Each pod serves
 * every block (no sharding), so more pods add availability; each keeps its index headers on
 * its own claim, so a restart does not download them again. Ready once its first sync is done.
 */
export function storeStatefulSet(c: ThanosContext, objstore: string): IStatefulSet {
  const [command, ...flags] = storeArgs(c);
  const secret = objstoreVolume();
  return thanosStatefulSet(c, c.parts.store, {
    pod: { command: command!, flags, grpc: true, volumes: [secret.volume], mounts: [secret.mount] },
    storage: c.values.store.storage,
    serviceName: c.parts.store.name,
    checksum: contentHash(objstore),
  });
}
