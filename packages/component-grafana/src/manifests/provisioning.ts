import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import { NAME } from '../labels.js';
import type { GrafanaContext } from './context.js';

export const DATASOURCES_FILE = 'datasources.yaml';
export const PROVIDERS_FILE = 'providers.yaml';

/**
 * The datasources provisioning file, as a Secret because that is where Grafana's provisioning
 * of datasources usually lives. It holds no secret value: secure settings are `$__env{...}`
 * references to variables fed from the user's Secrets (`secretEnv`).
 */
export function datasourcesSecret(context: GrafanaContext, file: string): ISecret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: `${NAME}-datasources`, namespace: context.namespace, labels: context.labels },
    type: 'Opaque',
    stringData: { [DATASOURCES_FILE]: file },
  };
}

/** The dashboard providers: one per mixin, each with its own folder. */
export function dashboardProvidersConfigMap(context: GrafanaContext, file: string): IConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `${NAME}-dashboard-providers`, namespace: context.namespace, labels: context.labels },
    data: { [PROVIDERS_FILE]: file },
  };
}
