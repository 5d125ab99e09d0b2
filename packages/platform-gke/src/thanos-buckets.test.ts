import { createStack, type Part, type RenderResult, render } from '@mixstack/core';
import { connectionVerdict, type Endpoint, networkModel, podOf } from '@mixstack/testing';
import { prometheus, thanos } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { GSA_ANNOTATION, gcloudCommands, gke } from './index.js';

/**
 * Thanos on GKE with its blocks in GCS, with no edit to platform-gke (DESIGN.md §7): Thanos
 * declares three buckets in core's object-storage contract (the sidecar in the Prometheus pods
 * and the Compactor read-write, the Store Gateway read), and GKE grants each of them through
 * Workload Identity. What is checked is what the cluster would see: the ServiceAccounts the
 * pods really run as, the roles in the commands to run, the objstore configuration Thanos
 * reads, and the NetworkPolicies that must let those pods reach GCS and the metadata server.
 */

const project = 'acme-prod';
const bucket = 'acme-thanos';
const projectNumber = '123456789012';
const SECRET = 'thanos-objstore';

const stackOf = (parts: Part[]) => createStack({ namespace: 'monitoring' }, parts);
const thanosOnGcs = (type?: 'gcs') => thanos({ objectStorage: { ...(type ? { type } : {}), bucket } });
const serviceAccountMode = () => gke({ project, workloadIdentity: { bucketLocation: 'EU' } });
const principalMode = () =>
  gke({ project, workloadIdentity: { bucketLocation: 'EU', mode: 'principal', projectNumber } });

/** What these tests read of a rendered object: a ServiceAccount, a workload, a Prometheus. */
interface Rendered {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec?: {
    serviceAccountName?: string;
    thanos?: { objectStorageConfig?: { name?: string } };
    template?: { spec?: { serviceAccountName?: string; volumes?: { secret?: { secretName?: string } }[] } };
  };
}
const objectsOf = (result: RenderResult): Rendered[] => result.objects.map((o) => o.object as Rendered);

/**
 * The ServiceAccounts of the pods that read the objstore Secret, found in the rendered objects
 * (not in Thanos' declarations): the StatefulSets and Deployments that mount it, and the
 * Prometheus resource whose sidecar the operator gives it (`spec.thanos.objectStorageConfig`).
 * These are the identities that must reach the bucket at run time.
 */
function bucketReaders(result: RenderResult): string[] {
  const names = new Set<string>();
  for (const object of objectsOf(result)) {
    if (object.kind === 'Prometheus' && object.spec?.thanos?.objectStorageConfig?.name === SECRET)
      names.add(object.spec.serviceAccountName ?? 'default');
    const pod = object.spec?.template?.spec;
    if (pod?.volumes?.some((v) => v.secret?.secretName === SECRET))
      names.add(pod.serviceAccountName ?? 'default');
  }
  return [...names].sort();
}

const serviceAccount = (result: RenderResult, name: string): Rendered => {
  const found = objectsOf(result).filter((o) => o.kind === 'ServiceAccount' && o.metadata.name === name);
  expect(found, `ServiceAccount ${name}`).toHaveLength(1);
  return found[0]!;
};

const objstore = (result: RenderResult) =>
  parse(parse(result.files.get('thanos-objstoreSecret.yaml')!).stringData['objstore.yaml']);

/** What a Google credential looks like in a file: a service account key, or the variable pointing at one. */
const GOOGLE_KEY =
  /private_key|"type":\s*"service_account"|GOOGLE_APPLICATION_CREDENTIALS|service_account_key/;

