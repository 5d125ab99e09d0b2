import {
  addException,
  addPatch,
  createStack,
  type KubeObject,
  type MixstackError,
  type Part,
  validateStack,
} from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { oneCompactorPerBucket } from './compactor-check.js';
import { ONE_COMPACTOR_CHECK, thanos } from './index.js';
import { userObject } from './test-helpers.js';

const GCS = { objectStorage: { type: 'gcs', bucket: 'acme-thanos' }, sidecar: { enabled: false } } as const;

/** A Deployment of the user's running `thanos compact` with the given objstore flag and replicas. */
function compactor(
  objstore: string[],
  replicas = 1,
  volumes: unknown[] = [],
  mounts: unknown[] = [],
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'my-compactor', namespace: 'monitoring' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'my-compactor' } },
      template: {
        metadata: { labels: { app: 'my-compactor' } },
        spec: {
          containers: [
            {
              name: 'thanos',
              image: 'quay.io/thanos/thanos:v0.42.4',
              args: ['compact', '--wait', ...objstore],
              volumeMounts: mounts,
            },
          ],
          volumes,
        },
      },
    },
  } as unknown as KubeObject;
}

const problemsOf = (parts: Part[]): MixstackError[] =>
  validateStack(createStack({ namespace: 'monitoring' }, parts)).filter((p) =>
    p.message.includes(ONE_COMPACTOR_CHECK),
  );

describe('exactly one Compactor per bucket, a build error otherwise', () => {
  test("thanos()'s own Compactor alone passes", () => {
    expect(problemsOf([thanos(GCS)])).toEqual([]);
  });

  test('a second Compactor of the user on the same bucket (the Secret followed through its mount) names both objects and the fix', () => {
    const second = compactor(
      ['--objstore.config-file=/conf/objstore.yaml'],
      1,
      [{ name: 'conf', secret: { secretName: 'thanos-objstore' } }],
      [{ name: 'conf', mountPath: '/conf' }],
    );
    const problems = problemsOf([thanos(GCS), userObject('compactor', second)]);
    expect(problems.map((p) => p.address).sort()).toEqual(['thanos/compactStatefulSet', 'user/compactor']);
    for (const problem of problems) {
      expect(problem.message).toContain('2 pods run "thanos compact" on the bucket GCS/acme-thanos');
      expect(problem.message).toContain('thanos/compactStatefulSet (1 pod)');
      expect(problem.message).toContain('user/compactor (1 pod)');
      expect(problem.hint).toContain('keep one Compactor per bucket');
    }
  });

  test('an inline --objstore.config on the same bucket counts; on another bucket it does not', () => {
    const same = compactor(['--objstore.config=type: GCS\nconfig:\n  bucket: acme-thanos\n']);
    expect(problemsOf([thanos(GCS), userObject('compactor', same)])).toHaveLength(2);
    const other = compactor(['--objstore.config=type: GCS\nconfig:\n  bucket: acme-other\n']);
    expect(problemsOf([thanos(GCS), userObject('compactor', other)])).toEqual([]);
  });

  test('a patch that scales the Compactor to two pods is refused', () => {
    const scale: Part = (stack) =>
      addPatch(stack, {
        id: 'test/scale-compactor',
        source: 'test',
        target: 'objects',
        apply: (objects) => {
          const set = objects['thanos/compactStatefulSet'] as unknown as { spec: Record<string, unknown> };
          return {
            ...objects,
            'thanos/compactStatefulSet': {
              ...set,
              spec: { ...set.spec, replicas: 2 },
            } as unknown as KubeObject,
          };
        },
      });
    const problems = problemsOf([thanos(GCS), scale]);
    expect(problems.map((p) => [p.address, p.value])).toEqual([['thanos/compactStatefulSet', 2]]);
  });

  test('on a directory of each pod (filesystem) there is no shared bucket to guard', () => {
    const run = oneCompactorPerBucket.run;
    const fs = compactor(['--objstore.config=type: FILESYSTEM\nconfig:\n  directory: /data\n'], 2);
    expect(run([{ address: 'user/compactor', object: fs, workload: workloadOf(fs, 2) }])).toEqual([]);
  });

  test('a user Secret the stack does not render stands for one bucket; other Thanos commands are not compactors', () => {
    const withSecret = (name: string) =>
      compactor(
        ['--objstore.config-file=/conf/objstore.yaml'],
        1,
        [{ name: 'conf', secret: { secretName: name } }],
        [{ name: 'conf', mountPath: '/conf' }],
      );
    const a = withSecret('mine');
    const run = (objects: KubeObject[]) =>
      oneCompactorPerBucket.run(
        objects.map((object, i) => ({ address: `user/o${i}`, object, workload: workloadOf(object, 1) })),
      );
    expect(run([a, withSecret('mine')])).toHaveLength(2);
    expect(run([a, withSecret('theirs')])).toEqual([]);
    const store = compactor(
      ['--objstore.config-file=/conf/objstore.yaml'],
      1,
      [{ name: 'conf', secret: { secretName: 'mine' } }],
      [{ name: 'conf', mountPath: '/conf' }],
    );
    (store as unknown as { spec: { template: { spec: { containers: { args: string[] }[] } } } }).spec.template
      .spec.containers[0]!.args[0] = 'store';
    expect(run([a, store])).toEqual([]);
  });

  test('compactors sharded on purpose pass with an exception that says so', () => {
    const same = compactor(['--objstore.config=type: GCS\nconfig:\n  bucket: acme-thanos\n']);
    const except: Part = (stack) =>
      addException(
        addException(stack, {
          address: 'user/compactor',
          check: ONE_COMPACTOR_CHECK,
          reason: 'sharded by --selector.relabel-config',
          source: 'test',
        }),
        {
          address: 'thanos/compactStatefulSet',
          check: ONE_COMPACTOR_CHECK,
          reason: 'sharded by --selector.relabel-config',
          source: 'test',
        },
      );
    expect(problemsOf([thanos(GCS), userObject('compactor', same), except])).toEqual([]);
  });
});

/** The workload facts core gives a check for a Deployment. */
function workloadOf(object: KubeObject, replicas: number) {
  const spec = (object as unknown as { spec: { template: { spec: Record<string, unknown> } } }).spec;
  return {
    namespace: 'monitoring',
    podLabels: {},
    replicas,
    podSpec: spec.template.spec,
    podSpecPath: 'spec.template.spec',
  };
}
