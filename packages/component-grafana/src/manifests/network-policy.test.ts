import { addDatasource, definePart, type Part, prometheusDatasource } from '@mixstack/core';
import { archiver, connectionVerdict, type Endpoint, networkModel, podOf } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { grafana } from '../grafana.js';
import { type Json, objectAt, renderParts, testScraper } from '../test-helpers.js';

/** A datasource at `url` (uid `ds-<n>`), as a component or a user would add it. */
function datasourceAt(url: string, uid = 'extra'): Part {
  return definePart(`datasource-${uid}`, (stack) =>
    addDatasource(stack, '@test/datasource', uid, { ...prometheusDatasource({ url }), name: `ds ${uid}` }),
  );
}

const internet: Endpoint = { kind: 'address', ip: '203.0.113.7' };

function reach(parts: Part[], to: Endpoint | { name: string; namespace?: string }, port: number) {
  const model = networkModel(
    renderParts(parts).objects.map((o) => o.object as unknown as Record<string, unknown>),
  );
  const from = podOf(model, { name: 'grafana', namespace: 'monitoring' });
  const target = 'kind' in to ? to : podOf(model, to);
  return connectionVerdict(model, { from, to: target, port });
}

describe("Grafana's egress", () => {
  test('reaches a datasource the stack serves: the pods behind its Service, on their port only', () => {
    const parts = [grafana(), archiver(), datasourceAt('http://archiver.monitoring.svc:8080')];
    const verdict = reach(parts, { name: 'archiver', namespace: 'monitoring' }, 8080);
    expect(verdict.allowed, verdict.explanation).toBe(true);
    expect(reach(parts, { name: 'archiver', namespace: 'monitoring' }, 9999).allowed).toBe(false);
    const egress = objectAt<Json>(renderParts(parts), 'grafana/networkPolicy').spec.egress;
    expect(egress).toContainEqual({
      to: [
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'archiver' } },
        },
      ],
      ports: [{ port: 8080, protocol: 'TCP' }],
    });
  });

  test('reaches nothing else: no datasource, no internet, not the other pods of its namespace', () => {
    const parts = [grafana(), archiver()];
    expect(reach(parts, { name: 'archiver', namespace: 'monitoring' }, 8080).allowed).toBe(false);
    expect(reach(parts, internet, 443).allowed).toBe(false);
    // DNS is always allowed.
    expect(reach(parts, { kind: 'address', ip: '10.96.0.10' }, 53).allowed).toBe(true);
  });

  test.each([
    [
      'an in-cluster Service outside the stack: every pod of its namespace',
      'http://thanos-query.thanos.svc.cluster.local:9090',
      { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'thanos' } } }] },
    ],
    [
      'a bare Service name: Grafana’s namespace',
      'http://vmselect:8481',
      { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }] },
    ],
    [
      'an address outside the cluster: its port at any address',
      'https://prometheus.example.com/api',
      { ports: [{ port: 443, protocol: 'TCP' }] },
    ],
  ])('a datasource at %s', (_name, url, rule) => {
    const policy = objectAt<Json>(renderParts([grafana(), datasourceAt(url)]), 'grafana/networkPolicy');
    expect(policy.spec.egress).toContainEqual(rule);
    expect(policy.metadata.annotations['mixstack.dev/egress']).toContain('the datasource "ds extra"');
  });

  test('the servers its settings name: database, SMTP, remote cache', () => {
    const policy = objectAt<Json>(
      renderParts([
        grafana({
          config: {
            database: { type: 'postgres', host: 'postgres.db.svc:5432', name: 'grafana', user: 'grafana' },
            smtp: { enabled: true, host: 'smtp.example.com:587' },
            remote_cache: { type: 'redis', connstr: 'addr=redis.cache.svc:6379,pool_size=100' },
          },
        }),
      ]),
      'grafana/networkPolicy',
    );
    const namespace = (name: string) => ({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } }],
    });
    expect(policy.spec.egress.slice(1)).toEqual([
      namespace('db'),
      { ports: [{ port: 587, protocol: 'TCP' }] },
      namespace('cache'),
    ]);
    expect(policy.metadata.annotations['mixstack.dev/egress']).toBe(
      'only: DNS (port 53 at any address: the resolver may be the cluster DNS pods or a cache on the node); the postgres database (postgres.db.svc:5432); the SMTP server (smtp.example.com:587); the redis remote cache (redis.cache.svc:6379)',
    );
  });

  test('and the destinations of networkPolicy.egress: an identity provider on the internet', () => {
    const parts = [grafana({ networkPolicy: { egress: { idp: { cidr: '0.0.0.0/0', ports: [443] } } } })];
    expect(reach(parts, internet, 443).allowed).toBe(true);
    expect(reach(parts, internet, 80).allowed).toBe(false);
    expect(reach([grafana({ networkPolicy: { egress: { idp: null } } })], internet, 443).allowed).toBe(false);
  });

  test('admits the stack scraper by namespace and labels: the same labels elsewhere are not enough', () => {
    const objects = renderParts([grafana(), testScraper()]).objects.map(
      (o) => o.object as unknown as Record<string, unknown>,
    );
    const model = networkModel(objects);
    const target = podOf(model, { name: 'grafana', namespace: 'monitoring' });
    const scraper = (namespace: string): Endpoint => ({
      kind: 'pod',
      namespace,
      labels: { 'app.kubernetes.io/name': 'prometheus' },
    });
    // The scraper's own egress is its policy's business: only Grafana's ingress is asked here.
    expect(
      connectionVerdict(model, { from: scraper('monitoring'), to: target, port: 3000 }).ingress.allowed,
    ).toBe(true);
    expect(
      connectionVerdict(model, { from: scraper('default'), to: target, port: 3000 }).ingress.allowed,
    ).toBe(false);
  });
});
