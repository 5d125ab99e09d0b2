import { type CommonValues, canonicalize, contentHash, type ResolvedAlerting, toYaml } from '@mixstack/core';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import type { AlertmanagerOptions } from '../../config/alertmanager.js';
import { alertmanagerConfig } from './config.js';
import { alertmanagerObjectLabels, alertmanagerObjectName } from './labels.js';

/** The annotation with the SHA-256 of the configuration, derived from its content. */
export const CONFIG_CHECKSUM_ANNOTATION = 'mixstack.dev/config-checksum';

/**
 * The configuration Secret (`configSecret` of the Alertmanager resource): `alertmanager.yaml`
 * and the notification templates. It holds no credential, only the paths of mounted Secrets.
 */
export function alertmanagerSecret(
  values: AlertmanagerOptions,
  common: CommonValues,
  alerting: ResolvedAlerting,
): ISecret {
  const config = alertmanagerConfig(values, alerting);
  const templates = Object.fromEntries(
    Object.keys(alerting.templates)
      .sort()
      .map((file) => [file, alerting.templates[file]!]),
  );
  const data = { 'alertmanager.yaml': toYaml(canonicalize(config)), ...templates };
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: alertmanagerObjectName(values),
      namespace: common.namespace,
      labels: alertmanagerObjectLabels(values),
      annotations: { [CONFIG_CHECKSUM_ANNOTATION]: contentHash(data) },
    },
    type: 'Opaque',
    stringData: data,
  };
}
