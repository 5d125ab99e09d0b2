import { retainedClaims, type StorageOptions, storageClassOf, volumeClaimSpec } from '@mixstack/kit';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { PartContext, ThanosContext } from './context.js';
import { DATA_VOLUME_DIR, type ThanosPodInput, thanosPodSpec } from './pod.js';

/** Changes with the objstore configuration, so that a new bucket rolls the pods (they read it at start). */
export const OBJSTORE_CHECKSUM_ANNOTATION = 'thanos.mixstack.dev/objstore-checksum';

/**
 * A part that keeps state on a claim (the Store Gateway's index headers, the Compactor's work
 * directory) as a StatefulSet: one claim `data-<name>-<ordinal>` per pod at `/var/thanos`,
 * retained when the StatefulSet goes or scales down. A StatefulSet also replaces a pod only
 * after the old one is gone (never two Compactors at once, unlike a Deployment's rolling update).
 */
export function thanosStatefulSet(
  c: ThanosContext,
  part: PartContext,
  input: { pod: ThanosPodInput; storage: StorageOptions; serviceName: string; checksum: string },
): IStatefulSet {
  const claim = { name: 'data', mountPath: DATA_VOLUME_DIR };
  // The claim is mounted from the template: a mount without a volume of the pod.
  const pod = thanosPodSpec(c, part, {
    ...input.pod,
    writesVolume: true,
    mounts: [...(input.pod.mounts ?? []), claim],
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: part.name, namespace: c.namespace, labels: part.labels },
    spec: {
      replicas: part.replicas,
      serviceName: input.serviceName,
      selector: { matchLabels: part.selector },
      persistentVolumeClaimRetentionPolicy: retainedClaims(),
      volumeClaimTemplates: [
        {
          metadata: { name: claim.name, labels: part.selector },
          spec: volumeClaimSpec(input.storage.size, storageClassOf(input.storage.storageClass, c.common)),
        },
      ],
      template: {
        metadata: {
          labels: part.labels,
          annotations: { [OBJSTORE_CHECKSUM_ANNOTATION]: input.checksum },
        },
        spec: pod,
      },
    },
  };
}
