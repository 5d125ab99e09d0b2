import { type CommonValues, type DeepPartial, options, quantityValue } from '@mixstack/core';
import type { IPersistentVolumeClaimSpec } from 'kubernetes-models/v1/PersistentVolumeClaimSpec';

/**
 * Data is persistent: a stateful component keeps one PersistentVolumeClaim per
 * replica, retained when its StatefulSet goes, with an explicit retention that fits on it.
 */

/** Storage of a stateful component: one PersistentVolumeClaim per replica, retained. */
export interface StorageOptions {
  /** Size of each replica's PersistentVolumeClaim. @default per component */
  size: string;
  /**
   * StorageClass of the claims; when left out, the common `storageClass` of the stack, and
   * without that the cluster's default class.
   * @default undefined
   */
  storageClass?: string;
}

/** The options schema of a `StorageOptions` field. */
export const storageSchema: options.Schema<DeepPartial<StorageOptions>> = options.object({
  size: options.quantity(),
  storageClass: options.storageClassName(),
});

/** The storage class of a claim: its own, the stack's, or none (the cluster default). */
export function storageClassOf(own: string | undefined, common: CommonValues): string | undefined {
  return own ?? common.storageClass;
}

/** The spec of one replica's claim: read-write by its one pod, of the given size and class. */
export function volumeClaimSpec(
  size: string,
  storageClassName: string | undefined,
): IPersistentVolumeClaimSpec {
  return {
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage: size } },
    ...(storageClassName ? { storageClassName } : {}),
  };
}

/**
 * A StatefulSet's `persistentVolumeClaimRetentionPolicy` that keeps the data: deleting or
 * scaling down the StatefulSet (a rename, a mistaken `kubectl delete`) must not delete it.
 */
export function retainedClaims(): { whenDeleted: 'Retain'; whenScaled: 'Retain' } {
  return { whenDeleted: 'Retain', whenScaled: 'Retain' };
}

const BYTE_UNITS: Record<string, number> = {
  B: 1,
  KB: 2 ** 10,
  MB: 2 ** 20,
  GB: 2 ** 30,
  TB: 2 ** 40,
  PB: 2 ** 50,
  EB: 2 ** 60,
};

/**
 * A byte size in Prometheus' notation (`42GB`, `512MB`, `0`) in bytes, or undefined. Prometheus
 * (and Loki, Tempo) read these units as powers of two, unlike Kubernetes quantities, where `G`
 * is 10^9 and `Gi` 2^30.
 */
export function byteSizeValue(size: string): number | undefined {
  const match = /^([0-9]+(?:\.[0-9]+)?)(B|KB|MB|GB|TB|PB|EB)$/.exec(size);
  return match ? Number(match[1]) * BYTE_UNITS[match[2]!]! : size === '0' ? 0 : undefined;
}

/**
 * 85% of a volume, in Prometheus' base-2 units: Prometheus deletes the oldest blocks before
 * the disk fills, leaving room for the WAL and compaction. Undefined for a volume under 1 MiB
 * (or not a quantity), where no retention size makes sense.
 */
export function retentionSizeFor(storageSize: string): string | undefined {
  const bytes = quantityValue(storageSize);
  if (bytes === undefined || bytes < 2 ** 20) return undefined;
  const allowed = bytes * 0.85;
  const gb = Math.floor(allowed / 2 ** 30);
  return gb >= 10 ? `${gb}GB` : `${Math.floor(allowed / 2 ** 20)}MB`;
}
