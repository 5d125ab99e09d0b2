import { isMixstackError, MixstackError } from '../errors.js';
import { isPlainObject } from '../merge.js';
import {
  didYouMean,
  isDnsLabel,
  isDnsSubdomain,
  isLabelKey,
  isLabelValue,
  isQualifiedName,
} from '../names.js';

/**
 * A tiny validator for user options. Every failure is a MixstackError naming the part,
 * the option path, the value and what to pass instead; it never throws anything else,
 * whatever it is given (the fuzz tests hold us to that).
 */
export interface Schema<T> {
  /** What a valid value looks like, for error messages: "a Kubernetes quantity such as 10Gi". */
  readonly expected: string;
  /** Returns the value (possibly normalized) or throws a MixstackError. */
  parse(value: unknown, at: Location): T;
  /** Present on `required(...)` schemas: the field may not be left out. */
  readonly isRequired?: boolean;
}

/** Where a value sits: the part or component it was given to, and its path inside the options. */
export interface Location {
  readonly address: string;
  readonly path: readonly string[];
  /**
   * When present, objects, records and lists report the problems of their fields here and go
   * on with the other fields (the field in error is left out), so that one parse reports every
   * mistake of an options object. Without it the first problem is thrown.
   */
  readonly problems?: MixstackError[];
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

/**
 * The problem of a value that is not what a schema expects, at its location: what custom
 * schemas throw, so that every option problem reads the same.
 */
export function invalidOption(at: Location, value: unknown, expected: string, hint?: string): MixstackError {
  return new MixstackError({
    code: 'INVALID_OPTION',
    message: `expected ${expected}`,
    address: at.address,
    path: at.path.join('.') || undefined,
    value,
    hint: hint ?? `pass ${expected}`,
  });
}

function fail(at: Location, value: unknown, expected: string, hint?: string): never {
  throw invalidOption(at, value, expected, hint);
}

function child(at: Location, key: string | number): Location {
  return { address: at.address, path: [...at.path, String(key)], problems: at.problems };
}

/** A value's location without the problem list: the first problem is thrown (for `either`). */
function throwing(at: Location): Location {
  return { address: at.address, path: at.path };
}

const SKIP = Symbol('skip');

/** Thrown by a container whose entries were reported already (a list with a bad entry): skip it, report nothing more. */
class SkippedField extends Error {}

/**
 * Parses one field: with a problem list on the location, a failing field is reported and
 * skipped (`SKIP`); without one, its problem is thrown.
 */
function fieldOf<T>(at: Location, parse: () => T): T | typeof SKIP {
  if (!at.problems) return parse();
  try {
    return parse();
  } catch (error) {
    if (error instanceof SkippedField) return SKIP;
    if (!isMixstackError(error)) throw error;
    at.problems.push(error);
    return SKIP;
  }
}

/** Reports a problem: into the location's list when it has one, else by throwing. */
function report(at: Location, error: MixstackError): void {
  if (!at.problems) throw error;
  at.problems.push(error);
}

/** Builds a schema from a predicate on one type of value. */
function refine<T>(expected: string, test: (value: unknown) => value is T, hint?: string): Schema<T> {
  return {
    expected,
    parse(value, at) {
      if (!test(value)) fail(at, value, expected, hint);
      return value;
    },
  };
}

const isString = (v: unknown): v is string => typeof v === 'string';

export function string(
  options: {
    pattern?: RegExp;
    minLength?: number;
    maxLength?: number;
    expected?: string;
    hint?: string;
  } = {},
): Schema<string> {
  const expected = options.expected ?? (options.minLength ? 'a non-empty string' : 'a string');
  return refine(
    expected,
    (v): v is string =>
      isString(v) &&
      v.length >= (options.minLength ?? 0) &&
      v.length <= (options.maxLength ?? Number.POSITIVE_INFINITY) &&
      (options.pattern === undefined || options.pattern.test(v)),
    options.hint,
  );
}

export const nonEmptyString = (): Schema<string> => string({ minLength: 1 });

export const dnsLabel = (): Schema<string> =>
  refine(
    'a DNS label (lower-case letters, digits and "-", at most 63 characters, starting and ending with a letter or digit)',
    (v): v is string => isString(v) && isDnsLabel(v),
    'use a name such as "monitoring" or "team-a"',
  );

/**
 * A DNS subdomain name (most Kubernetes object names). `example` names an object of the kind
 * the field refers to, for the hint: a Secret's field should not suggest a StorageClass name.
 */
export const dnsSubdomain = (example = 'my-object'): Schema<string> =>
  refine(
    'a DNS subdomain name (lower-case letters, digits, "-" and ".", at most 253 characters)',
    (v): v is string => isString(v) && isDnsSubdomain(v),
    `use a name such as "${example}"`,
  );

/** The name of a Secret (which the user creates). */
export const secretName = (): Schema<string> => dnsSubdomain('alertmanager-slack');

/** The name of a StorageClass. */
export const storageClassName = (): Schema<string> => dnsSubdomain('standard-rwo');

const QUANTITY =
  /^[+]?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$/;

/** A Kubernetes resource quantity such as `100Gi`, `500m` or `2`. */
export const quantity = (): Schema<string> =>
  refine(
    'a Kubernetes quantity such as "10Gi", "512Mi" or "250m"',
    (v): v is string => isString(v) && QUANTITY.test(v),
  );

const PROMETHEUS_DURATION = /^(([0-9]+y)?([0-9]+w)?([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?|0)$/;

/** A Prometheus duration such as `30d`, `5m` or `1h30m`. */
export const duration = (): Schema<string> =>
  refine(
    'a Prometheus duration such as "30d", "6h" or "1h30m"',
    (v): v is string => isString(v) && v.length > 0 && PROMETHEUS_DURATION.test(v),
  );

// A number is required before the unit: Prometheus rejects a bare "GB".
const BYTE_SIZE = /^(0|([0-9]+(\.[0-9]+)?(B|KB|MB|GB|TB|PB|EB)))$/;

/** A Prometheus byte size such as `90GB`. */
export const byteSize = (): Schema<string> =>
  refine(
    'a byte size such as "90GB" or "512MB"',
    (v): v is string => isString(v) && v.length > 0 && BYTE_SIZE.test(v),
  );

export function integer(options: { min?: number; max?: number } = {}): Schema<number> {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = options;
  const range = options.min !== undefined || options.max !== undefined ? ` from ${min} to ${max}` : '';
  return refine(
    `an integer${range}`,
    (v): v is number => Number.isInteger(v) && (v as number) >= min && (v as number) <= max,
  );
}

export const boolean = (): Schema<boolean> =>
  refine('true or false', (v): v is boolean => typeof v === 'boolean');

export function oneOf<const T extends readonly (string | number | boolean)[]>(values: T): Schema<T[number]> {
  const expected = `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
  return {
    expected,
    parse(value, at) {
      if (!values.includes(value as T[number])) {
        const suggestion = typeof value === 'string' ? didYouMean(value, values.map(String)) : '';
        fail(at, value, expected, `pass ${expected}.${suggestion}`.replace(/\.$/, ''));
      }
      return value as T[number];
    },
  };
}

export function array<T>(
  item: Schema<T>,
  options: { minLength?: number; unique?: boolean } = {},
): Schema<T[]> {
  const expected = `a list of ${item.expected}${options.minLength ? ` (at least ${options.minLength})` : ''}`;
  return {
    expected,
    parse(value, at) {
      if (!Array.isArray(value) || value.length < (options.minLength ?? 0)) fail(at, value, expected);
      const parsed = value.map((entry, index) => fieldOf(at, () => item.parse(entry, child(at, index))));
      // A list with a bad entry is left out whole: half a list would mean something else.
      if (parsed.includes(SKIP)) throw new SkippedField();
      const items = parsed as T[];
      if (options.unique) {
        const seen = new Set<string>();
        items.forEach((entry, index) => {
          const key = JSON.stringify(entry);
          if (seen.has(key))
            fail(child(at, index), entry, `${expected} without duplicates`, 'remove the repeated entry');
          seen.add(key);
        });
      }
      return items;
    },
  };
}

export function record<T>(
  value: Schema<T>,
  key: Schema<string> = nonEmptyString(),
): Schema<Record<string, T>> {
  const expected = `an object whose keys are ${key.expected} and values ${value.expected}`;
  return {
    expected,
    parse(input, at) {
      if (!isPlainObject(input)) fail(at, input, expected);
      const out: Record<string, T> = {};
      for (const k of Object.keys(input)) {
        // JSON.parse and computed keys make "__proto__" an own key; merges, spreads and other
        // tools would read it as the prototype and lose it: refuse it rather than drop it.
        if (k === '__proto__') {
          report(
            child(at, k),
            invalidOption(
              child(at, k),
              input[k],
              `an entry key other than "__proto__"`,
              'rename the key: "__proto__" is reserved by JavaScript and would be lost',
            ),
          );
          continue;
        }
        if (fieldOf(at, () => key.parse(k, child(at, k))) === SKIP) continue;
        // As in objects, `undefined` means "not set".
        if (input[k] === undefined) continue;
        const parsed = fieldOf(at, () => value.parse(input[k], child(at, k)));
        if (parsed === SKIP) continue;
        // defineProperty, not assignment: a key named "__proto__" must stay a key, not replace the prototype.
        if (parsed !== undefined)
          Object.defineProperty(out, k, {
            value: parsed,
            enumerable: true,
            writable: true,
            configurable: true,
          });
      }
      return out;
    },
  };
}

/**
 * A Kubernetes qualified name (a label or annotation key, a taint key): an optional
 * DNS-subdomain prefix of at most 253 characters and "/", then a name of at most 63
 * characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit.
 */
export const qualifiedName = (
  expected = 'a qualified name such as "team" or "example.com/team"',
): Schema<string> => refine(expected, (v): v is string => isString(v) && isQualifiedName(v));

/** A Pod toleration, as Kubernetes validates it. */
export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  tolerationSeconds?: number;
}

/**
 * A toleration checked as the API server checks it: `key` a qualified name, empty (or left
 * out) only with operator `Exists`; `value` a label value, empty with `Exists`;
 * `tolerationSeconds` only with effect `NoExecute`.
 */
export function toleration(): Schema<Toleration> {
  const expected = 'a toleration { key, operator, value, effect, tolerationSeconds }';
  const shape = object(
    {
      key: {
        expected:
          'a taint key (a qualified name such as "dedicated" or "example.com/gpu"), or "" with operator "Exists"',
        parse: (value, at) =>
          value === ''
            ? ''
            : qualifiedName(
                'a taint key (a qualified name such as "dedicated" or "example.com/gpu"), or "" with operator "Exists"',
              ).parse(value, at),
      } as Schema<string>,
      operator: oneOf(['Exists', 'Equal'] as const),
      value: refine(
        'a label value (at most 63 characters of letters, digits, "-", "_" and ".")',
        (v): v is string => isString(v) && isLabelValue(v),
      ),
      effect: oneOf(['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const),
      tolerationSeconds: integer(),
    },
    expected,
  );
  return check(
    shape,
    (t) => {
      const exists = t.operator === 'Exists';
      if (!t.key && !exists)
        return 'a toleration without a key must have operator "Exists" (it then tolerates every taint)';
      if (exists && t.value) return 'a toleration with operator "Exists" must not have a value';
      if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute')
        return 'tolerationSeconds is only allowed with effect "NoExecute"';
      return undefined;
    },
    'set a key with operator "Equal" and a value, or operator "Exists" (with or without a key) and no value; tolerationSeconds goes with effect "NoExecute"',
  ) as Schema<Toleration>;
}

/** Kubernetes labels: valid keys and values. */
export const labels = (): Schema<Record<string, string>> =>
  record(
    refine(
      'a label value (at most 63 characters of letters, digits, "-", "_" and ".")',
      (v): v is string => isString(v) && isLabelValue(v),
    ),
    refine(
      'a label key such as "team" or "example.com/team"',
      (v): v is string => isString(v) && isLabelKey(v),
    ),
  );

/** Marks an object field that must be given. */
export function required<T>(schema: Schema<T>): Schema<T> & { readonly isRequired: true } {
  // The literal `true` in the type is what makes the field required in `ObjectOf`.
  return { ...schema, isRequired: true, parse: (value, at) => schema.parse(value, at) };
}

type Shape = Record<string, Schema<unknown>>;
type RequiredKeys<S extends Shape> = {
  [K in keyof S]: S[K] extends { isRequired: true } ? K : never;
}[keyof S];
export type ObjectOf<S extends Shape> = { [K in Exclude<keyof S, RequiredKeys<S>>]?: Infer<S[K]> } & {
  [K in RequiredKeys<S>]: Infer<S[K]>;
};

/**
 * An options object: every field optional unless wrapped in `required`, unknown fields
 * rejected with the closest known names (a typo must not be ignored silently).
 */
export function object<S extends Shape>(shape: S, expected = 'an options object'): Schema<ObjectOf<S>> {
  return {
    expected,
    parse(value, at) {
      if (!isPlainObject(value)) fail(at, value, expected);
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        // Own keys only: "constructor" or "__proto__" are unknown options, not Object.prototype members.
        const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
        if (field === undefined) {
          report(
            at,
            new MixstackError({
              code: 'INVALID_OPTION',
              message: `unknown option "${key}"`,
              address: at.address,
              path: [...at.path, key].join('.'),
              value: value[key],
              hint: `remove it or use one of: ${Object.keys(shape).join(', ')}.${didYouMean(key, Object.keys(shape))}`,
            }),
          );
          continue;
        }
        if (value[key] === undefined) continue;
        const parsed = fieldOf(at, () => field.parse(value[key], child(at, key)));
        if (parsed !== SKIP) out[key] = parsed;
      }
      for (const [key, field] of Object.entries(shape)) {
        if (field.isRequired && value[key] === undefined) {
          report(
            at,
            new MixstackError({
              code: 'INVALID_OPTION',
              message: `missing required option "${key}"`,
              address: at.address,
              path: [...at.path, key].join('.'),
              hint: `pass ${field.expected}`,
            }),
          );
        }
      }
      return out as ObjectOf<S>;
    },
  };
}

/** `false` (leave the part out), `true` (the defaults) or the options of the part. */
export function orFalse<T>(schema: Schema<T>): Schema<T | false> {
  const expected = `false, true or ${schema.expected}`;
  return {
    expected,
    parse(value, at) {
      if (value === false) return false;
      // `true` means "on, with the defaults": still parsed, so that required options are reported.
      if (value === true) return schema.parse({}, at);
      return schema.parse(value, at);
    },
  };
}

/** Either of two schemas; the error names both. */
export function either<A, B>(a: Schema<A>, b: Schema<B>): Schema<A | B> {
  const expected = `${a.expected}, or ${b.expected}`;
  return {
    expected,
    parse(value, at) {
      try {
        return a.parse(value, throwing(at));
      } catch {
        try {
          return b.parse(value, throwing(at));
        } catch {
          return fail(at, value, expected);
        }
      }
    },
  };
}

/** A schema with an extra check after parsing; `check` returns a problem text or nothing. */
export function check<T>(schema: Schema<T>, test: (value: T) => string | undefined, hint: string): Schema<T> {
  return {
    ...schema,
    parse(value, at) {
      const before = at.problems?.length ?? 0;
      const parsed = schema.parse(value, at);
      // A value whose fields were reported is partial: a check of the whole would only add noise.
      if ((at.problems?.length ?? 0) > before) return parsed;
      const problem = test(parsed);
      if (problem) {
        throw new MixstackError({
          code: 'INVALID_OPTION',
          message: problem,
          address: at.address,
          path: at.path.join('.') || undefined,
          value,
          hint,
        });
      }
      return parsed;
    },
  };
}

// The distribution reference grammar: a registry port is only a port when a path follows
// (`localhost:5000/app`); otherwise `redis:7` is the repository `redis` with the tag `7`.
const IMAGE =
  /^(?<name>[a-z0-9]+((?:[._]|__|-+)[a-z0-9]+)*(:[0-9]+(?=\/))?(\/[a-z0-9]+((?:[._]|__|-+)[a-z0-9]+)*)*)(:(?<tag>[\w][\w.-]{0,127}))?(@(?<digest>sha256:[a-f0-9]{64}))?$/;

/** Splits an image reference into repository, tag and digest, or returns undefined when it is not one. */
export function parseImage(
  reference: string,
): { repository: string; tag?: string; digest?: string } | undefined {
  const match = IMAGE.exec(reference);
  if (!match?.groups?.name) return undefined;
  return { repository: match.groups.name, tag: match.groups.tag, digest: match.groups.digest };
}

/** A pinned container image: a tag other than `latest`, or a digest. */
export const pinnedImage = (): Schema<string> =>
  refine(
    'a pinned image reference such as "quay.io/prometheus/prometheus:v3.13.2" (a version tag or a digest, never "latest")',
    (v): v is string => {
      if (!isString(v)) return false;
      const image = parseImage(v);
      return (
        image !== undefined &&
        (image.digest !== undefined || (image.tag !== undefined && image.tag !== 'latest'))
      );
    },
  );

/** Parses options for a part and returns them typed; the address names the part in errors. Throws the first problem. */
export function parseOptions<T>(schema: Schema<T>, value: unknown, address: string): T {
  return schema.parse(value ?? {}, { address, path: [] });
}

/**
 * Parses options and reports every problem instead of the first: the fields in error are left
 * out of `value` (which is undefined only when the options as a whole are unusable, such as a
 * string where an object belongs).
 */
export function parseOptionsCollecting<T>(
  schema: Schema<T>,
  value: unknown,
  address: string,
): { value: T | undefined; problems: MixstackError[] } {
  const problems: MixstackError[] = [];
  try {
    const parsed = schema.parse(value ?? {}, { address, path: [], problems });
    return { value: parsed, problems };
  } catch (error) {
    if (error instanceof SkippedField) return { value: undefined, problems };
    if (!isMixstackError(error)) throw error;
    return { value: undefined, problems: [...problems, error] };
  }
}
