import { createStack, type Part, type RenderResult, render } from '@mixstack/core';
import { loki, prometheus, pyroscope, tempo, thanos } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { eks } from './index.js';

/**
 * Every store on S3 reaches its bucket in the region `eks({ s3: { region } })` creates it in,
 * without naming the region itself: the platform passes it down as `common.objectStorageRegion`
 * (DESIGN.md §7–8, no value of a store is touched). A store's S3 client without a region asks S3
 * for the bucket's location (`s3:GetBucketLocation`), which the roles' policies do not allow.
 */

const s3 = {
  accountId: '123456789012',
  region: 'eu-west-1',
  oidcProvider: 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE',
} as const;

/** The stores, their buckets given and nothing else (no type, no region). */
const stores = (own: { tempoRegion?: string } = {}): Part[] => [
  prometheus(),
  loki({ objectStorage: { bucket: 'acme-loki' } }),
  tempo({ objectStorage: { bucket: 'acme-tempo', ...(own.tempoRegion ? { region: own.tempoRegion } : {}) } }),
  pyroscope({ objectStorage: { bucket: 'acme-pyroscope' } }),
  thanos({ objectStorage: { bucket: 'acme-thanos' } }),
];

/** A configuration file the store reads, as the store reads it. */
function configIn(result: RenderResult, file: string, key: string): Record<string, unknown> {
  const text = result.files.get(file);
  expect(text, file).toBeDefined();
  const object = parse(text!) as { data?: Record<string, string>; stringData?: Record<string, string> };
  return parse((object.data ?? object.stringData)![key]!);
}

/** What each store's S3 client is given: its bucket, endpoint and region, from its own file. */
function s3Clients(result: RenderResult) {
  const loki = configIn(result, 'loki-config.yaml', 'config.yaml') as {
    common: { storage: { s3: Record<string, unknown> } };
  };
  const tempo = configIn(result, 'tempo-config.yaml', 'tempo.yaml') as {
    storage: { trace: { backend: string; s3: Record<string, unknown> } };
  };
  const pyroscope = configIn(result, 'pyroscope-config.yaml', 'config.yaml') as {
    storage: { backend: string; s3: Record<string, unknown> };
  };
  const thanos = configIn(result, 'thanos-objstoreSecret.yaml', 'objstore.yaml') as {
    type: string;
    config: Record<string, unknown>;
  };
  return {
    loki: loki.common.storage.s3,
    tempo: tempo.storage.trace.s3,
    pyroscope: pyroscope.storage.s3,
    thanos: thanos.config,
  };
}

describe("the stores on EKS's S3 take the region their buckets are created in", () => {
  test.each(['eu-west-1', 'ap-southeast-2', 'us-gov-west-1', 'cn-north-1'])(
    '%s, named by eks() alone',
    (region) => {
      const result = render(
        createStack({ namespace: 'monitoring' }, [...stores(), eks({ s3: { ...s3, region } })]),
      );
      // China's partition has its own domain.
      const endpoint = `s3.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
      expect(s3Clients(result)).toEqual({
        // Loki's S3 client builds the regional endpoint from the region itself.
        loki: { bucketnames: 'acme-loki', region },
        tempo: { bucket: 'acme-tempo', endpoint, region },
        pyroscope: { bucket_name: 'acme-pyroscope', endpoint, region, native_aws_auth_enabled: true },
        thanos: { bucket: 'acme-thanos', endpoint, region },
      });
    },
  );

  test("a store's own region wins; the others keep the platform's", () => {
    const result = render(
      createStack({ namespace: 'monitoring' }, [...stores({ tempoRegion: 'us-east-2' }), eks({ s3 })]),
    );
    const clients = s3Clients(result);
    expect(clients.tempo).toEqual({
      bucket: 'acme-tempo',
      endpoint: 's3.us-east-2.amazonaws.com',
      region: 'us-east-2',
    });
    expect([clients.loki.region, clients.pyroscope.region, clients.thanos.region]).toEqual([
      'eu-west-1',
      'eu-west-1',
      'eu-west-1',
    ]);
  });

  test("what the user passes as the stack's region wins over eks()'s", () => {
    const result = render(
      createStack({ namespace: 'monitoring', objectStorageRegion: 'eu-central-1' }, [
        ...stores(),
        eks({ s3 }),
      ]),
    );
    expect(Object.values(s3Clients(result)).map((client) => client.region)).toEqual(
      Array(4).fill('eu-central-1'),
    );
  });

  test('without s3, eks() gives the stack no object storage and no region', () => {
    const result = render(createStack({ namespace: 'monitoring' }, [prometheus(), eks()]));
    expect(result.values.common).not.toHaveProperty('objectStorage');
    expect(result.values.common).not.toHaveProperty('objectStorageRegion');
  });
});
