import {
  alertsOf,
  createStack,
  dashboardExpressions,
  definePart,
  type Mixin,
  type Part,
  type RenderResult,
  recordingRulesOf,
  render,
  validateStack,
  withValues,
} from '@mixstack/core';
import { promtoolCheckRules } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { kubernetesControlPlane, nodeExporter, prometheus, prometheusServer } from './index.js';
import type { SwitchablePart } from './mixins/selectors.js';
import { testContributions } from './test-helpers.js';

/** What a platform does to turn parts off: their documented `enabled` value, in the `platform` layer. */
const platformOff = (...parts: SwitchablePart[]): Part =>
  definePart('test-platform', (stack) =>
    withValues(
      stack,
      'test-platform',
      'platform',
      Object.fromEntries(parts.map((part) => [part, { enabled: false }])),
    ),
  );

const JOB = { nodeExporter: 'node-exporter', kubeStateMetrics: 'kube-state-metrics' } as const;

/** Everything a render produces besides the values: every file, the resolved sections, the summary. */
const output = (result: RenderResult) => ({
  files: [...result.files],
  sections: result.sections,
  summary: result.summary,
});

/** Every PromQL of the mixins: rules, panel targets and template variables. */
function expressions(mixins: Readonly<Record<string, Mixin>>): string[] {
  return Object.values(mixins).flatMap((mixin) => [
    ...alertsOf(mixin).map(({ rule }) => rule.expr),
    ...recordingRulesOf(mixin).map(({ rule }) => rule.expr),
    ...Object.values(mixin.grafanaDashboards ?? {}).flatMap((dashboard) =>
      dashboardExpressions(dashboard).map((e) => e.expression),
    ),
  ]);
}

/** Names of recorded series (`level:metric:operations`) an expression reads. */
const recordedNamesIn = (expr: string): string[] =>
  expr.match(/(?<![A-Za-z0-9_:])[A-Za-z_][A-Za-z0-9_]*:[A-Za-z0-9_:]*/g) ?? [];

describe('enabled: false renders exactly what the stack renders without the part', () => {
  const shop = { targetNamespaces: ['shop'] };
  test.each<[string, () => Part[], () => Part[]]>([
    [
      'node-exporter, turned off by a platform',
      () => [prometheus(shop), platformOff('nodeExporter'), testContributions()],
      () => [prometheus({ ...shop, nodeExporter: false }), testContributions()],
    ],
    [
      'kube-state-metrics, turned off by a platform',
      () => [prometheus(shop), platformOff('kubeStateMetrics'), testContributions()],
      () => [prometheus({ ...shop, kubeStateMetrics: false }), testContributions()],
    ],
    [
      "both, by prometheus()'s options",
      () => [prometheus({ ...shop, nodeExporter: { enabled: false }, kubeStateMetrics: { enabled: false } })],
      () => [prometheus({ ...shop, nodeExporter: false, kubeStateMetrics: false })],
    ],
    [
      'node-exporter as a part of its own, next to the server and the control plane',
      () => [prometheusServer(shop), nodeExporter({ enabled: false }), kubernetesControlPlane()],
      () => [prometheusServer(shop), kubernetesControlPlane()],
    ],
  ])('%s', (_, disabled, absent) => {
    const common = { namespace: 'obs', cluster: 'eu-1' };
    const off = render(createStack(common, disabled()));
    const without = render(createStack(common, absent()));
    // Byte for byte: every file, the sections other packages read (mixins, targets) and the summary.
    expect(output(off)).toEqual(output(without));
    expect(validateStack(createStack(common, disabled()))).toEqual([]);
  });
});

describe('a part turned off leaves nothing of it, and nothing that points at it', () => {
  const stack = () =>
    createStack({}, [
      prometheus({ targetNamespaces: ['shop'] }),
      platformOff('nodeExporter', 'kubeStateMetrics'),
      testContributions(),
    ]);
  const result = render(stack());
  const everyFile = [...result.files.values()].join('\n');

  test('no object, Namespace, monitor or Role of it; core validates the stack', () => {
    const components = new Set(result.objects.map((o) => o.component));
    expect(components).not.toContain('nodeExporter');
    expect(components).not.toContain('kubeStateMetrics');
    expect(result.objects.some((o) => o.object.metadata?.name === 'monitoring-node-exporter')).toBe(false);
    expect(result.objects.filter((o) => o.key.startsWith('roleIn')).map((o) => o.key)).toEqual([
      'roleInApps',
      'roleInDefault',
      'roleInKubeSystem',
      'roleInMonitoring',
      'roleInShop',
    ]);
    // Not a label, selector, namespace or job of them anywhere in the output.
    expect(everyFile).not.toMatch(/node-exporter|kube-state-metrics/);
    expect(validateStack(stack())).toEqual([]);
  });

  test('no mixin of its own, and no rule, panel or variable of another mixin selects its job', () => {
    expect(result.summary.mixins).toEqual([
      'alertmanager',
      'kube-prometheus',
      'kubernetes',
      'prometheus',
      'prometheus-operator',
      'test-app',
    ]);
    const dead = expressions(result.sections.mixins).filter((e) =>
      Object.values(JOB).some((job) => e.includes(`job="${job}"`)),
    );
    expect(dead).toEqual([]);
  });

  test('what needs them goes; what reads the kubelets, the API server and Prometheus stays', () => {
    const alerts = new Set(
      Object.values(result.sections.mixins).flatMap((m) => alertsOf(m).map((a) => a.rule.alert)),
    );
    for (const gone of ['KubePodCrashLooping', 'KubeNodeNotReady', 'NodeNetworkInterfaceFlapping'])
      expect(alerts).not.toContain(gone);
    for (const kept of [
      'KubeletDown',
      'KubeAPIErrorBudgetBurn',
      'KubeletPodStartUpLatencyHigh',
      'TargetDown',
    ])
      expect(alerts, kept).toContain(kept);
    const kubePrometheus = result.sections.mixins['kube-prometheus']!;
    expect(kubePrometheus.prometheusAlerts!.groups.map((g) => g.name)).toEqual(['general']);
    const kubernetes = result.sections.mixins.kubernetes!;
    expect(Object.keys(kubernetes.grafanaDashboards!)).toEqual([
      'k8s-networking-cluster.json',
      'k8s-kubelet.json',
      'k8s-apiserver.json',
      'k8s-scheduler.json',
      'k8s-controller-manager.json',
    ]);
    // The kubelets list the clusters instead of kube-state-metrics.
    const cluster = (
      kubernetes.grafanaDashboards!['k8s-networking-cluster.json']!.templating as {
        list: { name: string; query: string }[];
      }
    ).list.find((v) => v.name === 'cluster');
    expect(cluster?.query).toBe('label_values(up{job="kubelet", metrics_path="/metrics"}, cluster)');
  });

  test('promtool 2.42 accepts every PrometheusRule left', () => {
    const rules = result.objects.filter((o) => o.object.kind === 'PrometheusRule');
    const check = promtoolCheckRules(
      Object.fromEntries(
        rules.map((o) => [`${o.key}.yaml`, (o.object as unknown as { spec: { groups: unknown[] } }).spec]),
      ),
    );
    expect(check.code, check.output).toBe(0);
  });
});

