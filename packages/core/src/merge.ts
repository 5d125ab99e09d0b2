/**
 * The one merge of mixstack (plain objects merge deeply; arrays and scalars replace):
 * - plain objects merge deeply;
 * - arrays and scalars replace (container `args` and `ports` must never concatenate);
 * - `undefined` means "not set" and changes nothing;
 * - `null` removes the field (allowed by the types only where the field is optional);
 * - a function is a patch `(previous) => next`; a patch returning `null` or `undefined` removes the field.
 */

type Primitive = string | number | boolean | bigint | symbol | null | undefined;

/** A function that receives the current value and returns the next one. */
export type PatchFn<T> = (previous: T) => T | null | undefined;

/**
 * What may be merged over a `T`: any deep part of it, where every field may also be a
 * patch function, and optional fields may be `null` to remove them.
 */
export type Override<T> =
  | PatchFn<T>
  | (T extends Primitive
      ? T
      : T extends readonly unknown[]
        ? T
        : T extends (...args: never[]) => unknown
          ? T
          : { [K in keyof T]?: undefined extends T[K] ? Override<T[K]> | null : Override<T[K]> });

/** A deep-partial of `T` without patches: what a user passes as options. */
export type DeepPartial<T> = T extends Primitive
  ? T
  : T extends readonly unknown[]
    ? T
    : T extends (...args: never[]) => unknown
      ? T
      : { [K in keyof T]?: DeepPartial<T[K]> };

const REMOVE = Symbol('remove');

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Sets a field as an own data property, whatever its name (`obj[key] = v` with "__proto__" would set the prototype). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function mergeValue(previous: unknown, next: unknown): unknown {
  if (next === undefined) return previous;
  if (next === null) return REMOVE;
  if (typeof next === 'function') {
    const result = (next as (p: unknown) => unknown)(previous);
    return result === null || result === undefined ? REMOVE : result;
  }
  if (isPlainObject(next)) {
    const base: Record<string, unknown> = isPlainObject(previous) ? { ...previous } : {};
    for (const key of Object.keys(next)) {
      // Own fields only, set as data: a key such as "constructor" or "toString" must not read
      // Object.prototype's member, and "__proto__" must stay a key, not replace the prototype.
      const merged = mergeValue(Object.hasOwn(base, key) ? base[key] : undefined, next[key]);
      if (merged === REMOVE || merged === undefined) delete base[key];
      else setOwn(base, key, merged);
    }
    return base;
  }
  return next;
}

/**
 * Merges overrides over a base value, left to right, and returns a new value; inputs are
 * never modified. Untouched sub-objects are shared with the inputs, so treat results as
 * immutable (the stack deep-freezes what it hands to parts).
 */
export function merge<T>(base: T, ...overrides: ReadonlyArray<Override<NoInfer<T>> | undefined>): T {
  let result: unknown = base;
  for (const override of overrides) {
    const merged = mergeValue(result, override);
    result = merged === REMOVE ? undefined : merged;
  }
  return result as T;
}

/** Untyped variant for layers whose shape is only known to the component that reads them. */
export function mergeUnknown(base: unknown, ...overrides: readonly unknown[]): unknown {
  return merge<unknown>(base, ...(overrides as Override<unknown>[]));
}

/**
 * Freezes a plain-data value in place, deeply, and returns it. Only plain objects and arrays
 * are frozen: class instances are left as they are (a typed array cannot even be frozen);
 * validation rejects them where they do not belong.
 */
export function deepFreeze<T>(value: T): T {
  if ((Array.isArray(value) || isPlainObject(value)) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
