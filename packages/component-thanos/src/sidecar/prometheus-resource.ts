import {
  isPlainObject,
  type KubeObject,
  type ObjectsPatch,
  type PatchContext,
  type Values,
} from '@mixstack/core';
import { containerResources, image, imageVersion } from '@mixstack/kit';
import { OBJSTORE_KEY, OBJSTORE_SECRET } from '../objstore.js';
import { PROMETHEUS, SOURCE, THANOS } from './names.js';
import { localRetentionProblem, sidecarResources, sidecarRuns, thanosValues } from './settings.js';

/** Whether an object is a prometheus-operator `Prometheus` in the stack's namespace. */
export function isStackPrometheus(object: KubeObject, namespace: string): boolean {
  return (
    object.apiVersion === 'monitoring.coreos.com/v1' &&
    object.kind === 'Prometheus' &&
    object.metadata?.namespace === namespace
  );
}

/**
 * `spec.thanos` of the Prometheus resource: the operator adds the `thanos-sidecar` container
 * from it (ports `grpc` 10901 and `http` 10902), which uploads each block to the bucket of the
 * objstore Secret and serves recent data to Query. No `additionalArgs`: every setting has its
 * field. Fields as in prometheus-operator v0.93.0's CRD.
 */
export function thanosSpec(values: Values, context: Pick<PatchContext, 'stack'>): Record<string, unknown> {
  const thanos = thanosValues(values);
  const version = imageVersion(thanos.image);
  return {
    image: image(thanos.image, values.common),
    // The operator picks flags by version; a digest-only image leaves it to the operator's default.
    ...(version ? { version } : {}),
    objectStorageConfig: { name: OBJSTORE_SECRET, key: OBJSTORE_KEY },
    resources: containerResources(sidecarResources(values, context.stack)),
    logLevel: thanos.logLevel,
  };
}

/**
 * The sidecar, through the Prometheus resource: `spec.thanos` on every `Prometheus` of the
 * stack's namespace, whichever package rendered it (recognised by kind, not address). Reports:
 * - no Prometheus in the stack, or none rendered, while the sidecar is on;
 * - a Prometheus whose ServiceAccount is not the one the bucket contract names (the platform
 *   would grant the bucket to a ServiceAccount the pods do not run as);
 * - a local retention that is not a duration, or shorter than three blocks;
 * - `adjusted` (Prometheus' retention was lowered when `thanos()` was applied) while the final
 *   values turn the sidecar off: Prometheus would keep 2 days and ship nothing.
 */
export function sidecarPatch(adjusted: boolean): ObjectsPatch {
  return {
    id: `${SOURCE}/sidecar`,
    source: SOURCE,
    target: 'objects',
    apply: (objects, context) => {
      const { values, stack, report } = context;
      if (!sidecarRuns(values, stack)) {
        if (adjusted)
          report({
            code: 'INVALID_OPTION',
            message: `Prometheus' retention was lowered for the Thanos sidecar when thanos() was applied, but a later part turns ${stack.has(THANOS) ? 'the sidecar' : 'thanos'} off: Prometheus would keep little and ship nothing`,
            address: THANOS,
            path: 'sidecar.enabled',
            value: false,
            hint: 'turn the sidecar off in thanos() itself (thanos({ sidecar: { enabled: false } })), or leave thanos() out of the stack, so that Prometheus keeps its own retention',
          });
        return objects;
      }
      const sidecar = thanosValues(values).sidecar;
      const retention = localRetentionProblem(sidecar.localRetention);
      if (retention) report(retention);
      if (!stack.has(PROMETHEUS)) {
        report({
          code: 'NOT_FOUND',
          message: `the Thanos sidecar goes into the stack's Prometheus pods, and the stack has no Prometheus${stack.components[PROMETHEUS] ? ' that is on' : ''}`,
          address: THANOS,
          path: 'sidecar.enabled',
          value: true,
          hint: 'pass thanos({ sidecar: { enabled: false } }) for a stack that only reads the bucket (Query, Store Gateway, Compactor), or add prometheus() to the stack',
        });
        return objects;
      }
      const namespace = values.common.namespace;
      const out: Record<string, KubeObject> = {};
      let patched = 0;
      for (const address of Object.keys(objects).sort()) {
        const object = objects[address]!;
        if (!isStackPrometheus(object, namespace)) {
          out[address] = object;
          continue;
        }
        const given = (object as { spec?: unknown }).spec;
        const spec: Record<string, unknown> = isPlainObject(given) ? given : {};
        if (spec.serviceAccountName !== sidecar.serviceAccount)
          report({
            code: 'INVALID_OPTION',
            message: `the Prometheus pods run as the ServiceAccount "${String(spec.serviceAccountName)}", but the bucket contract grants "${sidecar.serviceAccount}" (sidecar.serviceAccount) access to the Thanos bucket`,
            address,
            path: 'spec.serviceAccountName',
            value: spec.serviceAccountName,
            hint: `pass thanos({ sidecar: { serviceAccount: "${String(spec.serviceAccountName)}" } }) so that the platform grants the Prometheus pods' own ServiceAccount (Workload Identity, IRSA) write access to the bucket`,
          });
        out[address] = { ...object, spec: { ...spec, thanos: thanosSpec(values, context) } } as KubeObject;
        patched += 1;
      }
      if (patched === 0)
        report({
          code: 'NOT_FOUND',
          message: `the stack has Prometheus, but no Prometheus resource (monitoring.coreos.com/v1) in the namespace "${namespace}" to add the Thanos sidecar to`,
          address: THANOS,
          path: 'sidecar.enabled',
          value: true,
          hint: "render the Prometheus resource in the stack's namespace, or pass thanos({ sidecar: { enabled: false } })",
        });
      return out;
    },
  };
}
