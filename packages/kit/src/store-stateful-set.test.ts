import { describe, expect, test } from 'vitest';
import { resources } from './resources.js';
import { topologySpread } from './scheduling.js';
import { type StoreStatefulSetInput, storeStatefulSet } from './store-stateful-set.js';

const selector = { 'app.kubernetes.io/name': 'tempo' };
const labels = { ...selector, 'app.kubernetes.io/version': '3.0.2' };

const input: StoreStatefulSetInput = {
  name: 'tempo',
  namespace: 'monitoring',
  labels,
  selector,
  replicas: 1,
  image: 'docker.io/grafana/tempo:3.0.2',
  uid: 10001,
  args: ['-config.file=/etc/tempo/tempo.yaml', '-target=all'],
  ports: [{ name: 'http', containerPort: 3200, protocol: 'TCP' }],
  probePort: 'http',
  resources: resources('100m', '512Mi', '2Gi'),
  nodeSelector: { 'kubernetes.io/os': 'linux' },
  configDir: '/etc/tempo',
  checksum: { annotation: 'tempo.mixstack.dev/config-checksum', value: 'abc' },
  claim: { name: 'storage', mountPath: '/var/tempo', size: '50Gi', storageClassName: undefined },
};

describe('storeStatefulSet', () => {
  const set = storeStatefulSet(input);
  const pod = set.spec!.template.spec!;
  const [container] = pod.containers;

  test('one retained claim per replica, of the selector labels, mounted where the store writes', () => {
    expect(set.spec!.persistentVolumeClaimRetentionPolicy).toEqual({
      whenDeleted: 'Retain',
      whenScaled: 'Retain',
    });
    expect(set.spec!.volumeClaimTemplates).toEqual([
      {
        metadata: { name: 'storage', labels: selector },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '50Gi' } } },
      },
    ]);
    expect(container!.volumeMounts).toContainEqual({ name: 'storage', mountPath: '/var/tempo' });
    const classed = storeStatefulSet({ ...input, claim: { ...input.claim, storageClassName: 'ssd' } });
    expect(classed.spec!.volumeClaimTemplates![0]!.spec!.storageClassName).toBe('ssd');
  });

  test('the checksum annotation on the pod template: a new configuration rolls the pods', () => {
    expect(set.spec!.template.metadata).toEqual({
      labels,
      annotations: { 'tempo.mixstack.dev/config-checksum': 'abc' },
    });
    const changed = storeStatefulSet({ ...input, checksum: { ...input.checksum, value: 'def' } });
    expect(changed.spec!.template).not.toEqual(set.spec!.template);
  });

  test('restricted as the image user, read-only root with /tmp, own ServiceAccount without a token', () => {
    expect(pod.serviceAccountName).toBe('tempo');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext).toEqual(
      expect.objectContaining({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 }),
    );
    expect(container!.securityContext).toEqual(
      expect.objectContaining({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false }),
    );
    expect(container!.volumeMounts).toEqual([
      { name: 'config', mountPath: '/etc/tempo', readOnly: true },
      { name: 'storage', mountPath: '/var/tempo' },
      { name: 'tmp', mountPath: '/tmp' },
    ]);
    expect(pod.volumes).toEqual([
      { name: 'config', configMap: { name: 'tempo-config' } },
      { name: 'tmp', emptyDir: {} },
    ]);
  });

  test('ready on /ready, alive while the port answers, with its resources and node selector', () => {
    expect(container!.readinessProbe!.httpGet).toEqual({ path: '/ready', port: 'http' });
    expect(container!.livenessProbe!.tcpSocket).toEqual({ port: 'http' });
    expect(container!.resources).toEqual({
      requests: { cpu: '100m', memory: '512Mi' },
      limits: { memory: '2Gi' },
    });
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
  });

  test('a single store is governed by its own Service, starts in order and spreads nowhere', () => {
    expect(set.spec!.serviceName).toBe('tempo');
    expect(set.spec).not.toHaveProperty('podManagementPolicy');
    expect(pod).not.toHaveProperty('topologySpreadConstraints');
  });

  test('a ring of replicas: its headless Service, parallel start, spread, and more volumes after the configuration', () => {
    const ring = storeStatefulSet({
      ...input,
      replicas: 3,
      serviceName: 'tempo-headless',
      podManagementPolicy: 'Parallel',
      topologySpreadConstraints: topologySpread(selector),
      volumes: [
        {
          volume: { name: 'rules', configMap: { name: 'tempo-rules' } },
          mount: { name: 'rules', mountPath: '/rules/fake', readOnly: true },
        },
      ],
    });
    expect(ring.spec).toEqual(
      expect.objectContaining({
        replicas: 3,
        serviceName: 'tempo-headless',
        podManagementPolicy: 'Parallel',
      }),
    );
    const spec = ring.spec!.template.spec!;
    expect(spec.topologySpreadConstraints).toEqual(topologySpread(selector));
    expect(spec.containers[0]!.volumeMounts!.map((m) => m.name)).toEqual([
      'config',
      'rules',
      'storage',
      'tmp',
    ]);
    expect(spec.volumes!.map((v) => v.name)).toEqual(['config', 'rules', 'tmp']);
  });
});
