import { MixstackError } from '../errors.js';
import type { KubeObject } from '../kube.js';
import { deepFreeze } from '../merge.js';

/**
 * Where an object keeps the YAML it was read from. A registered symbol, so that two copies of
 * core (a CLI's and a stack module's) agree on it; not enumerable, so that a copy of the object
 * (`{ ...object }`, as common labels and patches make) does not carry it: only the very
 * object read from the text is written as that text.
 */
const VERBATIM_YAML = Symbol.for('mixstack.verbatimYaml');

const DOCUMENT_MARKER = /^(---|\.\.\.)(\s|$)/m;

/**
 * The object, frozen, marked to be written as `text` byte for byte instead of serialized.
 * For files the stack passes through unchanged and that were verified by checksum (the
 * CRDs of an operator release): what is applied is then exactly the upstream file, and a
 * 4 MB file is not serialized again. `text` must be one YAML document that reads as
 * `object` (the caller parsed it from there); it is written with one final newline. An
 * object derived from this one (labels added, patched) is serialized as usual.
 */
export function withVerbatimYaml<T extends KubeObject>(object: T, text: string): T {
  const body = text.replace(/^---[ \t]*\r?\n/, '');
  if (DOCUMENT_MARKER.test(body)) {
    throw new MixstackError({
      code: 'SCHEMA',
      message: `the text of ${object.kind} ${object.metadata?.name ?? ''} holds more than one YAML document`,
      value: body.slice(0, 80),
      hint: 'pass the text of one document, without "---" or "..." lines',
    });
  }
  Object.defineProperty(object, VERBATIM_YAML, {
    value: body.endsWith('\n') ? body : `${body}\n`,
    enumerable: false,
  });
  return deepFreeze(object);
}

/** The text an object was marked with by `withVerbatimYaml`, if it is that very object. */
export function verbatimYamlOf(object: KubeObject): string | undefined {
  const text = (object as unknown as Record<symbol, unknown>)[VERBATIM_YAML];
  return typeof text === 'string' ? text : undefined;
}
