import { createStack, type Part, type RenderResult, render } from '@mixstack/core';
import { upstreamLike } from '@mixstack/testing';
import { grafana, prometheus } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { gke } from './index.js';

const project = 'acme-prod';

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

describe('gke(): managed control plane', () => {
  const withGke = render(createStack({}, [prometheus(), grafana(), upstreamLike(), gke({ project })]));
  const without = render(createStack({}, [prometheus(), grafana(), upstreamLike()]));

  test('sets the platform and the managed control plane in common values', () => {
    expect(withGke.values.common).toMatchObject({
      platform: 'gke',
      managedControlPlane: true,
      storageClass: 'standard-rwo',
      clusterDns: 'kube-dns',
    });
    // No value of any component: only common values and core's contracts.
    const own = createStack({}, [
      gke({ project, grafana: { host: 'g.acme.com' }, mode: 'autopilot' }),
    ]).values;
    const keys = own
      .filter((layer) => layer.source === '@mixstack/platform-gke')
      .flatMap((l) => Object.keys(l.values));
    expect([...new Set(keys)].sort()).toEqual(['common', 'contracts', 'gke', 'nodeExporter']);
    expect(own.find((l) => 'nodeExporter' in l.values)?.values).toEqual({ nodeExporter: { enabled: false } });
    expect(without.values.common.platform).toBeUndefined();
  });

  test('no kube-scheduler, kube-controller-manager or CoreDNS monitors', () => {
    const monitors = (result: RenderResult) =>
      result.objects.filter((o) => o.component === 'kubernetesControlPlane').map((o) => o.key);
    expect(monitors(without)).toEqual(
      expect.arrayContaining([
        'serviceMonitorKubeScheduler',
        'serviceMonitorKubeControllerManager',
        'serviceMonitorCoreDNS',
      ]),
    );
    expect(monitors(withGke).sort()).toEqual(['serviceMonitorApiserver', 'serviceMonitorKubelet']);
  });

  test('no rule or dashboard of the rendered mixins mentions kube-scheduler or kube-controller-manager', () => {
    // The synthetic upstream-like mixin guarantees there is such content without gke().
    expect(mixinTexts(without)).toMatch(/kube-scheduler/);
    expect(mixinTexts(without)).toMatch(/kube-controller-manager/);
    const texts = mixinTexts(withGke);
    expect(texts).not.toMatch(/kube-scheduler|kube-controller-manager/);
    // What does not depend on them stays.
    expect(texts).toContain('UpstreamVersionMismatch');
    expect(texts).toContain('upstream:apiserver_requests:rate5m');
  });

  test('the build summary says what was left out and why', () => {
    const notices = Object.fromEntries(withGke.summary.notices.map((n) => [n.id, n.message]));
    expect(notices['gke-platform']).toContain('Google runs kube-scheduler and kube-controller-manager');
    expect(notices['gke-unscraped-jobs']).toMatch(/left out of the mixins \d+ alerts?/);
  });
});

describe('gke(): storage', () => {
  const claims = (parts: Part[], common = {}) =>
    claimsOf(render(createStack(common, [prometheus(), ...parts])));

  test('PersistentVolumeClaims use standard-rwo by default, or the class given', () => {
    expect(claims([gke({ project })])).toEqual({
      'prometheus/prometheus': 'standard-rwo',
      'alertmanager/alertmanager': 'standard-rwo',
    });
    expect(claims([gke({ project, storageClass: 'premium-rwo' })])['prometheus/prometheus']).toBe(
      'premium-rwo',
    );
    expect(claims([gke({ project, storageClass: 'my-class' })])['prometheus/prometheus']).toBe('my-class');
  });

  test('a storageClass the user passes wins: to createStack, or to the component', () => {
    expect(claims([gke({ project })], { storageClass: 'fast' })['prometheus/prometheus']).toBe('fast');
    const own = claimsOf(
      render(createStack({}, [prometheus({ storage: { storageClass: 'premium-rwo' } }), gke({ project })])),
    );
    expect(own).toEqual({
      'prometheus/prometheus': 'premium-rwo',
      'alertmanager/alertmanager': 'standard-rwo',
    });
  });

  test('retainVolumes renders a Retain copy of the class and uses it', () => {
    const result = render(
      createStack({}, [prometheus(), gke({ project, storageClass: 'premium-rwo', retainVolumes: true })]),
    );
    expect(claimsOf(result)['prometheus/prometheus']).toBe('premium-rwo-retain');
    expect(parse(result.files.get('gke-storageClassRetain.yaml')!)).toEqual({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'premium-rwo-retain', labels: { 'app.kubernetes.io/part-of': 'mixstack' } },
      provisioner: 'pd.csi.storage.gke.io',
      parameters: { type: 'pd-ssd' },
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
    });
  });
});

describe('gke(): critical pods', () => {
  test("a ResourceQuota admits node-exporter's system-cluster-critical pods in its namespace", () => {
    const result = render(createStack({}, [prometheus(), gke({ project })]));
    const quota = result.objects.find((o) => o.object.kind === 'ResourceQuota');
    expect(quota?.address).toBe('gke/criticalPodsQuotaMonitoringNodeExporter');
    expect(quota?.object.metadata?.namespace).toBe('monitoring-node-exporter');
  });

  test('none when no pod asks for a critical class', () => {
    const result = render(
      createStack({}, [prometheus({ nodeExporter: { priorityClassName: false } }), gke({ project })]),
    );
    expect(result.objects.some((o) => o.object.kind === 'ResourceQuota')).toBe(false);
  });
});

describe('gke(): composition', () => {
  test('the order of the parts does not change a byte', () => {
    const parts = () => [
      prometheus(),
      grafana(),
      upstreamLike(),
      gke({ project, grafana: { host: 'grafana.acme.com' } }),
    ];
    const reference = [...render(createStack({}, parts())).files.entries()];
    expect([...render(createStack({}, [...parts()].reverse())).files.entries()]).toEqual(reference);
    const [a, b, c, d] = parts();
    expect([...render(createStack({}, [d!, a!, c!, b!])).files.entries()]).toEqual(reference);
  });

  test('without gke() nothing of it is in the stack (the default stack stays platform-neutral)', () => {
    const result = render(createStack({}, [prometheus(), grafana()]));
    expect(result.objects.filter((o) => o.component === 'gke')).toEqual([]);
    expect(result.files.get('grafana-service.yaml')).not.toContain('cloud.google.com');
  });
});
