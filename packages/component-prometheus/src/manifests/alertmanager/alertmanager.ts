import type { CommonValues, ResolvedAlerting } from '@mixstack/core';
import type { AlertmanagerOptions } from '../../config/alertmanager.js';
import { containerResources, image, imageVersion, storageClassOf } from '../common.js';
import { alertmanagerObjectLabels, alertmanagerObjectName, alertmanagerSelector } from './labels.js';

/** The `Alertmanager` resource from which the operator builds the StatefulSet. */
export function alertmanagerResource(values: AlertmanagerOptions, common: CommonValues, alerting: ResolvedAlerting) {
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
      securityContext: {
        fsGroup: 2000,
        runAsGroup: 2000,
        runAsNonRoot: true,
        runAsUser: 1000,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      ...(values.replicas > 1
        ? {
            topologySpreadConstraints: [
              {
                maxSkew: 1,
                topologyKey: 'kubernetes.io/hostname',
                whenUnsatisfiable: 'ScheduleAnyway',
                labelSelector: { matchLabels: alertmanagerSelector(values) },
              },
            ],
          }
        : {}),
      retention: values.retention,
      storage: {
        volumeClaimTemplate: {
          spec: {
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: values.storage.size } },
            ...(storageClassName ? { storageClassName } : {}),
          },
        },
      },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      ...(values.externalUrl ? { externalUrl: values.externalUrl } : {}),
    },
  };
}
