import { addDatasource, type CommonOptions, definePart, lokiDatasource, type Part } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { grafana } from './grafana.js';
import {
  expectGoldenFolder,
  renderParts,
  testDashboard,
  testLokiDatasource,
  testMixin,
  testPrometheusDatasource,
  testScraper,
} from './test-helpers.js';

/**
 * Golden files of the Grafana objects (real YAML, reviewed in diffs) for three scenarios.
 * Regenerate with `UPDATE_GOLDEN=1 npx vitest run` after a deliberate change.
 */
interface Scenario {
  common: CommonOptions;
  parts: () => Part[];
  files: string[];
}

const DEFAULT_FILES = [
  'grafana-config.yaml',
  'grafana-dashboardGrafanaGrafanaOverview.yaml',
  'grafana-dashboardProviders.yaml',
  'grafana-datasources.yaml',
  'grafana-deployment.yaml',
  'grafana-networkPolicy.yaml',
  'grafana-service.yaml',
  'grafana-serviceAccount.yaml',
];

const scenarios: Record<string, Scenario> = {
  default: { common: {}, parts: () => [grafana()], files: DEFAULT_FILES },
  'mixins-and-datasources': {
    common: {},
    parts: () => [
      grafana(),
      testMixin('team-a', 'Team A', { 'api.json': testDashboard('API', 'sum by (job) (up)') }),
      testMixin('team-b', 'Team B', { 'database.json': testDashboard('Database', 'count(up == 0)') }),
      testPrometheusDatasource(),
      testLokiDatasource(),
      testScraper(),
    ],
    files: [...DEFAULT_FILES, 'grafana-dashboardTeamAApi.yaml', 'grafana-dashboardTeamBDatabase.yaml'].sort(),
  },
  'all-options': {
    common: {
      namespace: 'observability',
      imageRegistry: 'registry.example.com/mirror',
      labels: { team: 'sre' },
    },
    parts: () => [
      testScraper(),
      grafana({
        image: 'docker.io/grafana/grafana:13.1.3-ubuntu',
        replicas: 3,
        resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi', cpu: '2' } },
        adminSecret: { name: 'grafana-credentials', userKey: 'user', passwordKey: 'password' },
        anonymous: { enabled: true, role: 'Editor' },
        rootUrl: 'https://grafana.example.com/',
        config: {
          'auth.generic_oauth': {
            enabled: true,
            name: 'SSO',
            client_id: 'grafana',
            scopes: 'openid email profile',
          },
          server: { enable_gzip: true },
        },
        secretEnv: {
          GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET: { name: 'grafana-oauth', key: 'client-secret' },
          LOKI_TENANT: { name: 'loki-tenant', key: 'tenant' },
        },
        networkPolicy: {
          clients: {
            prometheus: { podLabels: { 'app.kubernetes.io/instance': 'k8s' } },
            ingress: { namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
            sre: { namespaceLabels: { team: 'sre' } },
            oauthProxy: { podLabels: { app: 'oauth2-proxy' } },
            healthChecks: { cidr: '130.211.0.0/22' },
            office: { cidr: '10.0.0.0/8', except: ['10.66.0.0/16'] },
          },
        },
        dashboards: { allowUiUpdates: true, updateIntervalSeconds: 120 },
        nodeSelector: { 'kubernetes.io/os': 'linux', pool: 'monitoring' },
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'monitoring', effect: 'NoSchedule' }],
        service: { annotations: { 'cloud.google.com/neg': '{"ingress": true}' } },
      }),
      testPrometheusDatasource(),
      definePart('tenantLoki', (stack) =>
        addDatasource(
          stack,
          'test',
          'loki',
          lokiDatasource({
            url: 'http://loki-gateway.logging.svc',
            jsonData: { httpHeaderName1: 'X-Scope-OrgID' },
            secureJsonDataFromEnv: { httpHeaderValue1: 'LOKI_TENANT' },
          }),
        ),
      ),
    ],
    files: [...DEFAULT_FILES, 'grafana-podDisruptionBudget.yaml'].sort(),
  },
};

describe('golden files of the Grafana objects', () => {
  test.each(Object.keys(scenarios))('%s', (name) => {
    const scenario = scenarios[name]!;
    const result = renderParts(scenario.parts(), scenario.common);
    const grafanaFiles = [...result.files.keys()].filter((path) => path.startsWith('grafana-')).sort();
    expect(grafanaFiles).toEqual(scenario.files);
    // The folder holds these files and no other: no stale file of an object no longer rendered.
    expectGoldenFolder(name, new Map(grafanaFiles.map((path) => [path, result.files.get(path)!])));
  });
});
