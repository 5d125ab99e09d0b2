import {
  containerResources,
  objectLabels,
  podDisruptionBudget,
  restrictedPodSecurityContext,
  restrictedSecurityContext,
  retainedClaims,
  selectorLabels,
  storageClassOf,
  topologySpread,
  volumeClaimSpec,
} from '@mixstack/kit';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IContainerPort } from 'kubernetes-models/v1/ContainerPort';
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import {
  CONFIG_DIR,
  CONFIG_FILE,
  DATA_DIR,
  GOSSIP_PORT,
  GRPC_PORT,
  HTTP_PORT,
  OTLP_GRPC_PORT,
  OTLP_HTTP_PORT,
} from '../config/tempo-config.js';
import {
  GRPC_PORT_NAME,
  HTTP_PORT_NAME,
  NAME,
  OTLP_GRPC_PORT_NAME,
  OTLP_HTTP_PORT_NAME,
  TEMPO_UID,
  type TempoContext,
} from '../manifests/context.js';
import { CHECKSUM_ANNOTATION } from '../manifests/stateful-set.js';
import { type DistributedComponent, objectName, type TempoTarget } from './components.js';

/** The port name of memberlist's gossip in the pods and the gossip Service. */
export const GOSSIP_PORT_NAME = 'gossip';

/** The labels of one workload: Tempo, with its target as the component (`app.kubernetes.io/component: distributor`). */
export function workloadLabels(c: TempoContext, target: TempoTarget): Record<string, string> {
  return objectLabels({ name: NAME, component: target, image: c.values.image });
}

/** The labels that select one workload's pods (no version). */
export function workloadSelector(target: TempoTarget): Record<string, string> {
  return selectorLabels({ name: NAME, component: target, image: '' });
}

/**
 * Every pod of the distributed mode: the gossip Service's selector, and the peers of Tempo's
 * own NetworkPolicy rules (they talk to each other over HTTP, gRPC and gossip).
 */
export function tempoPods(): Record<string, string> {
  return { 'app.kubernetes.io/name': NAME, 'app.kubernetes.io/part-of': 'mixstack' };
}

/** The replicas of a workload as the stack resolved them: its own, the partitions' (Kafka), or one. */
export function replicasOf(c: TempoContext, component: DistributedComponent): number {
  if (component.replicas === 'one') return 1;
  if (component.replicas === 'partitions') return c.replicas[component.id] ?? c.kafka?.partitions ?? 1;
  const own = c.values.distributed[component.id];
  return c.replicas[component.id] ?? ('replicas' in own ? own.replicas : 1);
}

/** The ports of a workload's container: HTTP and gRPC everywhere, gossip, OTLP on the distributor. */
function ports(component: DistributedComponent): IContainerPort[] {
  return [
    { name: HTTP_PORT_NAME, containerPort: HTTP_PORT, protocol: 'TCP' },
    { name: GRPC_PORT_NAME, containerPort: GRPC_PORT, protocol: 'TCP' },
    { name: GOSSIP_PORT_NAME, containerPort: GOSSIP_PORT, protocol: 'TCP' },
    ...(component.serves.includes('ingest')
      ? [
          { name: OTLP_GRPC_PORT_NAME, containerPort: OTLP_GRPC_PORT, protocol: 'TCP' as const },
          { name: OTLP_HTTP_PORT_NAME, containerPort: OTLP_HTTP_PORT, protocol: 'TCP' as const },
        ]
      : []),
  ];
}

/** The claim template of a workload with one (`data`), named `data`; none for an emptyDir. */
function claimOf(c: TempoContext, component: DistributedComponent) {
  if (component.data === 'emptyDir') return undefined;
  const size = component.data === 'storage' ? c.values.storage.size : component.data.claim;
  return {
    metadata: { name: 'data', labels: workloadSelector(component.target) },
    spec: volumeClaimSpec(size, storageClassOf(c.values.storage.storageClass, c.common)),
  };
}

