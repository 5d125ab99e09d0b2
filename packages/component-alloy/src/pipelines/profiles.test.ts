import { describe, expect, test } from 'vitest';
import { alloyReferenceViolations, loadAlloyReference } from '../alloy-reference.test-helpers.js';
import type { AlloyFile, Block, Value } from '../syntax/model.js';
import { printAlloy } from '../syntax/printer.js';
import {
  configKeysDir,
  defaultPipeline,
  hasConfigKeys,
  profileStoreService,
  profilesPipeline,
  SHARED_SKIP_MESSAGE,
  tracesPipeline,
} from '../test-helpers.js';
import { alloyConfig, pipelineNeeds, profilerConfig } from './index.js';
import { PROFILE_TYPES, type ProfileType, profileLabelRules, typeRules } from './profiles.js';

const collector = (pipelines: Parameters<typeof alloyConfig>[0]) =>
  alloyConfig(pipelines, 'prod-eu', 'alloy/configMap');
const profiler = (pipelines: Parameters<typeof profilerConfig>[0]) =>
  profilerConfig(pipelines, 'prod-eu', 'alloy/profilerConfigMap');

/** One discovered target: labels by name (a missing label reads as ""). */
type Target = Record<string, string>;

function argument(block: Block, name: string): Value | undefined {
  const statement = block.body.find((s) => s.kind === 'attribute' && s.name === name);
  return statement?.kind === 'attribute' ? statement.value : undefined;
}

/**
 * Prometheus's relabelling, as Alloy's `discovery.relabel` applies it, for the actions this
 * package emits (replace, keep, drop, keepequal): regexes are anchored, `source_labels` joined
 * by the separator, a replace whose result is empty removes the label. Enough to run the
 * rendered rules on discovered targets and see which survive, with which labels.
 */
function relabel(targets: Target[], rules: readonly Block[]): Target[] {
  return targets.flatMap((original) => {
    const target = { ...original };
    for (const rule of rules) {
      const sources = (argument(rule, 'source_labels') as string[] | undefined) ?? [];
      const separator = (argument(rule, 'separator') as string | undefined) ?? ';';
      const regex = new RegExp(`^(?:${(argument(rule, 'regex') as string | undefined) ?? '(.*)'})$`);
      const action = (argument(rule, 'action') as string | undefined) ?? 'replace';
      const targetLabel = argument(rule, 'target_label') as string | undefined;
      const value = sources.map((source) => target[source] ?? '').join(separator);
      if (action === 'keep' && !regex.test(value)) return [];
      if (action === 'drop' && regex.test(value)) return [];
      if (action === 'keepequal' && value !== (target[targetLabel!] ?? '')) return [];
      if (action === 'replace') {
        const match = regex.exec(value);
        if (!match) continue;
        const replacement = (argument(rule, 'replacement') as string | undefined) ?? '$1';
        const result = replacement.replace(/\$(\d)/g, (_, i: string) => match[Number(i)] ?? '');
        if (result === '') delete target[targetLabel!];
        else target[targetLabel!] = result;
      }
    }
    return [target];
  });
}

/** The targets discovery.kubernetes (role pod) yields for a pod: one per declared container port, one per container without ports. */
function podTargets(
  pod: {
    namespace: string;
    name: string;
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
  },
  containers: { name: string; ports: { name?: string; port: number }[] }[],
): Target[] {
  const meta: Target = {
    __meta_kubernetes_namespace: pod.namespace,
    __meta_kubernetes_pod_name: pod.name,
    __meta_kubernetes_pod_node_name: 'node-1',
    __meta_kubernetes_pod_phase: 'Running',
    __meta_kubernetes_pod_ip: '10.1.2.3',
  };
  for (const [key, value] of Object.entries(pod.annotations ?? {}))
    meta[`__meta_kubernetes_pod_annotation_${key.replace(/[^A-Za-z0-9_]/g, '_')}`] = value;
  for (const [key, value] of Object.entries(pod.labels ?? {}))
    meta[`__meta_kubernetes_pod_label_${key.replace(/[^A-Za-z0-9_]/g, '_')}`] = value;
  return containers.flatMap((container) =>
    container.ports.length === 0
      ? [{ ...meta, __address__: '10.1.2.3', __meta_kubernetes_pod_container_name: container.name }]
      : container.ports.map((port) => ({
          ...meta,
          __address__: `10.1.2.3:${port.port}`,
          __meta_kubernetes_pod_container_name: container.name,
          __meta_kubernetes_pod_container_port_number: String(port.port),
          ...(port.name ? { __meta_kubernetes_pod_container_port_name: port.name } : {}),
        })),
  );
}

