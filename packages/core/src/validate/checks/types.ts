import type { KubeObject } from '../../kube.js';

/** The pod-level facts of an object that runs pods (a Deployment, or a custom resource an operator turns into pods). */
export interface Workload {
  namespace: string;
  /** Labels of the pods it creates. */
  podLabels: Record<string, string>;
  /** Desired pods; undefined for DaemonSets and Jobs (one per node, or run-to-completion). */
  replicas?: number;
  /** The pod spec, when the object carries a full one (built-in workloads). */
  podSpec?: Record<string, unknown>;
  /** Dotted path of the pod spec inside the object (`spec.template.spec`). */
  podSpecPath?: string;
  /** ServiceAccount the pods run as. */
  serviceAccountName?: string;
  /** Pods are spread across nodes (anti-affinity or topology spread constraints). */
  spread?: boolean;
}

/** A rendered object as checks see it. */
export interface CheckedObject {
  address: string;
  object: KubeObject;
  workload?: Workload;
}

export interface Violation {
  address: string;
  /** Dotted field path inside the object. */
  path: string;
  message: string;
  hint: string;
  value?: unknown;
}

/**
 * One safety rule of mixstack's safe defaults: a small pure function over all rendered objects (some
 * rules need several objects: a Service and its pods, a workload and its PodDisruptionBudget).
 */
export interface SafetyCheck {
  /** kebab-case name, used in exceptions. */
  readonly name: string;
  /** What it enforces and why, one sentence. */
  readonly description: string;
  /**
   * `false` for checks whose violations the cluster itself rejects (Pod Security admission):
   * an exception could not make the manifest apply, so naming one is an error. @default true
   */
  readonly allowsExceptions?: boolean;
  readonly run: (objects: readonly CheckedObject[]) => Violation[];
}
