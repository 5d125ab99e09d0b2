import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { builtinKinds } from '../validate/builtin-kinds.js';
import type { KindDefinition } from '../validate/kinds.js';
import { comparePaths, kustomization, objectPath } from './files.js';

const kinds = new Map<string, KindDefinition>(
  builtinKinds.map((kind) => [`${kind.apiVersion}/${kind.kind}`, kind]),
);

describe('objectPath', () => {
  test.each([
    ['prometheus/serviceMonitor', { apiVersion: 'v1', kind: 'Service' }, 'prometheus-serviceMonitor.yaml'],
    ['stack/namespace', { apiVersion: 'v1', kind: 'Namespace' }, 'setup/stack-namespace.yaml'],
    [
      'operator/crdPrometheuses',
      { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' },
      'setup/operator-crdPrometheuses.yaml',
    ],
    ['x/widget', { apiVersion: 'example.com/v1', kind: 'Widget' }, 'x-widget.yaml'],
  ])('%s → %s', (address, object, path) => {
    expect(objectPath(address, object, kinds)).toBe(path);
  });
});

describe('comparePaths and kustomization', () => {
  test('setup/ sorts first, then by code unit', () => {
    expect(['b.yaml', 'setup/z.yaml', 'A.yaml', 'setup/a.yaml', 'a.yaml'].sort(comparePaths)).toEqual([
      'setup/a.yaml',
      'setup/z.yaml',
      'A.yaml',
      'a.yaml',
      'b.yaml',
    ]);
  });

  test('the kustomization lists the resources in that order', () => {
    expect(parse(kustomization(['b.yaml', 'setup/ns.yaml', 'a.yaml']))).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['setup/ns.yaml', 'a.yaml', 'b.yaml'],
    });
  });
});
