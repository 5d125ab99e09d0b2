import { createStack, type MixstackErrorCode, problemsOfPart, validateStack } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { type K3sInput, k3s } from './index.js';

/** The problems k3s() records for these options; the call itself never throws. */
function problemsOf(options: unknown) {
  let part: ReturnType<typeof k3s> | undefined;
  expect(() => {
    part = k3s(options as K3sInput);
  }).not.toThrow();
  return problemsOfPart(part!);
}

/** One expected problem: code, option path, offending value (the address is always "k3s"). */
type Expected = [MixstackErrorCode, string | undefined, unknown];

const host = 'grafana.home.example';

describe('k3s() records every problem of its options, with the field, the value and a fix', () => {
  test.each<[string, unknown, Expected[], RegExp]>([
    [
      'an unknown option',
      { storageclass: 'ssd' },
      [['INVALID_OPTION', 'storageclass', 'ssd']],
      /unknown option/,
    ],
    ['options as a string', 'edge', [['INVALID_OPTION', undefined, 'edge']], /options object/],
    [
      'a StorageClass in capitals',
      { storageClass: 'Local-Path' },
      [['INVALID_OPTION', 'storageClass', 'Local-Path']],
      /DNS subdomain/,
    ],
    [
      'an unknown profile',
      { profile: 'small' },
      [['INVALID_OPTION', 'profile', 'small']],
      /one of "standard", "edge"/,
    ],
    [
      'the scheduler exposed without servers',
      { controlPlane: { scheduler: true } },
      [['INVALID_OPTION', 'controlPlane.servers', []]],
      /no server address/,
    ],
    [
      'a server by name',
      { controlPlane: { controllerManager: true, servers: ['k3s-server-1'] } },
      [['INVALID_OPTION', 'controlPlane.servers.0', 'k3s-server-1']],
      /node IP address/,
    ],
    [
      'a server address out of range',
      { controlPlane: { scheduler: true, servers: ['192.168.1.300'] } },
      [['INVALID_OPTION', 'controlPlane.servers.0', '192.168.1.300']],
      /node IP address/,
    ],
    [
      'a server address that is colons only',
      { controlPlane: { scheduler: true, servers: [':::'] } },
      [['INVALID_OPTION', 'controlPlane.servers.0', ':::']],
      /node IP address/,
    ],
    [
      'the same server twice',
      { controlPlane: { scheduler: true, servers: ['10.0.0.1', '10.0.0.1'] } },
      [['INVALID_OPTION', 'controlPlane.servers.1', '10.0.0.1']],
      /.+/,
    ],
    [
      'kube-proxy exposed without servers',
      { controlPlane: { kubeProxy: true, agents: ['192.168.1.20'] } },
      [['INVALID_OPTION', 'controlPlane.servers', []]],
      /no server address/,
    ],
    [
      'etcd as a string',
      { controlPlane: { etcd: 'yes', servers: ['192.168.1.10'] } },
      [['INVALID_OPTION', 'controlPlane.etcd', 'yes']],
      /expected true or false/,
    ],
    [
      'the supervisor flag spelled as the flag',
      { controlPlane: { 'supervisor-metrics': true, servers: ['192.168.1.10'] } },
      [['INVALID_OPTION', 'controlPlane.supervisor-metrics', true]],
      /unknown option/,
    ],
    [
      'an agent by name',
      { controlPlane: { kubeProxy: true, servers: ['192.168.1.10'], agents: ['k3s-agent-1'] } },
      [['INVALID_OPTION', 'controlPlane.agents.0', 'k3s-agent-1']],
      /node IP address/,
    ],
    [
      'a node listed as a server and as an agent',
      {
        controlPlane: {
          kubeProxy: true,
          servers: ['192.168.1.10'],
          agents: ['192.168.1.20', '192.168.1.10'],
        },
      },
      [['INVALID_OPTION', 'controlPlane.agents.1', '192.168.1.10']],
      /listed as a server and as an agent/,
    ],
    [
      'the same agent twice',
      { controlPlane: { supervisorMetrics: true, servers: ['10.0.0.1'], agents: ['10.0.0.2', '10.0.0.2'] } },
      [['INVALID_OPTION', 'controlPlane.agents.1', '10.0.0.2']],
      /without duplicates/,
    ],
    ['Grafana as true', { grafana: true }, [['INVALID_OPTION', 'grafana', true]], /expected/],
    [
      'Grafana without host',
      { grafana: {} },
      [['INVALID_OPTION', 'grafana.host', undefined]],
      /missing required/,
    ],
    [
      'a host with a scheme',
      { grafana: { host: 'https://grafana.home.example' } },
      [['INVALID_OPTION', 'grafana.host', 'https://grafana.home.example']],
      /host name/,
    ],
    [
      'a wildcard host',
      { grafana: { host: '*.home.example' } },
      [['INVALID_OPTION', 'grafana.host', '*.home.example']],
      /no wildcard/,
    ],
    [
      'a TLS Secret name with capitals',
      { grafana: { host, tlsSecret: 'Grafana-TLS' } },
      [['INVALID_OPTION', 'grafana.tlsSecret', 'Grafana-TLS']],
      /DNS subdomain/,
    ],
    [
      'an IngressClass with a space',
      { grafana: { host, ingressClassName: 'my class' } },
      [['INVALID_OPTION', 'grafana.ingressClassName', 'my class']],
      /DNS subdomain/,
    ],
    [
      'controller pod labels that are no labels',
      { grafana: { host, controller: { podLabels: { 'app name': 'traefik' } } } },
      [['INVALID_OPTION', 'grafana.controller.podLabels.app name', 'app name']],
      /.+/,
    ],
    [
      'three mistakes in three fields: all three',
      { profile: 'tiny', controlPlane: { scheduler: true }, grafana: { host: 'G.example' } },
      [
        ['INVALID_OPTION', 'profile', 'tiny'],
        ['INVALID_OPTION', 'grafana.host', 'G.example'],
        ['INVALID_OPTION', 'controlPlane.servers', []],
      ],
      /one of/,
    ],
  ])('%s', (_, options, expected, message) => {
    const problems = problemsOf(options);
    expect(problems.map((p) => [p.code, p.path, p.value])).toEqual(expected);
    for (const problem of problems) {
      expect(problem.address).toBe('k3s');
      expect(problem.hint.length).toBeGreaterThan(5);
    }
    expect(problems[0]!.message).toMatch(message);
  });

  test("the problems are the stack's: validateStack lists them with those of the other parts", () => {
    const problems = validateStack(
      createStack({}, [k3s({ profile: 'tiny' } as never), k3s({ storageClass: 'X' })]),
    );
    expect(problems.map((p) => [p.address, p.path])).toEqual([
      ['k3s', 'profile'],
      ['k3s', 'storageClass'],
    ]);
  });
});
