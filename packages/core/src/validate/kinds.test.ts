import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { describe, expect, test } from 'vitest';
import { issuesFromAjvErrors, kindFromModel, type ModelClass } from './kinds.js';

describe('kindFromModel', () => {
  const kind = kindFromModel(ConfigMap as ModelClass, { namespaced: true });

  test('takes apiVersion and kind from the model and keeps the options', () => {
    expect(kind).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', namespaced: true });
  });

  test('validates with the upstream schema', () => {
    expect(
      kind.validate!({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { a: 'b' } }),
    ).toEqual([]);
    expect(
      kind.validate!({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { a: 1 } }),
    ).toEqual([{ path: 'data.a', message: 'must be string', value: 1 }]);
  });

  test('reports a model that throws without ajv errors as one issue at the root', () => {
    class Throwing {
      static readonly apiVersion = 'example.com/v1';
      static readonly kind = 'Throwing';
      validate(): void {
        throw new Error('broken model');
      }
    }
    const throwing = kindFromModel(Throwing as unknown as ModelClass, { namespaced: false });
    expect(throwing.validate!({})).toEqual([{ path: '', message: 'broken model' }]);
  });
});

describe('issuesFromAjvErrors', () => {
  const object = { spec: { 'a/b': { 'c~d': 5 }, list: [{ x: 1 }] } };

  test('turns JSON pointers into dotted paths, unescaping ~1 and ~0, with the value found there', () => {
    expect(
      issuesFromAjvErrors(object, [{ instancePath: '/spec/a~1b/c~0d', message: 'must be string' }]),
    ).toEqual([{ path: 'spec.a/b.c~d', message: 'must be string', value: 5 }]);
    expect(issuesFromAjvErrors(object, [{ instancePath: '/spec/list/0/x' }])).toEqual([
      { path: 'spec.list.0.x', message: 'is invalid', value: 1 },
    ]);
  });

  test('points a missing required property at the property itself', () => {
    expect(
      issuesFromAjvErrors(object, [
        {
          instancePath: '/spec',
          keyword: 'required',
          params: { missingProperty: 'name' },
          message: "must have required property 'name'",
        },
      ]),
    ).toEqual([{ path: 'spec.name', message: 'is required', value: undefined }]);
    expect(
      issuesFromAjvErrors(object, [
        { instancePath: '', keyword: 'required', params: { missingProperty: 'spec' } },
      ])[0]?.path,
    ).toBe('spec');
  });
});
