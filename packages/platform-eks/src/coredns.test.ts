import { createStack, type KubeObject, type RenderResult, render } from '@mixstack/core';
import { prometheus } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { COREDNS_METRICS_PORT, withCoreDnsTargetPort } from './coredns.js';
import { eks } from './index.js';

const coreDnsMonitor = (result: RenderResult) => {
  const object = result.objects.find((o) => o.address === 'kubernetesControlPlane/serviceMonitorCoreDNS');
  return object && parse(result.files.get(object.path)!);
};

describe("CoreDNS on EKS: the pods' port 9153", () => {
  test('the CoreDNS monitor scrapes target port 9153 instead of the Service port named metrics; the rest stays', () => {
    const without = coreDnsMonitor(render(createStack({}, [prometheus()])));
    const withEks = coreDnsMonitor(render(createStack({}, [prometheus(), eks()])));
    expect(without.spec.endpoints[0].port).toBe('metrics');
    expect(withEks.spec.endpoints[0].port).toBeUndefined();
    expect(withEks.spec.endpoints[0].targetPort).toBe(COREDNS_METRICS_PORT);
    const { port: _p, ...rest } = without.spec.endpoints[0];
    const { targetPort: _t, ...same } = withEks.spec.endpoints[0];
    expect(same).toEqual(rest);
    expect({ ...withEks.spec, endpoints: [] }).toEqual({ ...without.spec, endpoints: [] });
  });

  test('a cluster declared to run kube-dns has no CoreDNS monitor, and nothing to change', () => {
    expect(
      coreDnsMonitor(render(createStack({ clusterDns: 'kube-dns' }, [prometheus(), eks()]))),
    ).toBeUndefined();
  });

  test('only monitors selecting k8s-app: kube-dns in kube-system change, and only their metrics port', () => {
    const monitor = (namespace: string, app: string, port: string): KubeObject =>
      ({
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: { name: `${app}-${namespace}`, namespace: 'monitoring' },
        spec: {
          namespaceSelector: { matchNames: [namespace] },
          selector: { matchLabels: { 'k8s-app': app } },
          endpoints: [{ port }, { port: 'metrics', path: '/other' }],
        },
      }) as unknown as KubeObject;
    const objects = {
      'a/dns': monitor('kube-system', 'kube-dns', 'metrics'),
      'a/dnsElsewhere': monitor('apps', 'kube-dns', 'metrics'),
      'a/other': monitor('kube-system', 'other', 'metrics'),
      'a/dnsNamedPort': monitor('kube-system', 'kube-dns', 'dns'),
    };
    const { objects: out, changed } = withCoreDnsTargetPort(objects);
    expect(changed).toEqual(['a/dns', 'a/dnsNamedPort']);
    expect(out['a/dnsElsewhere']).toBe(objects['a/dnsElsewhere']);
    expect(out['a/other']).toBe(objects['a/other']);
    const endpoints = (address: string) =>
      (out[address] as unknown as { spec: { endpoints: unknown[] } }).spec.endpoints;
    expect(endpoints('a/dns')).toEqual([{ targetPort: 9153 }, { targetPort: 9153, path: '/other' }]);
    expect(endpoints('a/dnsNamedPort')).toEqual([{ port: 'dns' }, { targetPort: 9153, path: '/other' }]);
  });
});
