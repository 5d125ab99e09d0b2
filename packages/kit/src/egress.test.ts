import { isMixstackError, options } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import {
  apiServerEgress,
  destinationRules,
  dnsEgress,
  egressDestinationsSchema,
  egressRules,
  objectStorageEgress,
  serviceEgress,
} from './egress.js';
import { httpService } from './service-contract.js';

const namespaceSelector = (name: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': name } });

describe('egress rules', () => {
  test('DNS comes first in every restricted policy, on UDP and TCP 53 at any address', () => {
    const { rules, description } = egressRules({ only: [apiServerEgress()] }, 'monitoring');
    expect(rules).toEqual([
      {
        ports: [
          { port: 53, protocol: 'UDP' },
          { port: 53, protocol: 'TCP' },
        ],
      },
      {
        ports: [
          { port: 443, protocol: 'TCP' },
          { port: 6443, protocol: 'TCP' },
        ],
      },
    ]);
    expect(description).toBe(`only: ${dnsEgress().purpose}; ${apiServerEgress().purpose}`);
  });

  test('an open policy allows every destination and carries its reason', () => {
    expect(egressRules({ open: 'receivers on the internet' }, 'monitoring')).toEqual({
      rules: [{}],
      description: 'open: receivers on the internet',
    });
  });

  test('the pods behind a Service, on the port the Service forwards to', () => {
    const service = httpService('loki', 'loki', 'logs', {
      port: 80,
      portName: 'http',
      podPort: 3100,
      podLabels: { 'app.kubernetes.io/name': 'loki' },
    });
    const { rules } = egressRules({ only: [serviceEgress(service, 'Loki')] }, 'monitoring');
    expect(rules[1]).toEqual({
      to: [
        {
          namespaceSelector: namespaceSelector('logs'),
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'loki' } },
        },
      ],
      ports: [{ port: 3100, protocol: 'TCP' }],
    });
  });
});

describe('destinations of the options', () => {
  const parse = (value: unknown) => options.parseOptions(egressDestinationsSchema(), value, 'grafana');
  const problem = (value: unknown): string => {
    try {
      parse(value);
    } catch (error) {
      if (isMixstackError(error)) return error.message;
      throw error;
    }
    return 'accepted';
  };

  test('become rules in name order, removed ones left out, pods in the stack namespace', () => {
    const rules = destinationRules(
      parse({
        smtp: { namespace: 'mail', ports: [587] },
        idp: { cidr: '0.0.0.0/0', ports: [443] },
        gone: false,
        cache: { podLabels: { app: 'cache' } },
      }),
    );
    expect(rules.map((rule) => rule.purpose)).toEqual([
      'cache (networkPolicy.egress)',
      'idp (networkPolicy.egress)',
      'smtp (networkPolicy.egress)',
    ]);
    expect(egressRules({ only: rules }, 'monitoring').rules.slice(1)).toEqual([
      {
        to: [
          {
            namespaceSelector: namespaceSelector('monitoring'),
            podSelector: { matchLabels: { app: 'cache' } },
          },
        ],
      },
      { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 443, protocol: 'TCP' }] },
      { to: [{ namespaceSelector: namespaceSelector('mail') }], ports: [{ port: 587, protocol: 'TCP' }] },
    ]);
  });

  test.each([
    [{ idp: { cidr: '0.0.0.0/0', ports: [443] } }, 'accepted'],
    [{ idp: { ports: [443] } }, 'needs a namespace'],
    [{ idp: { cidr: '0.0.0.0/0', namespace: 'x' } }, 'either an IP block'],
    [{ idp: { cidr: '0.0.0.0/0', ports: [0] } }, 'idp.ports.0: expected an integer from 1 to 65535'],
    [{ idp: { cidr: '0.0.0.0/0', ports: [70000] } }, 'Got 70000'],
    [{ idp: { cidr: '0.0.0.0/0', port: 443 } }, 'port'],
  ])('%j: %s', (value, expected) => {
    expect(problem(value)).toContain(expected);
  });
});

describe('egress rules, shared', () => {
  test('two purposes needing the same rule share one, and both are named', () => {
    const { rules, description } = egressRules(
      {
        only: [
          { purpose: 'Loki', to: [{ namespace: 'logs' }] },
          { purpose: 'Tempo', to: [{ namespace: 'logs' }] },
        ],
      },
      'monitoring',
    );
    expect(rules).toHaveLength(2);
    expect(description).toMatch(/; Loki; Tempo$/);
  });
});

describe('objectStorageEgress', () => {
  test('443 at any address for a bucket, plus the metadata server on GKE and the Pod Identity agent on EKS; nothing on the volume', () => {
    expect(objectStorageEgress('filesystem', 'gke')).toEqual([]);
    expect(objectStorageEgress('local', undefined)).toEqual([]);
    expect(objectStorageEgress('s3', undefined).map((r) => [r.to, r.ports])).toEqual([
      [undefined, [{ port: 443, protocol: 'TCP' }]],
    ]);
    const gke = egressRules({ only: objectStorageEgress('gcs', 'gke') }, 'monitoring').rules.slice(1);
    expect(gke).toEqual([
      { ports: [{ port: 443, protocol: 'TCP' }] },
      { to: [{ ipBlock: { cidr: '169.254.169.254/32' } }], ports: [{ port: 80, protocol: 'TCP' }] },
      { to: [{ ipBlock: { cidr: '169.254.169.252/32' } }], ports: [{ port: 988, protocol: 'TCP' }] },
    ]);
    const eks = egressRules({ only: objectStorageEgress('s3', 'eks') }, 'monitoring').rules.slice(1);
    expect(eks).toEqual([
      { ports: [{ port: 443, protocol: 'TCP' }] },
      { to: [{ ipBlock: { cidr: '169.254.170.23/32' } }], ports: [{ port: 80, protocol: 'TCP' }] },
    ]);
  });
});
