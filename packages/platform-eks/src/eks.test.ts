import { createStack, type Part, type RenderResult, render, validateStack } from '@mixstack/core';
import { grafana, prometheus } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { eks } from './index.js';
import { archiver, upstreamLike } from './test-helpers.js';

function claimsOf(result: RenderResult): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const address of ['prometheus/prometheus', 'alertmanager/alertmanager']) {
    const spec = (
      result.objects.find((o) => o.address === address)!.object as unknown as {
        spec: { storage: { volumeClaimTemplate: { spec: { storageClassName?: string } } } };
      }
    ).spec;
    out[address] = spec.storage.volumeClaimTemplate.spec.storageClassName;
  }
  return out;
}

/** Every text of the mixins the stack renders: its sections, PrometheusRules and dashboard ConfigMaps. */
function mixinTexts(result: RenderResult): string {
  const rendered = result.objects
    .filter((o) => o.component === 'prometheusRules' || o.key.startsWith('dashboard'))
    .map((o) => result.files.get(o.path)!);
  return [JSON.stringify(result.sections.mixins), ...rendered].join('\n');
}

describe('eks(): managed control plane', () => {
  const withEks = render(createStack({}, [prometheus(), grafana(), upstreamLike(), eks()]));
  const without = render(createStack({}, [prometheus(), grafana(), upstreamLike()]));

  test('sets the platform and the managed control plane in common values, and nothing of any component', () => {
    expect(withEks.values.common).toMatchObject({
      platform: 'eks',
      managedControlPlane: true,
      storageClass: 'mixstack-gp3',
      clusterDns: 'coredns',
    });
    expect(withEks.values.common.objectStorage).toBeUndefined();
    const own = createStack({}, [
      eks({
        s3: { accountId: '123456789012', region: 'eu-west-1', identity: 'podIdentity', clusterName: 'c' },
      }),
    ]).values;
    const keys = own
      .filter((layer) => layer.source === '@mixstack/platform-eks')
      .flatMap((l) => Object.keys(l.values));
    expect([...new Set(keys)].sort()).toEqual(['common', 'eks']);
    expect(without.values.common.platform).toBeUndefined();
  });

  test('no kube-scheduler or kube-controller-manager monitors; the API server, kubelet and CoreDNS stay', () => {
    const monitors = (result: RenderResult) =>
      result.objects
        .filter((o) => o.component === 'kubernetesControlPlane')
        .map((o) => o.key)
        .sort();
    expect(monitors(without)).toEqual(
      expect.arrayContaining(['serviceMonitorKubeScheduler', 'serviceMonitorKubeControllerManager']),
    );
    expect(monitors(withEks)).toEqual([
      'serviceMonitorApiserver',
      'serviceMonitorCoreDNS',
      'serviceMonitorKubelet',
    ]);
  });

  test('no rule or dashboard of the rendered mixins mentions kube-scheduler, kube-controller-manager or etcd', () => {
    // The synthetic upstream-like mixin guarantees there is such content without eks().
    expect(mixinTexts(without)).toMatch(/kube-scheduler/);
    expect(mixinTexts(without)).toMatch(/kube-controller-manager/);
    expect(mixinTexts(without)).toMatch(/job=\\?"etcd/);
    const texts = mixinTexts(withEks);
    expect(texts).not.toMatch(/kube-scheduler|kube-controller-manager|job=\\?"etcd/);
    // What does not depend on them stays.
    expect(texts).toContain('UpstreamVersionMismatch');
    expect(texts).toContain('upstream:apiserver_requests:rate5m');
  });

  test('the build summary says what was left out and why', () => {
    const notices = Object.fromEntries(withEks.summary.notices.map((n) => [n.id, n.message]));
    expect(notices['eks-platform']).toContain('AWS runs kube-scheduler, kube-controller-manager and etcd');
    expect(notices['eks-unscraped-jobs']).toMatch(/left out of the mixins \d+ alerts?/);
  });

  test('the user can still say the control plane is theirs (common values win)', () => {
    const result = render(createStack({ managedControlPlane: false }, [prometheus(), upstreamLike(), eks()]));
    expect(mixinTexts(result)).toMatch(/kube-scheduler/);
    expect(result.summary.notices.map((n) => n.id)).not.toContain('eks-unscraped-jobs');
  });
});

describe('eks(): storage', () => {
  const claims = (parts: Part[], common = {}) =>
    claimsOf(render(createStack(common, [prometheus(), ...parts])));

  test('renders an encrypted gp3 StorageClass on the EBS CSI driver, and every claim uses it', () => {
    const result = render(createStack({}, [prometheus(), eks()]));
    expect(claimsOf(result)).toEqual({
      'prometheus/prometheus': 'mixstack-gp3',
      'alertmanager/alertmanager': 'mixstack-gp3',
    });
    expect(parse(result.files.get('eks-storageClass.yaml')!)).toEqual({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'mixstack-gp3', labels: { 'app.kubernetes.io/part-of': 'mixstack' } },
      provisioner: 'ebs.csi.aws.com',
      parameters: { type: 'gp3', encrypted: 'true' },
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
    });
  });

  test('retainVolumes: the rendered class keeps volumes, under its own name', () => {
    const result = render(createStack({}, [prometheus(), eks({ retainVolumes: true })]));
    expect(claimsOf(result)['prometheus/prometheus']).toBe('mixstack-gp3-retain');
    expect(parse(result.files.get('eks-storageClass.yaml')!)).toMatchObject({
      metadata: { name: 'mixstack-gp3-retain' },
      reclaimPolicy: 'Retain',
    });
  });

  test('a class the user names is used and nothing is rendered', () => {
    const result = render(createStack({}, [prometheus(), eks({ storageClass: 'io2' })]));
    expect(claimsOf(result)['prometheus/prometheus']).toBe('io2');
    expect(result.files.has('eks-storageClass.yaml')).toBe(false);
    expect(result.summary.notices.find((n) => n.id === 'eks-platform')!.message).toContain('use "io2".');
  });

  test('a storageClass the user passes wins: to createStack, or to the component', () => {
    expect(claims([eks()], { storageClass: 'fast' })['prometheus/prometheus']).toBe('fast');
    const own = claimsOf(render(createStack({}, [prometheus({ storage: { storageClass: 'io2' } }), eks()])));
    expect(own).toEqual({ 'prometheus/prometheus': 'io2', 'alertmanager/alertmanager': 'mixstack-gp3' });
  });

  test('the summary says EKS 1.30 and later has no default class', () => {
    const message = render(createStack({}, [prometheus(), eks()])).summary.notices.find(
      (n) => n.id === 'eks-platform',
    )!.message;
    expect(message).toContain('EKS 1.30 and later has no default StorageClass');
    expect(message).toContain('"mixstack-gp3" (rendered here: gp3 on the EBS CSI driver, encrypted;');
  });
});

describe('eks(): composition', () => {
  test('a stack with it is valid; the order of the parts does not matter', () => {
    const s3 = {
      accountId: '123456789012',
      region: 'eu-west-1',
      identity: 'podIdentity',
      clusterName: 'prod',
    } as const;
    const exposure = {
      host: 'grafana.acme.com',
      certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
      vpcCidr: '10.0.0.0/16',
    };
    const parts = [
      prometheus(),
      grafana(),
      archiver(),
      upstreamLike(),
      eks({ retainVolumes: true, s3, grafana: exposure }),
    ];
    expect(validateStack(createStack({}, parts))).toEqual([]);
    const forward = render(createStack({}, parts));
    const backward = render(createStack({}, [...parts].reverse()));
    expect(backward.files).toEqual(forward.files);
    expect(backward.summary.notices).toEqual(forward.summary.notices);
  });
});
