import { toYaml } from '@mixstack/core';
import { s3Endpoint } from '@mixstack/kit';
import type { ThanosStore } from './config.js';

/**
 * The objstore configuration every Thanos part reads (`--objstore.config-file`), rendered once
 * from the object-storage contract into one Secret: the Prometheus operator takes the
 * sidecar's as a Secret key (`spec.thanos.objectStorageConfig`), so the Store Gateway and the
 * Compactor mount the same one. It holds no credentials: access comes from the platform's
 * identity for the pods' ServiceAccounts (Workload Identity, IRSA).
 */

/** The Secret's name. */
export const OBJSTORE_SECRET = 'thanos-objstore';
/** Its key: the objstore YAML. */
export const OBJSTORE_KEY = 'objstore.yaml';
/** Where the Store Gateway and the Compactor mount the Secret (read-only). */
export const OBJSTORE_DIR = '/etc/thanos/objstore';

/**
 * The directory of `filesystem` (tests only): each pod writes its own, on a volume of its own
 * (the Store Gateway's and the Compactor's claims are mounted at `/var/thanos`), so two pods
 * never see each other's blocks. A pod that mounts the Secret needs a writable volume here.
 */
export const FILESYSTEM_DIRECTORY = '/var/thanos/bucket';

/** Where the blocks go, as the objstore configuration needs it. */
export interface ObjstoreTarget {
  store: ThanosStore;
  /** The bucket, for `gcs` and `s3`. */
  bucket?: string;
  /** The AWS region, for `s3`. */
  region?: string;
}

/** The objstore configuration (`type`, `config`), with nothing but the keys Thanos needs. */
export interface ObjstoreConfig {
  type: 'GCS' | 'S3' | 'FILESYSTEM';
  config: Record<string, string>;
}

/**
 * The objstore configuration of a target: GCS with its bucket; S3 with its bucket, the regional
 * endpoint (`s3.<region>.amazonaws.com`, else the global `s3.amazonaws.com`; Thanos requires an
 * endpoint) and the region when given; FILESYSTEM with a directory of the pod. No key, no
 * secret: Thanos' GCS client uses the pod's Workload Identity, its S3 client the AWS SDK's
 * chain (IRSA, Pod Identity) when no `access_key` is set.
 */
export function objstoreConfig(target: ObjstoreTarget): ObjstoreConfig {
  if (target.store === 'filesystem')
    return { type: 'FILESYSTEM', config: { directory: FILESYSTEM_DIRECTORY } };
  const bucket = target.bucket ?? '';
  if (target.store === 'gcs') return { type: 'GCS', config: { bucket } };
  return {
    type: 'S3',
    config: {
      bucket,
      endpoint: s3Endpoint(target.region),
      ...(target.region ? { region: target.region } : {}),
    },
  };
}

/** The YAML of the Secret's key. */
export const renderObjstoreConfig = (target: ObjstoreTarget): string => toYaml(objstoreConfig(target));

/**
 * A bucket's identity in an objstore configuration, for the one-compactor check
 * (`GCS/acme-thanos`); none for FILESYSTEM, whose directory is each pod's own.
 */
export function bucketOf(config: unknown): string | undefined {
  if (typeof config !== 'object' || config === null) return undefined;
  const { type, config: inner, prefix } = config as { type?: unknown; config?: unknown; prefix?: unknown };
  if (typeof type !== 'string' || typeof inner !== 'object' || inner === null) return undefined;
  if (type.toUpperCase() === 'FILESYSTEM') return undefined;
  const fields = inner as Record<string, unknown>;
  const name = fields.bucket ?? fields.container ?? fields.directory;
  if (typeof name !== 'string' || name === '') return undefined;
  return `${type.toUpperCase()}/${name}${typeof prefix === 'string' && prefix !== '' ? `/${prefix}` : ''}`;
}
