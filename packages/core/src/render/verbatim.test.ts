import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import type { CommonOptions } from '../compose.js';
import { addComponent, addPatch, createStack, definePart } from '../compose.js';
import type { KubeObject } from '../kube.js';
import { render, toYamlStream } from './render.js';
import { canonicalize, toYaml } from './serialize.js';
import { verbatimYamlOf, withVerbatimYaml } from './verbatim.js';

/** A CRD as upstream writes it: a leading document marker, its own key order and indentation. */
const UPSTREAM_TEXT = `---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names:
    kind: Widget
    listKind: WidgetList
    plural: widgets
    singular: widget
  scope: Namespaced
  versions:
  - name: v1
    schema:
      openAPIV3Schema:
        type: object
    served: true
    storage: true
`;

const widgetCrd = () => withVerbatimYaml(parse(UPSTREAM_TEXT) as KubeObject, UPSTREAM_TEXT);

function stackWith(build: () => Record<string, KubeObject>, common: CommonOptions = {}) {
  const part = definePart('widgets', (stack) =>
    addComponent(stack, { name: 'widgets', source: 'widgets', build }),
  );
  return createStack({ namespace: 'monitoring', createNamespace: false, ...common }, [part]);
}

describe('withVerbatimYaml', () => {
  test('render writes the marked object as its text, without the leading marker', () => {
    const result = render(stackWith(() => ({ widgetCrd: widgetCrd() })));
    const text = result.files.get('setup/widgets-widgetCrd.yaml')!;
    expect(text).toBe(UPSTREAM_TEXT.slice('---\n'.length));
    // Not the canonical serialization (sequence indentation differs), but the same object.
    expect(text).not.toBe(toYaml(canonicalize(result.objects[0]!.object)));
    expect(parse(text)).toEqual(result.objects[0]!.object);
    expect(toYamlStream(result)).toBe(text);
  });

  test('the object is frozen and keeps its text; a copy of it does not carry the text', () => {
    const object = widgetCrd();
    expect(Object.isFrozen(object) && Object.isFrozen(object.metadata)).toBe(true);
    expect(verbatimYamlOf(object)).toBe(UPSTREAM_TEXT.slice(4));
    expect(verbatimYamlOf({ ...object })).toBeUndefined();
    expect(verbatimYamlOf(structuredClone(object))).toBeUndefined();
    expect(Object.keys(object)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(JSON.stringify(object)).toBe(JSON.stringify(parse(UPSTREAM_TEXT)));
  });

  test('an object changed on the way (common labels, a patch) is serialized as usual', () => {
    const labelled = render(stackWith(() => ({ widgetCrd: widgetCrd() }), { labels: { team: 'obs' } }));
    const labelledText = labelled.files.get('setup/widgets-widgetCrd.yaml')!;
    expect(labelledText).toBe(toYaml(canonicalize(labelled.objects[0]!.object)));
    expect(parse(labelledText).metadata.labels).toEqual({ team: 'obs' });

    const patched = render(
      addPatch(
        stackWith(() => ({ widgetCrd: widgetCrd() })),
        {
          id: 'annotate',
          source: 'test',
          target: 'objects',
          apply: (objects) => ({
            ...objects,
            'widgets/widgetCrd': {
              ...objects['widgets/widgetCrd']!,
              metadata: { name: 'widgets.example.com', annotations: { note: 'patched' } },
            },
          }),
        },
      ),
    );
    const patchedText = patched.files.get('setup/widgets-widgetCrd.yaml')!;
    expect(patchedText).toBe(toYaml(canonicalize(patched.objects[0]!.object)));
    expect(patchedText).toContain('note: patched');
  });

  test('the object is still validated against its kind: a marked object that is invalid fails the build', () => {
    const broken = `${UPSTREAM_TEXT.replace('scope: Namespaced', 'scope: 42')}`;
    const stack = stackWith(() => ({ widgetCrd: withVerbatimYaml(parse(broken) as KubeObject, broken) }));
    expect(() => render(stack)).toThrow(/spec\.scope: CustomResourceDefinition must be string/);
  });

  test('a text of more than one document is refused, naming the object', () => {
    const two = `${UPSTREAM_TEXT}---\napiVersion: v1\nkind: ConfigMap\n`;
    expect(() => withVerbatimYaml(parse(UPSTREAM_TEXT) as KubeObject, two)).toThrow(
      /CustomResourceDefinition widgets\.example\.com holds more than one YAML document/,
    );
    expect(() =>
      withVerbatimYaml(parse(UPSTREAM_TEXT) as KubeObject, `${UPSTREAM_TEXT.slice(4)}...\n`),
    ).toThrow(/more than one YAML document/);
  });

  test('a text without a final newline gets one', () => {
    const text = UPSTREAM_TEXT.trimEnd();
    expect(verbatimYamlOf(withVerbatimYaml(parse(text) as KubeObject, text))).toBe(`${text.slice(4)}\n`);
  });
});
