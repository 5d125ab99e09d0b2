import { isDeepStrictEqual } from 'node:util';
import { MixstackError } from './errors.js';
import { deepFreeze, isPlainObject, merge, mergeUnknown } from './merge.js';

/** Values every component reads. */
export interface CommonValues {
  /** Namespace of the stack's workloads. @default 'monitoring' */
  namespace: string;
  /** Create the Namespace object (in `setup/`), labelled for Pod Security `restricted`. @default true */
  createNamespace: boolean;
  /** Cluster name: Prometheus' external label `cluster`, and in alert texts. @default 'cluster' */
  cluster: string;
  /**
   * The rules are evaluated where the series of several clusters meet, each with its `cluster`
   * label (Thanos Ruler, Mimir, a central Prometheus fed by remote write): every alert and
   * record keeps `cluster`, and an alert on targets that are missing altogether fires once per
   * cluster instead of `absent()`'s one label-less alert for all of them (kube-prometheus'
   * `showMultiCluster`). @default false
   */
  multiCluster: boolean;
  /** Labels added to the metadata of every rendered object. @default {} */
  labels: Record<string, string>;
  /**
   * Registry (and optional path) that replaces the registry of every image, for private mirrors:
   * `registry.example.com/mirror` turns `quay.io/prometheus/prometheus:v3` into
   * `registry.example.com/mirror/prometheus/prometheus:v3`. @default undefined (upstream registries)
   */
  imageRegistry?: string;
  /** Platform the stack runs on, set by platform parts (`gke`). @default undefined */
  platform?: string;
  /** StorageClass for every PersistentVolumeClaim that does not name its own. @default undefined (the cluster default) */
  storageClass?: string;
  /**
   * The control plane is managed by the provider: kube-scheduler and kube-controller-manager
   * cannot be scraped, so their monitors, rules and dashboards are left out. @default false
   */
  managedControlPlane: boolean;
  /**
   * With `managedControlPlane`: the platform scrapes kube-scheduler and kube-controller-manager
   * itself, its own way (EKS's proxied metrics through the API server), under the `job` names
   * the mixins read. The components render no monitor for them, but keep their rules and
   * dashboards. @default false
   */
  platformScrapesControlPlane: boolean;
  /**
   * The cluster's DNS server, set by platform parts: `kube-dns` (GKE) has no CoreDNS metrics
   * port to scrape. @default 'coredns'
   */
  clusterDns: 'coredns' | 'kube-dns';
  /**
   * The object storage the components configure for their buckets, set by platform parts
   * (`gcs` on GKE), which also grant the pods access to the buckets components declare
   * (`ComponentContracts.buckets`). @default undefined
   */
  objectStorage?: 'gcs' | 's3' | 'azure' | 'filesystem';
  /**
   * The region of the stack's buckets, for `s3`, set by a platform with the object storage
   * (`eks({ s3: { region } })`), so that every store reaches its bucket in the region the
   * platform creates it in: an S3 client without a region asks S3 for the bucket's location,
   * which the platform's bucket policies need not allow. A store's own `objectStorage.region`
   * wins. @default undefined
   */
  objectStorageRegion?: string;
}

export function defaultCommonValues(): CommonValues {
  return {
    namespace: 'monitoring',
    createNamespace: true,
    cluster: 'cluster',
    multiCluster: false,
    labels: {},
    managedControlPlane: false,
    platformScrapesControlPlane: false,
    clusterDns: 'coredns',
  };
}

/** The configuration tree: `common`, and one subtree per component (typed by the component). */
export interface Values {
  readonly common: CommonValues;
  readonly [component: string]: unknown;
}

/**
 * Precedence of value layers, lowest first. A component's own defaults are weakest; a platform
 * overrides defaults; an addon overrides the platform; what the user passes explicitly beats
 * those; `override` is for lib parts whose documented job is to override everything.
 */
export const LAYERS = ['defaults', 'platform', 'addon', 'user', 'override'] as const;
export type Layer = (typeof LAYERS)[number];

export interface ValuesLayer {
  readonly layer: Layer;
  /** Who contributed it (a package or part name); named in conflict errors. */
  readonly source: string;
  readonly values: Readonly<Record<string, unknown>>;
}

