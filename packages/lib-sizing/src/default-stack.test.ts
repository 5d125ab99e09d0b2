/**
 * sizing() on the real default stack of the meta-package (`defaultStack()`), not on stand-ins:
 * the plan must land in the objects the real components render, and only there.
 */
import { type RenderResult, render } from '@mixstack/core';
import {
  alloy,
  createStack,
  defaultStack,
  grafana,
  loki,
  type Part,
  prometheus,
  pyroscope,
  type Stack,
  tempo,
} from 'mixstack';
import { describe, expect, test } from 'vitest';
import { KEEPS_DATA } from './contract.js';
import { SIZING_NOTICE, sizing, sizingPlan } from './index.js';
import { memoryQuantity } from './quantities.js';
import {
  plannedResources,
  renderedWorkload,
  sizedAgainstPlan,
  specAt,
  workloadId,
} from './real-stack.test-helpers.js';
import { EXAMPLE_LOADS, loadSummary } from './table.js';

const medium = EXAMPLE_LOADS.medium;

/** The parts of `defaultStack()`, to put sizing() among them (a test below proves they are the same stack). */
const defaultParts = (): Part[] => [grafana(), prometheus(), loki(), tempo(), pyroscope(), alloy()];
const stackOf = (...parts: Part[]): Stack => createStack({ namespace: 'monitoring' }, parts);

const unsized = render(defaultStack());

describe('sizing() on the default stack', () => {
  test("the issue's load is the README table's medium cluster", () => {
    expect(medium).toEqual({ activeSeries: 1_000_000, logsGBPerDay: 50, spansPerSecond: 2000, nodes: 30 });
  });

  test.each(Object.keys(EXAMPLE_LOADS) as (keyof typeof EXAMPLE_LOADS)[])(
    "the %s cluster: Prometheus, Loki, Tempo and the collector render the plan's replicas, requests, limits and retention",
    (name) => {
      const load = EXAMPLE_LOADS[name];
      const plan = sizingPlan(load);
      const sized = render(sizing(load)(defaultStack()));
      const present = plan.workloads.filter((w) => unsized.stack.components[w.component] !== undefined);
      // Every signal of the default stack is sized; Thanos is not in it.
      expect(present.map(workloadId)).toEqual([
        'prometheus/server',
        'loki/loki',
        'tempo/tempo',
        'alloy/alloy',
      ]);

      const { actual, expected } = sizedAgainstPlan(plan, sized, unsized, present);
      expect(actual).toEqual(expected);
      // One collector pod per node: a DaemonSet, whatever the load.
      const collector = present.find((w) => w.component === 'alloy')!;
      expect(renderedWorkload(sized, collector)).toMatchObject({ kind: 'DaemonSet', replicas: undefined });
      // Loki past the monolithic volume keeps its one pod: HA needs a bucket, which is the user's call.
      const lokiPlan = present.find((w) => w.component === 'loki')!;
      expect(renderedWorkload(sized, lokiPlan).replicas).toBe(
        lokiPlan.replicasOption ? renderedWorkload(unsized, lokiPlan).replicas : lokiPlan.replicas,
      );

      expect(specAt(sized, 'prometheus/prometheus').retention).toBe(plan.load.retention);
      for (const component of KEEPS_DATA)
        expect(sized.stack.components[component]?.retention, component).toBe(plan.load.retention);
    },
  );

  test.each(Object.keys(EXAMPLE_LOADS) as (keyof typeof EXAMPLE_LOADS)[])(
    "the %s cluster: the plan's notice is in the build summary, one line for each workload the stack runs",
    (name) => {
      const plan = sizingPlan(EXAMPLE_LOADS[name]);
      const sized = render(sizing(EXAMPLE_LOADS[name])(defaultStack()));
      const notice = sized.summary.notices.find((n) => n.id === SIZING_NOTICE);
      expect(notice).toBeDefined();
      const lines = notice!.message.split('\n');
      expect(lines[0]).toBe(`Sized from load (lib-sizing): ${loadSummary(plan)}.`);
      for (const w of plan.workloads) {
        const line = lines.filter((l) => l.startsWith(`- ${workloadId(w)} `));
        if (w.component === 'thanos') expect(line, workloadId(w)).toEqual([]);
        else {
          expect(line, workloadId(w)).toHaveLength(1);
          if (w.storageOption) expect(line[0]).toContain(`(set ${w.storageOption})`);
        }
      }
      // Nothing of the default stack is set by hand: the plan is applied whole.
      expect(notice!.message).not.toContain(
        'Kept as the stack set them (your options, or another part such as the Thanos sidecar)',
      );
      for (const warning of plan.warnings) expect(lines).toContain(warning);
      expect(notice!.level).toBe(plan.warnings.length > 0 ? 'warning' : 'info');
      // The table's small cluster is within every documented mode; the others are not.
      expect(plan.warnings.length > 0).toBe(name !== 'small');
    },
  );

  test('the plan changes the files of the components it sizes, and no other file', () => {
    const sized = render(sizing(medium)(defaultStack()));
    expect([...sized.files.keys()]).toEqual([...unsized.files.keys()]);
    const componentOf = new Map(sized.objects.map((o) => [o.path, o.component]));
    const changed = [...sized.files.keys()].filter(
      (path) => sized.files.get(path) !== unsized.files.get(path),
    );
    expect(new Set(changed.map((path) => componentOf.get(path)))).toEqual(
      new Set(['prometheus', 'loki', 'tempo', 'alloy']),
    );
  });
});

