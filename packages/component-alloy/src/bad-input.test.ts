import {
  adjustResources,
  createStack,
  type MixstackErrorCode,
  type Part,
  problemsOfPart,
  validateStack,
} from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { alloy } from './index.js';
import { logsPipeline, profilesPipeline, withPipeline } from './test-helpers.js';

/** One expected problem: its code, the option path and the offending value (the address is `alloy`). */
type Expected = [MixstackErrorCode, string | undefined, unknown];

describe('alloy() records every problem of its options, with the field, the value and a fix', () => {
  test.each<[string, unknown, Expected[]]>([
    ['an unknown option', { replicas: 2 }, [['INVALID_OPTION', 'replicas', 2]]],
    [
      'an image not pinned',
      { image: 'docker.io/grafana/alloy:latest' },
      [['INVALID_OPTION', 'image', 'docker.io/grafana/alloy:latest']],
    ],
    [
      'a CPU request that is no quantity',
      { resources: { requests: { cpu: 'lots' } } },
      [['INVALID_OPTION', 'resources.requests.cpu', 'lots']],
    ],
    [
      'tolerations that are no list',
      { tolerations: { operator: 'Exists' } },
      [['INVALID_OPTION', 'tolerations', { operator: 'Exists' }]],
    ],
    [
      'a toleration with an unknown operator',
      { tolerations: [{ operator: 'Always' }] },
      [['INVALID_OPTION', 'tolerations.0.operator', 'Always']],
    ],
    [
      'a node selector value that is no label value',
      { nodeSelector: { pool: 'has spaces' } },
      [['INVALID_OPTION', 'nodeSelector.pool', 'has spaces']],
    ],
    [
      'a namespace that is no DNS label',
      { namespace: 'Logs_Agent' },
      [['INVALID_OPTION', 'namespace', 'Logs_Agent']],
    ],
    [
      'a client without pod labels',
      { networkPolicy: { clients: { debug: { namespaceLabels: { team: 'sre' } } } } },
      [['INVALID_OPTION', 'networkPolicy.clients.debug', { namespaceLabels: { team: 'sre' } }]],
    ],
    ['enabled that is no boolean', { enabled: 'no' }, [['INVALID_OPTION', 'enabled', 'no']]],
    [
      'a profiler namespace that is no DNS label',
      { profiler: { namespace: 'eBPF' } },
      [['INVALID_OPTION', 'profiler.namespace', 'eBPF']],
    ],
    [
      'a profiler memory limit that is no quantity',
      { profiler: { resources: { limits: { memory: 'a lot' } } } },
      [['INVALID_OPTION', 'profiler.resources.limits.memory', 'a lot']],
    ],
    [
      'an unknown profiler option',
      { profiler: { privileged: true } },
      [['INVALID_OPTION', 'profiler.privileged', true]],
    ],
    [
      'three mistakes at once: all three',
      { image: 'alloy', namespace: '-x', resources: { limits: { memory: 12 } } },
      [
        ['INVALID_OPTION', 'image', 'alloy'],
        ['INVALID_OPTION', 'namespace', '-x'],
        ['INVALID_OPTION', 'resources.limits.memory', 12],
      ],
    ],
  ])('%s', (_case, options, expected) => {
    let part: Part | undefined;
    expect(() => {
      part = alloy(options as never);
    }).not.toThrow();
    const problems = problemsOfPart(part!);
    expect(problems.map((p) => [p.code, p.address, p.path, p.value])).toEqual(
      expected.map(([code, path, value]) => [code, 'alloy', path, value]),
    );
    for (const problem of problems) expect(problem.hint).toBeTruthy();
  });

  test('values another package sets are checked too, in the same run as the options', () => {
    const tooMuch: Part = (stack) =>
      adjustResources(stack, { source: 'test', layer: 'override' }, 'alloy', 'alloy', {
        requests: { memory: '1Gi' },
      });
    const problems = validateStack(createStack({}, [alloy({ namespace: 'X' }), tooMuch]));
    expect(problems.map((p) => [p.code, p.address, p.path])).toEqual([
      ['INVALID_OPTION', 'alloy', 'namespace'],
      ['INVALID_OPTION', 'alloy', 'resources.alloy.requests.memory'],
    ]);
  });

  test('pipelines whose ids become one Alloy label are reported, naming both, and nothing is rendered', () => {
    const problems = validateStack(
      createStack({}, [
        alloy(),
        withPipeline('app-logs', logsPipeline()),
        withPipeline('app_logs', logsPipeline()),
      ]),
    );
    expect(problems.map((p) => [p.code, p.address, p.value])).toEqual([
      ['INVALID_NAME', 'alloy/configMap', 'app_logs'],
    ]);
    expect(problems[0]!.message).toContain(
      '"app-logs" and "app_logs" both become the Alloy label "app_logs"',
    );
  });

  test('a derived namespace longer than a DNS label is reported, with the option that fixes it', () => {
    const long = 'x'.repeat(60);
    const problems = validateStack(
      createStack({ namespace: long }, [alloy(), withPipeline('logs', logsPipeline({ source: 'files' }))]),
    );
    expect(problems.map((p) => [p.code, p.address, p.path])).toEqual([
      ['INVALID_NAME', 'alloy', 'namespace'],
    ]);
    // Through the API the pods run in the stack's namespace: the derived one is not used.
    expect(
      validateStack(createStack({ namespace: long }, [alloy(), withPipeline('logs', logsPipeline())])),
    ).toEqual([]);
  });

  test('a derived profiler namespace longer than a DNS label is reported, with the option that fixes it', () => {
    const long = 'x'.repeat(60);
    const ebpf = withPipeline('profiles', profilesPipeline({ ebpf: true }));
    const problems = validateStack(createStack({ namespace: long }, [alloy(), ebpf]));
    expect(problems.map((p) => [p.code, p.address, p.path])).toEqual([
      ['INVALID_NAME', 'alloy', 'profiler.namespace'],
    ]);
    expect(problems[0]!.hint).toContain('alloy({ profiler: { namespace } })');
    // Named, it is fine; without eBPF the derived name is not used.
    expect(
      validateStack(createStack({ namespace: long }, [alloy({ profiler: { namespace: 'ebpf' } }), ebpf])),
    ).toEqual([]);
    expect(
      validateStack(
        createStack({ namespace: long }, [alloy(), withPipeline('profiles', profilesPipeline())]),
      ),
    ).toEqual([]);
  });

  test('the profiler’s namespace must be its own: not the stack’s, nor the collector’s', () => {
    const ebpf = withPipeline('profiles', profilesPipeline({ ebpf: true }));
    const files = withPipeline('logs', logsPipeline({ source: 'files' }));
    for (const [options, parts] of [
      [{ profiler: { namespace: 'monitoring' } }, [ebpf]],
      [{ namespace: 'agents', profiler: { namespace: 'agents' } }, [ebpf, files]],
    ] as const) {
      const problems = validateStack(createStack({ namespace: 'monitoring' }, [alloy(options), ...parts]));
      expect(problems.map((p) => [p.code, p.address, p.path, p.value])).toContainEqual([
        'INVALID_NAME',
        'alloy',
        'profiler.namespace',
        options.profiler.namespace,
      ]);
    }
  });
});
