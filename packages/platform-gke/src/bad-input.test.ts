import { createStack, type MixstackErrorCode, problemsOfPart, validateStack } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { type GkeInput, gke } from './index.js';

const ok = { project: 'acme-prod' };

/** The problems gke() records for these options; the call itself never throws. */
function problemsOf(options: unknown) {
  let part: ReturnType<typeof gke> | undefined;
  expect(() => {
    part = gke(options as GkeInput);
  }).not.toThrow();
  return problemsOfPart(part!);
}

/** One expected problem: code, option path, offending value (the address is always "gke"). */
type Expected = [MixstackErrorCode, string, unknown];

describe('gke() records every problem of its options, with the field, the value and a fix', () => {
  test.each<[string, unknown, Expected[], RegExp]>([
    ['no options', undefined, [['INVALID_OPTION', 'project', undefined]], /missing required option/],
    [
      'a project name with spaces',
      { project: 'Acme Prod' },
      [['INVALID_OPTION', 'project', 'Acme Prod']],
      /project id/,
    ],
    [
      'a project number',
      { project: '123456789012' },
      [['INVALID_OPTION', 'project', '123456789012']],
      /project id/,
    ],
    ['a project id too short', { project: 'acme' }, [['INVALID_OPTION', 'project', 'acme']], /project id/],
    [
      'an unknown option',
      { ...ok, autopilot: true },
      [['INVALID_OPTION', 'autopilot', true]],
      /unknown option/,
    ],
    [
      'an unknown mode',
      { ...ok, mode: 'auto' },
      [['INVALID_OPTION', 'mode', 'auto']],
      /one of "standard", "autopilot"/,
    ],
    [
      'a storage class with capitals',
      { ...ok, storageClass: 'Premium-RWO' },
      [['INVALID_OPTION', 'storageClass', 'Premium-RWO']],
      /DNS subdomain/,
    ],
    [
      'retainVolumes on a class of your own',
      { ...ok, storageClass: 'fast', retainVolumes: true },
      [['INVALID_OPTION', 'retainVolumes', 'fast']],
      /copies one of GKE's classes/,
    ],
    [
      'workloadIdentity as a string',
      { ...ok, workloadIdentity: 'yes' },
      [['INVALID_OPTION', 'workloadIdentity', 'yes']],
      /options object/,
    ],
    [
      'an unknown Workload Identity mode',
      { ...ok, workloadIdentity: { mode: 'keys' } },
      [['INVALID_OPTION', 'workloadIdentity.mode', 'keys']],
      /one of/,
    ],
    [
      'principal mode without the project number',
      { ...ok, workloadIdentity: { mode: 'principal' } },
      [['INVALID_OPTION', 'workloadIdentity.projectNumber', undefined]],
      /project number/,
    ],
    [
      'a project number with letters',
      { ...ok, workloadIdentity: { mode: 'principal', projectNumber: 'acme' } },
      [['INVALID_OPTION', 'workloadIdentity.projectNumber', 'acme']],
      /project number/,
    ],
    [
      'a bucket location with a slash',
      { ...ok, workloadIdentity: { bucketLocation: 'eu/west' } },
      [['INVALID_OPTION', 'workloadIdentity.bucketLocation', 'eu/west']],
      /location/,
    ],
    [
      'Grafana without host',
      { ...ok, grafana: {} },
      [['INVALID_OPTION', 'grafana.host', undefined]],
      /missing required/,
    ],
    ['Grafana as true', { ...ok, grafana: true }, [['INVALID_OPTION', 'grafana', true]], /expected/],
    [
      'a wildcard host',
      { ...ok, grafana: { host: '*.acme.com' } },
      [['INVALID_OPTION', 'grafana.host', '*.acme.com']],
      /no wildcard/,
    ],
    [
      'a host with a scheme',
      { ...ok, grafana: { host: 'https://grafana.acme.com' } },
      [['INVALID_OPTION', 'grafana.host', 'https://grafana.acme.com']],
      /host name/,
    ],
    [
      'a host in capitals',
      { ...ok, grafana: { host: 'Grafana.acme.com' } },
      [['INVALID_OPTION', 'grafana.host', 'Grafana.acme.com']],
      /lower case/,
    ],
    [
      'a host over 63 characters',
      { ...ok, grafana: { host: `${'g'.repeat(60)}.acme.com` } },
      [['INVALID_OPTION', 'grafana.host', `${'g'.repeat(60)}.acme.com`]],
      /63/,
    ],
    [
      'a static IP name with dots',
      { ...ok, grafana: { host: 'g.acme.com', staticIpName: 'grafana.ip' } },
      [['INVALID_OPTION', 'grafana.staticIpName', 'grafana.ip']],
      /DNS label/,
    ],
    [
      'IAP without its Secret',
      { ...ok, grafana: { host: 'g.acme.com', iap: {} } },
      [['INVALID_OPTION', 'grafana.iap.oauthSecret', undefined]],
      /missing required/,
    ],
    [
      'IAP with the client secret inline',
      { ...ok, grafana: { host: 'g.acme.com', iap: { clientSecret: 'x' } } },
      [
        // A client secret passed inline is never repeated in the problem.
        ['INVALID_OPTION', 'grafana.iap.clientSecret', '[redacted]'],
        ['INVALID_OPTION', 'grafana.iap.oauthSecret', undefined],
      ],
      /unknown option/,
    ],
    [
      'managed collection of something else',
      { ...ok, managedCollection: { kubelet: true } },
      [['INVALID_OPTION', 'managedCollection.kubelet', true]],
      /unknown option/,
    ],
    [
      'four mistakes in four fields: all four',
      {
        project: 'Acme',
        mode: 'auto',
        workloadIdentity: { mode: 'principal' },
        grafana: { host: '*.acme.com' },
      },
      [
        ['INVALID_OPTION', 'project', 'Acme'],
        ['INVALID_OPTION', 'mode', 'auto'],
        ['INVALID_OPTION', 'grafana.host', '*.acme.com'],
        ['INVALID_OPTION', 'workloadIdentity.projectNumber', undefined],
      ],
      /project id/,
    ],
  ])('%s', (_, options, expected, message) => {
    const problems = problemsOf(options);
    expect(problems.map((p) => [p.code, p.path, p.value])).toEqual(expected);
    for (const problem of problems) {
      expect(problem.address).toBe('gke');
      expect(problem.hint.length).toBeGreaterThan(5);
    }
    expect(problems[0]!.message).toMatch(message);
  });

  test("the problems are the stack's: validateStack lists them with those of the other parts", () => {
    const problems = validateStack(
      createStack({}, [gke({ project: 'Acme' }), gke({ ...ok, mode: 'auto' } as unknown as GkeInput)]),
    );
    expect(problems.map((p) => [p.address, p.path])).toEqual([
      ['gke', 'project'],
      ['gke', 'mode'],
    ]);
  });
});