/**
 * The pod of one workload: the image's own user (10001), Pod Security `restricted`, read-only
 * root filesystem (`/var/tempo` on its claim or an emptyDir, `/tmp` an emptyDir), the shared
 * configuration with its checksum (a new one rolls every workload), `-target=<target>`; ready
 * when `/ready` says so, alive while its HTTP port answers.
 */
function podTemplate(
  c: TempoContext,
  component: DistributedComponent,
  checksum: string,
  replicas: number,
): IPodTemplateSpec {
  const { target } = component;
  const selector = workloadSelector(target);
  const volumes: IVolume[] = [
    { name: 'config', configMap: { name: `${NAME}-config` } },
    ...(component.data === 'emptyDir' ? [{ name: 'data', emptyDir: {} }] : []),
    { name: 'tmp', emptyDir: {} },
  ];
  return {
    metadata: {
      labels: workloadLabels(c, target),
      annotations: { [CHECKSUM_ANNOTATION]: checksum },
    },
    spec: {
      serviceAccountName: NAME,
      automountServiceAccountToken: false,
      nodeSelector: c.values.nodeSelector,
      securityContext: restrictedPodSecurityContext({
        user: TEMPO_UID,
        group: TEMPO_UID,
        fsGroup: TEMPO_UID,
      }),
      ...(replicas > 1 ? { topologySpreadConstraints: topologySpread(selector) } : {}),
      containers: [
        {
          name: target,
          image: c.image,
          args: [`-config.file=${CONFIG_DIR}/${CONFIG_FILE}`, `-target=${target}`],
          ports: ports(component),
          readinessProbe: {
            httpGet: { path: '/ready', port: HTTP_PORT_NAME },
            initialDelaySeconds: 15,
            periodSeconds: 10,
            timeoutSeconds: 1,
          },
          livenessProbe: {
            tcpSocket: { port: HTTP_PORT_NAME },
            initialDelaySeconds: 30,
            periodSeconds: 10,
            failureThreshold: 6,
          },
          resources: containerResources(c.containers[target] ?? c.values.distributed[component.id].resources),
          securityContext: restrictedSecurityContext(),
          volumeMounts: [
            { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
            { name: 'data', mountPath: DATA_DIR },
            { name: 'tmp', mountPath: '/tmp' },
          ],
        },
      ],
      volumes,
    },
  };
}

/**
 * One workload of the distributed mode: a Deployment, or a StatefulSet (its pods' names carry
 * the ordinal a partition is owned by; its claims retained when it goes or scales down; its pods
 * start together, since the rings wait for no one).
 */
export function workload(
  c: TempoContext,
  component: DistributedComponent,
  checksum: string,
): IDeployment | IStatefulSet {
  const name = objectName(component.target);
  const replicas = replicasOf(c, component);
  const metadata = { name, namespace: c.namespace, labels: workloadLabels(c, component.target) };
  const selector = { matchLabels: workloadSelector(component.target) };
  const template = podTemplate(c, component, checksum, replicas);
  if (component.kind === 'Deployment') {
    return { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec: { replicas, selector, template } };
  }
  const claim = claimOf(c, component);
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata,
    spec: {
      replicas,
      serviceName: name,
      podManagementPolicy: 'Parallel',
      selector,
      ...(claim
        ? { persistentVolumeClaimRetentionPolicy: retainedClaims(), volumeClaimTemplates: [claim] }
        : {}),
      template,
    },
  };
}

/** A PodDisruptionBudget of one pod at a time, for a workload of more than one pod. */
export function workloadBudget(
  c: TempoContext,
  component: DistributedComponent,
): IPodDisruptionBudget | undefined {
  if (replicasOf(c, component) < 2) return undefined;
  return podDisruptionBudget({
    name: objectName(component.target),
    namespace: c.namespace,
    labels: workloadLabels(c, component.target),
    selector: workloadSelector(component.target),
    budget: { maxUnavailable: 1 },
  });
}
