import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { CONFIG_FILE } from '../config/loki-config.js';
import { type LokiContext, NAME, RULES_NAME } from './context.js';

/** `loki-config`: Loki's configuration file, mounted at `/etc/loki/config`. */
export function configMap(c: LokiContext, config: string): IConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `${NAME}-config`, namespace: c.namespace, labels: c.labels },
    data: { [CONFIG_FILE]: config },
  };
}

/**
 * `loki-rules`: the ruler's rule files (every mixin's log alerts and recording rules), mounted
 * as the directory of the tenant `fake`. The ruler polls it, so a change needs no restart.
 */
export function rulesConfigMap(c: LokiContext, files: Record<string, string>): IConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: RULES_NAME, namespace: c.namespace, labels: c.labels },
    data: files,
  };
}
