import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { addComponent, addPatch, createStack, definePart } from './compose.js';
import { isMixstackError } from './errors.js';
import type { KubeObject } from './kube.js';
import { commonOptionsSchema } from './options/common.js';
import {
  array,
  boolean,
  byteSize,
  check,
  dnsLabel,
  dnsSubdomain,
  duration,
  either,
  integer,
  labels,
  nonEmptyString,
  object,
  oneOf,
  orFalse,
  parseOptions,
  pinnedImage,
  quantity,
  record,
  required,
  type Schema,
  string,
} from './options/schema.js';
import { render, validateStack } from './render/render.js';
import type { Part } from './stack.js';
import { compliantObjects, stackOf } from './validate/checks/test-helpers.js';

/**
 * Whatever users pass, mixstack answers with a MixstackError (or a result), never with a
 * TypeError from deep inside: the fuzz tests hold the public entry points to that.
 */
function onlyMixstackErrors(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!isMixstackError(error)) throw error;
    expect(error.hint.length).toBeGreaterThan(0);
  }
}

const RUNS = { numRuns: 150 };

// Keys that have tripped up option parsers: Object.prototype members, and near-misses of real options.
const trickyKey = fc.oneof(
  fc.string(),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', ''),
  fc.constantFrom(
    'namespace',
    'namespce',
    'labels',
    'cluster',
    'createNamespace',
    'imageRegistry',
    'storageClass',
  ),
);

const anything = fc.anything({
  key: trickyKey,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
});

// Values close to valid common options, with the occasional wrong type or extra key.
const nearString = fc.oneof(
  fc.constantFrom(
    'monitoring',
    'Monitoring',
    'team-a',
    '-a',
    'a.b',
    '',
    'x'.repeat(64),
    'registry.example.com/mirror',
    'https://x',
  ),
  fc.string(),
);
const nearValidCommon = fc.record(
  {
    namespace: fc.oneof(nearString, anything),
    createNamespace: fc.oneof(fc.boolean(), fc.constantFrom('true', 0, null)),
    cluster: nearString,
    labels: fc.oneof(fc.dictionary(trickyKey, fc.oneof(nearString, fc.integer())), anything),
    imageRegistry: nearString,
    platform: nearString,
    storageClass: nearString,
    managedControlPlane: fc.oneof(fc.boolean(), anything),
    extra: anything,
  },
  { requiredKeys: [] },
);

const validPart: Part = definePart('valid', (stack) => stack);
const parts: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  entry: fc.oneof(
    { depthSize: 'small' },
    anything,
    fc.constant(validPart),
    fc.constantFrom(false, null, undefined, true),
    fc.func(anything),
    fc.array(tie('entry'), { maxLength: 3 }),
  ),
})).entry;

describe('fuzz: createStack', () => {
  test('random common options and parts', () => {
    fc.assert(
      fc.property(anything, anything, (common, entries) => {
        onlyMixstackErrors(() => createStack(common as never, entries as never));
      }),
      RUNS,
    );
  });

  test('near-valid common options and part lists', () => {
    fc.assert(
      fc.property(nearValidCommon, fc.array(parts, { maxLength: 5 }), (common, entries) => {
        onlyMixstackErrors(() => createStack(common as never, entries as Part[]));
      }),
      RUNS,
    );
  });
});

describe('fuzz: options schema validators', () => {
  const schemas: [string, Schema<unknown>][] = [
    ['string', string({ pattern: /^v\d+$/, minLength: 1, maxLength: 8 })],
    ['nonEmptyString', nonEmptyString()],
    ['dnsLabel', dnsLabel()],
    ['dnsSubdomain', dnsSubdomain()],
    ['quantity', quantity()],
    ['duration', duration()],
    ['byteSize', byteSize()],
    ['integer', integer({ min: 0, max: 10 })],
    ['boolean', boolean()],
    ['oneOf', oneOf(['service', 'pod'])],
    ['array', array(dnsLabel(), { minLength: 1, unique: true })],
    ['record', record(integer())],
    ['labels', labels()],
    ['required', required(quantity())],
    ['object', object({ size: quantity(), nested: object({ name: required(dnsLabel()) }) })],
    ['orFalse', orFalse(object({ bucket: required(nonEmptyString()) }))],
    ['either', either(integer(), array(string()))],
    ['check', check(integer(), (n) => (n % 2 ? 'odd' : undefined), 'pass an even number')],
    ['pinnedImage', pinnedImage()],
    ['common options', commonOptionsSchema],
  ];

  test.each(schemas)('%s accepts or rejects anything with a MixstackError', (_name, schema) => {
    fc.assert(
      fc.property(anything, (value) => {
        onlyMixstackErrors(() => parseOptions(schema, value, 'fuzz'));
        onlyMixstackErrors(() => schema.parse(value, { address: 'fuzz', path: ['a', 'b'] }));
      }),
      RUNS,
    );
  });

  test('image references of any shape', () => {
    const reference = fc.stringMatching(/^[a-z0-9.:/@_-]{0,40}$/);
    fc.assert(
      fc.property(reference, (value) =>
        onlyMixstackErrors(() => pinnedImage().parse(value, { address: 'fuzz', path: [] })),
      ),
      RUNS,
    );
  });
});

describe('fuzz: render', () => {
  const camelKey = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,8}$/);
  // Objects that look like Kubernetes objects, broken in random places.
  const nearObject = fc.record(
    {
      apiVersion: fc.oneof(fc.constantFrom('v1', 'apps/v1', 'example.com/v1beta1'), anything),
      kind: fc.oneof(fc.constantFrom('ConfigMap', 'Deployment', 'Service', 'Namespace', 'Widget'), anything),
      metadata: fc.oneof(
        fc.record(
          {
            name: nearString,
            namespace: fc.oneof(nearString, anything),
            labels: anything,
            annotations: anything,
          },
          { requiredKeys: [] },
        ),
        anything,
      ),
      spec: anything,
      data: anything,
    },
    { requiredKeys: [] },
  );

  test('components building random objects get MixstackErrors from validate and render', () => {
    fc.assert(
      fc.property(fc.dictionary(camelKey, fc.oneof(nearObject, anything), { maxKeys: 4 }), (built) => {
        const part = definePart('fuzz', (stack) =>
          addComponent(stack, {
            name: 'fuzz',
            source: 'fuzz',
            build: () => built as Record<string, KubeObject>,
          }),
        );
        const stack = createStack({}, [part]);
        onlyMixstackErrors(() => validateStack(stack));
        onlyMixstackErrors(() => render(stack));
      }),
      { numRuns: 100 },
    );
  });

  test('an objects patch returning anything gets a MixstackError', () => {
    fc.assert(
      fc.property(fc.oneof(anything, fc.dictionary(fc.string(), nearObject, { maxKeys: 3 })), (returned) => {
        const stack = addPatch(stackOf(compliantObjects()), {
          id: 'fuzz',
          source: 'fuzz',
          target: 'objects',
          apply: () => returned as Record<string, KubeObject>,
        });
        onlyMixstackErrors(() => render(stack));
      }),
      { numRuns: 50 },
    );
  });
});
