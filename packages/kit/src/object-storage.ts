import { type BucketClaim, type CommonValues, MixstackError, options } from '@mixstack/core';

/**
 * Where a store (Loki, Tempo, Pyroscope) keeps its data: its PersistentVolumeClaim, or a bucket
 * in GCS or S3. The option, its schema, the choice against the stack's `common.objectStorage`,
 * the problems no single option shows, and the bucket the store declares in the object-storage
 * contract (so that a platform grants its ServiceAccount access) are written once, here; each
 * store only says how it names itself, its data and its volume.
 */

/** The object stores the stores are configured for (Azure is not, yet). */
export type BucketStore = 'gcs' | 's3';

/**
 * Where a store keeps its data: `Volume`, its PersistentVolumeClaim (`local`, or the name the
 * technology gives it: Loki's `filesystem`), or a bucket.
 */
export type DataStore<Volume extends string = 'local'> = Volume | BucketStore;

/** The `objectStorage` option of a store: where its data goes when not on its volume. */
export interface ObjectStorageOptions<Volume extends string = 'local'> {
  /**
   * The volume (`local`, or the store's name for it), `gcs` or `s3`. When left out, the stack's
   * `common.objectStorage` when a platform set it to `gcs` or `s3` (`gke({ workloadIdentity })`),
   * else the volume.
   * @default undefined (the stack's object storage, else the volume)
   */
  type?: DataStore<Volume>;
  /**
   * The bucket. Required with `gcs` or `s3`: bucket names are global, so no default could be
   * safe. The bucket is declared in the object-storage contract, so that a platform grants the
   * pods access to it (and says how to create it). Unused on the volume.
   * @default undefined
   */
  bucket?: string;
  /**
   * The bucket's region, for `s3`. When left out, the stack's `common.objectStorageRegion`,
   * which a platform with the object storage sets (`eks({ s3: { region } })`).
   * @default undefined (the stack's region, else the store's own: the global endpoint `s3.amazonaws.com`, or the AWS SDK's region from the environment)
   */
  region?: string;
}

/** What a store works with, derived once from its option and the stack's common values. */
export interface ObjectStorageSettings<Volume extends string = 'local'> {
  store: DataStore<Volume>;
  /** The bucket, with `gcs` or `s3` (and only when one is given: else a problem is reported). */
  bucket?: string;
  /**
   * The bucket's region, with `s3` only: the store's own `objectStorage.region`, else the
   * stack's `common.objectStorageRegion` (the region the platform creates the buckets in).
   * Without one, an S3 client asks S3 for the bucket's location, which the platform's bucket
   * policies need not allow.
   */
  region?: string;
}

/** What tells one store's object storage from another's: its names, in messages, hints and contracts. */
export interface ObjectStorageSpec<Volume extends string = 'local'> {
  /** The store as messages name it: `Tempo`. */
  product: string;
  /** What it keeps, as the hint to stay on the volume says it: `traces` ("to keep traces on the volume"). */
  keeps: string;
  /** What it writes to the bucket, as the missing-bucket message says it: `trace blocks`. */
  stores: string;
  /** The bucket name the schema and the hints give as an example: `acme-prod-tempo`. */
  exampleBucket: string;
  /** The id of its bucket in the object-storage contract (`ComponentContracts.buckets`): `traces`. */
  bucketId: string;
  /** The name of the volume in the `type` option, as the technology calls it (Loki: `filesystem`). @default 'local' */
  volume?: Volume;
}

/** A store's values, or anything with its `objectStorage` option (the problems' paths start there). */
export interface WithObjectStorage<Volume extends string = 'local'> {
  readonly objectStorage: ObjectStorageOptions<Volume>;
}

/** One store's object storage: its schema, and the functions from its option to what it uses. */
export interface ObjectStorage<Volume extends string = 'local'> {
  /** The volume's name in the `type` option. */
  readonly volume: Volume;
  /** The schema of the `objectStorage` option: the store, a bucket name, an AWS region. */
  readonly schema: options.Schema<ObjectStorageOptions<Volume>>;
  /** The store: the option, else the stack's object storage when it is `gcs` or `s3`, else the volume. */
  storeOf(values: WithObjectStorage<Volume>, common: CommonValues): DataStore<Volume>;
  /** The store, the bucket when the store is one, and the region when the store is `s3`. */
  settingsOf(values: WithObjectStorage<Volume>, common: CommonValues): ObjectStorageSettings<Volume>;
  /**
   * What the option alone cannot be wrong about, with the stack's common values: the stack's
   * `azure`, which the store is not configured for, and a bucket store without a bucket. Each
   * an `INVALID_OPTION` at `address`, with its path under `objectStorage`, its value and a fix.
   */
  problems(values: WithObjectStorage<Volume>, common: CommonValues, address: string): MixstackError[];
  /**
   * The store's part of its contracts: its bucket, read and written by the pods of
   * `serviceAccount`, when it stores in one; else nothing. Spread into `ComponentContracts`.
   */
  contracts(
    values: WithObjectStorage<Volume>,
    common: CommonValues,
    serviceAccount: string,
  ): { buckets?: Readonly<Record<string, BucketClaim>> };
}

