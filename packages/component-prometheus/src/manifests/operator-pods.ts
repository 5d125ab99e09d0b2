import { restrictedPodSecurityContext, retainedClaims, topologySpread, volumeClaimSpec } from '@mixstack/kit';

/**
 * What the Prometheus and Alertmanager resources share for the StatefulSets the operator makes
 * of them: the non-root pod security context of the images' user (fsGroup so the volume is
 * writable), spreading over nodes when there are several replicas, and persistent volumes that
 * outlive the StatefulSet.
 */
export function persistentOperatorPods(input: {
  replicas: number;
  selector: Record<string, string>;
  storageSize: string;
  storageClassName: string | undefined;
}) {
  return {
    securityContext: restrictedPodSecurityContext({ user: 1000, group: 2000, fsGroup: 2000 }),
    ...(input.replicas > 1 ? { topologySpreadConstraints: topologySpread(input.selector) } : {}),
    storage: { volumeClaimTemplate: { spec: volumeClaimSpec(input.storageSize, input.storageClassName) } },
    persistentVolumeClaimRetentionPolicy: retainedClaims(),
  };
}