/** What a type's scrape gets from these targets: the common rules, then the type's. */
const scraped = (type: ProfileType, targets: Target[]) =>
  relabel(relabel(targets, profileLabelRules()), typeRules(type)).map((target) =>
    Object.fromEntries(
      Object.entries(target).filter(([key]) => !key.startsWith('__meta_') && !key.startsWith('__tmp')),
    ),
  );

/** A Go service with two containers: the app (http 8080, pprof 6060) and a sidecar (metrics 9090). */
const shop = (annotations: Record<string, string>, labels: Record<string, string> = {}) =>
  podTargets({ namespace: 'shop', name: 'checkout-1', annotations, labels }, [
    {
      name: 'app',
      ports: [
        { name: 'http', port: 8080 },
        { name: 'pprof', port: 6060 },
      ],
    },
    { name: 'proxy', ports: [{ name: 'metrics', port: 9090 }] },
    { name: 'init-db', ports: [] },
  ]);

describe('a profiles pipeline that scrapes, as Alloy components', () => {
  const file = collector({ profiles: profilesPipeline() });
  const text = printAlloy(file);

  test('the pods of its own node only, then one relabelling and one scrape per profile type, into one write', () => {
    expect(text).toContain(
      [
        'discovery.kubernetes "profiles" {',
        '  role = "pod"',
        '  selectors {',
        '    role = "pod"',
        '    field = "spec.nodeName=" + sys.env("HOSTNAME")',
        '  }',
        '}',
      ].join('\n'),
    );
    expect(file.blocks.map((b) => `${b.name} ${b.label}`)).toEqual([
      'discovery.kubernetes profiles',
      'discovery.relabel profiles',
      ...PROFILE_TYPES.flatMap(({ type }) => [
        `discovery.relabel profiles_${type}`,
        `pyroscope.scrape profiles_${type}`,
      ]),
      'pyroscope.write profiles',
    ]);
    for (const { type } of PROFILE_TYPES) {
      expect(text).toContain(
        `pyroscope.scrape "profiles_${type}" {\n  targets = discovery.relabel.profiles_${type}.output\n  forward_to = [pyroscope.write.profiles.receiver]\n`,
      );
      expect(text).toContain(
        `discovery.relabel "profiles_${type}" {\n  targets = discovery.relabel.profiles.output\n`,
      );
    }
  });

  test('each scrape collects its own type only; CPU as a delta; fgprof on only in its own', () => {
    const config = (type: string) => {
      const scrape = file.blocks.find(
        (b) => b.name === 'pyroscope.scrape' && b.label === `profiles_${type}`,
      )!;
      const profiling = scrape.body.find((s) => s.name === 'profiling_config') as Block;
      return Object.fromEntries(
        profiling.body.map((profile) => [
          profile.name,
          Object.fromEntries((profile as Block).body.map((s) => [s.name, (s as { value: Value }).value])),
        ]),
      );
    };
    expect(config('cpu')).toEqual({
      'profile.process_cpu': { enabled: true, delta: true },
      'profile.memory': { enabled: false },
      'profile.goroutine': { enabled: false },
      'profile.block': { enabled: false },
      'profile.mutex': { enabled: false },
    });
    expect(config('mutex')).toEqual({
      'profile.process_cpu': { enabled: false },
      'profile.memory': { enabled: false },
      'profile.goroutine': { enabled: false },
      'profile.block': { enabled: false },
      'profile.mutex': { enabled: true },
    });
    expect(config('fgprof')).toMatchObject({ 'profile.fgprof': { enabled: true } });
    for (const type of ['cpu', 'memory', 'goroutine', 'block', 'mutex'])
      expect(config(type)['profile.fgprof']).toBeUndefined();
  });

  test('the write: the store’s URL, the stack’s cluster on every profile', () => {
    expect(text).toContain(
      [
        '// The profiles pipeline "profiles": where the profiles go (monitoring/pyroscope).',
        'pyroscope.write "profiles" {',
        '  endpoint {',
        '    url = "http://pyroscope.monitoring.svc:4040"',
        '  }',
        '  external_labels = {',
        '    cluster = "prod-eu",',
        '  }',
        '}',
      ].join('\n'),
    );
  });

  test('needs: the collector scrapes (egress to every namespace); no profiler', () => {
    expect(pipelineNeeds({ profiles: profilesPipeline() })).toEqual({
      nodeLogFiles: false,
      cluster: false,
      otlp: false,
      profilesScrape: true,
      ebpf: false,
      collector: true,
    });
    expect(profiler({ profiles: profilesPipeline() }).blocks).toEqual([]);
  });
});

