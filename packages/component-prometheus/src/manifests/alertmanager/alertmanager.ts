import type { CommonValues, ResolvedAlerting } from '@mixstack/core';
import { containerResources, image, imageVersion, storageClassOf } from '@mixstack/kit';
import type { AlertmanagerOptions } from '../../config/alertmanager.js';
import { persistentOperatorPods } from '../operator-pods.js';
import { alertmanagerObjectLabels, alertmanagerObjectName, alertmanagerSelector } from './labels.js';

/** The `Alertmanager` resource from which the operator builds the StatefulSet. */
export function alertmanagerResource(
  values: AlertmanagerOptions,
  common: CommonValues,
  alerting: ResolvedAlerting,
) {
  const version = imageVersion(values.image);
  const storageClassName = storageClassOf(values.storage.storageClass, common);
  const secrets = [...new Set(Object.values(alerting.secretMounts).map((mount) => mount.secretName))].sort();
  return {
    apiVersion: 'monitoring.coreos.com/v1' as const,
    kind: 'Alertmanager' as const,
    metadata: { name: values.name, namespace: common.namespace, labels: alertmanagerObjectLabels(values) },
    spec: {
      replicas: values.replicas,
      image: image(values.image, common),
      ...(version ? { version } : {}),
      serviceAccountName: alertmanagerObjectName(values),
      // Alertmanager does not talk to the API server.
      automountServiceAccountToken: false,
      configSecret: alertmanagerObjectName(values),
      ...(secrets.length > 0 ? { secrets } : {}),
      podMetadata: { labels: alertmanagerObjectLabels(values) },
      nodeSelector: { ...values.nodeSelector },
      resources: containerResources(values.resources),
      retention: values.retention,
      ...persistentOperatorPods({
        replicas: values.replicas,
        selector: alertmanagerSelector(values),
        storageSize: values.storage.size,
        storageClassName,
      }),
      ...(values.externalUrl ? { externalUrl: values.externalUrl } : {}),
    },
  };
}
