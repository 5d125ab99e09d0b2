import { redactValue } from './redact.js';

/**
 * Every problem mixstack reports is a `MixstackError`: a code a program can switch on,
 * the object it concerns (`component/key`), the field path inside it, the offending
 * value, and a hint that says how to fix it.
 */
export type MixstackErrorCode =
  /** An option passed to a factory has the wrong type or an invalid value. */
  | 'INVALID_OPTION'
  /** A name (object, key, label, component) is not valid where it is used. */
  | 'INVALID_NAME'
  /** Something that is not a part was passed where a part belongs, or a part returned something else. */
  | 'INVALID_PART'
  /** Two parts contributed the same address or section entry. */
  | 'DUPLICATE_ADDRESS'
  /** Two objects have the same kind, namespace and name. */
  | 'DUPLICATE_OBJECT'
  /** Two parts set the same value at the same precedence layer, differently. */
  | 'VALUES_CONFLICT'
  /** An object does not match the Kubernetes schema of its kind. */
  | 'SCHEMA'
  /** An object's apiVersion/kind is not known and not registered. */
  | 'UNKNOWN_KIND'
  /** A PromQL, LogQL or TraceQL expression does not parse. */
  | 'INVALID_EXPRESSION'
  /** A safety check (mixstack's safe defaults) failed and no exception covers it. */
  | 'SAFETY'
  /** A value cannot be serialized deterministically (a class instance, NaN, a function, a cycle). */
  | 'NOT_SERIALIZABLE'
  /** A patch, override or lookup names something that does not exist. */
  | 'NOT_FOUND'
  /** A limit is exceeded (for example the 1 MiB Kubernetes object size). */
  | 'TOO_LARGE'
  /** A file the stack reads (an input: an upstream mixin's folder) is not valid YAML or JSON, or not in the shape it should have. */
  | 'INVALID_INPUT';

export interface MixstackErrorDetails {
  code: MixstackErrorCode;
  /** What is wrong, in one sentence. */
  message: string;
  /** The object or part concerned: `component/key` for objects, the part or component name otherwise. */
  address?: string;
  /** Dotted path of the field inside the object or options (`spec.replicas`, `storage.size`). */
  path?: string;
  /** The offending value, when there is one. */
  value?: unknown;
  /** How to fix it. */
  hint: string;
  /** Other addresses involved (the second source of a duplicate). */
  related?: readonly string[];
  /**
   * The other problems found in the same run, when this one is thrown for all of them
   * (`render` throws the first problem of a stack and carries the rest here).
   */
  others?: readonly MixstackError[];
}

const BRAND = Symbol.for('mixstack.error');

export class MixstackError extends Error {
  readonly code: MixstackErrorCode;
  readonly address: string | undefined;
  readonly path: string | undefined;
  readonly value: unknown;
  readonly hint: string;
  readonly related: readonly string[];
  readonly reason: string;
  /** The other problems of the same run (see `MixstackErrorDetails.others`); empty for a single problem. */
  readonly others: readonly MixstackError[];

  constructor(given: MixstackErrorDetails) {
    // A credential passed by mistake is never repeated: not in the message, not in `value`.
    const details = 'value' in given ? { ...given, value: redactValue(given.value, given.path) } : given;
    super(formatMessage(details));
    this.name = 'MixstackError';
    this.code = details.code;
    this.address = details.address;
    this.path = details.path;
    this.value = details.value;
    this.hint = details.hint;
    this.related = details.related ?? [];
    this.reason = details.message;
    this.others = details.others ?? [];
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** Every problem this error stands for: itself, then `others`. */
  get problems(): readonly MixstackError[] {
    return [this, ...this.others];
  }

  /** This problem, carrying the other problems of the same run. */
  withOthers(others: readonly MixstackError[]): MixstackError {
    return new MixstackError({
      code: this.code,
      message: this.reason,
      address: this.address,
      path: this.path,
      value: this.value,
      hint: this.hint,
      related: this.related,
      others,
    });
  }

  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.reason,
      address: this.address,
      path: this.path,
      value: this.value,
      hint: this.hint,
      related: this.related.length > 0 ? this.related : undefined,
    };
  }
}

/**
 * Throws every problem of a run at once: the first, carrying the others (the thrown error's
 * `problems` lists each); nothing when there is none. Collect the problems of a whole input
 * first, so that a user fixes them in one go rather than one build at a time.
 */
export function throwProblems(problems: readonly MixstackError[]): void {
  const [first, ...others] = problems;
  if (first) throw others.length > 0 ? first.withOthers(others) : first;
}

/**
 * True for any MixstackError, also one thrown by another copy of `@mixstack/core`
 * (a user's stack module may load the ESM build while the CLI loads the CJS one).
 */
export function isMixstackError(error: unknown): error is MixstackError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[BRAND] === true;
}

function formatMessage(details: MixstackErrorDetails): string {
  const where = [details.address, details.path].filter(Boolean).join(' at ');
  const got =
    'value' in details && details.value !== undefined ? ` Got ${describeValue(details.value)}.` : '';
  const also = details.related?.length ? ` Also involved: ${details.related.join(', ')}.` : '';
  return `${where ? `${where}: ` : ''}${details.message}.${got}${also} Fix: ${details.hint}`;
}

/** A short, safe rendering of a value for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 120 ? `${value.slice(0, 117)}...` : value);
  if (typeof value === 'function') return 'a function';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null)
      return `an instance of ${proto?.constructor?.name ?? 'a class'}`;
    try {
      const json = JSON.stringify(value);
      return json.length > 120 ? `${json.slice(0, 117)}...` : json;
    } catch {
      return 'an object';
    }
  }
  return String(value);
}
