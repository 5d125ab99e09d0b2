import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { type AlloyContext, CONFIG_FILE, NAME } from './context.js';

/** `config.alloy`: every collector pipeline of the stack, printed by `syntax/printer.ts`. */
export function configMap(c: AlloyContext): IConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: NAME, namespace: c.namespace, labels: c.labels },
    data: { [CONFIG_FILE]: c.config },
  };
}
