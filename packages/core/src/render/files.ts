import { type KubeObject, kindKey } from '../kube.js';
import type { KindDefinition } from '../validate/kinds.js';
import { canonicalize, toYaml } from './serialize.js';

/**
 * The kustomization file is named `Kustomization`, one of the three names kustomize reads:
 * `kubectl apply -f manifests/` only reads files ending in .yaml, .yml or .json, so a
 * `kustomization.yaml` in the same folder would be sent to the cluster as an object and fail
 * ("no matches for kind Kustomization"). This way both `kubectl kustomize manifests/` and
 * `kubectl apply -f manifests/setup -f manifests/` work.
 */
export const KUSTOMIZATION_FILE = 'Kustomization';

/** `<component>-<key>.yaml`, under `setup/` for Namespaces and CRDs (applied first). */
export function objectPath(
  address: string,
  object: KubeObject,
  kinds: ReadonlyMap<string, KindDefinition>,
): string {
  const [component, key] = address.split('/');
  const setup = kinds.get(kindKey(object))?.setup === true;
  return `${setup ? 'setup/' : ''}${component}-${key}.yaml`;
}

/** Orders output paths: `setup/` first (it must be applied first), then by name. */
export function comparePaths(a: string, b: string): number {
  const sa = a.startsWith('setup/') ? 0 : 1;
  const sb = b.startsWith('setup/') ? 0 : 1;
  return sa - sb || (a < b ? -1 : a > b ? 1 : 0);
}

export function kustomization(paths: readonly string[]): string {
  return toYaml(
    canonicalize({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: [...paths].sort(comparePaths),
    }),
  );
}
