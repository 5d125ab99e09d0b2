// What the three stacks of the fleet share: the bucket every cluster ships its blocks to and
// the observer reads, and the GCP project they run in.
export const BLOCKS_BUCKET = 'acme-metrics-blocks';
export const PROJECT = 'acme-prod';

/** Where the blocks go: one GCS bucket, reached through Workload Identity (no key in any file). */
export const objectStorage = { type: 'gcs', bucket: BLOCKS_BUCKET } as const;
