import { createStack, render } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { prometheus } from '../prometheus.js';
import { mixinSelectors } from './selectors.js';

/**
 * The job a ServiceMonitor endpoint produces: the Service's `jobLabel` label value, or else its
 * name. Services the cluster owns (the apiserver's) are not rendered: their selector says the label.
 */
function jobsOf(files: ReadonlyMap<string, string>): Set<string> {
  const objects = [...files.entries()]
    .filter(([path]) => path.endsWith('.yaml'))
    .map(([, text]) => parse(text));
  const services = objects.filter((o) => o.kind === 'Service');
  const jobs = new Set<string>();
  for (const monitor of objects.filter((o) => o.kind === 'ServiceMonitor')) {
    const match = monitor.spec.selector.matchLabels as Record<string, string>;
    const service = services.find((s) =>
      Object.entries(match).every(([k, v]) => s.metadata.labels?.[k] === v),
    );
    const labelValue =
      monitor.spec.jobLabel &&
      (service?.metadata.labels?.[monitor.spec.jobLabel] ?? match[monitor.spec.jobLabel]);
    jobs.add(labelValue ?? service?.metadata.name ?? monitor.spec.jobLabel ?? monitor.metadata.name);
  }
  return jobs;
}

describe('mixin selectors', () => {
  test('name the jobs of the ServiceMonitors this package renders', () => {
    const result = render(
      createStack({ namespace: 'obs' }, [prometheus({ name: 'main', alertmanager: { name: 'ops' } })]),
    );
    const selectors = mixinSelectors(result.values);
    expect(selectors.prometheus).toBe('job="prometheus-main", namespace="obs"');
    expect(selectors.alertmanager).toBe('job="alertmanager-ops", namespace="obs"');
    const jobs = jobsOf(result.files);
    for (const key of [
      'nodeExporter',
      'kubeStateMetrics',
      'prometheus',
      'alertmanager',
      'prometheusOperator',
      'apiserver',
    ] as const) {
      const job = /job="([^"]+)"/.exec(selectors[key])![1]!;
      expect(jobs, `${key} selects job ${job}`).toContain(job);
    }
  });

  test.each([
    [false, false, true],
    [true, false, false],
    [true, true, true],
    [false, true, true],
  ])(
    'follow the control-plane settings: managed %s, platform scrapes it %s → scheduler and controller manager scraped %s',
    (managedControlPlane, platformScrapesControlPlane, scraped) => {
      const result = render(
        createStack({ managedControlPlane, platformScrapesControlPlane }, [prometheus()]),
      );
      expect(mixinSelectors(result.values).schedulerAndControllerManagerScraped).toBe(scraped);
    },
  );
});