/** A set value: its key path (an array, because keys such as `app.kubernetes.io/name` contain dots). */
type Leaf = { keys: readonly string[]; value: unknown };

function leaves(value: unknown, keys: readonly string[] = []): Leaf[] {
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    return Object.keys(value).flatMap((key) =>
      value[key] === undefined ? [] : leaves(value[key], [...keys, key]),
    );
  }
  return [{ keys, value }];
}

function isPrefix(prefix: readonly string[], keys: readonly string[]): boolean {
  return prefix.length <= keys.length && prefix.every((key, i) => keys[i] === key);
}

function sameLeaf(a: unknown, b: unknown): boolean {
  // A patch function is not idempotent: given twice, even the same one, it would apply twice.
  if (typeof a === 'function' || typeof b === 'function') return false;
  return isDeepStrictEqual(a, b);
}

/**
 * Whether two leaves of one layer make the result depend on the order of their parts: the
 * same path set differently, or one path inside the other (a scalar, `null` or patch function
 * over a subtree). An empty object over a deeper value is no conflict: merging `{}` into an
 * object changes nothing, in either order.
 */
function conflicts(a: Leaf, b: Leaf): boolean {
  if (a.keys.length === b.keys.length) return isPrefix(a.keys, b.keys) && !sameLeaf(a.value, b.value);
  const [outer, inner] = a.keys.length < b.keys.length ? [a, b] : [b, a];
  if (!isPrefix(outer.keys, inner.keys)) return false;
  return !(isPlainObject(outer.value) && Object.keys(outer.value).length === 0);
}

const display = (keys: readonly string[]): string => ['values', ...keys].join('.');

/**
 * Two contributions in the same layer must not disagree: which one would win would depend
 * on the order of the parts, and that order must never change the output.
 */
function assertNoConflicts(layer: Layer, entries: readonly ValuesLayer[]): void {
  const seen: (Leaf & { source: string })[] = [];
  for (const entry of entries) {
    const own = leaves(entry.values);
    for (const leaf of own) {
      const other = seen.find((candidate) => conflicts(candidate, leaf));
      if (other) {
        const shorter = leaf.keys.length < other.keys.length ? leaf.keys : other.keys;
        throw new MixstackError({
          code: 'VALUES_CONFLICT',
          message: `"${entry.source}" and "${other.source}" both set ${display(shorter)} in the "${layer}" layer, differently`,
          address: entry.source,
          path: display(leaf.keys),
          value: leaf.value,
          related: [other.source],
          hint: 'set it in one place only, or pass it explicitly to the component (the "user" layer overrides platforms and addons)',
        });
      }
    }
    for (const leaf of own) seen.push({ ...leaf, source: entry.source });
  }
}

/** Merges all layers, weakest first, into the final values tree (deep-frozen). */
export function resolveValues(layers: readonly ValuesLayer[]): Values {
  let result: unknown = { common: defaultCommonValues() };
  for (const layer of LAYERS) {
    // Within a layer entries do not conflict, so their order does not matter to the result;
    // sort anyway, so that a conflict error and the order in which patch functions on
    // disjoint paths run do not depend on the order of the parts either.
    const sorted = layers
      .filter((entry) => entry.layer === layer)
      .sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
    assertNoConflicts(layer, sorted);
    for (const entry of sorted) result = mergeUnknown(result, entry.values);
  }
  return deepFreeze(merge(result as Values));
}

/**
 * The strongest layer that sets anything at `keys` (a value there, under it, or a scalar over
 * it), as an index into `LAYERS`; -1 when no layer does. Render uses it to let an adjustment
 * apply only over what weaker layers set (a platform's profile never overrides the user).
 */
export function strongestLayerAt(layers: readonly ValuesLayer[], keys: readonly string[]): number {
  let strongest = -1;
  for (const entry of layers) {
    const index = LAYERS.indexOf(entry.layer);
    if (index <= strongest) continue;
    let node: unknown = entry.values;
    let sets = true;
    for (const key of keys) {
      if (!isPlainObject(node)) break;
      if (!Object.hasOwn(node, key) || node[key] === undefined) {
        sets = false;
        break;
      }
      node = node[key];
    }
    if (sets && !(isPlainObject(node) && Object.keys(node).length === 0)) strongest = index;
  }
  return strongest;
}
