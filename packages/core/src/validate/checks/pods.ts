import { isPlainObject } from '../../merge.js';
import type { CheckedObject, Workload } from './types.js';

type Json = Record<string, unknown>;

export interface ContainerRef {
  container: Json;
  /** Dotted path of the container in the object. */
  path: string;
  init: boolean;
}

const asList = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isPlainObject) : []);

/** All containers of a workload's pod spec (init containers included), with their paths. */
export function containersOf(workload: Workload): ContainerRef[] {
  const spec = workload.podSpec;
  if (!spec) return [];
  const base = workload.podSpecPath ?? 'spec';
  return [
    ...asList(spec.initContainers).map((container, i) => ({
      container,
      path: `${base}.initContainers.${i}`,
      init: true,
    })),
    ...asList(spec.containers).map((container, i) => ({
      container,
      path: `${base}.containers.${i}`,
      init: false,
    })),
  ];
}

/** Objects that run pods with a full pod spec. */
export function podWorkloads(
  objects: readonly CheckedObject[],
): (CheckedObject & { workload: Workload & { podSpec: Json } })[] {
  return objects.filter(
    (o): o is CheckedObject & { workload: Workload & { podSpec: Json } } => o.workload?.podSpec !== undefined,
  );
}

/** Objects that run pods at all (built-in workloads and custom resources that declare their pods). */
export function allWorkloads(objects: readonly CheckedObject[]): (CheckedObject & { workload: Workload })[] {
  return objects.filter((o): o is CheckedObject & { workload: Workload } => o.workload !== undefined);
}

/** True when every `matchLabels` entry is among the labels (and `matchExpressions` hold). */
export function selectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  if (!isPlainObject(selector)) return false;
  const matchLabels = isPlainObject(selector.matchLabels) ? selector.matchLabels : {};
  for (const [key, value] of Object.entries(matchLabels)) if (labels[key] !== value) return false;
  for (const expression of asList(selector.matchExpressions)) {
    const key = String(expression.key);
    const values = Array.isArray(expression.values) ? expression.values.map(String) : [];
    const has = key in labels;
    switch (expression.operator) {
      case 'In':
        if (!has || !values.includes(labels[key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** A Service's plain `selector` map matches the labels. */
export function mapSelectorMatches(
  selector: Record<string, string>,
  labels: Record<string, string>,
): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

export function get(object: unknown, path: string): unknown {
  let current: unknown = object;
  for (const part of path.split('.')) {
    if (!isPlainObject(current) && !Array.isArray(current)) return undefined;
    current = (current as Json)[part];
  }
  return current;
}

export function stringMap(value: unknown): Record<string, string> {
  if (!isPlainObject(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

/** The workload facts of the built-in kinds that carry a pod template. */
export function builtinWorkload(object: Json): Workload | undefined {
  const namespace = String(get(object, 'metadata.namespace') ?? '');
  const kind = object.kind;
  const template = (path: string, replicas: number | undefined): Workload | undefined => {
    const podSpec = get(object, `${path}.spec`);
    if (!isPlainObject(podSpec)) return undefined;
    return {
      namespace,
      podLabels: stringMap(get(object, `${path}.metadata.labels`)),
      replicas,
      podSpec,
      podSpecPath: `${path}.spec`,
      serviceAccountName:
        typeof podSpec.serviceAccountName === 'string' ? podSpec.serviceAccountName : undefined,
      spread: isSpread(podSpec),
    };
  };
  const replicas = (): number => {
    const value = get(object, 'spec.replicas');
    return typeof value === 'number' ? value : 1;
  };
  switch (kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'ReplicaSet':
      return template('spec.template', replicas());
    case 'DaemonSet':
    case 'Job':
      return template('spec.template', undefined);
    case 'CronJob':
      return template('spec.jobTemplate.spec.template', undefined);
    case 'Pod': {
      const podSpec = get(object, 'spec');
      if (!isPlainObject(podSpec)) return undefined;
      return {
        namespace,
        podLabels: stringMap(get(object, 'metadata.labels')),
        replicas: 1,
        podSpec,
        podSpecPath: 'spec',
        serviceAccountName:
          typeof podSpec.serviceAccountName === 'string' ? podSpec.serviceAccountName : undefined,
        spread: isSpread(podSpec),
      };
    }
    default:
      return undefined;
  }
}

export function isSpread(podSpec: Json): boolean {
  const antiAffinity = get(podSpec, 'affinity.podAntiAffinity');
  const constraints = podSpec.topologySpreadConstraints;
  return (
    (isPlainObject(antiAffinity) && Object.keys(antiAffinity).length > 0) ||
    (Array.isArray(constraints) && constraints.length > 0)
  );
}
