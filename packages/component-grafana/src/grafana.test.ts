import {
  addDatasource,
  addNetworkClient,
  adjustResources,
  createStack,
  defineComponent,
  definePart,
  isMixstackError,
  lokiDatasource,
  options,
  type Part,
  render,
  setExternalUrl,
  validateStack,
  withValues,
} from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { grafana } from './grafana.js';
import { CHECKSUM_ANNOTATION, GRAFANA_UID } from './manifests/deployment.js';
import {
  type Json,
  objectAt,
  renderParts,
  run,
  testDashboard,
  testLokiDatasource,
  testMixin,
  testPrometheusDatasource,
  testScraper,
  withFiles,
} from './test-helpers.js';
import { GRAFANA_IMAGE } from './versions.js';

const deploymentOf = (parts: Part[], common = {}) =>
  objectAt<Json>(renderParts(parts, common), 'grafana/deployment');
const podSpec = (deployment: Json) => deployment.spec.template.spec;
const container = (deployment: Json) => podSpec(deployment).containers[0];
const iniOf = (parts: Part[]) =>
  objectAt<Json>(renderParts(parts), 'grafana/config').data['grafana.ini'] as string;

/** The stack's scraper (testScraper) as Grafana's policy admits it: its labels, in the stack's namespace. */
const STACK_SCRAPER_PEER = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
  podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
};

