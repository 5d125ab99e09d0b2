/**
 * A component written for these tests with core's `defineComponent`: the platform has never
 * heard of it, and acts on it through core's contracts only. It renders one ConfigMap holding
 * what it reads from the stack: the StorageClass and its external URL.
 */
import { defineComponent, type KubeObject, options } from '@mixstack/core';

export const archive = defineComponent<{ retention: string }, { retention?: string }>({
  name: 'archive',
  source: 'test',
  schema: options.object({ retention: options.duration() }),
  defaults: () => ({ retention: '7d' }),
  build: ({ values, common, contracts }) => ({
    config: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'archive', namespace: common.namespace },
      data: {
        retention: values.retention,
        storageClass: common.storageClass ?? '',
        externalUrl: contracts.externalUrl ?? '',
      },
    } as KubeObject,
  }),
});
