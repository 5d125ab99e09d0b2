import { createStack, render } from '@mixstack/core';
import { grafana } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { GSA_ANNOTATION, gcloudCommands, gke } from './index.js';
import { archiver } from './test-helpers.js';

/**
 * A new component gets GKE Workload Identity and Grafana's network access without any edit to
 * platform-gke or component-grafana (DESIGN.md §7, §8): the archiver of the test helpers is
 * written with core's `defineComponent` and publishes a container, a Service, a bucket and the
 * `datasource` role; nothing in it names GKE or Grafana, and neither knows it.
 */
describe('a component neither platform-gke nor component-grafana has heard of', () => {
  const result = render(
    createStack({ namespace: 'monitoring' }, [
      grafana(),
      archiver({ buckets: { chunks: 'acme-archive-chunks' } }),
      gke({ project: 'acme-prod', workloadIdentity: { bucketLocation: 'EU' } }),
    ]),
  );

  test('GKE annotates the ServiceAccount its bucket claim names', () => {
    const serviceAccount = parse(result.files.get('archiver-serviceAccount.yaml')!);
    expect(serviceAccount.metadata.annotations).toEqual({
      [GSA_ANNOTATION]: 'monitoring-archiver@acme-prod.iam.gserviceaccount.com',
    });
  });

  test('GKE lists its bucket in the commands to run, with the access it declared', () => {
    const commands = gcloudCommands(result);
    expect(commands).toContain(
      'gcloud storage buckets create gs://acme-archive-chunks --project=acme-prod --location=EU --uniform-bucket-level-access --public-access-prevention',
    );
    expect(commands).toContain(
      'gcloud storage buckets add-iam-policy-binding gs://acme-archive-chunks --project=acme-prod --member="serviceAccount:monitoring-archiver@acme-prod.iam.gserviceaccount.com" --role=roles/storage.objectUser',
    );
    expect(result.summary.notices.find((n) => n.id === 'gke-workload-identity')?.message).toContain(
      commands.join('\n'),
    );
  });

  test("Grafana's network client reaches it, as a datasource, and its NetworkPolicy admits Grafana's pods", () => {
    expect(Object.keys(result.stack.components.archiver!.networkClients)).toEqual(['grafana']);
    const policy = parse(result.files.get('archiver-networkPolicy.yaml')!);
    expect(policy.spec.ingress[0].from).toEqual([
      { podSelector: { matchLabels: expect.objectContaining({ 'app.kubernetes.io/name': 'grafana' }) } },
    ]);
    // Without Grafana in the stack, nothing reaches it.
    const alone = render(createStack({}, [archiver()]));
    expect(alone.stack.components.archiver!.networkClients).toEqual({});
  });
});
