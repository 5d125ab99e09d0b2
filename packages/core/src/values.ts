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
}

export function defaultCommonValues(): CommonValues {
  return {
    namespace: 'monitoring',
    createNamespace: true,
    cluster: 'cluster',
    labels: {},
    managedControlPlane: false,
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

type Leaf = { path: string; value: unknown };

function leaves(value: unknown, path: string[] = []): Leaf[] {
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    return Object.keys(value).flatMap((key) =>
      value[key] === undefined ? [] : leaves(value[key], [...path, key]),
    );
  }
  return [{ path: path.join('.'), value }];
}

function sameLeaf(a: unknown, b: unknown): boolean {
  if (typeof a === 'function' || typeof b === 'function') return a === b;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Two contributions in the same layer must not disagree: which one would win would depend
 * on the order of the parts, and that order must never change the output.
 */
function assertNoConflicts(layer: Layer, entries: readonly ValuesLayer[]): void {
  const seen = new Map<string, { source: string; value: unknown }>();
  for (const entry of entries) {
    for (const leaf of leaves(entry.values)) {
      for (const [path, other] of seen) {
        const overlaps =
          path === leaf.path || path.startsWith(`${leaf.path}.`) || leaf.path.startsWith(`${path}.`);
        if (overlaps && (path !== leaf.path || !sameLeaf(other.value, leaf.value))) {
          throw new MixstackError({
            code: 'VALUES_CONFLICT',
            message: `"${entry.source}" and "${other.source}" both set values.${leaf.path.length < path.length ? leaf.path : path} in the "${layer}" layer, differently`,
            address: entry.source,
            path: `values.${leaf.path}`,
            value: leaf.value,
            related: [other.source],
            hint: 'set it in one place only, or pass it explicitly to the component (the "user" layer overrides platforms and addons)',
          });
        }
      }
    }
    for (const leaf of leaves(entry.values))
      if (!seen.has(leaf.path)) seen.set(leaf.path, { source: entry.source, value: leaf.value });
  }
}

/** Merges all layers, weakest first, into the final values tree (deep-frozen). */
export function resolveValues(layers: readonly ValuesLayer[]): Values {
  let result: unknown = { common: defaultCommonValues() };
  for (const layer of LAYERS) {
    const entries = layers.filter((entry) => entry.layer === layer);
    assertNoConflicts(layer, entries);
    // Within a layer entries do not conflict, so their order does not matter; sort anyway
    // so that patch functions on disjoint paths run in a fixed order.
    const sorted = [...entries].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
    for (const entry of sorted) result = mergeUnknown(result, entry.values);
  }
  return deepFreeze(merge(result as Values));
}