describe('which pods a type scrapes, and with which labels (the rendered rules, run on discovered targets)', () => {
  test('a pod annotated with a port name: exactly that port of that container, labelled with it', () => {
    expect(
      scraped(
        'cpu',
        shop({ 'profiles.grafana.com/cpu.scrape': 'true', 'profiles.grafana.com/cpu.port_name': 'pprof' }),
      ),
    ).toEqual([
      {
        __address__: '10.1.2.3:6060',
        namespace: 'shop',
        pod: 'checkout-1',
        container: 'app',
        node: 'node-1',
        service_name: 'shop/app',
      },
    ]);
  });

  test('a pod annotated with a port number: that declared port, once', () => {
    const targets = scraped(
      'memory',
      shop({ 'profiles.grafana.com/memory.scrape': 'true', 'profiles.grafana.com/memory.port': '9090' }),
    );
    expect(targets.map((t) => [t.__address__, t.container])).toEqual([['10.1.2.3:9090', 'proxy']]);
  });

  test('scheme and path from the annotations; service_name from the label, else the annotation, else namespace/container', () => {
    const annotations = {
      'profiles.grafana.com/goroutine.scrape': 'true',
      'profiles.grafana.com/goroutine.port_name': 'http',
      'profiles.grafana.com/goroutine.scheme': 'https',
      'profiles.grafana.com/goroutine.path': '/internal/pprof/goroutine',
    };
    const [target] = scraped('goroutine', shop(annotations));
    expect(target).toMatchObject({
      __scheme__: 'https',
      __profile_path__: '/internal/pprof/goroutine',
      service_name: 'shop/app',
    });
    const named = { ...annotations, 'profiles.grafana.com/service_name': 'checkout/api' };
    expect(scraped('goroutine', shop(named))[0]!.service_name).toBe('checkout/api');
    expect(
      scraped('goroutine', shop(named, { 'profiles.grafana.com/service_name': 'checkout' }))[0]!.service_name,
    ).toBe('checkout');
  });

  test('nothing without the scrape annotation, for another type, without a port, or with a port the pod does not declare', () => {
    expect(scraped('cpu', shop({ 'profiles.grafana.com/cpu.port_name': 'pprof' }))).toEqual([]);
    expect(
      scraped(
        'mutex',
        shop({ 'profiles.grafana.com/cpu.scrape': 'true', 'profiles.grafana.com/cpu.port_name': 'pprof' }),
      ),
    ).toEqual([]);
    expect(scraped('cpu', shop({ 'profiles.grafana.com/cpu.scrape': 'true' }))).toEqual([]);
    expect(
      scraped(
        'cpu',
        shop({ 'profiles.grafana.com/cpu.scrape': 'true', 'profiles.grafana.com/cpu.port': '7777' }),
      ),
    ).toEqual([]);
    expect(
      scraped(
        'cpu',
        shop({ 'profiles.grafana.com/cpu.scrape': 'false', 'profiles.grafana.com/cpu.port': '6060' }),
      ),
    ).toEqual([]);
  });

  test('pods that do not run are left out', () => {
    const pending = shop({
      'profiles.grafana.com/cpu.scrape': 'true',
      'profiles.grafana.com/cpu.port_name': 'pprof',
    }).map((t) => ({ ...t, __meta_kubernetes_pod_phase: 'Pending' }));
    expect(scraped('cpu', pending)).toEqual([]);
  });
});

