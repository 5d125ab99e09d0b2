import {
  containerResources,
  restrictedPodSecurityContext,
  restrictedSecurityContext,
  topologySpread,
} from '@mixstack/kit';
import type { IContainerPort } from 'kubernetes-models/v1/ContainerPort';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import { OBJSTORE_DIR, OBJSTORE_KEY, OBJSTORE_SECRET } from '../objstore.js';
import {
  GRPC_PORT,
  GRPC_PORT_NAME,
  HTTP_PORT,
  HTTP_PORT_NAME,
  type PartContext,
  type ThanosContext,
} from './context.js';

/** The image's own user (Dockerfile `USER 1001`): the pods run as it, and it owns their claims. */
export const THANOS_UID = 1001;

/** Where the Store Gateway and the Compactor mount their claim: the data directory and (`filesystem`) the bucket. */
export const DATA_VOLUME_DIR = '/var/thanos';

/** The ports of a part's container: the HTTP server always, the Store API where the part serves it. */
export function thanosPorts(grpc: boolean): IContainerPort[] {
  return [
    ...(grpc ? [{ name: GRPC_PORT_NAME, containerPort: GRPC_PORT, protocol: 'TCP' as const }] : []),
    { name: HTTP_PORT_NAME, containerPort: HTTP_PORT, protocol: 'TCP' as const },
  ];
}

/** The flags every part takes: its log level, and where its HTTP server listens. */
export function commonFlags(c: ThanosContext): string[] {
  return [`--log.level=${c.values.logLevel}`, `--http-address=0.0.0.0:${HTTP_PORT}`];
}

/** The flag and the mount of the objstore Secret, for the parts that read the bucket. */
export const objstoreFlag = (): string => `--objstore.config-file=${OBJSTORE_DIR}/${OBJSTORE_KEY}`;

/** The objstore Secret as a volume of the pod and its read-only mount. */
export function objstoreVolume(): { volume: IVolume; mount: IVolumeMount } {
  return {
    volume: {
      name: 'objstore',
      secret: { secretName: OBJSTORE_SECRET, items: [{ key: OBJSTORE_KEY, path: OBJSTORE_KEY }] },
    },
    mount: { name: 'objstore', mountPath: OBJSTORE_DIR, readOnly: true },
  };
}

/** What differs between the parts' pods. */
export interface ThanosPodInput {
  /** The subcommand (`query`): the image's entrypoint is `/bin/thanos`, so the args start with it. */
  command: string;
  flags: string[];
  grpc: boolean;
  /** Volumes of the pod besides `/tmp`. @default [] */
  volumes?: IVolume[];
  /** Mounts of the container besides `/tmp` (a StatefulSet's claim has a mount and no volume). @default [] */
  mounts?: IVolumeMount[];
  /** Give the pod's group the claims it writes (`fsGroup`). @default false */
  writesVolume?: boolean;
}

/**
 * A part's pod: Pod Security `restricted` as the image's user, read-only root filesystem (`/tmp`
 * an emptyDir), its own ServiceAccount without an API token, requests and a memory limit, spread
 * over nodes with more than one pod. Ready when `/-/ready` says so (the Store Gateway once its
 * blocks are synced, Query Frontend while Query answers), alive while `/-/healthy` does.
 */
export function thanosPodSpec(c: ThanosContext, part: PartContext, input: ThanosPodInput): IPodSpec {
  const probe = (path: string) => ({
    httpGet: { path, port: HTTP_PORT_NAME },
    periodSeconds: 10,
    timeoutSeconds: 5,
  });
  return {
    serviceAccountName: part.name,
    automountServiceAccountToken: false,
    nodeSelector: c.values.nodeSelector,
    securityContext: restrictedPodSecurityContext({
      user: THANOS_UID,
      group: THANOS_UID,
      ...(input.writesVolume ? { fsGroup: THANOS_UID } : {}),
    }),
    ...(part.replicas > 1 ? { topologySpreadConstraints: topologySpread(part.selector) } : {}),
    containers: [
      {
        name: part.container,
        image: c.image,
        args: [input.command, ...input.flags],
        ports: thanosPorts(input.grpc),
        readinessProbe: { ...probe('/-/ready'), failureThreshold: 3 },
        livenessProbe: { ...probe('/-/healthy'), failureThreshold: 6 },
        resources: containerResources(part.resources),
        securityContext: restrictedSecurityContext(),
        volumeMounts: [...(input.mounts ?? []), { name: 'tmp', mountPath: '/tmp' }],
      },
    ],
    volumes: [...(input.volumes ?? []), { name: 'tmp', emptyDir: {} }],
  };
}
