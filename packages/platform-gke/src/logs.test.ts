import { createStack, render } from '@mixstack/core';
import { connectionVerdict, type Endpoint, networkModel, podOf } from '@mixstack/testing';
import { alloy, grafana, loki } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { GSA_ANNOTATION, gcloudCommands, gke } from './index.js';

/**
 * Loki on GKE with its chunks in GCS, with no edit to platform-gke: Loki declares its bucket in
 * core's object-storage contract, GKE grants it through Workload Identity (DESIGN.md §7).
 */
describe('Loki on GKE, through the contracts only', () => {
  const result = render(
    createStack({ namespace: 'monitoring' }, [
      grafana(),
      loki({ objectStorage: { bucket: 'acme-prod-loki' } }),
      alloy(),
      gke({ project: 'acme-prod', workloadIdentity: { bucketLocation: 'EU' } }),
    ]),
  );

  test('stores in GCS, since GKE sets the stack’s object storage', () => {
    const config = parse(parse(result.files.get('loki-config.yaml')!).data['config.yaml']);
    expect(config.schema_config.configs[0].object_store).toBe('gcs');
    expect(config.common.storage.gcs.bucket_name).toBe('acme-prod-loki');
  });

  test('Loki’s ServiceAccount gets Workload Identity, and its bucket is in the commands to run', () => {
    const serviceAccount = parse(result.files.get('loki-serviceAccount.yaml')!);
    expect(serviceAccount.metadata.annotations).toEqual({
      [GSA_ANNOTATION]: 'monitoring-loki@acme-prod.iam.gserviceaccount.com',
    });
    expect(gcloudCommands(result)).toContain(
      'gcloud storage buckets add-iam-policy-binding gs://acme-prod-loki --project=acme-prod --member="serviceAccount:monitoring-loki@acme-prod.iam.gserviceaccount.com" --role=roles/storage.objectUser',
    );
  });

  test('its NetworkPolicy lets it reach GCS and the metadata server, and nothing else outside', () => {
    const model = networkModel(result.objects.map((o) => o.object as unknown as Record<string, unknown>));
    const from = podOf(model, { name: 'loki', kind: 'StatefulSet' });
    const at = (ip: string): Endpoint => ({ kind: 'address', ip });
    expect(connectionVerdict(model, { from, to: at('142.250.74.123'), port: 443 }).allowed).toBe(true);
    expect(connectionVerdict(model, { from, to: at('169.254.169.254'), port: 80 }).allowed).toBe(true);
    expect(connectionVerdict(model, { from, to: at('142.250.74.123'), port: 80 }).allowed).toBe(false);
  });
});
