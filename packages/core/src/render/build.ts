import type { StackView } from '../contracts.js';
import { defaultDenyNetworkPolicy } from '../default-deny.js';
import type { InputFiles } from '../inputs.js';
import type { KubeObject } from '../kube.js';
import { deepFreeze, isPlainObject } from '../merge.js';
import { isCamelCaseKey } from '../names.js';
import type { Sections } from '../sections.js';
import type { BuildContext, ObjectsPatch, Report, SectionsPatch, Stack } from '../stack.js';
import type { Values } from '../values.js';
import type { Problems } from './contracts.js';

/** Labels that make Pod Security admission enforce `restricted` on the stack's namespace. */
export const RESTRICTED_NAMESPACE_LABELS = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/audit': 'restricted',
  'pod-security.kubernetes.io/warn': 'restricted',
} as const;

function namespaceObject(values: Values): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: values.common.namespace, labels: { ...RESTRICTED_NAMESPACE_LABELS } },
  };
}

function sortedPatches<P extends SectionsPatch | ObjectsPatch>(stack: Stack, target: P['target']): P[] {
  return Object.values(stack.patches)
    .filter((patch): patch is P => patch.target === target)
    .sort((a, b) => (a.order ?? 0) - (b.order ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** What a build or patch that threw gave: nothing to use. */
const FAILED = Symbol('failed');

function reporter(problems: Problems): Report {
  return (problem) => problems.add(problem);
}

/** Applies the sections patches in order; one that throws is reported and changes nothing. */
export function applySectionPatches(
  stack: Stack,
  sections: Sections,
  values: Values,
  view: StackView,
  problems: Problems,
): Sections {
  let current = sections;
  const report = reporter(problems);
  for (const patch of sortedPatches<SectionsPatch>(stack, 'sections')) {
    const before = current;
    current = problems.attempt(
      () => deepFreeze(patch.apply(before, { values, stack: view, report })),
      before,
    );
  }
  return current;
}

function withCommonLabels(object: KubeObject, labels: Record<string, string>): KubeObject {
  const { metadata } = object;
  const own = metadata?.labels;
  // Metadata of the wrong shape is left for validation to report, not papered over.
  if ((metadata !== undefined && !isPlainObject(metadata)) || (own !== undefined && !isPlainObject(own)))
    return object;
  // Nothing to add: keep the object itself (it may be frozen, and shared with a patch).
  if (Object.keys(labels).every((key) => own !== undefined && key in own)) return object;
  return { ...object, metadata: { ...metadata, labels: { ...labels, ...own } } };
}

/**
 * The common labels on every object, an object's own value for a key winning. Applied when
 * components build (so patches see them) and again after the patches, so that objects a
 * patch adds carry them too.
 */
function labelAll(
  objects: Record<string, KubeObject>,
  labels: Record<string, string>,
): Record<string, KubeObject> {
  const out: Record<string, KubeObject> = {};
  for (const [address, object] of Object.entries(objects)) {
    out[address] = deepFreeze(isPlainObject(object) ? withCommonLabels(object, labels) : object);
  }
  return out;
}

/**
 * Calls every component's build function with the final values and sections, in name order,
 * and returns the objects by address. Objects are frozen: a patch edits by returning new ones.
 */
export interface BuildInput {
  stack: Stack;
  values: Values;
  /** Each component's values as its `parseValues` returned them; a component missing here is not built. */
  parsed: ReadonlyMap<string, unknown>;
  sections: Sections;
  inputs: Readonly<Record<string, InputFiles>>;
  view: StackView;
  problems: Problems;
}

/**
 * Calls the build function of every component that is on and whose values parsed, in name
 * order, and returns the objects by address. A build that throws a MixstackError is reported
 * and contributes nothing; the others still build. Objects are frozen: a patch edits by
 * returning new ones.
 */
export function buildObjects(input: BuildInput): Record<string, KubeObject> {
  const { stack, values, sections, inputs, view, problems } = input;
  const objects: Record<string, KubeObject> = {};
  if (values.common.createNamespace) {
    objects['stack/namespace'] = namespaceObject(values);
    // A namespace the stack owns denies by default; each component's policy opens what it needs.
    objects['stack/networkPolicyDefaultDeny'] = defaultDenyNetworkPolicy(values.common.namespace);
  }
  const names = Object.keys(stack.components).sort();
  const running = names.filter((name) => view.has(name));
  const report = reporter(problems);
  for (const name of running) {
    if (!input.parsed.has(name)) continue;
    const component = stack.components[name]!;
    const context: BuildContext = {
      ...sections,
      name,
      values: input.parsed.get(name),
      common: values.common,
      allValues: values,
      componentNames: running,
      inputs,
      contracts: view.components[name]!,
      stack: view,
      report,
    };
    const built: ReturnType<typeof component.build> | typeof FAILED = problems.attempt<
      ReturnType<typeof component.build> | typeof FAILED
    >(() => component.build(context), FAILED);
    if (built === FAILED) continue;
    if (!isPlainObject(built)) {
      problems.add({
        code: 'INVALID_PART',
        message: `component "${name}" did not return its objects by key`,
        address: name,
        value: built,
        hint: 'a build function returns { key: object, ... }',
      });
      continue;
    }
    for (const key of Object.keys(built).sort()) {
      const object = built[key];
      if (object === undefined || object === false) continue;
      if (!isCamelCaseKey(key)) {
        problems.add({
          code: 'INVALID_NAME',
          message: 'object keys must be camelCase',
          address: `${name}/${key}`,
          value: key,
          hint: 'use a key such as "serviceMonitor"; it becomes the file name <component>-<key>.yaml',
        });
        continue;
      }
      objects[`${name}/${key}`] = object;
    }
  }
  return labelAll(objects, values.common.labels);
}

/** Applies the objects patches in order; one that throws or returns nonsense is reported and changes nothing. */
export function applyObjectPatches(
  stack: Stack,
  objects: Record<string, KubeObject>,
  values: Values,
  sections: Sections,
  view: StackView,
  problems: Problems,
): Record<string, KubeObject> {
  let current = objects;
  const report = reporter(problems);
  for (const patch of sortedPatches<ObjectsPatch>(stack, 'objects')) {
    const before = current;
    const next: Record<string, KubeObject> | typeof FAILED = problems.attempt<
      Record<string, KubeObject> | typeof FAILED
    >(() => patch.apply(before, { values, sections, stack: view, report }), FAILED);
    if (next === FAILED) continue;
    if (!isPlainObject(next)) {
      problems.add({
        code: 'INVALID_PART',
        message: `patch "${patch.id}" did not return the objects by address`,
        address: patch.source,
        value: next,
        hint: 'an objects patch returns { "component/key": object, ... }',
      });
      continue;
    }
    const invalid = Object.keys(next).filter((address) => {
      const [component, key, extra] = address.split('/');
      return !component || !key || extra !== undefined || !isCamelCaseKey(key);
    });
    for (const address of invalid) {
      problems.add({
        code: 'INVALID_NAME',
        message: `patch "${patch.id}" returned an object under an invalid address`,
        address: patch.source,
        value: address,
        hint: 'addresses are "component/key" with a camelCase key',
      });
    }
    if (invalid.length > 0) continue;
    current = deepFreeze(next);
  }
  return labelAll(current, values.common.labels);
}
