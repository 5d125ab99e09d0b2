import { isPlainObject, type KubeObject } from '@mixstack/core';

/** CoreDNS's metrics port in its pods (the `prometheus :9153` plugin of the EKS add-on's Corefile). */
export const COREDNS_METRICS_PORT = 9153;

type Json = Record<string, unknown>;

/** Whether a ServiceMonitor selects CoreDNS: the `kube-dns` Service (`k8s-app: kube-dns`) in kube-system. */
function selectsCoreDns(object: KubeObject): boolean {
  if (object.kind !== 'ServiceMonitor') return false;
  const spec = (object as { spec?: unknown }).spec;
  if (!isPlainObject(spec) || !isPlainObject(spec.selector) || !isPlainObject(spec.namespaceSelector))
    return false;
  const labels = spec.selector.matchLabels;
  const namespaces = spec.namespaceSelector.matchNames;
  return (
    isPlainObject(labels) &&
    labels['k8s-app'] === 'kube-dns' &&
    Array.isArray(namespaces) &&
    namespaces.includes('kube-system')
  );
}

/**
 * CoreDNS's monitors scrape the pods' port 9153 by number instead of the Service's `metrics`
 * port: the `kube-dns` Service of EKS's CoreDNS add-on lists only the DNS ports on many
 * versions, so a monitor naming a `metrics` port finds no endpoint (kube-prometheus'
 * `platforms/eks.libsonnet` makes the same change). Prometheus discovers every container port
 * of the pods behind the Service, so the port number reaches them either way. Whichever
 * package renders the monitor, it is recognised by what it selects, not by its address.
 */
export function withCoreDnsTargetPort(objects: Readonly<Record<string, KubeObject>>): {
  objects: Record<string, KubeObject>;
  changed: string[];
} {
  const out: Record<string, KubeObject> = {};
  const changed: string[] = [];
  for (const address of Object.keys(objects).sort()) {
    const object = objects[address]!;
    if (!selectsCoreDns(object)) {
      out[address] = object;
      continue;
    }
    const spec = (object as unknown as { spec: Json }).spec;
    const endpoints = Array.isArray(spec.endpoints) ? spec.endpoints : [];
    const retargeted = endpoints.map((endpoint: unknown) => {
      if (!isPlainObject(endpoint) || endpoint.port !== 'metrics') return endpoint;
      const { port: _port, ...rest } = endpoint;
      return { ...rest, targetPort: COREDNS_METRICS_PORT };
    });
    changed.push(address);
    out[address] = { ...object, spec: { ...spec, endpoints: retargeted } } as KubeObject;
  }
  return { objects: out, changed };
}
