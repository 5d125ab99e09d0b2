import { isPlainObject, type KubeObject } from '@mixstack/core';
import { LOCAL_PATH } from './config.js';

type Json = Record<string, unknown>;

const HOSTNAME = 'kubernetes.io/hostname';

/** The claim templates of a StatefulSet, or of a Prometheus or Alertmanager (prometheus-operator's `storage`). */
function claimTemplates(spec: Json): Json[] {
  if (Array.isArray(spec.volumeClaimTemplates)) return spec.volumeClaimTemplates.filter(isPlainObject);
  const storage = spec.storage;
  return isPlainObject(storage) && isPlainObject(storage.volumeClaimTemplate)
    ? [storage.volumeClaimTemplate]
    : [];
}

function onLocalPath(claim: Json): boolean {
  return isPlainObject(claim.spec) && claim.spec.storageClassName === LOCAL_PATH;
}

/** Spread constraints over nodes that may be ignored, made binding; `undefined` when none is. */
function binding(constraints: unknown): unknown[] | undefined {
  if (!Array.isArray(constraints)) return undefined;
  let changed = false;
  const next = constraints.map((constraint) => {
    if (
      isPlainObject(constraint) &&
      constraint.topologyKey === HOSTNAME &&
      constraint.whenUnsatisfiable === 'ScheduleAnyway'
    ) {
      changed = true;
      return { ...constraint, whenUnsatisfiable: 'DoNotSchedule' };
    }
    return constraint;
  });
  return changed ? next : undefined;
}

/**
 * Replicas on local-path volumes spread over nodes for good: a local-path volume is created on
 * the node its pod is first scheduled to and binds the pod there for ever, so two replicas that
 * land on one node (which `ScheduleAnyway` allows) stay on it, and that node takes both down.
 * The spread over `kubernetes.io/hostname` of every object with more than one replica and claims
 * of class local-path becomes `DoNotSchedule` (with fewer nodes than replicas, the skew still
 * lets the replicas share nodes evenly). Returns the objects and the addresses changed.
 */
export function withBindingSpread(objects: Readonly<Record<string, KubeObject>>): {
  objects: Record<string, KubeObject>;
  changed: string[];
} {
  const out: Record<string, KubeObject> = { ...objects };
  const changed: string[] = [];
  for (const address of Object.keys(objects).sort()) {
    const object = objects[address]!;
    const spec = (object as { spec?: unknown }).spec;
    if (!isPlainObject(spec) || typeof spec.replicas !== 'number' || spec.replicas < 2) continue;
    if (!claimTemplates(spec).some(onLocalPath)) continue;
    const template =
      isPlainObject(spec.template) && isPlainObject(spec.template.spec) ? spec.template : undefined;
    const constraints = binding(
      template ? (template.spec as Json).topologySpreadConstraints : spec.topologySpreadConstraints,
    );
    if (!constraints) continue;
    const next: Json = template
      ? {
          ...spec,
          template: {
            ...template,
            spec: { ...(template.spec as Json), topologySpreadConstraints: constraints },
          },
        }
      : { ...spec, topologySpreadConstraints: constraints };
    out[address] = { ...object, spec: next } as KubeObject;
    changed.push(address);
  }
  return { objects: out, changed };
}