describe('what the user passes wins over the plan', () => {
  const own = {
    prometheus: { requests: { cpu: '4', memory: '8Gi' }, limits: { memory: '16Gi' } },
    loki: { requests: { cpu: '3', memory: '6Gi' }, limits: { memory: '12Gi' } },
  };
  const result: RenderResult = render(
    stackOf(
      grafana(),
      prometheus({ replicas: 3, resources: own.prometheus }),
      loki({ resources: own.loki }),
      tempo(),
      pyroscope(),
      alloy(),
      sizing(medium),
    ),
  );
  const plan = sizingPlan(medium);
  const planned = (id: string) => plan.workloads.find((w) => workloadId(w) === id)!;

  test('prometheus({ replicas, resources }) and loki({ resources }) render as given', () => {
    expect(specAt(result, 'prometheus/prometheus')).toMatchObject({ replicas: 3, resources: own.prometheus });
    expect(renderedWorkload(result, planned('loki/loki')).resources).toEqual(own.loki);
  });

  test('the plan still sizes what the user left to it', () => {
    const { actual, expected } = sizedAgainstPlan(plan, result, unsized, [
      planned('tempo/tempo'),
      planned('alloy/alloy'),
    ]);
    expect(actual).toEqual(expected);
    // Retention is an option of its own: the user passed none, so the plan's applies.
    expect(specAt(result, 'prometheus/prometheus').retention).toBe(plan.load.retention);
  });

  test("Loki's HA mode, which the plan leaves to the user: its pods are the plan's count, each sized by the plan", () => {
    const lokiPlan = planned('loki/loki');
    expect(lokiPlan.replicasOption).toBe("loki({ mode: 'ha', objectStorage })");
    const ha = loki({ mode: 'ha', objectStorage: { type: 'gcs', bucket: 'acme-logs' } });
    const sized = render(stackOf(grafana(), prometheus(), ha, sizing(medium)));
    const own = render(stackOf(grafana(), prometheus(), ha));
    expect(renderedWorkload(sized, lokiPlan)).toMatchObject({
      replicas: lokiPlan.replicas,
      resources: plannedResources(lokiPlan, renderedWorkload(own, lokiPlan).resources),
    });
    const notice = sized.sections.notices[SIZING_NOTICE]!;
    expect(notice.message).not.toContain('Kept as the stack set them');
    // The stack follows the plan's advice already: no warning to run Loki's HA replicas.
    expect(notice.message).not.toContain('Loki:');
    expect(
      render(stackOf(grafana(), prometheus(), loki(), sizing(medium))).sections.notices[SIZING_NOTICE]!
        .message,
    ).toContain('Loki:');
  });

  test('the notice says what the options kept, against the plan', () => {
    const notice = result.sections.notices[SIZING_NOTICE]!.message;
    const p = planned('prometheus/server');
    expect(notice).toContain(
      `Kept as the stack set them (your options, or another part such as the Thanos sidecar): prometheus/server replicas 3 (plan ${p.replicas}); ` +
        `prometheus/prometheus memory 8Gi (plan ${memoryQuantity(p.memory!)}); ` +
        `loki/loki memory 6Gi (plan ${memoryQuantity(planned('loki/loki').memory!)}).`,
    );
  });
});

describe('the order of the parts does not change the output', () => {
  test('the default parts are the default stack', () => {
    expect([...render(stackOf(...defaultParts())).files]).toEqual([...unsized.files]);
  });

  test('sizing() first, last or among the components: byte-identical files', () => {
    const last = render(sizing(medium)(defaultStack()));
    const first = render(stackOf(sizing(medium), ...defaultParts()));
    const parts = defaultParts().reverse();
    const between = render(stackOf(...parts.slice(0, 3), sizing(medium), ...parts.slice(3)));
    expect([...first.files]).toEqual([...last.files]);
    expect([...between.files]).toEqual([...last.files]);
    // And the order did not hide the plan: these are the sized files.
    expect(last.files.get('prometheus-prometheus.yaml')).not.toBe(
      unsized.files.get('prometheus-prometheus.yaml'),
    );
  });
});
