import { describe, expect, test } from 'vitest';
import { isMixstackError } from '../errors.js';
import { commonOptionsSchema } from './common.js';
import { parseOptions } from './schema.js';

const parse = (value: unknown) => parseOptions(commonOptionsSchema, value, 'createStack');

describe('common options', () => {
  test('accepts a full set of valid options', () => {
    const options = {
      namespace: 'monitoring',
      createNamespace: false,
      cluster: 'prod_eu-1.a',
      labels: { team: 'platform', 'example.com/cost-center': '42' },
      imageRegistry: 'registry.example.com:5000/mirror/sub',
      platform: 'gke',
      storageClass: 'standard-rwo',
      managedControlPlane: true,
      objectStorage: 's3',
      objectStorageRegion: 'us-gov-west-1',
    };
    expect(parse(options)).toEqual(options);
  });

  test.each([
    ['namespace', 'Monitoring'],
    ['namespace', ''],
    ['namespace', 'a'.repeat(64)],
    ['createNamespace', 'yes'],
    ['cluster', ''],
    ['cluster', 'prod cluster'],
    ['cluster', 'x'.repeat(64)],
    ['labels', { team: 'platform team' }],
    ['labels', ['team=platform']],
    ['imageRegistry', 'https://registry.example.com'],
    ['imageRegistry', 'registry.example.com/'],
    ['imageRegistry', 'Registry.example.com'],
    ['platform', ''],
    ['storageClass', 'Fast_SSD'],
    ['managedControlPlane', 1],
    ['objectStorageRegion', 'EU-West-1'],
    ['objectStorageRegion', 'eu-west'],
    ['objectStorageRegion', 's3.eu-west-1.amazonaws.com'],
    ['objectStorageRegion', ''],
  ])('rejects %s = %j', (key, value) => {
    try {
      parse({ [key]: value });
      expect.unreachable();
    } catch (error) {
      expect(isMixstackError(error)).toBe(true);
      expect(error).toMatchObject({ code: 'INVALID_OPTION', address: 'createStack' });
      expect((error as { path: string }).path.split('.')[0]).toBe(key);
    }
  });
});