describe('profiles with eBPF: the profiler’s own configuration', () => {
  const both = {
    profiles: profilesPipeline({ ebpf: true }),
    'profiles-dr': profilesPipeline({
      destination: profileStoreService('pyroscope-dr', 'dr'),
      ebpf: true,
      scrape: false,
    }),
  };
  const text = printAlloy(profiler(both));

  test('one profiler for every eBPF pipeline, fed by the node’s pods, pushing to each store', () => {
    expect(profiler(both).blocks.map((b) => `${b.name} ${b.label}`)).toEqual([
      'discovery.kubernetes node',
      'discovery.relabel node',
      'pyroscope.ebpf node',
      'pyroscope.write profiles',
      'pyroscope.write profiles_dr',
    ]);
    expect(text).toContain(
      'pyroscope.ebpf "node" {\n  targets = discovery.relabel.node.output\n  forward_to = [pyroscope.write.profiles.receiver, pyroscope.write.profiles_dr.receiver]\n}',
    );
    expect(text).toContain('field = "spec.nodeName=" + sys.env("HOSTNAME")');
    expect(text).toContain('url = "http://pyroscope-dr.dr.svc:4040"');
  });

  test('the collector keeps the scraping of the pipeline that scrapes, and nothing of the one that does not', () => {
    const labels = collector(both).blocks.map((b) => `${b.name} ${b.label}`);
    expect(labels).toContain('pyroscope.write profiles');
    expect(labels.filter((l) => l.includes('profiles_dr'))).toEqual([]);
    expect(labels.filter((l) => l.startsWith('pyroscope.ebpf'))).toEqual([]);
  });

  test('needs: an eBPF-only pipeline runs the profiler, not the collector', () => {
    expect(pipelineNeeds({ p: profilesPipeline({ scrape: false, ebpf: true }) })).toMatchObject({
      ebpf: true,
      profilesScrape: false,
      collector: false,
    });
    expect(collector({ p: profilesPipeline({ scrape: false, ebpf: true }) }).blocks).toEqual([]);
    expect(
      pipelineNeeds({ p: profilesPipeline({ scrape: false, ebpf: true }), logs: defaultPipeline() }),
    ).toMatchObject({
      ebpf: true,
      collector: true,
    });
  });

  test('labels: a profiles pipeline shares the one label space of the ids, in both configurations', () => {
    expect(() => collector({ 'a-b': profilesPipeline(), a_b: tracesPipeline() })).toThrow(
      /"a-b" and "a_b" both become the Alloy label "a_b"/,
    );
    // The per-type components of a pipeline are labels too.
    expect(() => collector({ x: profilesPipeline(), x_cpu: defaultPipeline() })).toThrow(
      /both become the Alloy label "x_cpu"/,
    );
    expect(() =>
      profiler({
        'a-b': profilesPipeline({ scrape: false, ebpf: true }),
        a_b: profilesPipeline({ scrape: false, ebpf: true }),
      }),
    ).toThrow(/both become the Alloy label "a_b"/);
  });
});

describe.skipIf(!hasConfigKeys)(
  `what Alloy 1.18 accepts in a profiles chain (config-keys/alloy.tsv)${hasConfigKeys ? '' : ` ${SHARED_SKIP_MESSAGE}`}`,
  () => {
    const scenarios: [string, AlloyFile][] = [
      ['the collector, scraping', collector({ profiles: profilesPipeline() })],
      [
        'the collector, every signal',
        collector({
          logs: defaultPipeline(),
          traces: tracesPipeline(),
          profiles: profilesPipeline({ ebpf: true }),
        }),
      ],
      ['the profiler, one pipeline', profiler({ profiles: profilesPipeline({ ebpf: true }) })],
      [
        'the profiler, two pipelines',
        profiler({
          a: profilesPipeline({ ebpf: true }),
          b: profilesPipeline({ ebpf: true, scrape: false }),
        }),
      ],
    ];
    test.each(scenarios)(
      '%s: every component, argument and block exists, every required one is there',
      (_name, file) => {
        expect(file.blocks.length).toBeGreaterThan(0);
        expect(alloyReferenceViolations(file, loadAlloyReference(configKeysDir))).toEqual([]);
      },
    );
  },
);
