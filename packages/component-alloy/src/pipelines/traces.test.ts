import { describe, expect, test } from 'vitest';
import { alloyReferenceViolations, loadAlloyReference } from '../alloy-reference.test-helpers.js';
import { attribute, block } from '../syntax/model.js';
import { printAlloy } from '../syntax/printer.js';
import {
  configKeysDir,
  defaultPipeline,
  hasConfigKeys,
  logsPipeline,
  SHARED_SKIP_MESSAGE,
  traceStoreService,
  tracesPipeline,
} from '../test-helpers.js';
import { alloyConfig, pipelineNeeds } from './index.js';

const print = (pipelines: Parameters<typeof alloyConfig>[0]) =>
  printAlloy(alloyConfig(pipelines, 'prod-eu', 'alloy/configMap'));

/** How many times `needle` occurs in `text`. */
const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('a traces pipeline as Alloy components', () => {
  const text = print({ traces: tracesPipeline() });

  test('one OTLP receiver on every interface, gRPC 4317 and HTTP 4318, into the memory limiter', () => {
    expect(text).toContain(
      [
        'otelcol.receiver.otlp "apps" {',
        '  grpc {',
        '    endpoint = "0.0.0.0:4317"',
        '  }',
        '  http {',
        '    endpoint = "0.0.0.0:4318"',
        '  }',
        '  output {',
        '    traces = [otelcol.processor.memory_limiter.apps.input]',
        '  }',
        '}',
      ].join('\n'),
    );
  });

  test('the memory limiter checks every second, in percentages of the container’s limit', () => {
    expect(text).toContain(
      [
        'otelcol.processor.memory_limiter "apps" {',
        '  check_interval = "1s"',
        '  limit_percentage = 80',
        '  spike_limit_percentage = 20',
        '  output {',
        '    traces = [otelcol.processor.k8sattributes.apps.input]',
        '  }',
        '}',
      ].join('\n'),
    );
  });

  test('k8sattributes: namespace, pod, node, deployment and service name, from the pod that opened the connection, on this node', () => {
    expect(text).toContain(
      [
        'otelcol.processor.k8sattributes "apps" {',
        '  extract {',
        '    metadata = [',
        '      "k8s.namespace.name",',
        '      "k8s.pod.name",',
        '      "k8s.pod.uid",',
        '      "k8s.node.name",',
        '      "k8s.deployment.name",',
        '      "service.name",',
        '    ]',
        '  }',
        '  filter {',
        '    node = sys.env("HOSTNAME")',
        '  }',
        '  pod_association {',
        '    source {',
        '      from = "connection"',
        '    }',
        '  }',
        '  output {',
        '    traces = [otelcol.processor.batch.apps.input]',
        '  }',
        '}',
      ].join('\n'),
    );
  });

  test('batched, then exported over OTLP gRPC to the store, without TLS inside the cluster', () => {
    expect(text).toContain(
      'otelcol.processor.batch "apps" {\n  output {\n    traces = [otelcol.exporter.otlp.traces.input]\n  }\n}',
    );
    expect(text).toContain(
      [
        '// The traces pipeline "traces": where the spans go (monitoring/tempo).',
        'otelcol.exporter.otlp "traces" {',
        '  client {',
        '    endpoint = "tempo.monitoring.svc:4317"',
        '    tls {',
        '      insecure = true',
        '    }',
        '  }',
        '}',
      ].join('\n'),
    );
    // Nothing of a logs pipeline.
    expect(text).not.toMatch(/loki\.|discovery\./);
    expect(pipelineNeeds({ traces: tracesPipeline() })).toEqual({
      nodeLogFiles: false,
      cluster: false,
      otlp: true,
      profilesScrape: false,
      ebpf: false,
      collector: true,
    });
  });

  test('several traces pipelines fan out from one receiver: one chain, one exporter each', () => {
    const two = print({
      'b-traces': tracesPipeline(traceStoreService('tempo-dr', 'dr')),
      a: tracesPipeline(),
      logs: defaultPipeline(),
    });
    for (const component of [
      'otelcol.receiver.otlp',
      'otelcol.processor.memory_limiter',
      'otelcol.processor.k8sattributes',
      'otelcol.processor.batch',
    ])
      expect(count(two, `${component} "`)).toBe(1);
    expect(count(two, '0.0.0.0:4317')).toBe(1);
    expect(two).toContain('traces = [otelcol.exporter.otlp.a.input, otelcol.exporter.otlp.b_traces.input]');
    expect(two).toContain(
      'otelcol.exporter.otlp "a" {\n  client {\n    endpoint = "tempo.monitoring.svc:4317"',
    );
    expect(two).toContain(
      'otelcol.exporter.otlp "b_traces" {\n  client {\n    endpoint = "tempo-dr.dr.svc:4317"',
    );
    // The shared chain is printed before the first exporter, the logs chain keeps its place.
    expect(two.indexOf('otelcol.receiver.otlp "apps"')).toBeLessThan(
      two.indexOf('otelcol.exporter.otlp "a"'),
    );
    expect(two).toContain('loki.write "logs"');
    expect(pipelineNeeds({ a: tracesPipeline(), logs: defaultPipeline() })).toEqual({
      nodeLogFiles: false,
      cluster: true,
      otlp: true,
      profilesScrape: false,
      ebpf: false,
      collector: true,
    });
  });

  test('without a traces pipeline, no OTLP component at all', () => {
    expect(print({ logs: logsPipeline() })).not.toContain('otelcol.');
  });

  test('a traces and a logs pipeline whose ids become one label are refused, naming both', () => {
    // Different components, but one label space per id: the rule stays simple and predictable.
    expect(() =>
      alloyConfig({ 'x-y': tracesPipeline(), x_y: logsPipeline() }, 'c', 'alloy/configMap'),
    ).toThrow(/"x-y" and "x_y" both become the Alloy label "x_y"/);
  });
});

describe.skipIf(!hasConfigKeys)(
  `the OTLP components Alloy 1.18 accepts${hasConfigKeys ? '' : ` ${SHARED_SKIP_MESSAGE}`}`,
  () => {
    test('the check finds what Alloy would refuse in an OTLP chain', () => {
      const bad = {
        blocks: [
          block('otelcol.processor.k8sattributes', [block('pod_association', []), block('output', [])], {
            label: 'a',
          }),
          block('otelcol.exporter.otlp', [block('client', [block('tls', [attribute('insecure', true)])])], {
            label: 'a',
          }),
          block('otelcol.processor.memory_limiter', [block('output', [])], { label: 'a' }),
          block('otelcol.receiver.otlp', [block('grpc', [attribute('port', 4317)]), block('output', [])], {
            label: 'a',
          }),
        ],
      };
      expect(alloyReferenceViolations(bad, loadAlloyReference(configKeysDir))).toEqual([
        // Alloy's source requires a source in each pod_association (alloy-source-diff.tsv).
        'otelcol.processor.k8sattributes "a": otelcol.processor.k8sattributes requires block "pod_association.source"',
        'otelcol.exporter.otlp "a": otelcol.exporter.otlp requires argument "client.endpoint"',
        'otelcol.processor.memory_limiter "a": otelcol.processor.memory_limiter requires argument "check_interval"',
        'otelcol.receiver.otlp "a": otelcol.receiver.otlp has no attribute "grpc.port"',
      ]);
    });
  },
);
