import type { CommonValues } from '@mixstack/core';
import { containerResources, image, imageVersion, retentionSizeFor, storageClassOf } from '@mixstack/kit';
import type { PrometheusServerOptions } from '../../config/prometheus-server.js';
import { persistentOperatorPods } from '../operator-pods.js';
import { prometheusObjectLabels, prometheusObjectName, prometheusSelector } from './labels.js';

/** What the Prometheus resource needs to know about the rest of the stack. */
export interface PrometheusContext {
  /** The stack's Alertmanager Service (`alertmanager-<name>`), when it has one. */
  alertmanagerService?: string;
  /** The namespaces to read monitors and rules in; undefined for all. */
  namespaces?: readonly string[];
}

/** A selector of namespaces by name; `{}` (every namespace) without a list. */
export function namespaceSelector(namespaces: readonly string[] | undefined): Record<string, unknown> {
  if (namespaces === undefined) return {};
  return {
    matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [...namespaces] }],
  };
}

/** The `Prometheus` resource from which the operator builds the StatefulSet. */
export function prometheusResource(
  values: PrometheusServerOptions,
  common: CommonValues,
  context: PrometheusContext,
) {
  const version = imageVersion(values.image);
  const namespaces = namespaceSelector(context.namespaces);
  const storageClassName = storageClassOf(values.storage.storageClass, common);
  const features = [...(values.exemplars ? ['exemplar-storage'] : []), ...values.enableFeatures];
  return {
    apiVersion: 'monitoring.coreos.com/v1' as const,
    kind: 'Prometheus' as const,
    metadata: { name: values.name, namespace: common.namespace, labels: prometheusObjectLabels(values) },
    spec: {
      replicas: values.replicas,
      image: image(values.image, common),
      ...(version ? { version } : {}),
      serviceAccountName: prometheusObjectName(values),
      podMetadata: { labels: prometheusObjectLabels(values) },
      nodeSelector: { ...values.nodeSelector },
      resources: containerResources(values.resources),
      retention: values.retention,
      retentionSize: values.retentionSize ?? retentionSizeFor(values.storage.size),
      ...persistentOperatorPods({
        replicas: values.replicas,
        selector: prometheusSelector(values),
        storageSize: values.storage.size,
        storageClassName,
      }),
      scrapeInterval: values.scrapeInterval,
      evaluationInterval: values.evaluationInterval,
      externalLabels: { ...values.externalLabels, cluster: common.cluster },
      ...(values.externalUrl ? { externalUrl: values.externalUrl } : {}),
      ...(features.length > 0 ? { enableFeatures: [...new Set(features)] } : {}),
      ...(values.exemplars ? { exemplars: { maxSize: values.exemplars.maxSize } } : {}),
      enableRemoteWriteReceiver: values.remoteWriteReceiver,
      ...(context.alertmanagerService
        ? {
            alerting: {
              alertmanagers: [
                {
                  apiVersion: 'v2',
                  name: context.alertmanagerService,
                  namespace: common.namespace,
                  port: 'web',
                },
              ],
            },
          }
        : {}),
      ruleSelector: { matchLabels: { ...values.ruleLabels } },
      ruleNamespaceSelector: namespaces,
      serviceMonitorSelector: {},
      serviceMonitorNamespaceSelector: namespaces,
      podMonitorSelector: {},
      podMonitorNamespaceSelector: namespaces,
      probeSelector: {},
      probeNamespaceSelector: namespaces,
      scrapeConfigSelector: {},
      scrapeConfigNamespaceSelector: namespaces,
    },
  };
}
