import {
  type CheckedObject,
  isPlainObject,
  parseYamlDocuments,
  type SafetyCheck,
  type Violation,
} from '@mixstack/core';
import { bucketOf } from './objstore.js';

/**
 * Exactly one Compactor per bucket: Thanos' Compactor is not safe to run concurrently on one
 * bucket (docs/components/compact.md), and two of them compact, downsample and delete the same
 * blocks, which corrupts or loses data. The check reads the rendered objects after every patch,
 * so a second Compactor from anywhere (a user's object, another package, a patch that scales
 * the StatefulSet) fails the build with both named.
 */

type Json = Record<string, unknown>;

/** A workload that runs `thanos compact`, with its pods and the bucket it compacts. */
interface Compactor {
  address: string;
  pods: number;
  bucket: string;
}

/** The pods a workload runs at once: its replicas; a DaemonSet one per node (two or more). */
function podsOf(object: CheckedObject): number {
  if (object.object.kind === 'DaemonSet') return 2;
  return object.workload?.replicas ?? 1;
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** The Thanos subcommand and flags of a container, or undefined when it does not run Thanos. */
function thanosArgs(container: Json): string[] | undefined {
  const tokens = [...strings(container.command), ...strings(container.args)];
  // `/bin/thanos` is the image's entrypoint: the args start with the subcommand, or the
  // command names the binary first.
  while (tokens[0] !== undefined && /(^|\/)thanos$/.test(tokens[0])) tokens.shift();
  return tokens[0] === 'compact' ? tokens : undefined;
}

/** The value of `--flag=value` or `--flag value` among a container's arguments. */
function flagValue(args: readonly string[], flag: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith(`${flag}=`)) return arg.slice(flag.length + 1);
    if (arg === flag) return args[i + 1];
  }
  return undefined;
}

/** The objstore YAML of a Secret's or ConfigMap's key, rendered in the same namespace. */
function keyContents(
  objects: readonly CheckedObject[],
  kind: 'Secret' | 'ConfigMap',
  namespace: string,
  name: string,
  key: string,
): string | undefined {
  for (const { object } of objects) {
    if (object.kind !== kind || object.metadata?.name !== name) continue;
    if ((object.metadata?.namespace ?? '') !== namespace) continue;
    const body = object as unknown as Json;
    const stringData = isPlainObject(body.stringData) ? body.stringData : {};
    const data = isPlainObject(body.data) ? body.data : {};
    if (typeof stringData[key] === 'string') return stringData[key] as string;
    if (typeof data[key] === 'string')
      return kind === 'Secret'
        ? Buffer.from(data[key] as string, 'base64').toString('utf8')
        : (data[key] as string);
  }
  return undefined;
}

/**
 * The bucket of a Compactor: its `--objstore.config`, or the file of `--objstore.config-file`
 * followed to the mounted Secret or ConfigMap key. A Secret the stack does not render (the
 * user's own) stands for itself: two Compactors reading the same one share its bucket.
 */
function bucketOfCompactor(
  objects: readonly CheckedObject[],
  args: readonly string[],
  podSpec: Json,
  container: Json,
  namespace: string,
): string | undefined {
  const inline = flagValue(args, '--objstore.config');
  if (inline !== undefined) return bucketOf(parseYamlDocuments(inline)[0]?.value);
  const file = flagValue(args, '--objstore.config-file');
  if (file === undefined) return undefined;
  const mount = (Array.isArray(container.volumeMounts) ? container.volumeMounts : [])
    .filter(isPlainObject)
    .find((m) => typeof m.mountPath === 'string' && file.startsWith(`${m.mountPath.replace(/\/$/, '')}/`));
  if (!mount) return undefined;
  const volume = (Array.isArray(podSpec.volumes) ? podSpec.volumes : [])
    .filter(isPlainObject)
    .find((v) => v.name === mount.name);
  if (!volume) return undefined;
  const relative = file.slice(String(mount.mountPath).replace(/\/$/, '').length + 1);
  const source = isPlainObject(volume.secret)
    ? { kind: 'Secret' as const, name: volume.secret.secretName, items: volume.secret.items }
    : isPlainObject(volume.configMap)
      ? { kind: 'ConfigMap' as const, name: volume.configMap.name, items: volume.configMap.items }
      : undefined;
  if (!source || typeof source.name !== 'string') return undefined;
  const item = (Array.isArray(source.items) ? source.items : [])
    .filter(isPlainObject)
    .find((i) => i.path === relative);
  const key = typeof item?.key === 'string' ? item.key : relative;
  const text = keyContents(objects, source.kind, namespace, source.name, key);
  if (text === undefined) return `${source.kind} ${namespace}/${source.name} key ${key}`;
  return bucketOf(parseYamlDocuments(text)[0]?.value);
}

/** Every workload running `thanos compact` on a known bucket. */
function compactors(objects: readonly CheckedObject[]): Compactor[] {
  const found: Compactor[] = [];
  for (const checked of objects) {
    const podSpec = checked.workload?.podSpec;
    if (!podSpec) continue;
    const containers = [
      ...(Array.isArray(podSpec.containers) ? podSpec.containers : []),
      ...(Array.isArray(podSpec.initContainers) ? podSpec.initContainers : []),
    ].filter(isPlainObject);
    for (const container of containers) {
      const args = thanosArgs(container);
      if (!args) continue;
      const bucket = bucketOfCompactor(objects, args, podSpec, container, checked.workload!.namespace);
      if (bucket) found.push({ address: checked.address, pods: podsOf(checked), bucket });
    }
  }
  return found;
}

/** The name of the check, for an exception (`addException`: compactors sharded by `--selector.relabel-config`). */
export const ONE_COMPACTOR_CHECK = 'thanos-one-compactor-per-bucket';

export const oneCompactorPerBucket: SafetyCheck = {
  name: ONE_COMPACTOR_CHECK,
  description:
    'At most one pod runs `thanos compact` on each bucket: concurrent Compactors corrupt and delete blocks.',
  run(objects) {
    const byBucket = new Map<string, Compactor[]>();
    for (const compactor of compactors(objects))
      byBucket.set(compactor.bucket, [...(byBucket.get(compactor.bucket) ?? []), compactor]);
    const violations: Violation[] = [];
    for (const [bucket, running] of [...byBucket].sort(([a], [b]) => a.localeCompare(b))) {
      const pods = running.reduce((sum, c) => sum + c.pods, 0);
      if (pods < 2) continue;
      const named = running
        .map((c) => `${c.address} (${c.pods} pod${c.pods === 1 ? '' : 's'})`)
        .sort()
        .join(', ');
      for (const compactor of running)
        violations.push({
          address: compactor.address,
          path: 'spec',
          message: `${pods} pods run "thanos compact" on the bucket ${bucket}: ${named}. The Compactor must run exactly once per bucket (docs/components/compact.md): two compact, downsample and delete the same blocks`,
          hint: 'keep one Compactor per bucket: remove the other workload (or scale it to 1 pod, or turn one off with thanos({ compact: { enabled: false } })); a second one belongs to another bucket. Compactors sharded with disjoint --selector.relabel-config need an exception (addException) that says so',
          value: pods,
        });
    }
    return violations.sort((a, b) => a.address.localeCompare(b.address));
  },
};
