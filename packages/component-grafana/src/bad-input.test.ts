import { type MixstackErrorCode, type Part, problemsOfPart } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { defaultGrafanaValues, type GrafanaOptions } from './config.js';
import { grafana } from './grafana.js';

/** The first problem grafana() records for its options (factories record problems, they never throw). */
function errorOf(part: () => Part): {
  code: MixstackErrorCode;
  path: string | undefined;
  address: string | undefined;
  message: string;
} {
  const [error] = problemsOfPart(part());
  if (!error) throw new Error('expected a problem, none was recorded');
  return { code: error.code, path: error.path, address: error.address, message: error.reason };
}

describe('grafana() options', () => {
  test('the defaults are complete and fresh for every call', () => {
    const a = defaultGrafanaValues();
    const b = defaultGrafanaValues();
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
    a.networkPolicy.clients.x = { namespace: 'x' };
    expect(Object.keys(b.networkPolicy.clients)).toEqual([]);
    // The defaults pass the same validation as the user's options.
    expect(problemsOfPart(grafana(defaultGrafanaValues() as GrafanaOptions))).toEqual([]);
  });

  test.each<[string, unknown, string, MixstackErrorCode?]>([
    ['an unknown option', { replica: 2 }, 'replica'],
    ['replicas as a string', { replicas: '2' }, 'replicas'],
    ['zero replicas', { replicas: 0 }, 'replicas'],
    ['an unpinned image', { image: 'grafana/grafana:latest' }, 'image'],
    ['an untagged image', { image: 'grafana/grafana' }, 'image'],
    ['a bad memory quantity', { resources: { limits: { memory: 'lots' } } }, 'resources.limits.memory'],
    ['an invalid Secret name', { adminSecret: { name: 'Admin_Secret' } }, 'adminSecret.name'],
    ['an invalid Secret key', { adminSecret: { passwordKey: 'pass word' } }, 'adminSecret.passwordKey'],
    ['the Admin role for anonymous users', { anonymous: { enabled: true, role: 'Admin' } }, 'anonymous.role'],
    ['anonymous.enabled as a string', { anonymous: { enabled: 'yes' } }, 'anonymous.enabled'],
    ['a root URL without a scheme', { rootUrl: 'grafana.example.com' }, 'rootUrl'],
    [
      'a password in grafana.ini',
      { config: { database: { password: 'hunter2' } } },
      'config.database.password',
    ],
    [
      'a client secret in grafana.ini',
      { config: { 'auth.generic_oauth': { client_secret: 'x' } } },
      'config.auth.generic_oauth.client_secret',
    ],
    ['a multi-line ini value', { config: { server: { domain: 'a\nb' } } }, 'config.server.domain'],
    ['a backquote in an ini value', { config: { server: { domain: 'a`b' } } }, 'config.server.domain'],
    ['an object as ini value', { config: { server: { domain: { a: 1 } } } }, 'config.server.domain'],
    ['an invalid ini section', { config: { 'bad section': { a: 1 } } }, 'config.bad section'],
    [
      'a lower-case env name',
      { secretEnv: { lokiPassword: { name: 'loki', key: 'password' } } },
      'secretEnv.lokiPassword',
    ],
    [
      'an env entry without key',
      { secretEnv: { LOKI_PASSWORD: { name: 'loki' } } },
      'secretEnv.LOKI_PASSWORD.key',
    ],
    [
      'a source with cidr and namespace',
      { networkPolicy: { clients: { lb: { cidr: '10.0.0.0/8', namespace: 'x' } } } },
      'networkPolicy.clients.lb',
    ],
    ['an empty source', { networkPolicy: { clients: { nothing: {} } } }, 'networkPolicy.clients.nothing'],
    [
      'except without cidr',
      { networkPolicy: { clients: { a: { namespace: 'a', except: ['10.0.0.0/8'] } } } },
      'networkPolicy.clients.a',
    ],
    [
      'namespace and namespaceLabels',
      { networkPolicy: { clients: { a: { namespace: 'a', namespaceLabels: { b: 'c' } } } } },
      'networkPolicy.clients.a',
    ],
    [
      'a bad CIDR',
      { networkPolicy: { clients: { lb: { cidr: '300.0.0.0/8' } } } },
      'networkPolicy.clients.lb.cidr',
    ],
    [
      'a CIDR prefix over 32',
      { networkPolicy: { clients: { lb: { cidr: '10.0.0.0/40' } } } },
      'networkPolicy.clients.lb.cidr',
    ],
    [
      'a namespace that is no DNS label',
      { networkPolicy: { clients: { a: { namespace: 'Ingress' } } } },
      'networkPolicy.clients.a.namespace',
    ],
    [
      'an invalid label value',
      { networkPolicy: { clients: { prometheus: { podLabels: { app: 'a b' } } } } },
      'networkPolicy.clients.prometheus.podLabels.app',
    ],
    [
      'a too short update interval',
      { dashboards: { updateIntervalSeconds: 1 } },
      'dashboards.updateIntervalSeconds',
    ],
    [
      'a toleration effect typo',
      { tolerations: [{ key: 'a', effect: 'NoSchedul' }] },
      'tolerations.0.effect',
    ],
    ['an invalid annotation key', { service: { annotations: { 'a b': 'c' } } }, 'service.annotations.a b'],
    ['options that are not an object', 'fast', ''],
    ['the HTTP port in grafana.ini', { config: { server: { http_port: 8080 } } }, 'config'],
    ['the provisioning path in grafana.ini', { config: { paths: { provisioning: '/x' } } }, 'config'],
  ])('rejects %s', (_name, options, path, code = 'INVALID_OPTION') => {
    const error = errorOf(() => grafana(options as GrafanaOptions));
    expect(error.code).toBe(code);
    expect(error.address).toBe('grafana');
    expect(error.path ?? '').toBe(path);
  });

  test('every mistake of one options object is recorded, not only the first', () => {
    const problems = problemsOfPart(
      grafana({ replica: 2, image: 'grafana/grafana:latest', anonymous: { role: 'Admin' } } as never),
    );
    expect(problems.map((p) => p.path)).toEqual(['replica', 'image', 'anonymous.role']);
  });

  test('a typo gets a suggestion', () => {
    const error = errorOf(() => grafana({ replica: 2 } as never));
    expect(error.code).toBe('INVALID_OPTION');
    expect(String(errorOf(() => grafana({ replica: 2 } as never)).message)).toContain(
      'unknown option "replica"',
    );
  });

  test.each<[string, GrafanaOptions]>([
    ['an IPv6 block', { networkPolicy: { clients: { v6: { cidr: 'fd00::/8' } } } }],
    [
      'a block with exceptions',
      { networkPolicy: { clients: { lb: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } } } },
    ],
    [
      'pods of a namespace',
      { networkPolicy: { clients: { ingress: { namespace: 'ingress-nginx', podLabels: { app: 'x' } } } } },
    ],
    [
      'null to remove an entry',
      { networkPolicy: { clients: { gke: null } }, secretEnv: { X: null }, config: { server: null } },
    ],
    [
      'ini values of every type',
      { config: { server: { domain: 'grafana.example.com', enforce_domain: true, read_timeout: 30 } } },
    ],
    ['a token setting by file', { config: { auth: { token_rotation_interval_minutes: 10 } } }],
    ['an image by digest', { image: `grafana/grafana@sha256:${'a'.repeat(64)}` }],
  ])('accepts %s', (_name, options) => {
    expect(problemsOfPart(grafana(options))).toEqual([]);
  });
});
