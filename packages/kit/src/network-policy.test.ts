import { isMixstackError, options } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import {
  admittedClientSchema,
  clientPeers,
  clientsSchema,
  networkPeer,
  networkPolicy,
  tcpPorts,
} from './network-policy.js';

describe('peers', () => {
  test.each([
    [{ podLabels: { app: 'grafana' } }, { podSelector: { matchLabels: { app: 'grafana' } } }],
    [
      { podLabels: { app: 'grafana' }, namespaceLabels: { team: 'sre' } },
      {
        podSelector: { matchLabels: { app: 'grafana' } },
        namespaceSelector: { matchLabels: { team: 'sre' } },
      },
    ],
    [
      { podLabels: { app: 'x' }, namespaceLabels: {} },
      { podSelector: { matchLabels: { app: 'x' } }, namespaceSelector: { matchLabels: {} } },
    ],
    [
      { namespace: 'ingress-nginx' },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
    ],
    [
      { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] },
      { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
    ],
    [{ cidr: '10.0.0.0/8', except: [] }, { ipBlock: { cidr: '10.0.0.0/8' } }],
  ])('%j → %j', (source, peer) => {
    expect(networkPeer(source)).toEqual(peer);
  });

  test('clients in name order, removed ones dropped, whatever order they were added in', () => {
    const peers = clientPeers({
      zeta: { podLabels: { z: '1' } },
      alpha: { podLabels: { a: '1' } },
      gone: false,
    });
    expect(peers).toEqual([
      { podSelector: { matchLabels: { a: '1' } } },
      { podSelector: { matchLabels: { z: '1' } } },
    ]);
  });
});

describe('networkPolicy', () => {
  const input = {
    name: 'loki',
    namespace: 'monitoring',
    labels: { app: 'loki' },
    podLabels: { app: 'loki' },
    ingress: [{ from: [{ podSelector: { matchLabels: { app: 'scraper' } } }], ports: tcpPorts(3100, 9095) }],
  };

  test('allows all egress by default, so a default-deny egress policy does not cut the component off', () => {
    expect(networkPolicy(input).spec).toEqual({
      podSelector: { matchLabels: { app: 'loki' } },
      policyTypes: ['Egress', 'Ingress'],
      egress: [{}],
      ingress: [
        {
          from: [{ podSelector: { matchLabels: { app: 'scraper' } } }],
          ports: [
            { port: 3100, protocol: 'TCP' },
            { port: 9095, protocol: 'TCP' },
          ],
        },
      ],
    });
  });

  test('or leaves egress to the other policies of the namespace', () => {
    const spec = networkPolicy({ ...input, egress: 'unmanaged' }).spec!;
    expect(spec.policyTypes).toEqual(['Ingress']);
    expect(spec).not.toHaveProperty('egress');
  });
});

describe('schemas', () => {
  const parse = <T>(schema: options.Schema<T>, value: unknown) => options.parseOptions(schema, value, 'test');
  const problem = <T>(schema: options.Schema<T>, value: unknown): string => {
    try {
      parse(schema, value);
    } catch (error) {
      if (isMixstackError(error)) return error.message;
      throw error;
    }
    return 'accepted';
  };

  test('clients need pod labels; false removes one', () => {
    expect(parse(clientsSchema, { grafana: { podLabels: { app: 'grafana' } }, old: false })).toEqual({
      grafana: { podLabels: { app: 'grafana' } },
      old: false,
    });
    expect(problem(clientsSchema, { grafana: { namespaceLabels: {} } })).not.toBe('accepted');
  });

  test.each([
    [{ namespace: 'ingress-nginx' }, 'accepted'],
    [{ cidr: '130.211.0.0/22', except: ['130.211.1.0/24'] }, 'accepted'],
    [{ cidr: 'fd00::/8' }, 'accepted'],
    [{ cidr: '10.0.0.0/8', podLabels: { a: 'b' } }, 'either an IP block'],
    [{ except: ['10.0.0.0/8'] }, '"except" needs a "cidr"'],
    [{}, 'needs a namespace'],
    [{ namespace: 'a', namespaceLabels: {} }, 'not both'],
    [{ cidr: '300.0.0.0/8' }, 'octets up to 255'],
    [{ cidr: 'ten' }, 'CIDR notation'],
  ])('network source %j: %s', (source, expected) => {
    expect(problem(admittedClientSchema(), source)).toContain(expected);
  });
});
