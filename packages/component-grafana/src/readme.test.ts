import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStack, isStack, type Part, type RenderResult, render, type Stack } from '@mixstack/core';
import { codeBlocks, importCode, readReadme, typecheckCode } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { grafana } from './index.js';
import { type Json, objectAt } from './test-helpers.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..');
const README = readReadme(dir);
const blocks = codeBlocks(README, 'ts');

/**
 * The README's TypeScript blocks as modules: the stack examples as they are, the option
 * fragments (`grafana({ ... });`) exported as `part`, the datasources example with its part
 * exported as `part` too.
 */
const FRAGMENT = "import { grafana } from '@mixstack/component-grafana';\nexport const part = ";
const modules = {
  stack: blocks[0]!,
  networkPolicy: `${FRAGMENT}${blocks[1]!}`,
  egress: `${FRAGMENT}${blocks[2]!}`,
  externalDatabase: `${FRAGMENT}${blocks[3]!}`,
  datasources: `${blocks[4]!}\nexport { datasources as part };\n`,
  ownDashboards: blocks[5]!,
};

async function load(name: keyof typeof modules): Promise<Record<string, unknown>> {
  return importCode(modules[name], dir);
}

async function stackOf(name: keyof typeof modules): Promise<Stack> {
  const module = await load(name);
  if (!isStack(module.default)) throw new Error(`the README's ${name} example does not export a stack`);
  return module.default;
}

async function renderPart(name: keyof typeof modules, parts: Part[] = []): Promise<RenderResult> {
  const module = await load(name);
  return render(createStack({ namespace: 'monitoring' }, [...parts, module.part as Part]));
}

/** The `from` peers of the NetworkPolicy's ingress rule. */
const peersOf = (result: RenderResult): Json[] =>
  objectAt<Json>(result, 'grafana/networkPolicy').spec.ingress.flatMap((rule: Json) => rule.from);

describe('the README', () => {
  test('has these six TypeScript examples, and every one typechecks', () => {
    expect(blocks).toHaveLength(6);
    expect(typecheckCode(modules, dir)).toEqual([]);
  });

  test('its stack renders every file its table lists (the PodDisruptionBudget only with replicas > 1)', async () => {
    const result = render(await stackOf('stack'));
    const listed = [...README.matchAll(/^\| `(grafana-[A-Za-z]+\.yaml)`/gm)].map((m) => m[1]!);
    expect(listed).toContain('grafana-podDisruptionBudget.yaml');
    for (const file of listed) {
      if (file === 'grafana-podDisruptionBudget.yaml') expect(result.files.has(file)).toBe(false);
      else expect(result.files.has(file), file).toBe(true);
    }
    expect([...result.files.keys()].filter((f) => /^grafana-dashboard[A-Z]/.test(f)).length).toBeGreaterThan(
      0,
    );
  });

  test('its stack admits the ingress namespace, matched by kubernetes.io/metadata.name, and provisions the Prometheus datasource', async () => {
    const result = render(await stackOf('stack'));
    expect(peersOf(result)).toContainEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
    });
    const provisioning = parse(objectAt<Json>(result, 'grafana/datasources').stringData['datasources.yaml']);
    expect(provisioning.datasources).toContainEqual(
      expect.objectContaining({ uid: 'prometheus', url: 'http://prometheus-k8s.monitoring.svc:9090' }),
    );
  });

  test('its NetworkPolicy clients become one peer each', async () => {
    const peers = peersOf(await renderPart('networkPolicy'));
    expect(peers).toEqual(
      expect.arrayContaining([
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
        { namespaceSelector: { matchLabels: { team: 'sre' } } },
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
          podSelector: { matchLabels: { app: 'oauth2-proxy' } },
        },
        { ipBlock: { cidr: '35.191.0.0/16' } },
        { ipBlock: { cidr: '130.211.0.0/22' } },
      ]),
    );
  });

  test('its egress example lets Grafana reach the identity provider and the renderer, and says so', async () => {
    const policy = objectAt<Json>(await renderPart('egress'), 'grafana/networkPolicy');
    expect(policy.spec.egress).toEqual(
      expect.arrayContaining([
        { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 443, protocol: 'TCP' }] },
        {
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'grafana-renderer' } } }],
          ports: [{ port: 8081, protocol: 'TCP' }],
        },
      ]),
    );
    expect(policy.metadata.annotations['mixstack.dev/egress']).toMatch(/idp \(networkPolicy\.egress\)/);
  });

  test('its external database is configured, its password read from the Secret, and two replicas get a PodDisruptionBudget', async () => {
    const result = await renderPart('externalDatabase');
    const ini = objectAt<Json>(result, 'grafana/config').data['grafana.ini'] as string;
    expect(ini).toMatch(/\[database\]\n(.+\n)*type = postgres\n/);
    expect(ini).toContain('host = postgres.db.svc:5432');
    const env = objectAt<Json>(result, 'grafana/deployment').spec.template.spec.containers[0].env as Json[];
    expect(env).toContainEqual({
      name: 'GF_DATABASE_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'grafana-db', key: 'password' } },
    });
    expect(result.files.has('grafana-podDisruptionBudget.yaml')).toBe(true);
    // The namespace denies by default: the database named in the settings is reachable.
    expect(objectAt<Json>(result, 'grafana/networkPolicy').spec.egress).toContainEqual({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'db' } } }],
    });
  });

  test('its datasource part provisions Prometheus in the stack namespace, without a Tempo link when there is no Tempo', async () => {
    const result = await renderPart('datasources', [grafana()]);
    const provisioning = parse(objectAt<Json>(result, 'grafana/datasources').stringData['datasources.yaml']);
    const prometheus = (provisioning.datasources as Json[]).find((d) => d.uid === 'prometheus')!;
    expect(prometheus.url).toBe('http://prometheus-k8s.monitoring.svc:9090');
    expect(prometheus.jsonData.timeInterval).toBe('30s');
    expect(prometheus.jsonData.exemplarTraceIdDestinations).toBeUndefined();
  });

  test('its own dashboard lands in a Payments folder, with its query', async () => {
    const result = render(await stackOf('ownDashboards'));
    expect(result.files.get('grafana-dashboardPaymentsCheckout.yaml')).toContain(
      'sum(rate(http_requests_total{app=\\"checkout\\"}[$__rate_interval]))',
    );
    expect(result.files.get('grafana-dashboardProviders.yaml')).toContain('folder: Payments');
  });
});

describe('the README’s options', () => {
  test('its table lists every option (`rootUrl` has no default), and `enabled`', async () => {
    const { defaultGrafanaValues } = await import('./config.js');
    const section = README.slice(
      README.indexOf('## Options'),
      README.indexOf('### NetworkPolicy: who may connect'),
    );
    const listed = [...section.matchAll(/^\| `([A-Za-z.]+)`\s+\|/gm)].map((m) => m[1]!.split('.')[0]!);
    expect([...new Set(listed)].sort()).toEqual(
      [...Object.keys(defaultGrafanaValues()), 'rootUrl', 'enabled'].sort(),
    );
  });

  test('`enabled: false` renders no file of Grafana', () => {
    const { files } = render(createStack({ namespace: 'monitoring' }, [grafana({ enabled: false })]));
    expect([...files.keys()].filter((file) => file.startsWith('grafana-'))).toEqual([]);
  });
});
