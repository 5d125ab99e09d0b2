import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CRDS_INPUT, CRDS_OPERATOR_VERSION } from '@mixstack/component-prometheus';
import { type KubeObject, type RenderResult, render } from '@mixstack/core';
import { connectionVerdict, type Endpoint, networkModel, podOf, sharedDir } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { loadStack } from './cli/load-entry.js';
import { unscopedDashboardSelectors } from './cluster-scope.test-helpers.js';

/**
 * examples/fleet: two production clusters that ship their blocks to one bucket through the
 * Thanos sidecar, and an observer that runs Query, the Store Gateway, the one Compactor and
 * Grafana over it. The three stacks are loaded as `mixstack build` loads them (this package does
 * not depend on platforms, which depend on it for their own tests), rendered (every custom
 * resource, `spec.thanos` included, checked against the operator's schema) with the real
 * prometheus-operator CRDs, and read together: what holds for the fleet holds across the stacks.
 */

const FLEET = join(dirname(fileURLToPath(import.meta.url)), '../../../examples/fleet');
const CLUSTERS = ['prod-eu', 'prod-us'] as const;
const STACKS = [...CLUSTERS, 'observer'] as const;
type StackName = (typeof STACKS)[number];

const crdDir = join(sharedDir, 'reference/crds', `prometheus-operator-v${CRDS_OPERATOR_VERSION}`);
const hasCrds = existsSync(crdDir);

/** The operator's CRDs as `--crds DIR` reads them, when the shared reference folder is there. */
function crdInputs(): Record<string, ReadonlyMap<string, string>> {
  if (!hasCrds) return {};
  const files = new Map<string, string>();
  for (const name of readdirSync(crdDir).sort())
    if (name.endsWith('.yaml')) files.set(name, readFileSync(join(crdDir, name), 'utf8'));
  return { [CRDS_INPUT]: files };
}

const rendered = {} as Record<StackName, RenderResult>;
for (const name of STACKS)
  rendered[name] = render(await loadStack(join(FLEET, name, 'stack.ts')), { inputs: crdInputs() });

const objectsOf = (name: StackName, kind?: string): KubeObject[] =>
  rendered[name].objects.map((o) => o.object).filter((o) => kind === undefined || o.kind === kind);

const named = (name: StackName, kind: string, objectName: string): KubeObject | undefined =>
  objectsOf(name, kind).find((o) => o.metadata?.name === objectName);

interface Container {
  image?: string;
  args?: string[];
}
interface PodOwner {
  spec: { replicas?: number; template: { spec: { containers: Container[] } } };
}

/** Every Thanos container of a stack's workloads, with its pods: `{ subcommand, args, pods }`. */
function thanosContainers(name: StackName) {
  return ['Deployment', 'StatefulSet'].flatMap((kind) =>
    objectsOf(name, kind).flatMap((object) => {
      const { spec } = object as unknown as PodOwner;
      return spec.template.spec.containers
        .filter((c) => c.image?.includes('/thanos/thanos:'))
        .map((c) => ({
          workload: object.metadata?.name,
          subcommand: c.args?.[0],
          args: c.args ?? [],
          pods: spec.replicas ?? 1,
        }));
    }),
  );
}

/** The objstore configuration of the stack's Secret: what every Thanos part of it reads. */
function objstoreOf(name: StackName): { type: string; config: { bucket?: string } } {
  const secret = named(name, 'Secret', 'thanos-objstore') as unknown as {
    data?: Record<string, string>;
    stringData?: Record<string, string>;
  };
  const text =
    secret.stringData?.['objstore.yaml'] ??
    Buffer.from(secret.data?.['objstore.yaml'] ?? '', 'base64').toString();
  return parse(text);
}

/** The Grafana datasources file of a stack, by uid. */
function datasourcesOf(
  name: StackName,
): Record<string, { url?: string; jsonData?: Record<string, unknown> }> {
  const secret = named(name, 'Secret', 'grafana-datasources') as unknown as {
    data?: Record<string, string>;
    stringData?: Record<string, string>;
  };
  const files =
    secret.stringData ??
    Object.fromEntries(
      Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]),
    );
  const entries = Object.values(files).flatMap(
    (text) =>
      (parse(text) as { datasources?: { uid: string; url?: string; jsonData?: Record<string, unknown> }[] })
        .datasources ?? [],
  );
  return Object.fromEntries(entries.map((d) => [d.uid, d]));
}

