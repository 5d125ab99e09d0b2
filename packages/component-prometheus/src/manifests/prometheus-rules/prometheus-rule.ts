import type { IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { type CommonValues, type Mixin, MixstackError } from '@mixstack/core';

/**
 * One PrometheusRule with every alerting and recording rule group of a mixin, labelled so that
 * the Prometheus `ruleSelector` loads it; undefined for a mixin without rules (dashboards only).
 * Alert groups come first, then recording groups, as kube-prometheus' mixin library does.
 */
export function mixinPrometheusRule(
  mixinName: string,
  mixin: Mixin,
  ruleLabels: Readonly<Record<string, string>>,
  common: CommonValues,
): IPrometheusRule | undefined {
  const groups = [...(mixin.prometheusAlerts?.groups ?? []), ...(mixin.prometheusRules?.groups ?? [])];
  if (groups.length === 0) return undefined;
  const names = new Set<string>();
  for (const group of groups) {
    // Prometheus loads each PrometheusRule as one file, and a file's group names must be unique.
    if (names.has(group.name)) {
      throw new MixstackError({
        code: 'DUPLICATE_ADDRESS',
        message: `rule group "${group.name}" of mixin "${mixinName}" is both an alerting and a recording group`,
        address: `mixin/${mixinName}`,
        path: 'prometheusRules.groups',
        value: group.name,
        hint: 'give the recording group another name (such as "<name>.rules"): Prometheus rejects two groups of one name in a rule file',
      });
    }
    names.add(group.name);
  }
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: `${mixinName}-rules`,
      namespace: common.namespace,
      labels: { 'app.kubernetes.io/name': mixinName, 'app.kubernetes.io/part-of': 'mixstack', ...ruleLabels },
    },
    spec: {
      groups: groups.map((group) => ({
        name: group.name,
        ...(group.interval !== undefined ? { interval: group.interval } : {}),
        ...(group.limit !== undefined ? { limit: group.limit } : {}),
        rules: group.rules.map((rule) => ({ ...rule })),
      })),
    },
  } as IPrometheusRule;
}