/** Uids of the dashboards the data links in `value` (mixins, a dashboard) lead to. */
const linkedUids = (value: unknown): string[] =>
  [...JSON.stringify(value).matchAll(/\/d\/([A-Za-z0-9_-]+)/g)].map((m) => m[1]!);

describe('no dangling reference, whichever part is off', () => {
  const plain = render(createStack({}, [prometheus()]));

  test.each<[string, SwitchablePart[]]>([
    ['node-exporter', ['nodeExporter']],
    ['kube-state-metrics', ['kubeStateMetrics']],
    ['both', ['nodeExporter', 'kubeStateMetrics']],
  ])(
    '%s: every recorded series read is recorded; every dashboard link leads to a dashboard of the stack',
    (_, parts) => {
      const { mixins } = render(createStack({}, [prometheus(), platformOff(...parts)])).sections;
      const recorded = new Set(
        Object.values(mixins).flatMap((m) => recordingRulesOf(m).map((r) => r.rule.record)),
      );
      const unrecorded = expressions(mixins).filter((e) =>
        recordedNamesIn(e).some((name) => !recorded.has(name)),
      );
      expect(unrecorded).toEqual([]);
      const uids = new Set(
        Object.values(mixins).flatMap((m) => Object.values(m.grafanaDashboards ?? {}).map((d) => d.uid)),
      );
      expect(linkedUids(mixins).filter((uid) => !uids.has(uid))).toEqual([]);
    },
  );

  test('the checks above can fail: the default stack reads recorded series and links dashboards that go', () => {
    const off = render(createStack({}, [prometheus(), platformOff('kubeStateMetrics')])).sections.mixins;
    const kept = new Set(
      Object.values(off).flatMap((m) => Object.values(m.grafanaDashboards ?? {}).map((d) => d.uid)),
    );
    // Kubernetes / Networking / Cluster links to the namespace dashboards, which need kube-state-metrics.
    const networking = plain.sections.mixins.kubernetes!.grafanaDashboards!['k8s-networking-cluster.json'];
    expect(linkedUids(networking).filter((uid) => !kept.has(uid)).length).toBeGreaterThan(0);
    expect(expressions(plain.sections.mixins).some((e) => recordedNamesIn(e).length > 0)).toBe(true);
  });
});

describe('precedence: what the user passes wins over a platform', () => {
  const plain = render(createStack({}, [prometheus()]));
  const ofNodeExporter = (result: RenderResult) =>
    [...result.files].filter(([path]) => /(^|\/)nodeExporter-/.test(path) || path.includes('node-exporter'));

  test.each<[string, () => Part[]]>([
    [
      'prometheus({ nodeExporter: { enabled: true } })',
      () => [prometheus({ nodeExporter: { enabled: true } })],
    ],
    [
      'nodeExporter({ enabled: true }) as a part of its own',
      () => [prometheus({ nodeExporter: false }), nodeExporter({ enabled: true })],
    ],
  ])('%s', (_, parts) => {
    const result = render(createStack({}, [...parts(), platformOff('nodeExporter', 'kubeStateMetrics')]));
    expect(ofNodeExporter(result)).toEqual(ofNodeExporter(plain));
    expect(result.sections.mixins['node-exporter']).toEqual(plain.sections.mixins['node-exporter']);
    // The other part is still off, and the order of the parts changes nothing.
    expect(result.objects.some((o) => o.component === 'kubeStateMetrics')).toBe(false);
    const reversed = render(createStack({}, [platformOff('nodeExporter', 'kubeStateMetrics'), ...parts()]));
    expect([...reversed.files]).toEqual([...result.files]);
  });

  test('values alone never add a part: enabled: true without the part renders nothing of it', () => {
    const forced = definePart('forced', (stack) =>
      withValues(stack, 'forced', 'user', { kubeStateMetrics: { enabled: true } }),
    );
    const result = render(createStack({}, [prometheus({ kubeStateMetrics: false }), forced]));
    expect(result.stack.has('kubeStateMetrics')).toBe(false);
    expect(result.objects.some((o) => o.component === 'kubeStateMetrics')).toBe(false);
    expect(result.sections.mixins['kube-state-metrics']).toBeUndefined();
  });
});
