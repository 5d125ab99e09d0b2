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

  test('an object with undefined fields is validated as the model sees it (without them), one without as it is: same issues', () => {
    const base = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } };
    const cases: Record<string, unknown>[] = [
      { ...base, data: { a: 'b' } },
      { ...base, data: { a: 1, b: 'c' } },
      { ...base, data: { a: 'b' }, binaryData: { x: 2 } },
      { ...base, metadata: { name: 'a', labels: { team: 3 } } },
      { ...base, unknownField: true },
    ];
    for (const object of cases) {
      const withUndefined = {
        ...object,
        immutable: undefined,
        metadata: { ...(object.metadata as object), namespace: undefined },
      };
      const direct = kind.validate!(object as never);
      expect(kind.validate!(withUndefined as never), JSON.stringify(object)).toEqual(direct);
      expect(direct, JSON.stringify(object)).toEqual(
        kind.validate!({ ...object, apiVersion: 'v1', kind: 'ConfigMap' } as never),
      );
    }
    expect(kind.validate!(cases[1] as never)).toEqual([
      { path: 'data.a', message: 'must be string', value: 1 },
    ]);
    // A field holding undefined is absent to the schema: not "must be string".
    expect(kind.validate!({ ...base, data: { a: undefined } } as never)).toEqual([]);
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