describe('Thanos on GKE with Workload Identity (Google service accounts)', () => {
  const result = render(stackOf([prometheus(), thanosOnGcs('gcs'), serviceAccountMode()]));

  test('every pod that reads the objstore Secret runs as a ServiceAccount bound to its Google service account', () => {
    expect(bucketReaders(result)).toEqual(['prometheus-k8s', 'thanos-compact', 'thanos-store']);
    for (const name of bucketReaders(result))
      expect(serviceAccount(result, name).metadata.annotations).toEqual({
        [GSA_ANNOTATION]: `monitoring-${name}@acme-prod.iam.gserviceaccount.com`,
      });
  });

  test('the commands grant read to the Store Gateway, read-write to the sidecar and the Compactor', () => {
    const commands = gcloudCommands(result);
    const grant = (name: string, role: string) =>
      `gcloud storage buckets add-iam-policy-binding gs://acme-thanos --project=acme-prod --member="serviceAccount:monitoring-${name}@acme-prod.iam.gserviceaccount.com" --role=roles/storage.${role}`;
    expect(commands).toContain(grant('thanos-store', 'objectViewer'));
    expect(commands).toContain(grant('thanos-compact', 'objectUser'));
    expect(commands).toContain(grant('prometheus-k8s', 'objectUser'));
    // One role per ServiceAccount: the Store Gateway is never given write access as well.
    expect(commands.filter((c) => c.includes('add-iam-policy-binding gs://'))).toHaveLength(3);
    expect(commands).toContain(
      'gcloud storage buckets create gs://acme-thanos --project=acme-prod --location=EU --uniform-bucket-level-access --public-access-prevention',
    );
    for (const name of bucketReaders(result))
      expect(commands).toContain(
        `gcloud iam service-accounts add-iam-policy-binding monitoring-${name}@acme-prod.iam.gserviceaccount.com --project=acme-prod --role=roles/iam.workloadIdentityUser --member="serviceAccount:acme-prod.svc.id.goog[monitoring/${name}]"`,
      );
    // The same commands are in the build summary.
    const notice = result.summary.notices.find((n) => n.id === 'gke-workload-identity')!;
    expect(notice.message).toContain(commands.join('\n'));
  });

  test('the objstore configuration names the bucket and nothing else; no file holds a key', () => {
    expect(objstore(result)).toEqual({ type: 'GCS', config: { bucket } });
    // The detector finds the keys it looks for (else the scan below proves nothing).
    expect(GOOGLE_KEY.test('{"type": "service_account", "private_key": "-----BEGIN"}')).toBe(true);
    const withKey = [...result.files].filter(([, text]) => GOOGLE_KEY.test(text)).map(([file]) => file);
    expect(withKey).toEqual([]);
    expect(result.files.size).toBeGreaterThan(20);
  });

  test('left without a type, Thanos takes GCS from the platform: the same files', () => {
    const implicit = render(stackOf([prometheus(), thanosOnGcs(), serviceAccountMode()]));
    expect(implicit.values.common.objectStorage).toBe('gcs');
    expect(objstore(implicit)).toEqual({ type: 'GCS', config: { bucket } });
    expect(implicit.files).toEqual(result.files);
  });

  test('the bucket users reach GCS (443) and the metadata servers; Query reaches neither', () => {
    const model = networkModel(result.objects.map((o) => o.object as unknown as Record<string, unknown>));
    const at = (ip: string): Endpoint => ({ kind: 'address', ip });
    const gcs = at('142.250.74.123');
    const pods = {
      store: podOf(model, { name: 'thanos-store', kind: 'StatefulSet' }),
      compact: podOf(model, { name: 'thanos-compact', kind: 'StatefulSet' }),
      sidecar: podOf(model, { name: 'k8s', kind: 'Prometheus' }),
    };
    for (const [part, from] of Object.entries(pods)) {
      expect(connectionVerdict(model, { from, to: gcs, port: 443 }).allowed, part).toBe(true);
      // The node's metadata server hands out the Workload Identity token; GKE's on 988 too.
      expect(connectionVerdict(model, { from, to: at('169.254.169.254'), port: 80 }).allowed, part).toBe(
        true,
      );
      expect(connectionVerdict(model, { from, to: at('169.254.169.252'), port: 988 }).allowed, part).toBe(
        true,
      );
    }
    // The Thanos parts' egress is closed to everything else (Prometheus' is open: it scrapes everywhere).
    for (const part of ['store', 'compact'] as const)
      expect(connectionVerdict(model, { from: pods[part], to: gcs, port: 80 }).allowed, part).toBe(false);
    const query = podOf(model, { name: 'thanos-query', kind: 'Deployment' });
    expect(connectionVerdict(model, { from: query, to: gcs, port: 443 }).allowed).toBe(false);
    expect(connectionVerdict(model, { from: query, to: at('169.254.169.254'), port: 80 }).allowed).toBe(
      false,
    );
  });

  test('the platform before or after Thanos and Prometheus: byte-identical files', () => {
    const orders: Part[][] = [
      [serviceAccountMode(), thanosOnGcs('gcs'), prometheus()],
      [thanosOnGcs('gcs'), serviceAccountMode(), prometheus()],
      [serviceAccountMode(), prometheus(), thanosOnGcs()],
    ];
    for (const parts of orders) expect(render(stackOf(parts)).files).toEqual(result.files);
  });
});

