import type { Values } from '@mixstack/core';

/**
 * The object-storage contract between components and platforms, in the stack's values (see
 * docs/object-storage.md). A component whose pods use a bucket declares it under
 * `values.objectStorage.buckets`, in its own layer; a platform reads the declarations to give
 * those pods access (on GKE: Workload Identity) and to say which buckets to create. The
 * component needs to know nothing about the platform, and the platform nothing about the
 * component beyond its declaration.
 */
export const OBJECT_STORAGE_KEY = 'objectStorage';

/** One bucket a component's pods use. */
export interface BucketClaim {
  /** The component that uses it (named in messages). */
  component: string;
  /** The bucket's name. */
  bucket: string;
  /** The Kubernetes ServiceAccount the pods run as; the component renders it. */
  serviceAccount: {
    name: string;
    /** @default the stack's namespace */
    namespace?: string;
  };
  /** `readWrite`: read, write, delete objects (Loki's and Tempo's compactors delete). `read`: read only. */
  access: 'readWrite' | 'read';
}

export interface ObjectStorageValues {
  /** Set by the platform: which object storage the components should configure (`gcs` on GKE). */
  provider?: string;
  /** Buckets by an id of the declaring component's choice (`loki-chunks`). */
  buckets?: Record<string, BucketClaim>;
}

export function objectStorageOf(values: Values): ObjectStorageValues {
  return (values[OBJECT_STORAGE_KEY] as ObjectStorageValues | undefined) ?? {};
}
