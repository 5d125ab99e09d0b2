import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { CONFIG_FILE } from '../config/tempo-config.js';
import { NAME, type TempoContext } from './context.js';

/** `tempo-config`: Tempo's configuration file, mounted at `/etc/tempo`. */
export function configMap(c: TempoContext, config: string): IConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `${NAME}-config`, namespace: c.namespace, labels: c.labels },
    data: { [CONFIG_FILE]: config },
  };
}
