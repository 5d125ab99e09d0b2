import { createStack, type Part, render, setSizing } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { componentSizings } from './contract.js';
import { SIZING_NOTICE, sizing, sizingPlan } from './index.js';
import { EXAMPLE_LOADS } from './table.js';
import { everyComponent, loki, prometheus, sizedOf, tempo, thanosSidecarOnly } from './test-helpers.js';

const medium = EXAMPLE_LOADS.medium;
const renderOf = (...parts: Part[]) => render(createStack({ namespace: 'monitoring' }, parts));

describe('sizing() on a stack', () => {
  test("every component the plan sizes renders the plan's replicas, requests, limits and retention", () => {
    const result = renderOf(...everyComponent(), sizing(medium));
    const plan = componentSizings(sizingPlan(medium));
    for (const component of ['prometheus', 'thanos', 'loki', 'tempo', 'alloy']) {
      const sized = sizedOf(result, component);
      const planned = plan[component]!;
      expect(sized.replicas, component).toMatchObject(planned.replicas ?? {});
      for (const [container, resources] of Object.entries(planned.resources ?? {}))
        expect(sized.resources[container], `${component}/${container}`).toMatchObject(resources);
      if (planned.retention) expect(sized.retention, component).toBe(planned.retention);
    }
    // Concretely, for the medium cluster's Prometheus: 1M series ≈ 3 GiB of head.
    expect(sizedOf(result, 'prometheus').resources.prometheus).toEqual({
      requests: { cpu: '1600m', memory: '3200Mi' },
      limits: { memory: '6400Mi' },
    });
    // What the plan does not size stays as the component says.
    expect(sizedOf(result, 'alloy').resources['alloy-profiler']).toEqual(
      sizedOf(renderOf(...everyComponent()), 'alloy').resources['alloy-profiler'],
    );
  });

  test('sizes whichever components the stack has; the others are not problems', () => {
    const result = renderOf(prometheus(), tempo(), sizing(medium));
    expect(result.summary.notices.map((n) => n.id)).toContain(SIZING_NOTICE);
    expect(sizedOf(result, 'tempo').replicas).toEqual({ tempo: 1 });
    const notice = result.sections.notices[SIZING_NOTICE]!.message;
    expect(notice).toContain("prometheus({ storage: { size: '");
    expect(notice).toContain("tempo({ storage: { size: '");
    expect(notice).not.toContain('loki');
    expect(notice).not.toContain('thanos');
  });

  test('skips the parts a component turned off: Thanos that only ships blocks has no Store Gateway to size', () => {
    const result = renderOf(prometheus(), thanosSidecarOnly(), sizing(medium));
    expect(sizedOf(result, 'thanos')).toMatchObject({
      replicas: {},
      resources: { 'thanos-sidecar': { requests: { cpu: '50m' } } },
    });
    const notice = result.sections.notices[SIZING_NOTICE]!.message;
    expect(notice).toContain('prometheus/server');
    expect(notice).not.toContain('thanos/');
  });

  test('what the user passes to a component wins, and the notice says what it kept', () => {
    const own = prometheus({
      replicas: { server: 3 },
      resources: { prometheus: { requests: { memory: '8Gi' }, limits: { memory: '16Gi' } } },
    });
    const result = renderOf(own, sizing(medium));
    expect(sizedOf(result, 'prometheus')).toMatchObject({
      replicas: { server: 3 },
      resources: { prometheus: { requests: { memory: '8Gi' } } },
      retention: '15d',
    });
    expect(result.sections.notices[SIZING_NOTICE]!.message).toContain(
      'Kept as the stack set them (your options, or another part such as the Thanos sidecar): prometheus/server replicas 3 (plan 2); prometheus/prometheus memory 8Gi (plan 3200Mi).',
    );
    const ownRetention = renderOf(loki({ retention: '30d' }), sizing(medium));
    expect(sizedOf(ownRetention, 'loki').retention).toBe('30d');
    const notice = ownRetention.sections.notices[SIZING_NOTICE]!.message;
    expect(notice).toContain('loki retention 30d (plan 15d; its volume is sized for 30d)');
    // The volume to set is the one for the retention kept: twice the days, about twice the logs.
    const volume = (text: string) => Number(/loki\/loki[^\n]*volume (\d+)Gi/.exec(text)![1]);
    const planned = volume(renderOf(loki(), sizing(medium)).sections.notices[SIZING_NOTICE]!.message);
    expect(planned).toBe(50); // HA past 20 GB a day: each pod's WAL and caches, whatever the retention
    const small = { ...EXAMPLE_LOADS.small, logsGBPerDay: 10 };
    const ownSmall = volume(
      renderOf(loki({ retention: '30d' }), sizing(small)).sections.notices[SIZING_NOTICE]!.message,
    );
    expect(ownSmall).toBe(
      volume(
        renderOf(loki(), sizing({ ...small, retention: '30d' })).sections.notices[SIZING_NOTICE]!.message,
      ),
    );
    expect(ownSmall).toBeGreaterThan(
      volume(renderOf(loki(), sizing(small)).sections.notices[SIZING_NOTICE]!.message),
    );
  });

  test("the plan sizes over a platform's profile; a user-layer cap still bounds it", () => {
    const edge: Part = (stack) =>
      setSizing(
        stack,
        { source: '@test/platform', layer: 'platform' },
        { maxReplicas: 1, requestsFactor: 0.5 },
      );
    expect(sizedOf(renderOf(prometheus(), edge), 'prometheus').replicas).toEqual({ server: 1 });
    const planned = sizedOf(renderOf(prometheus(), sizing(medium), edge), 'prometheus');
    expect(planned.replicas).toEqual({ server: 2 });
    expect(planned.resources.prometheus!.requests.memory).toBe('3200Mi');
    const cap: Part = (stack) =>
      setSizing(stack, { source: '@test/user', layer: 'user' }, { maxReplicas: 1 });
    expect(sizedOf(renderOf(prometheus(), sizing(medium), cap), 'prometheus').replicas).toEqual({
      server: 1,
    });
  });

  test('past monolithic Loki, the plan leaves its replicas to its HA mode (a bucket is needed) and says so', () => {
    const result = renderOf(loki(), sizing(medium));
    expect(sizedOf(result, 'loki').replicas).toEqual({ loki: 1 });
    expect(sizedOf(result, 'loki').resources.loki!.requests.memory).toBe('4800Mi');
    const notice = result.sections.notices[SIZING_NOTICE]!;
    expect(notice.level).toBe('warning');
    expect(notice.message).toContain("loki/loki 3 (with loki({ mode: 'ha', objectStorage })) ×");
    expect(notice.message).not.toContain('loki/loki replicas');
    // HA as the user turns it on: its replicas are the component's own.
    expect(sizedOf(renderOf(loki({ replicas: { loki: 3 } }), sizing(medium)), 'loki').replicas).toEqual({
      loki: 3,
    });
  });

  test('the order of the parts does not change the output', () => {
    const components = everyComponent();
    const before = renderOf(sizing(medium), ...components);
    const after = renderOf(...components.reverse(), sizing(medium));
    expect(JSON.stringify(after.objects)).toBe(JSON.stringify(before.objects));
    expect(after.summary).toEqual(before.summary);
  });

  test("the notice warns past what a mode is documented for, and is the build summary's", () => {
    const small = renderOf(...everyComponent(), sizing(EXAMPLE_LOADS.small));
    expect(small.sections.notices[SIZING_NOTICE]!.level).toBe('info');
    const large = renderOf(...everyComponent(), sizing(EXAMPLE_LOADS.large));
    const notice = large.summary.notices.find((n) => n.id === SIZING_NOTICE)!;
    expect(notice.level).toBe('warning');
    expect(notice.message).toContain('Loki: 500 GB of logs a day is past the ~20 GB');
    expect(notice.message).toContain('tempo({ kafka: { address } })');
  });

  test("the notice's id is the one mixstack explain reads (by id: it does not import this package)", () => {
    expect(SIZING_NOTICE).toBe('lib-sizing-plan');
  });

  test('a stack with none of the sized components gets no notice', () => {
    expect(renderOf(sizing(medium)).sections.notices[SIZING_NOTICE]).toBeUndefined();
  });
});
