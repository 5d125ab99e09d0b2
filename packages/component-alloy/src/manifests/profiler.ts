import { defaultDenyNetworkPolicy, type KubeObject } from '@mixstack/core';
import {
  apiServerEgress,
  clientIngress,
  serviceAccount as ownServiceAccount,
  networkPolicy as policy,
  privilegedNamespace,
  tcpPorts,
} from '@mixstack/kit';
import type { IDaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import type { IClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { ISecurityContext } from 'kubernetes-models/v1/SecurityContext';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import {
  type AlloyContext,
  CONFIG_DIR,
  CONFIG_FILE,
  HTTP_PORT,
  HTTP_PORT_NAME,
  PROFILER_NAME,
  type ProfilerContext,
  TMP_DIR,
} from './context.js';
import { profilerPipelineEgress } from './network-policy.js';
import { nodeDaemonSet } from './node-daemon-set.js';

/**
 * The eBPF profiler: a DaemonSet of its own, `alloy-profiler`, for the profiles pipelines that
 * ask for `ebpf`. It is apart from the collector because the collector receives OTLP from every
 * application of the cluster, and should not carry the host's PID namespace and kernel
 * capabilities that `pyroscope.ebpf` needs. It runs in a namespace of its own labelled Pod
 * Security `privileged`, denied by default, as root in the host PID namespace with exactly
 * the capabilities below and no `privileged: true`.
 */

/**
 * The capabilities the profiler adds to a container that drops all, after Alloy's
 * `pyroscope.ebpf` "Required privileges" (least privilege instead of `privileged: true`), each
 * with what it is for. BPF and PERFMON exist from Linux 5.8 and CHECKPOINT_RESTORE from 5.9:
 * older kernels need SYS_ADMIN instead, which this package does not grant (the profiler fails
 * to load its programs there; see the README).
 */
export const PROFILER_CAPABILITIES = {
  BPF: 'load and manage eBPF programs and maps',
  PERFMON: 'attach perf events and read performance counters',
  SYS_PTRACE: "read /proc/<pid> of the node's processes",
  CHECKPOINT_RESTORE: "follow the links of /proc/<pid>/map_files to read the binaries' symbols",
  SYS_RESOURCE: 'raise RLIMIT_MEMLOCK for the eBPF maps',
  DAC_READ_SEARCH: "read the processes' binaries whatever their file permissions",
  SYSLOG: 'read the kernel symbol addresses',
} as const;

export type ProfilerCapability = keyof typeof PROFILER_CAPABILITIES;

/** The capabilities, in the order the securityContext lists them. */
export const PROFILER_CAPABILITY_NAMES = Object.keys(PROFILER_CAPABILITIES) as ProfilerCapability[];

/** The kernel's tracing filesystem, read-only: the profiler reads tracepoint formats there. */
export const KERNEL_TRACING_DIR = '/sys/kernel/tracing';

/** Where `pyroscope.ebpf` caches the symbols it read (an `emptyDir`, under `/tmp`). */
export const SYMBOL_CACHE_DIR = `${TMP_DIR}/symb-cache`;

/** The profiler's own context: defined exactly when a profiles pipeline asks for `ebpf`. */
const profilerOf = (c: AlloyContext): ProfilerContext | undefined => c.profiler;

/** Its namespace, labelled Pod Security `privileged`: host PID and capabilities meet no other level. */
export function profilerNamespace(c: AlloyContext): INamespace | undefined {
  const p = profilerOf(c);
  return p && privilegedNamespace(p.namespace, p.labels);
}

/** Its namespace denies by default, like every namespace the stack creates. */
export function profilerNetworkPolicyDefaultDeny(c: AlloyContext): KubeObject | undefined {
  const p = profilerOf(c);
  return p && defaultDenyNetworkPolicy(p.namespace, p.labels);
}

/** Its own ServiceAccount, with its token: it discovers the node's pods through the API. */
export function profilerServiceAccount(c: AlloyContext): IServiceAccount | undefined {
  const p = profilerOf(c);
  return p && ownServiceAccount(PROFILER_NAME, p.namespace, p.labels, true);
}

/** The pods, read-only (`discovery.kubernetes`): nothing else. */
export function profilerClusterRole(c: AlloyContext): IClusterRole | undefined {
  const p = profilerOf(c);
  return (
    p && {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: PROFILER_NAME, labels: p.labels },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }],
    }
  );
}

