import { describe, expect, test } from 'vitest';
import {
  type AlloyReference,
  alloyReferenceViolations,
  loadAlloyReference,
} from '../alloy-reference.test-helpers.js';
import { attribute, block, reference } from '../syntax/model.js';
import { printAlloy } from '../syntax/printer.js';
import {
  configKeysDir,
  defaultPipeline,
  filesPipeline,
  hasConfigKeys,
  logsPipeline,
  SHARED_SKIP_MESSAGE,
  storeService,
  traceStoreService,
  tracesPipeline,
} from '../test-helpers.js';
import { alloyConfig, labelOf, pipelineNeeds } from './index.js';

const scenarios = {
  'through the API, with events and a JSON stage': { logs: defaultPipeline() },
  'from the node’s files, with every kind of stage': { logs: filesPipeline() },
  'two pipelines to two stores': {
    'loki-app': defaultPipeline(),
    'audit.logs': logsPipeline({
      destination: storeService('audit', 'security'),
      staticLabels: { team: 'sec' },
    }),
  },
  // The traces chain (traces.ts): one OTLP receiver and its processors, an exporter per store.
  'one traces pipeline': { traces: tracesPipeline() },
  'two traces pipelines, logs from files': {
    logs: filesPipeline(),
    traces: tracesPipeline(),
    'traces-copy': tracesPipeline(traceStoreService('tempo-dr', 'dr')),
  },
};