describe('examples/fleet: several clusters, one view', () => {
  test.skipIf(!hasCrds)(
    `the three stacks render with the operator's CRDs in setup/${hasCrds ? '' : ` (skipped: ${crdDir} is absent; set MIXSTACK_SHARED)`}`,
    () => {
      for (const name of STACKS)
        expect(objectsOf(name, 'CustomResourceDefinition').map((o) => o.metadata?.name)).toContain(
          'prometheuses.monitoring.coreos.com',
        );
    },
  );

  test("each cluster's Prometheus ships to the one bucket under its own cluster label", () => {
    for (const cluster of CLUSTERS) {
      const prometheus = objectsOf(cluster, 'Prometheus')[0] as unknown as {
        spec: {
          replicas: number;
          externalLabels: Record<string, string>;
          thanos?: { objectStorageConfig?: { name: string; key: string } };
        };
      };
      expect(prometheus.spec.externalLabels.cluster).toBe(cluster);
      // An HA pair: Query merges the two replicas on prometheus_replica (below).
      expect(prometheus.spec.replicas).toBe(2);
      expect(prometheus.spec.thanos?.objectStorageConfig).toEqual({
        name: 'thanos-objstore',
        key: 'objstore.yaml',
      });
      expect(objstoreOf(cluster)).toEqual({ type: 'GCS', config: { bucket: 'acme-metrics-blocks' } });
      // Only the sidecar: no Query, Store Gateway or Compactor of its own.
      expect(thanosContainers(cluster)).toEqual([]);
    }
    expect(objstoreOf('observer')).toEqual(objstoreOf('prod-eu'));
  });

  test('exactly one Compactor runs on the bucket, in the observer, and Query merges HA replicas', () => {
    const compactors = STACKS.flatMap((name) =>
      thanosContainers(name)
        .filter((c) => c.subcommand === 'compact')
        .map((c) => ({ stack: name, pods: c.pods })),
    );
    expect(compactors).toEqual([{ stack: 'observer', pods: 1 }]);
    const parts = Object.fromEntries(thanosContainers('observer').map((c) => [c.subcommand, c]));
    expect(Object.keys(parts).sort()).toEqual(['compact', 'query', 'query-frontend', 'store']);
    expect(parts.query!.args).toContain('--query.replica-label=prometheus_replica');
  });

  test("the buckets' users get their access from Workload Identity, no key in any file", () => {
    const annotated = (name: StackName, account: string) =>
      named(name, 'ServiceAccount', account)?.metadata?.annotations?.['iam.gke.io/gcp-service-account'];
    for (const cluster of CLUSTERS)
      expect(annotated(cluster, 'prometheus-k8s')).toMatch(/@acme-prod\.iam\.gserviceaccount\.com$/);
    expect(annotated('observer', 'thanos-store')).toMatch(/@acme-prod\.iam\.gserviceaccount\.com$/);
    expect(annotated('observer', 'thanos-compact')).toMatch(/@acme-prod\.iam\.gserviceaccount\.com$/);
    for (const name of STACKS)
      expect(JSON.stringify(objstoreOf(name))).not.toMatch(/key|secret|service_account/i);
  });

  test("the observer's Grafana reads through Thanos; each cluster's reads its own Prometheus", () => {
    const observer = datasourcesOf('observer').prometheus!;
    expect(observer.url).toBe('http://thanos-query-frontend.monitoring.svc:10902');
    expect(observer.jsonData?.prometheusType).toBe('Thanos');
    for (const cluster of CLUSTERS) {
      const own = datasourcesOf(cluster).prometheus!;
      expect(own.url).toBe('http://prometheus-k8s.monitoring.svc:9090');
      expect(own.jsonData?.prometheusType).toBe('Prometheus');
    }
  });

  test('alerts stay in every cluster: its Prometheus evaluates its own rules', () => {
    for (const cluster of CLUSTERS) {
      const rules = objectsOf(cluster, 'PrometheusRule').map((o) => o.metadata?.name);
      expect(rules).toContain('kube-prometheus-rules');
      expect(rules).toContain('thanos-rules');
    }
  });

  test('every dashboard of the observer has a cluster variable, and every series it reads follows it', () => {
    const { dashboards, unscoped } = unscopedDashboardSelectors(objectsOf('observer'));
    expect(dashboards).toBeGreaterThanOrEqual(20);
    expect(unscoped).toEqual([]);
  });

  test("the observer's NetworkPolicies let exactly Thanos' paths through", () => {
    const model = networkModel(objectsOf('observer') as unknown as Record<string, unknown>[]);
    const pod = (name: string, kind?: string) => podOf(model, { name, ...(kind ? { kind } : {}) });
    const allowed = (from: Endpoint, to: Endpoint, port: number) =>
      connectionVerdict(model, { from, to, port, protocol: 'TCP' }).allowed;
    const grafana = pod('grafana');
    const prometheus = pod('k8s', 'Prometheus');
    const query = pod('thanos-query');
    const frontend = pod('thanos-query-frontend');
    const store = pod('thanos-store', 'StatefulSet');
    const stranger: Endpoint = { kind: 'pod', namespace: 'monitoring', labels: { app: 'debug' } };
    // Grafana → Query Frontend → Query → the sidecars (in the Prometheus pods) and the Store Gateway.
    expect(allowed(grafana, frontend, 10902)).toBe(true);
    expect(allowed(frontend, query, 10902)).toBe(true);
    expect(allowed(query, prometheus, 10901)).toBe(true);
    expect(allowed(query, store, 10901)).toBe(true);
    // The Store API is not for everyone: neither Grafana nor a pod added later reach it.
    expect(allowed(grafana, prometheus, 10901)).toBe(false);
    expect(allowed(stranger, store, 10901)).toBe(false);
    expect(allowed(stranger, query, 10901)).toBe(false);
    // Prometheus scrapes every part on its HTTP port.
    for (const part of [query, frontend, store, prometheus])
      expect(allowed(prometheus, part, 10902)).toBe(true);
  });
});
