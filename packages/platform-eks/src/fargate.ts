import { checks, isPlainObject, type SafetyCheck, type Violation } from '@mixstack/core';

/**
 * Components EKS Fargate cannot run, by the name the stack gives them: node agents that run as
 * DaemonSets reading the host (component-prometheus's node-exporter, component-alloy's
 * collector). Core's `setComponentEnabled` turns any component off; nothing happens for one the
 * stack lacks.
 */
export const FARGATE_LEFT_OUT = ['nodeExporter', 'alloy'] as const;

/** What each component left out on Fargate takes with it, for the build summary. */
export const FARGATE_LOSSES: Readonly<Record<(typeof FARGATE_LEFT_OUT)[number], string>> = {
  nodeExporter:
    'node-exporter is left out (a DaemonSet on the host network, reading /proc, /sys and / of the node: Fargate runs neither DaemonSets nor host access). Lost: node CPU, memory, disk, filesystem and network metrics, and the alerts, recording rules and dashboard panels built on them; each Fargate pod is its own node, which the kubelet and cAdvisor metrics still describe',
  alloy:
    "the collector (Alloy's DaemonSet) is left out: Fargate runs no DaemonSets. Lost: container logs, and what Alloy gathers for other packages (traces, profiles); Fargate's built-in log router (namespace aws-observability, ConfigMap aws-logging) sends logs to CloudWatch, Firehose or OpenSearch only, not to Loki",
};

type Json = Record<string, unknown>;

/** EBS volumes a rendered object asks for: claims, claim templates, in-line EBS volumes. */
function ebsVolumes(address: string, object: Json, podSpec: Json | undefined, base: string): Violation[] {
  const found: Violation[] = [];
  const violation = (path: string, value: unknown, what: string): Violation => ({
    address,
    path,
    message: `EKS Fargate mounts no EBS volume: ${what}`,
    hint: 'run the stateful components on EC2 nodes (a Fargate profile that leaves their namespace out, without eks({ fargate })), or give them no persistent volume',
    value,
  });
  if (object.kind === 'PersistentVolumeClaim')
    found.push(violation('spec', object.spec, 'a PersistentVolumeClaim'));
  const spec = isPlainObject(object.spec) ? object.spec : {};
  if (Array.isArray(spec.volumeClaimTemplates) && spec.volumeClaimTemplates.length > 0)
    found.push(
      violation('spec.volumeClaimTemplates', spec.volumeClaimTemplates.length, 'volume claim templates'),
    );
  // prometheus-operator's Prometheus and Alertmanager keep their claim template here.
  if (isPlainObject(spec.storage) && spec.storage.volumeClaimTemplate !== undefined)
    found.push(
      violation(
        'spec.storage.volumeClaimTemplate',
        spec.storage.volumeClaimTemplate,
        'a volume claim template',
      ),
    );
  const volumes = podSpec && Array.isArray(podSpec.volumes) ? podSpec.volumes : [];
  volumes.forEach((volume, i) => {
    if (!isPlainObject(volume)) return;
    for (const field of ['persistentVolumeClaim', 'awsElasticBlockStore', 'ephemeral'] as const)
      if (volume[field] !== undefined)
        found.push(
          violation(`${base}.volumes.${i}.${field}`, volume[field], `volume "${String(volume.name)}"`),
        );
  });
  return found;
}

/**
 * What EKS Fargate cannot run: DaemonSets, host namespaces, host ports, hostPath volumes,
 * privileged containers, and EBS volumes. It runs on the rendered objects after every patch,
 * so that anything a component renders which Fargate would never schedule (a pod stays
 * Pending) fails the build, naming the object. No exception can lift it.
 */
export const fargateCheck: SafetyCheck = {
  name: 'eks-fargate',
  description:
    'Pods use nothing EKS Fargate cannot run (DaemonSets, host namespaces, host ports, hostPath, privileged containers, EBS volumes).',
  allowsExceptions: false,
  run(objects) {
    const found: Violation[] = checks.hostAccess.run(objects).map((violation) => ({
      ...violation,
      message: `EKS Fargate cannot run this: ${violation.message}`,
      hint: 'leave the workload out on Fargate (eks() does so for node-exporter and Alloy), or run it on EC2 nodes',
    }));
    for (const { address, object, workload } of objects) {
      if (object.kind === 'DaemonSet')
        found.push({
          address,
          path: 'kind',
          message: 'EKS Fargate runs no DaemonSets',
          hint: 'leave the workload out on Fargate, run it as a sidecar, or run it on EC2 nodes',
          value: 'DaemonSet',
        });
      found.push(
        ...ebsVolumes(address, object as unknown as Json, workload?.podSpec, workload?.podSpecPath ?? 'spec'),
      );
    }
    return found.sort((a, b) =>
      a.address === b.address ? a.path.localeCompare(b.path) : a.address.localeCompare(b.address),
    );
  },
};