describe("Thanos on GKE with Workload Identity (the ServiceAccounts' principals)", () => {
  const result = render(stackOf([prometheus(), thanosOnGcs(), principalMode()]));
  const principal = (name: string) =>
    `principal://iam.googleapis.com/projects/${projectNumber}/locations/global/workloadIdentityPools/acme-prod.svc.id.goog/subject/ns/monitoring/sa/${name}`;

  test('each bucket user’s principal gets its role; no Google service account, nothing annotated', () => {
    expect(gcloudCommands(result).slice(1)).toEqual([
      'gcloud storage buckets create gs://acme-thanos --project=acme-prod --location=EU --uniform-bucket-level-access --public-access-prevention',
      `gcloud storage buckets add-iam-policy-binding gs://acme-thanos --project=acme-prod --member="${principal('prometheus-k8s')}" --role=roles/storage.objectUser`,
      `gcloud storage buckets add-iam-policy-binding gs://acme-thanos --project=acme-prod --member="${principal('thanos-compact')}" --role=roles/storage.objectUser`,
      `gcloud storage buckets add-iam-policy-binding gs://acme-thanos --project=acme-prod --member="${principal('thanos-store')}" --role=roles/storage.objectViewer`,
    ]);
    expect(bucketReaders(result)).toEqual(['prometheus-k8s', 'thanos-compact', 'thanos-store']);
    for (const name of bucketReaders(result))
      expect(JSON.stringify(serviceAccount(result, name).metadata.annotations ?? {})).not.toContain(
        'iam.gke.io',
      );
  });

  test('the same objstore configuration, no key, and the same egress as with Google service accounts', () => {
    expect(objstore(result)).toEqual({ type: 'GCS', config: { bucket } });
    expect([...result.files].filter(([, text]) => GOOGLE_KEY.test(text)).map(([file]) => file)).toEqual([]);
    const annotated = render(stackOf([prometheus(), thanosOnGcs(), serviceAccountMode()]));
    const policies = (r: RenderResult) =>
      [...r.files].filter(
        ([file]) => file.endsWith('NetworkPolicy.yaml') || file.endsWith('networkPolicy.yaml'),
      );
    expect(policies(result).length).toBeGreaterThan(0);
    expect(policies(result)).toEqual(policies(annotated));
  });

  test('the platform before or after Thanos: byte-identical files', () => {
    expect(render(stackOf([principalMode(), thanosOnGcs(), prometheus()])).files).toEqual(result.files);
  });
});

describe('Thanos on GKE: exactly the running parts that read the bucket get access', () => {
  /** The Kubernetes ServiceAccounts the commands give a role on the bucket. */
  const granted = (result: RenderResult) =>
    gcloudCommands(result)
      .map(
        (c) =>
          /add-iam-policy-binding gs:\/\/acme-thanos .*serviceAccount:monitoring-([a-z0-9-]+)@/.exec(c)?.[1],
      )
      .filter((name): name is string => name !== undefined)
      .sort();

  test.each([
    ['every part', [prometheus(), thanosOnGcs()]],
    ['no sidecar', [prometheus(), thanos({ objectStorage: { bucket }, sidecar: { enabled: false } })]],
    ['no Compactor', [prometheus(), thanos({ objectStorage: { bucket }, compact: { enabled: false } })]],
    ['an observer without Prometheus', [thanos({ objectStorage: { bucket }, sidecar: { enabled: false } })]],
  ] as const)('%s', (_, parts) => {
    const result = render(stackOf([...parts, serviceAccountMode()]));
    expect(bucketReaders(result).length).toBeGreaterThan(0);
    expect(granted(result)).toEqual(bucketReaders(result));
    // A ServiceAccount that reads no bucket keeps no Google identity.
    for (const account of objectsOf(result).filter((o) => o.kind === 'ServiceAccount'))
      expect(account.metadata.annotations?.[GSA_ANNOTATION] !== undefined, account.metadata.name).toBe(
        bucketReaders(result).includes(account.metadata.name),
      );
  });
});
