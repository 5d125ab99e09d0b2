import { createStack, render, validateStack } from '@mixstack/core';
import { alloy, loki } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { dropAlerts, imageRegistry, patchAlert, setResources } from './index.js';

/**
 * The logs components take the day-one overrides with no edit to lib-rules: it knows their
 * alerts by name (the mixins section), their containers by the resources contract and their
 * images by the stack's mirror.
 */
describe('lib-rules on Loki and the collector', () => {
  const result = render(
    createStack({ namespace: 'monitoring' }, [
      loki(),
      alloy(),
      dropAlerts(['LokiRequestLatency']),
      patchAlert('LokiRequestErrors', { for: '30m', labels: { team: 'platform' } }),
      setResources('loki', 'loki', { requests: { memory: '1Gi' }, limits: { memory: '4Gi' } }),
      setResources('alloy', 'alloy', { limits: { memory: '1Gi' } }),
      imageRegistry('registry.example.com/mirror'),
    ]),
  );
  const alerts = Object.values(result.sections.mixins).flatMap((mixin) =>
    (mixin.prometheusAlerts?.groups ?? []).flatMap((group) => group.rules),
  );

  test('drops and patches Loki’s alerts by name', () => {
    expect(alerts.map((rule) => rule.alert)).not.toContain('LokiRequestLatency');
    expect(alerts.find((rule) => rule.alert === 'LokiRequestErrors')).toMatchObject({
      for: '30m',
      labels: { team: 'platform' },
    });
  });

  test('sets the resources of both containers and mirrors both images', () => {
    const container = (file: string) => parse(result.files.get(file)!).spec.template.spec.containers[0];
    const lokiContainer = container('loki-statefulSet.yaml');
    const alloyContainer = container('alloy-daemonSet.yaml');
    expect(lokiContainer.resources).toMatchObject({ requests: { memory: '1Gi' }, limits: { memory: '4Gi' } });
    expect(alloyContainer.resources.limits).toEqual({ memory: '1Gi' });
    expect(lokiContainer.image).toMatch(/^registry\.example\.com\/mirror\/grafana\/loki:3\.8\./);
    expect(alloyContainer.image).toMatch(/^registry\.example\.com\/mirror\/grafana\/alloy:v1\.18\./);
  });

  test('a name that does not exist is still reported with the closest', () => {
    const problems = validateStack(
      createStack({}, [loki(), alloy(), setResources('loki', 'lokki', { limits: { memory: '1Gi' } })]),
    );
    expect(problems.map((p) => p.message).join('\n')).toMatch(/lokki/);
  });
});