export function profilerClusterRoleBinding(c: AlloyContext): IClusterRoleBinding | undefined {
  const p = profilerOf(c);
  return (
    p && {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: PROFILER_NAME, labels: p.labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: PROFILER_NAME },
      subjects: [{ kind: 'ServiceAccount', name: PROFILER_NAME, namespace: p.namespace }],
    }
  );
}

/** Its `config.alloy`: the node's pods, `pyroscope.ebpf` and the stores (`profilerConfig`). */
export function profilerConfigMap(c: AlloyContext): IConfigMap | undefined {
  const p = profilerOf(c);
  return (
    p && {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: PROFILER_NAME, namespace: p.namespace, labels: p.labels },
      data: { [CONFIG_FILE]: p.config },
    }
  );
}

/**
 * Root (the profiler reads every process's memory maps and binaries) with every capability
 * dropped but `PROFILER_CAPABILITIES`; no privilege escalation (none of them is SYS_ADMIN),
 * read-only root filesystem, RuntimeDefault seccomp. Never `privileged: true`.
 */
export function profilerSecurityContext(): ISecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'], add: [...PROFILER_CAPABILITY_NAMES] },
    readOnlyRootFilesystem: true,
    runAsNonRoot: false,
    runAsUser: 0,
    runAsGroup: 0,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/**
 * The profiler on every node the collector runs on (same tolerations and node selector), in
 * the host PID namespace. `/tmp` is an `emptyDir`: Alloy's data (`/tmp/alloy`) and the symbol
 * cache (`/tmp/symb-cache`); the node's `/sys/kernel/tracing` is mounted read-only.
 */
export function profilerDaemonSet(c: AlloyContext): IDaemonSet | undefined {
  const p = profilerOf(c);
  if (!p) return undefined;
  return nodeDaemonSet({
    name: PROFILER_NAME,
    namespace: p.namespace,
    labels: p.labels,
    selector: p.selector,
    image: c.image,
    configChecksum: p.configChecksum,
    extraArgs: [],
    extraPorts: [],
    // pyroscope.ebpf sees the node's processes, and their /proc, in the host PID namespace only.
    hostPID: true,
    podSecurityContext: { runAsUser: 0, runAsGroup: 0, seccompProfile: { type: 'RuntimeDefault' } },
    securityContext: profilerSecurityContext(),
    resources: p.resources,
    volumes: [
      { name: 'config', configMap: { name: PROFILER_NAME } },
      { name: 'tmp', emptyDir: {} },
      { name: 'kernel-tracing', hostPath: { path: KERNEL_TRACING_DIR, type: 'Directory' } },
    ],
    mounts: [
      { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
      { name: 'tmp', mountPath: TMP_DIR },
      { name: 'kernel-tracing', mountPath: KERNEL_TRACING_DIR, readOnly: true },
    ],
    values: c.values,
  });
}

/** `alloy-profiler:12345` next to its pods: what the stack's scraper finds them by (job `alloy-profiler`). */
export function profilerService(c: AlloyContext): IService | undefined {
  const p = profilerOf(c);
  return (
    p && {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: PROFILER_NAME, namespace: p.namespace, labels: p.labels },
      spec: {
        type: 'ClusterIP',
        selector: p.selector,
        ports: [{ name: HTTP_PORT_NAME, port: HTTP_PORT, targetPort: HTTP_PORT_NAME, protocol: 'TCP' }],
      },
    }
  );
}

/**
 * Ingress on the HTTP port from the collector's clients only (the stack's scraper); egress to
 * the API server (discovery) and to the store of each eBPF pipeline, nowhere else: nothing
 * reaches the profiler's pods but the scrape, and they push profiles only.
 */
export function profilerNetworkPolicy(c: AlloyContext): INetworkPolicy | undefined {
  const p = profilerOf(c);
  if (!p) return undefined;
  return policy({
    name: PROFILER_NAME,
    namespace: p.namespace,
    labels: p.labels,
    podLabels: p.selector,
    ingress: clientIngress(c.clients, c.clientRoles, () => tcpPorts(HTTP_PORT), c.stackNamespace),
    egress: { only: [apiServerEgress(), ...profilerPipelineEgress(c.pipelines)] },
  });
}
