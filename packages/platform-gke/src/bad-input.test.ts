import { isMixstackError } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { type GkeInput, gke } from './index.js';

const ok = { project: 'acme-prod' };

function errorOf(options: unknown) {
  try {
    gke(options as GkeInput);
  } catch (error) {
    if (!isMixstackError(error)) throw error;
    return error;
  }
  throw new Error('expected a MixstackError, nothing was thrown');
}

describe('gke() rejects bad input with the field named and a fix', () => {
  test.each<[string, unknown, string, RegExp]>([
    ['no options', undefined, 'project', /missing required option/],
    ['a project name with spaces', { project: 'Acme Prod' }, 'project', /project id/],
    ['a project number', { project: '123456789012' }, 'project', /project id/],
    ['a project id too short', { project: 'acme' }, 'project', /project id/],
    ['an unknown option', { ...ok, autopilot: true }, 'autopilot', /unknown option/],
    ['an unknown mode', { ...ok, mode: 'auto' }, 'mode', /one of "standard", "autopilot"/],
    [
      'a storage class with capitals',
      { ...ok, storageClass: 'Premium-RWO' },
      'storageClass',
      /DNS subdomain/,
    ],
    [
      'retainVolumes on a class of your own',
      { ...ok, storageClass: 'fast', retainVolumes: true },
      'retainVolumes',
      /copies one of GKE's classes/,
    ],
    [
      'workloadIdentity as a string',
      { ...ok, workloadIdentity: 'yes' },
      'workloadIdentity',
      /options object/,
    ],
    [
      'an unknown Workload Identity mode',
      { ...ok, workloadIdentity: { mode: 'keys' } },
      'workloadIdentity.mode',
      /one of/,
    ],
    [
      'principal mode without the project number',
      { ...ok, workloadIdentity: { mode: 'principal' } },
      'workloadIdentity.projectNumber',
      /project number/,
    ],
    [
      'a project number with letters',
      { ...ok, workloadIdentity: { mode: 'principal', projectNumber: 'acme' } },
      'workloadIdentity.projectNumber',
      /project number/,
    ],
    [
      'a bucket location with a slash',
      { ...ok, workloadIdentity: { bucketLocation: 'eu/west' } },
      'workloadIdentity.bucketLocation',
      /location/,
    ],
    ['Grafana without host', { ...ok, grafana: {} }, 'grafana.host', /missing required/],
    ['Grafana as true', { ...ok, grafana: true }, 'grafana', /expected/],
    ['a wildcard host', { ...ok, grafana: { host: '*.acme.com' } }, 'grafana.host', /no wildcard/],
    [
      'a host with a scheme',
      { ...ok, grafana: { host: 'https://grafana.acme.com' } },
      'grafana.host',
      /host name/,
    ],
    ['a host in capitals', { ...ok, grafana: { host: 'Grafana.acme.com' } }, 'grafana.host', /lower case/],
    [
      'a host over 63 characters',
      { ...ok, grafana: { host: `${'g'.repeat(60)}.acme.com` } },
      'grafana.host',
      /63/,
    ],
    [
      'a static IP name with dots',
      { ...ok, grafana: { host: 'g.acme.com', staticIpName: 'grafana.ip' } },
      'grafana.staticIpName',
      /DNS label/,
    ],
    [
      'IAP without its Secret',
      { ...ok, grafana: { host: 'g.acme.com', iap: {} } },
      'grafana.iap.oauthSecret',
      /missing required/,
    ],
    [
      'IAP with the client secret inline',
      { ...ok, grafana: { host: 'g.acme.com', iap: { clientSecret: 'x' } } },
      'grafana.iap.clientSecret',
      /unknown option/,
    ],
    [
      'managed collection of something else',
      { ...ok, managedCollection: { kubelet: true } },
      'managedCollection.kubelet',
      /unknown option/,
    ],
  ])('%s', (_, options, path, message) => {
    const error = errorOf(options);
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.path).toBe(path);
    expect(error.message).toMatch(message);
    expect(error.hint.length).toBeGreaterThan(5);
  });
});