describe('grafana()', () => {
  test('renders its objects, and they pass core validation and every safety check', () => {
    const stack = createStack({}, [grafana()]);
    expect(validateStack(stack)).toEqual([]);
    const result = render(stack);
    expect(result.objects.filter((o) => o.component === 'grafana').map((o) => o.address)).toEqual([
      'grafana/config',
      'grafana/dashboardGrafanaGrafanaOverview',
      'grafana/dashboardProviders',
      'grafana/datasources',
      'grafana/deployment',
      'grafana/networkPolicy',
      'grafana/service',
      'grafana/serviceAccount',
    ]);
    expect(Object.keys(createStack({}, [grafana()]).checks)).toContain('no-inline-secrets');
  });

  test('runs restricted: non-root uid 472, no escalation, no capabilities, RuntimeDefault seccomp, read-only root', () => {
    const deployment = deploymentOf([grafana()]);
    expect(podSpec(deployment).securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: GRAFANA_UID,
      runAsGroup: GRAFANA_UID,
      fsGroup: GRAFANA_UID,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container(deployment).securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(podSpec(deployment).automountServiceAccountToken).toBe(false);
    const writable = container(deployment)
      .volumeMounts.filter((m: Json) => !m.readOnly)
      .map((m: Json) => m.mountPath);
    expect(writable).toEqual(['/var/lib/grafana', '/tmp']);
    const emptyDirs = podSpec(deployment)
      .volumes.filter((v: Json) => v.emptyDir)
      .map((v: Json) => v.name);
    expect(emptyDirs).toEqual(['storage', 'tmp']);
  });

  test('probes /api/health and sets requests and a memory limit', () => {
    const c = container(deploymentOf([grafana()]));
    for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe'])
      expect(c[probe].httpGet).toEqual({ path: '/api/health', port: 'http' });
    expect(c.resources).toEqual({ requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } });
  });

  test('reads the admin credentials from the referenced Secret, never from a value', () => {
    const env = container(
      deploymentOf([grafana({ adminSecret: { name: 'ops-grafana', passwordKey: 'pw' } })]),
    ).env;
    expect(env.filter((e: Json) => e.name.startsWith('GF_SECURITY_ADMIN'))).toEqual([
      {
        name: 'GF_SECURITY_ADMIN_USER',
        valueFrom: { secretKeyRef: { name: 'ops-grafana', key: 'admin-user' } },
      },
      { name: 'GF_SECURITY_ADMIN_PASSWORD', valueFrom: { secretKeyRef: { name: 'ops-grafana', key: 'pw' } } },
    ]);
    expect(env.every((e: Json) => e.name === 'GF_PATHS_CONFIG' || e.value === undefined)).toBe(true);
  });

  test.each([
    ['the default image', {}, {}, GRAFANA_IMAGE],
    [
      'a mirror registry',
      {},
      { imageRegistry: 'registry.example.com/mirror' },
      'registry.example.com/mirror/grafana/grafana:13.1.3',
    ],
    [
      'an image of their own',
      { image: 'quay.io/acme/grafana:13.1.3-acme' },
      {},
      'quay.io/acme/grafana:13.1.3-acme',
    ],
    [
      'their own image through a mirror',
      { image: 'quay.io/acme/grafana:1.0' },
      { imageRegistry: 'mirror.local' },
      'mirror.local/acme/grafana:1.0',
    ],
  ])('uses %s', (_name, options, common, image) => {
    expect(container(deploymentOf([grafana(options)], common)).image).toBe(image);
  });

  test('one replica: no PodDisruptionBudget, no spread, no session affinity', () => {
    const result = renderParts([grafana()]);
    expect(result.objects.some((o) => o.address === 'grafana/podDisruptionBudget')).toBe(false);
    expect(podSpec(objectAt(result, 'grafana/deployment')).topologySpreadConstraints).toBeUndefined();
    expect(objectAt<Json>(result, 'grafana/service').spec.sessionAffinity).toBeUndefined();
  });

  test('several replicas: a PodDisruptionBudget, spread over nodes and zones, client-IP affinity', () => {
    const result = renderParts([grafana({ replicas: 3 })]);
    const selector = { 'app.kubernetes.io/name': 'grafana', 'app.kubernetes.io/part-of': 'mixstack' };
    expect(objectAt<Json>(result, 'grafana/podDisruptionBudget').spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: selector },
    });
    const spread = podSpec(objectAt(result, 'grafana/deployment')).topologySpreadConstraints;
    expect(spread.map((c: Json) => c.topologyKey)).toEqual([
      'kubernetes.io/hostname',
      'topology.kubernetes.io/zone',
    ]);
    expect(
      spread.every((c: Json) => c.labelSelector.matchLabels['app.kubernetes.io/name'] === 'grafana'),
    ).toBe(true);
    expect(objectAt<Json>(result, 'grafana/service').spec.sessionAffinity).toBe('ClientIP');
  });

  test('anonymous access is off unless asked for, then read-only by default', () => {
    expect(iniOf([grafana()])).toContain('[auth.anonymous]\nenabled = false\n');
    expect(iniOf([grafana({ anonymous: { enabled: true } })])).toContain(
      '[auth.anonymous]\nenabled = true\norg_name = Main Org.\norg_role = Viewer\n',
    );
  });

  test('grafana.ini turns off every call out of the cluster', () => {
    const ini = iniOf([grafana()]);
    for (const line of [
      'reporting_enabled = false',
      'check_for_updates = false',
      'check_for_plugin_updates = false',
      'news_feed_enabled = false',
      'preinstall_disabled = true',
      'public_key_retrieval_disabled = true',
      'disable_gravatar = true',
      'external_enabled = false',
    ])
      expect(ini).toContain(`${line}\n`);
  });

  test('config overrides mixstack settings; rootUrl over https makes cookies secure', () => {
    const ini = iniOf([
      grafana({
        rootUrl: 'https://grafana.example.com/',
        config: { analytics: { reporting_enabled: true } },
      }),
    ]);
    expect(ini).toContain(
      '[analytics]\ncheck_for_plugin_updates = false\ncheck_for_updates = false\nfeedback_links_enabled = false\nreporting_enabled = true\n',
    );
    expect(ini).toContain('root_url = https://grafana.example.com/\n');
    expect(ini).toContain('cookie_secure = true\n');
  });

  test('secretEnv feeds variables from Secrets, sorted, and may not replace the component’s own', () => {
    const env = container(
      deploymentOf([
        grafana({ secretEnv: { Z_TOKEN: { name: 's', key: 'z' }, A_KEY: { name: 's', key: 'a' } } }),
      ]),
    ).env.map((e: Json) => e.name);
    expect(env).toEqual([
      'GF_PATHS_CONFIG',
      'GF_SECURITY_ADMIN_USER',
      'GF_SECURITY_ADMIN_PASSWORD',
      'A_KEY',
      'Z_TOKEN',
    ]);
    for (const name of ['GF_SECURITY_ADMIN_PASSWORD', 'GF_PATHS_CONFIG']) {
      const problems = validateStack(
        createStack({}, [grafana({ secretEnv: { [name]: { name: 's', key: 'k' } } })]),
      );
      expect(problems.map((p) => [p.code, p.path])).toEqual([['INVALID_OPTION', `secretEnv.${name}`]]);
    }
  });

  test('a config change rolls the pods; a change of replicas does not touch the checksum', () => {
    const checksum = (parts: Part[]) =>
      deploymentOf(parts).spec.template.metadata.annotations[CHECKSUM_ANNOTATION];
    const base = checksum([grafana()]);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum([grafana({ replicas: 2 })])).toBe(base);
    expect(checksum([grafana({ config: { server: { enable_gzip: true } } })])).not.toBe(base);
    expect(checksum([grafana(), testPrometheusDatasource()])).not.toBe(base);
    expect(checksum([grafana(), testMixin('team', 'Team', { 'a.json': testDashboard('A') })])).not.toBe(base);
    expect(checksum([grafana({ dashboards: { allowUiUpdates: true } })])).not.toBe(base);
  });

  test('contributes a scrape target for its Service and notices for the summary', () => {
    const result = renderParts([grafana()], { namespace: 'observability' });
    expect(result.sections.scrapeTargets.grafana).toEqual({
      namespace: 'observability',
      selector: { 'app.kubernetes.io/name': 'grafana', 'app.kubernetes.io/part-of': 'mixstack' },
      role: 'service',
      endpoints: [{ port: 'http', path: '/metrics' }],
    });
    const service = objectAt<Json>(result, 'grafana/service');
    expect(service.metadata.labels).toMatchObject(result.sections.scrapeTargets.grafana!.selector);
    expect(service.spec.ports).toEqual([{ name: 'http', port: 3000, targetPort: 'http', protocol: 'TCP' }]);
    expect(result.summary.notices.map((n) => n.id)).toEqual(['grafana-access', 'grafana-admin-secret']);
    expect(result.summary.notices[1]!.message).toContain(
      'kubectl -n observability create secret generic grafana-admin',
    );
  });

  test('values written by another part are validated like options', () => {
    const platform = definePart('platform', (stack) =>
      withValues(stack, 'platform', 'platform', { grafana: { replicas: 'two' } }),
    );
    const problems = validateStack(createStack({}, [grafana(), platform]));
    expect(problems.map((p) => [p.code, p.address, p.path])).toEqual([
      ['INVALID_OPTION', 'grafana', 'replicas'],
    ]);
  });

  test('a platform adds a network client that reaches Grafana; the user removes it with false', () => {
    const gke = definePart('gke', (stack) =>
      addNetworkClient(stack, 'gke', 'gke-health-checks', { cidr: '35.191.0.0/16', reaches: ['grafana'] }),
    );
    const from = (parts: Part[]) =>
      objectAt<Json>(renderParts(parts), 'grafana/networkPolicy').spec.ingress[0].from;
    expect(from([grafana(), testScraper(), gke])).toContainEqual({ ipBlock: { cidr: '35.191.0.0/16' } });
    expect(
      from([grafana({ networkPolicy: { clients: { 'gke-health-checks': false } } }), testScraper(), gke]),
    ).toHaveLength(1);
  });

  test('only the network clients that reach it may connect: the stack’s scraper, not pods that merely look like one', () => {
    const spec = (parts: Part[]) => objectAt<Json>(renderParts(parts), 'grafana/networkPolicy').spec;
    // Matched by namespace and labels: the scraper's labels alone, in another namespace, are not enough.
    expect(spec([grafana(), testScraper()]).ingress).toEqual([
      { from: [STACK_SCRAPER_PEER], ports: [{ port: 3000, protocol: 'TCP' }] },
    ]);
    // Without a Prometheus in the stack nothing scrapes Grafana, and nothing is admitted.
    expect(spec([grafana()]).ingress).toEqual([]);
    expect(
      spec([grafana({ networkPolicy: { clients: { prometheus: false } } }), testScraper()]),
    ).toMatchObject({
      podSelector: {
        matchLabels: { 'app.kubernetes.io/name': 'grafana', 'app.kubernetes.io/part-of': 'mixstack' },
      },
      policyTypes: ['Egress', 'Ingress'],
      ingress: [],
    });
  });

  test.each([
    [
      'an ingress controller namespace',
      { namespace: 'ingress-nginx' },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
    ],
    [
      'pods of a namespace',
      { namespace: 'ingress-nginx', podLabels: { app: 'nginx' } },
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
        podSelector: { matchLabels: { app: 'nginx' } },
      },
    ],
    [
      'namespaces by label',
      { namespaceLabels: { team: 'sre' } },
      { namespaceSelector: { matchLabels: { team: 'sre' } } },
    ],
    [
      'pods of the stack namespace',
      { podLabels: { app: 'oauth2-proxy' } },
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
        podSelector: { matchLabels: { app: 'oauth2-proxy' } },
      },
    ],
    [
      'an IP block with exceptions',
      { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] },
      { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
    ],
  ])('a client given as %s becomes one NetworkPolicy peer', (_name, client, peer) => {
    const from = objectAt<Json>(
      renderParts([grafana({ networkPolicy: { clients: { extra: client } } }), testScraper()]),
      'grafana/networkPolicy',
    ).spec.ingress[0].from;
    expect(from).toEqual([peer, STACK_SCRAPER_PEER]);
  });

  test('the order of the parts does not change the output', () => {
    const parts = [
      grafana({ replicas: 2 }),
      testPrometheusDatasource(),
      testLokiDatasource(),
      testMixin('team-a', 'Team A', { 'a.json': testDashboard('A') }),
      testMixin('team-b', 'Team B', { 'b.json': testDashboard('B') }),
    ];
    const expected = renderParts(parts).files;
    for (const order of [
      [4, 3, 2, 1, 0],
      [2, 0, 4, 1, 3],
      [1, 4, 0, 3, 2],
    ]) {
      expect(renderParts(order.map((i) => parts[i]!)).files).toEqual(expected);
    }
  });

  test('renders the same bytes twice', () => {
    const parts = () => [
      grafana(),
      testPrometheusDatasource(),
      testMixin('team', 'Team', { 'a.json': testDashboard('A') }),
    ];
    expect(renderParts(parts()).files).toEqual(renderParts(parts()).files);
  });

  test('kubectl kustomize accepts the rendered directory', () => {
    const result = renderParts([
      grafana({ replicas: 2 }),
      testPrometheusDatasource(),
      testMixin('team-a', 'Team A', { 'a.json': testDashboard('A') }),
    ]);
    const { status, output } = withFiles(result.files, (dir) => run('kubectl', ['kustomize', dir]));
    expect(status, output).toBe(0);
    // kustomize prints every object it read: one document per object of the stack.
    expect(output.split(/^---$/m)).toHaveLength(result.objects.length);
    for (const kind of [
      'Deployment',
      'Service',
      'ServiceAccount',
      'NetworkPolicy',
      'PodDisruptionBudget',
      'Secret',
      'ConfigMap',
    ])
      expect(output).toContain(`kind: ${kind}\n`);
  });

  test('a broken datasource contribution stops the render with its address', () => {
    const broken = definePart('broken', (stack) =>
      addDatasource(stack, 'test', 'loki', lokiDatasource({ url: 'not a url' })),
    );
    try {
      render(createStack({}, [grafana(), broken]));
      expect.unreachable();
    } catch (error) {
      expect(isMixstackError(error) && [error.code, error.address, error.path]).toEqual([
        'INVALID_OPTION',
        'datasource/loki',
        'url',
      ]);
    }
  });

  test('publishes its contracts: its Service, its container, the metrics role; and reaches every datasource', () => {
    const platform = { source: 'platform', layer: 'platform' } as const;
    const datasourceComponent = defineComponent<object, object>({
      name: 'tsdb',
      source: 'test',
      schema: options.object({}),
      defaults: () => ({}),
      contracts: () => ({ roles: ['datasource'] }),
      build: () => ({}),
    });
    const parts: Part[] = [
      grafana(),
      datasourceComponent(),
      definePart('platform', (stack) =>
        setExternalUrl(stack, platform, 'grafana', 'https://grafana.example.com/'),
      ),
      definePart('lib', (stack) =>
        adjustResources(stack, { source: 'lib', layer: 'override' }, 'grafana', 'grafana', {
          limits: { memory: '1Gi' },
        }),
      ),
    ];
    const result = renderParts(parts);
    expect(result.stack.components.grafana).toMatchObject({
      services: {
        http: { address: 'grafana/service', name: 'grafana', port: 3000, healthPath: '/api/health' },
      },
      roles: ['metrics'],
      externalUrl: 'https://grafana.example.com/',
      containers: { grafana: { limits: { memory: '1Gi' } } },
    });
    expect(Object.keys(result.stack.components.tsdb!.networkClients)).toEqual(['grafana']);
    expect(result.files.get('grafana-config.yaml')).toContain('root_url = https://grafana.example.com/');
    const container = podSpec(objectAt<Json>(result, 'grafana/deployment')).containers[0];
    expect(container.resources.limits.memory).toBe('1Gi');
    // The user's root URL wins over the platform's.
    const own = renderParts([grafana({ rootUrl: 'https://own.example.com/' }), ...parts.slice(1)]);
    expect(own.stack.components.grafana!.externalUrl).toBe('https://own.example.com/');
  });

  test('enabled: false renders nothing and takes its network client and notices with it', () => {
    const result = renderParts([grafana({ enabled: false }), testPrometheusDatasource()]);
    expect(result.objects.filter((o) => o.component === 'grafana')).toEqual([]);
    expect(result.stack.has('grafana')).toBe(false);
    expect(result.summary.notices).toEqual([]);
    expect(result.sections.mixins).toEqual({});
    expect(result.sections.scrapeTargets).toEqual({});
  });
});
