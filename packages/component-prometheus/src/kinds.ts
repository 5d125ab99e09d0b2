// Model classes are imported one by one: the package index of @kubernetes-models/prometheus-operator
// loads every model and takes seconds, and `mixstack build` should start in well under one.

import { Alertmanager } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/Alertmanager';
import { PodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import { Prometheus } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/Prometheus';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import {
  addKinds,
  type EmbeddedExpression,
  type KindDefinition,
  type KubeObject,
  kindFromModel,
  type ModelClass,
  type Stack,
  type Workload,
} from '@mixstack/core';
import { SOURCE } from './config/shared.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function stringMap(value: unknown): Record<string, string> {
  if (!isObject(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

/**
 * The pods prometheus-operator creates for a Prometheus or Alertmanager resource, as core's
 * checks need to see them. The operator labels every pod with these selector labels (they
 * win over `spec.podMetadata.labels`, which it copies too).
 */
function operatorWorkload(object: KubeObject, app: 'prometheus' | 'alertmanager'): Workload | undefined {
  const name = object.metadata?.name;
  const spec = (object as { spec?: unknown }).spec;
  if (!name || !isObject(spec)) return undefined;
  const podMetadata = isObject(spec.podMetadata) ? spec.podMetadata : {};
  const selectorLabels: Record<string, string> = {
    'app.kubernetes.io/name': app,
    'app.kubernetes.io/managed-by': 'prometheus-operator',
    'app.kubernetes.io/instance': name,
    [app]: name,
    ...(app === 'prometheus' ? { 'operator.prometheus.io/name': name } : {}),
  };
  const constraints = spec.topologySpreadConstraints;
  const antiAffinity = isObject(spec.affinity) ? spec.affinity.podAntiAffinity : undefined;
  return {
    namespace: object.metadata?.namespace ?? '',
    podLabels: { ...stringMap(podMetadata.labels), ...selectorLabels },
    // The operator's default is one replica.
    replicas: typeof spec.replicas === 'number' ? spec.replicas : 1,
    serviceAccountName: typeof spec.serviceAccountName === 'string' ? spec.serviceAccountName : undefined,
    spread:
      (Array.isArray(constraints) && constraints.length > 0) ||
      (isObject(antiAffinity) && Object.keys(antiAffinity).length > 0),
  };
}

/** Every rule expression of a PrometheusRule, so that core parses them with the PromQL grammar. */
export function ruleExpressions(object: KubeObject): EmbeddedExpression[] {
  const groups = (object as { spec?: { groups?: unknown } }).spec?.groups;
  if (!Array.isArray(groups)) return [];
  return groups.flatMap((group, g) => {
    const rules = isObject(group) && Array.isArray(group.rules) ? group.rules : [];
    return rules.flatMap((rule, r) =>
      isObject(rule) && typeof rule.expr === 'string'
        ? [{ path: `spec.groups.${g}.rules.${r}.expr`, language: 'promql' as const, expression: rule.expr }]
        : [],
    );
  });
}

/**
 * The prometheus-operator kinds this package renders, validated with the schemas of
 * @kubernetes-models/prometheus-operator. Other kinds of the operator (Probe, ScrapeConfig,
 * AlertmanagerConfig, ...) are not rendered here; a part that renders one registers it.
 */
export const prometheusOperatorKinds: readonly KindDefinition[] = [
  kindFromModel(Prometheus as unknown as ModelClass, {
    namespaced: true,
    workload: (object) => operatorWorkload(object, 'prometheus'),
  }),
  kindFromModel(Alertmanager as unknown as ModelClass, {
    namespaced: true,
    workload: (object) => operatorWorkload(object, 'alertmanager'),
  }),
  kindFromModel(ServiceMonitor as unknown as ModelClass, { namespaced: true }),
  kindFromModel(PodMonitor as unknown as ModelClass, { namespaced: true }),
  kindFromModel(PrometheusRule as unknown as ModelClass, { namespaced: true, expressions: ruleExpressions }),
];

/** Registers the kinds; every part of this package does, so that any subset of them renders. */
export function withPrometheusOperatorKinds(stack: Stack): Stack {
  return addKinds(stack, SOURCE, prometheusOperatorKinds);
}
