import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { CONFIG_FILE } from '../config/pyroscope-config.js';
import { NAME, type PyroscopeContext } from './context.js';

/** `pyroscope-config`: Pyroscope's configuration file, mounted at `/etc/pyroscope`. */
export function configMap(c: PyroscopeContext, config: string): IConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `${NAME}-config`, namespace: c.namespace, labels: c.labels },
    data: { [CONFIG_FILE]: config },
  };
}
