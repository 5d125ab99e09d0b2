import { isMixstackError, options } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { networkPeer } from './network-peer.js';
import {
  admittedClientSchema,
  clientIngress,
  clientPeers,
  clientsSchema,
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

  test('pods without a namespace are in the stack namespace, matched by name and labels', () => {
    expect(networkPeer({ podLabels: { app: 'grafana' } }, 'monitoring')).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
      podSelector: { matchLabels: { app: 'grafana' } },
    });
    // Namespace labels (`{}`: every namespace) and address ranges are kept as given.
    expect(networkPeer({ podLabels: { app: 'x' }, namespaceLabels: {} }, 'monitoring')).toEqual({
      namespaceSelector: { matchLabels: {} },
      podSelector: { matchLabels: { app: 'x' } },
    });
    expect(networkPeer({ cidr: '10.0.0.0/8' }, 'monitoring')).toEqual({ ipBlock: { cidr: '10.0.0.0/8' } });
  });

  test('clients in name order, removed ones dropped, whatever order they were added in', () => {
    const peers = clientPeers(
      {
        zeta: { podLabels: { z: '1' } },
        alpha: { podLabels: { a: '1' }, namespace: 'a' },
        gone: false,
      },
      'monitoring',
    );
    const namespace = (name: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': name } });
    expect(peers).toEqual([
      { namespaceSelector: namespace('a'), podSelector: { matchLabels: { a: '1' } } },
      { namespaceSelector: namespace('monitoring'), podSelector: { matchLabels: { z: '1' } } },
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

  test('lets the pods reach only DNS and the given destinations, and says so', () => {
    const policy = networkPolicy({
      ...input,
      egress: {
        only: [{ purpose: 'the store', to: [{ podLabels: { app: 'store' } }], ports: tcpPorts(9000) }],
      },
    });
    expect(policy.metadata?.annotations).toEqual({
      'mixstack.dev/egress': expect.stringMatching(/^only: DNS \(port 53 .*\); the store$/),
    });
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: { app: 'loki' } },
      policyTypes: ['Egress', 'Ingress'],
      egress: [
        {
          ports: [
            { port: 53, protocol: 'UDP' },
            { port: 53, protocol: 'TCP' },
          ],
        },
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
              podSelector: { matchLabels: { app: 'store' } },
            },
          ],
          ports: [{ port: 9000, protocol: 'TCP' }],
        },
      ],
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

  test('or leaves egress open, with the reason in the annotation', () => {
    const policy = networkPolicy({ ...input, egress: { open: 'it scrapes every namespace' } });
    expect(policy.spec?.egress).toEqual([{}]);
    expect(policy.spec?.policyTypes).toEqual(['Egress', 'Ingress']);
    expect(policy.metadata?.annotations).toEqual({
      'mixstack.dev/egress': 'open: it scrapes every namespace',
    });
  });

  test('a destination list that is empty is left out, never turned into "everywhere"', () => {
    const policy = networkPolicy({ ...input, egress: { only: [{ purpose: 'nobody', to: [] }] } });
    expect(policy.spec?.egress).toHaveLength(1);
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

describe('clientIngress', () => {
  test('admits each client on the ports of the way it comes, one rule per port set, in name order', () => {
    const rules = clientIngress(
      {
        scraper: { podLabels: { app: 'prometheus' } },
        grafana: { podLabels: { app: 'grafana' } },
        proxy: { podLabels: { app: 'proxy' } },
        gone: false,
      },
      { scraper: ['metrics'], grafana: ['datasource'] },
      (through) => (through.includes('metrics') ? tcpPorts(9090, 8080) : tcpPorts(9090)),
      'monitoring',
    );
    const peer = (app: string) => ({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
      podSelector: { matchLabels: { app } },
    });
    expect(rules).toEqual([
      { from: [peer('grafana'), peer('proxy')], ports: tcpPorts(9090) },
      { from: [peer('prometheus')], ports: tcpPorts(9090, 8080) },
    ]);
  });

  test('no client, no rule (a rule without peers would admit everyone)', () => {
    expect(clientIngress({ gone: false }, {}, () => tcpPorts(1), 'monitoring')).toEqual([]);
  });
});