describe('a logs pipeline as Alloy components', () => {
  const text = printAlloy(alloyConfig({ logs: defaultPipeline() }, 'prod-eu', 'alloy/configMap'));

  test('the pods of its own node only, through a field selector on the node name from the downward API', () => {
    expect(text).toContain(
      [
        'discovery.kubernetes "logs" {',
        '  role = "pod"',
        '  selectors {',
        '    role = "pod"',
        '    field = "spec.nodeName=" + sys.env("HOSTNAME")',
        '  }',
        '}',
      ].join('\n'),
    );
  });

  test('stream labels namespace, pod, container, app (app.kubernetes.io/name, else app) and node', () => {
    for (const [target, sources] of [
      ['namespace', '["__meta_kubernetes_namespace"]'],
      ['pod', '["__meta_kubernetes_pod_name"]'],
      ['container', '["__meta_kubernetes_pod_container_name"]'],
      ['app', '["__meta_kubernetes_pod_label_app_kubernetes_io_name", "__meta_kubernetes_pod_label_app"]'],
      ['node', '["__meta_kubernetes_pod_node_name"]'],
    ])
      expect(text).toMatch(
        new RegExp(
          `source_labels = ${sources!.replace(/[[\]]/g, '\\$&')}\\n(.*\\n)?\\s*target_label = "${target}"`,
        ),
      );
    expect(text).toContain('regex = ";*([^;]+).*"');
  });

  test('through the API; the events to a processing of their own; the cluster and static labels on every line', () => {
    expect(text).toContain(
      'loki.source.kubernetes "logs" {\n  targets = discovery.relabel.logs.output\n  forward_to = [loki.process.logs.receiver]\n}',
    );
    expect(text).toContain(
      // One pod of the Alloy cluster gathers the events, not every node's.
      'loki.source.kubernetes_events "logs" {\n  forward_to = [loki.process.logs_events.receiver]\n  clustering {\n    enabled = true\n  }\n}',
    );
    expect(text).toContain(
      'stage.static_labels {\n    values = {\n      cluster = "prod-eu",\n      source = "alloy",\n    }\n  }',
    );
    expect(text).toContain(
      'loki.write "logs" {\n  endpoint {\n    url = "http://loki.monitoring.svc:3100/loki/api/v1/push"\n  }\n}',
    );
    expect(text).not.toContain('local.file_match');
    expect(pipelineNeeds({ logs: defaultPipeline() })).toEqual({
      nodeLogFiles: false,
      cluster: true,
      otlp: false,
      profilesScrape: false,
      ebpf: false,
      collector: true,
    });
  });

  test('from files: the kubelet’s paths, the CRI format first, then the stages in their order', () => {
    const files = printAlloy(alloyConfig({ logs: filesPipeline() }, 'c', 'alloy/configMap'));
    expect(files).toContain(
      'separator = "/"\n    replacement = "/var/log/pods/*$1/*.log"\n    target_label = "__path__"',
    );
    expect(files).toContain('local.file_match "logs" {\n  path_targets = discovery.relabel.logs.output\n}');
    expect(files).toContain('loki.source.file "logs" {\n  targets = local.file_match.logs.targets');
    const order = [
      'stage.cri',
      'stage.multiline',
      'stage.logfmt',
      'stage.labels',
      'stage.drop',
      'stage.static_labels',
    ];
    const positions = order.map((stage) => files.indexOf(`  ${stage} {`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(files).toContain('firstline = "^\\\\d{4}-\\\\d{2}-\\\\d{2}"');
    expect(files).toContain('drop_counter_reason = "health_checks"');
    expect(files).not.toContain('loki.source.kubernetes');
    expect(pipelineNeeds({ a: defaultPipeline(), b: filesPipeline() })).toEqual({
      nodeLogFiles: true,
      cluster: true,
      otlp: false,
      profilesScrape: false,
      ebpf: false,
      collector: true,
    });
    expect(pipelineNeeds({ b: filesPipeline() })).toEqual({
      nodeLogFiles: true,
      cluster: false,
      otlp: false,
      profilesScrape: false,
      ebpf: false,
      collector: true,
    });
  });

  test('each pipeline is its own chain, labelled by its id made an identifier', () => {
    const two = printAlloy(alloyConfig(scenarios['two pipelines to two stores'], 'c', 'alloy/configMap'));
    expect(two).toContain('loki.write "audit_logs"');
    expect(two).toContain('url = "http://audit.security.svc:3100/loki/api/v1/push"');
    expect(two).toContain('loki.write "loki_app"');
    expect(labelOf('9lives')).toBe('_9lives');
    expect(labelOf('true')).toBe('_true');
  });

  test('two ids that become one label are refused, naming both', () => {
    expect(() => alloyConfig({ 'a-b': logsPipeline(), a_b: logsPipeline() }, 'c', 'alloy/configMap')).toThrow(
      /"a-b" and "a_b" both become the Alloy label "a_b"/,
    );
    // The events' processing of one pipeline is a label too.
    expect(() =>
      alloyConfig({ x: logsPipeline({ events: true }), x_events: logsPipeline() }, 'c', 'alloy/configMap'),
    ).toThrow(/both become the Alloy label "x_events"/);
  });
});

describe.skipIf(!hasConfigKeys)(
  `what Alloy 1.18 accepts (config-keys/alloy.tsv and the source’s requirements)${hasConfigKeys ? '' : ` ${SHARED_SKIP_MESSAGE}`}`,
  () => {
    const loaded = (): AlloyReference => loadAlloyReference(configKeysDir);

    test.each(Object.entries(scenarios))(
      '%s: every component, argument and block exists, every required one is there',
      (_name, pipelines) => {
        expect(alloyReferenceViolations(alloyConfig(pipelines, 'c', 'alloy/configMap'), loaded())).toEqual(
          [],
        );
      },
    );

    test('the check finds what Alloy would refuse', () => {
      const bad = {
        blocks: [
          block(
            'loki.process',
            [block('stage.labels', []), block('stage.json', [attribute('expresions', 'x')])],
            { label: 'a' },
          ),
          block('loki.writer', [], { label: 'a' }),
          block(
            'discovery.relabel',
            [attribute('targets', reference('discovery.kubernetes', 'nope', 'targets'))],
            { label: 'a' },
          ),
          block(
            'loki.source.file',
            [attribute('targets', reference('loki.process', 'a', 'output')), attribute('forward_to', [])],
            { label: 'a' },
          ),
          block(
            'loki.write',
            [block('endpoint', [attribute('url', 'x')]), block('wal', []), block('wal', [])],
            { label: 'a' },
          ),
        ],
      };
      expect(alloyReferenceViolations(bad, loaded())).toEqual([
        'loki.process "a": loki.process requires argument "stage.labels.values"',
        'loki.process "a": loki.process has no attribute "stage.json.expresions"',
        'loki.process "a": loki.process requires argument "forward_to"',
        'loki.writer "a": Alloy 1.18 has no component loki.writer',
        'discovery.relabel "a": targets references discovery.kubernetes "nope", which the file does not define',
        'loki.source.file "a": targets references loki.process.a.output, an export loki.process does not have',
        'loki.write "a": block "wal" of loki.write may not repeat',
      ]);
    });
  },
);
