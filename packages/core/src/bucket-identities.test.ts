import { describe, expect, test } from 'vitest';
import { annotateBucketServiceAccounts } from './bucket-identities.js';
import type { KubeObject } from './kube.js';

const serviceAccount = (name: string): KubeObject =>
  ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: 'monitoring' } }) as KubeObject;

describe('annotateBucketServiceAccounts', () => {
  test('annotates the granted ServiceAccounts, leaves the rest, and reports one nobody renders', () => {
    const problems: unknown[] = [];
    const objects = {
      'loki/serviceAccount': serviceAccount('loki'),
      'tempo/serviceAccount': serviceAccount('tempo'),
    };
    const out = annotateBucketServiceAccounts(
      objects,
      [
        {
          namespace: 'monitoring',
          serviceAccount: 'loki',
          components: ['loki'],
          annotation: { key: 'k', value: 'v' },
        },
        { namespace: 'monitoring', serviceAccount: 'tempo', components: ['tempo'] },
        { namespace: 'monitoring', serviceAccount: 'ghost', components: ['archiver', 'archiver'] },
      ],
      'platform/buckets',
      (problem) => problems.push(problem),
    );
    expect(out['loki/serviceAccount']!.metadata?.annotations).toEqual({ k: 'v' });
    expect(out['tempo/serviceAccount']).toBe(objects['tempo/serviceAccount']);
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'NOT_FOUND',
        address: 'platform/buckets',
        value: 'monitoring/ghost',
        message:
          'archiver declares buckets for the ServiceAccount monitoring/ghost, which the stack does not render',
      }),
    ]);
  });
});
