import { describe, expect, test } from 'vitest';
import {
  PRIVILEGED_NAMESPACE_LABELS,
  privilegedNamespace,
  restrictedPodSecurityContext,
  restrictedSecurityContext,
} from './security.js';

describe('Pod Security restricted', () => {
  test('containers: no escalation, no capability, read-only root, non-root, RuntimeDefault', () => {
    expect(restrictedSecurityContext()).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(restrictedSecurityContext(65532)).toMatchObject({ runAsUser: 65532, runAsGroup: 65532 });
  });

  test.each([
    [{}, { runAsUser: 65534, runAsGroup: 65534 }],
    [
      { user: 472, fsGroup: 472 },
      { runAsUser: 472, runAsGroup: 472, fsGroup: 472 },
    ],
    [
      { user: 1000, group: 2000, fsGroup: 2000 },
      { runAsUser: 1000, runAsGroup: 2000, fsGroup: 2000 },
    ],
  ])('pods run as %j', (identity, expected) => {
    expect(restrictedPodSecurityContext(identity)).toEqual({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
      ...expected,
    });
  });

  test('fresh objects every call: no stack shares a mutable context with another', () => {
    expect(restrictedSecurityContext()).not.toBe(restrictedSecurityContext());
    expect(restrictedSecurityContext().capabilities).not.toBe(restrictedSecurityContext().capabilities);
  });
});

test('a node agent namespace is labelled privileged for enforce, audit and warn, over its own labels', () => {
  const namespace = privilegedNamespace('monitoring-node-exporter', {
    'app.kubernetes.io/name': 'node-exporter',
    'pod-security.kubernetes.io/enforce': 'restricted',
  });
  expect(namespace.metadata).toEqual({
    name: 'monitoring-node-exporter',
    labels: { 'app.kubernetes.io/name': 'node-exporter', ...PRIVILEGED_NAMESPACE_LABELS },
  });
});
