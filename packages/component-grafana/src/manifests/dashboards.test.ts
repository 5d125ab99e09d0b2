import {
  createStack,
  type Dashboard,
  MAX_OBJECT_BYTES,
  type Part,
  stableUid,
  validateStack,
} from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { grafana } from '../grafana.js';
import { type Json, objectAt, renderParts, testDashboard, testMixin } from '../test-helpers.js';
import { dashboardLayout, folderUid } from './dashboards.js';

const teams = (): Part[] => [
  testMixin('team-a', 'Team A', { 'api.json': testDashboard('API') }),
  testMixin('team-b', 'Team B', {
    'db.json': testDashboard('Database'),
    'cache.json': testDashboard('Cache'),
  }),
];

describe('dashboard provisioning', () => {
  test('one folder per mixin, titled like the mixin, with a uid derived from its name', () => {
    const result = renderParts([grafana({ dashboards: { updateIntervalSeconds: 60 } }), ...teams()]);
    const providers = parse(objectAt<Json>(result, 'grafana/dashboardProviders').data['providers.yaml']);
    expect(providers.apiVersion).toBe(1);
    expect(providers.providers).toEqual(
      [
        ['grafana', 'Grafana'],
        ['team-a', 'Team A'],
        ['team-b', 'Team B'],
      ].map(([name, folder]) => ({
        name,
        orgId: 1,
        type: 'file',
        folder,
        folderUid: name,
        disableDeletion: false,
        allowUiUpdates: false,
        updateIntervalSeconds: 60,
        options: { path: `/grafana-dashboards/${name}`, foldersFromFilesStructure: false },
      })),
    );
  });

  test('one ConfigMap per dashboard, all mounted through one projected volume into their folders', () => {
    const result = renderParts([grafana(), ...teams()]);
    const cache = objectAt<Json>(result, 'grafana/dashboardTeamBCache');
    expect(cache.metadata.name).toBe('grafana-dashboard-team-b-cache');
    expect(Object.keys(cache.data)).toEqual(['cache.json']);
    const spec = objectAt<Json>(result, 'grafana/deployment').spec.template.spec;
    const dashboards = spec.volumes.filter((v: Json) => v.name === 'dashboards');
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0].projected.sources.map((s: Json) => s.configMap.items[0].path)).toEqual([
      'grafana/grafana-overview.json',
      'team-a/api.json',
      'team-b/cache.json',
      'team-b/db.json',
    ]);
    expect(spec.containers[0].volumeMounts).toContainEqual({
      name: 'dashboards',
      mountPath: '/grafana-dashboards',
      readOnly: true,
    });
  });

  test('forty dashboards keep the pod spec small: still one volume and one mount for all', () => {
    const many = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [`d${i}.json`, testDashboard(`D${i}`)]),
    );
    const result = renderParts([grafana(), testMixin('many', 'Many', many)]);
    const spec = objectAt<Json>(result, 'grafana/deployment').spec.template.spec;
    expect(spec.volumes).toHaveLength(6);
    expect(spec.containers[0].volumeMounts).toHaveLength(6);
    expect(
      result.objects.filter(
        (o) => o.address.startsWith('grafana/dashboard') && o.object.kind === 'ConfigMap',
      ),
    ).toHaveLength(42);
  });

  test('dashboards get the uid core derives from mixin and file name, and lose the database id', () => {
    const withId = { ...testDashboard('API'), id: 17 };
    const result = renderParts([grafana(), testMixin('team-a', 'Team A', { 'api.json': withId })]);
    const json = JSON.parse(objectAt<Json>(result, 'grafana/dashboardTeamAApi').data['api.json']);
    expect(json.uid).toBe(stableUid('team-a', 'api.json'));
    expect(json.id).toBeUndefined();
    // Stable across builds: the uid does not depend on anything but the names.
    const again = renderParts([
      grafana(),
      testMixin('team-a', 'Team A', { 'api.json': testDashboard('Renamed') }),
    ]);
    expect(JSON.parse(objectAt<Json>(again, 'grafana/dashboardTeamAApi').data['api.json']).uid).toBe(
      json.uid,
    );
  });

  test.each([
    [
      'upper case and underscores',
      'K8s_Resources.json',
      /^grafana-dashboard-m-k8s-resources-[0-9a-f]{8}$/,
      'dashboardMK8sResources',
    ],
    [
      'a plain kebab-case name',
      'node-exporter.json',
      /^grafana-dashboard-m-node-exporter$/,
      'dashboardMNodeExporter',
    ],
    ['dots inside', 'v1.2.json', /^grafana-dashboard-m-v1.2$/, 'dashboardMV12'],
  ])('names the ConfigMap of a file with %s', (_name, file, name, key) => {
    const layout = dashboardLayout(
      { m: { title: 'M', grafanaDashboards: { [file]: testDashboard('X') } } },
      'ns',
      {},
    );
    expect(layout.files[0]!.configMapName).toMatch(name);
    expect(layout.files[0]!.key).toBe(key);
  });

  test('file names that give the same key get distinct keys and names', () => {
    const layout = dashboardLayout(
      {
        m: {
          title: 'M',
          grafanaDashboards: { 'a-b.json': testDashboard('1'), 'a_b.json': testDashboard('2') },
        },
      },
      'ns',
      {},
    );
    const [first, second] = layout.files;
    expect(first!.key).not.toBe(second!.key);
    expect(first!.configMapName).not.toBe(second!.configMapName);
    expect(
      renderParts([
        grafana(),
        testMixin('m', 'M', { 'a-b.json': testDashboard('1'), 'a_b.json': testDashboard('2') }),
      ]).objects.length,
    ).toBeGreaterThan(0);
  });

  test('folder uids: the mixin name, or a hash when Grafana would not accept it', () => {
    expect(folderUid('node-exporter')).toBe('node-exporter');
    expect(folderUid('x'.repeat(41))).toBe(stableUid('grafana-folder', 'x'.repeat(41)));
  });

  test('mixins without dashboards get no folder', () => {
    const result = renderParts([grafana(), testMixin('empty', 'Empty', {})]);
    const providers = parse(objectAt<Json>(result, 'grafana/dashboardProviders').data['providers.yaml']);
    expect(providers.providers.map((p: Json) => p.name)).toEqual(['grafana']);
  });

  const big = (): Dashboard => ({ ...testDashboard('Huge'), padding: 'x'.repeat(MAX_OBJECT_BYTES) });

  test.each<[string, () => Part[], string, string, string | undefined]>([
    [
      'an oversized dashboard, named',
      () => [testMixin('big', 'Big', { 'huge.json': big() })],
      'TOO_LARGE',
      'mixin/big/huge.json',
      undefined,
    ],
    [
      'two mixins with one title',
      () => [
        testMixin('a', 'Same', { 'a.json': testDashboard('A') }),
        testMixin('b', 'Same', { 'b.json': testDashboard('B') }),
      ],
      'DUPLICATE_ADDRESS',
      'mixin/b',
      'title',
    ],
    [
      'two dashboards with one uid',
      () => [
        testMixin('a', 'A', { 'a.json': { ...testDashboard('A'), uid: 'same' } }),
        testMixin('b', 'B', { 'b.json': { ...testDashboard('B'), uid: 'same' } }),
      ],
      'DUPLICATE_ADDRESS',
      'mixin/b/b.json',
      'uid',
    ],
    [
      'a uid over 40 characters',
      () => [testMixin('a', 'A', { 'a.json': { ...testDashboard('A'), uid: 'u'.repeat(41) } })],
      'INVALID_NAME',
      'mixin/a/a.json',
      'uid',
    ],
    [
      'a dashboard file name with a slash',
      () => [testMixin('a', 'A', { 'x/a.json': testDashboard('A') })],
      'INVALID_NAME',
      'mixin/a',
      'grafanaDashboards.x/a.json',
    ],
    [
      'a mixin with dashboards but no title',
      () => [testMixin('a', '', { 'a.json': testDashboard('A') })],
      'INVALID_OPTION',
      'mixin/a',
      'title',
    ],
  ])('rejects %s', (_name, parts, code, address, path) => {
    const problems = validateStack(createStack({}, [grafana(), ...parts()]));
    expect(problems.map((p) => [p.code, p.address, p.path])).toEqual([[code, address, path]]);
  });

  test('the oversize error names the dashboard title', () => {
    const [problem] = validateStack(
      createStack({}, [grafana(), testMixin('big', 'Big', { 'huge.json': big() })]),
    );
    expect(problem!.message).toContain('dashboard "Huge"');
  });

  test('a dashboard just under the limit renders', () => {
    const near = { ...testDashboard('Near'), padding: 'x'.repeat(MAX_OBJECT_BYTES - 4096) };
    const result = renderParts([grafana(), testMixin('near', 'Near', { 'near.json': near })]);
    expect(
      Buffer.byteLength(result.files.get('grafana-dashboardNearNear.yaml')!, 'utf8'),
    ).toBeLessThanOrEqual(MAX_OBJECT_BYTES);
  });
});