/**
 * The S3 endpoint of a region: `s3.<region>.amazonaws.com`, in China's partition
 * `s3.<region>.amazonaws.com.cn` (regions `cn-*`), and the global `s3.amazonaws.com` without a
 * region (the client then asks S3 where the bucket is).
 */
export function s3Endpoint(region?: string): string {
  if (!region) return 's3.amazonaws.com';
  return `s3.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/;
const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/**
 * One store's object storage, from what tells it from the others.
 *
 * ```ts
 * const objectStorage = defineObjectStorage({
 *   product: 'Tempo', keeps: 'traces', stores: 'trace blocks',
 *   exampleBucket: 'acme-prod-tempo', bucketId: 'traces',
 * });
 * ```
 */
export function defineObjectStorage<Volume extends string = 'local'>(
  spec: ObjectStorageSpec<Volume>,
): ObjectStorage<Volume> {
  const volume = (spec.volume ?? 'local') as Volume;
  const stores = [volume, 'gcs', 's3'] as const;
  const storeOf = (values: WithObjectStorage<Volume>, common: CommonValues): DataStore<Volume> => {
    if (values.objectStorage.type) return values.objectStorage.type;
    return common.objectStorage === 'gcs' || common.objectStorage === 's3' ? common.objectStorage : volume;
  };
  const settingsOf = (
    values: WithObjectStorage<Volume>,
    common: CommonValues,
  ): ObjectStorageSettings<Volume> => {
    const store = storeOf(values, common);
    // A region means something to S3 only: a gcs store or the volume never gets the stack's.
    const region = store === 's3' ? (values.objectStorage.region ?? common.objectStorageRegion) : undefined;
    return {
      store,
      ...(store !== volume && values.objectStorage.bucket ? { bucket: values.objectStorage.bucket } : {}),
      ...(region ? { region } : {}),
    };
  };
  return {
    volume,
    schema: options.object({
      type: options.oneOf(stores),
      bucket: options.string({
        pattern: BUCKET_NAME,
        expected: `a bucket name such as "${spec.exampleBucket}" (3-63 lower-case letters, digits, "-", "_" and ".")`,
      }),
      region: options.string({ pattern: AWS_REGION, expected: 'an AWS region such as "eu-west-1"' }),
    }) as options.Schema<ObjectStorageOptions<Volume>>,
    storeOf,
    settingsOf,
    problems(values, common, address) {
      const problems: MixstackError[] = [];
      const problem = (path: string, value: unknown, message: string, hint: string) =>
        problems.push(new MixstackError({ code: 'INVALID_OPTION', message, address, path, value, hint }));
      const toVolume = `objectStorage: { type: "${volume}" }`;
      if (!values.objectStorage.type && common.objectStorage === 'azure') {
        problem(
          'objectStorage.type',
          common.objectStorage,
          `the stack's object storage is "azure", which this package does not configure ${spec.product} for`,
          `pass ${toVolume} to keep ${spec.keeps} on the volume, or "gcs" / "s3" with a bucket`,
        );
      }
      const store = storeOf(values, common);
      if (store !== volume && !values.objectStorage.bucket) {
        const from = values.objectStorage.type ? 'objectStorage.type' : "the stack's common.objectStorage";
        problem(
          'objectStorage.bucket',
          undefined,
          `${spec.product} stores its ${spec.stores} in ${store} (${from}) and needs a bucket name`,
          `pass objectStorage: { bucket: "${spec.exampleBucket}" } (bucket names are global: choose one of your own), or ${toVolume} for the volume`,
        );
      }
      return problems;
    },
    contracts(values, common, serviceAccount) {
      const { bucket } = settingsOf(values, common);
      if (!bucket) return {};
      return {
        buckets: {
          [spec.bucketId]: {
            bucket,
            serviceAccount: { name: serviceAccount },
            access: 'readWrite',
          },
        },
      };
    },
  };
}
