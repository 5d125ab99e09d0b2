import { describeValue, MixstackError } from '../errors.js';
import { isPlainObject, setOwn } from '../merge.js';
import { emitYaml } from '../yaml/emit.js';

const FIRST_KEYS = ['apiVersion', 'kind', 'metadata'];

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Returns a canonical copy: keys sorted recursively (`apiVersion`, `kind`, `metadata` first at
 * the top), `undefined` fields dropped, anything that cannot be written deterministically
 * rejected (class instances, functions, symbols, NaN and infinities, bigints, cycles).
 */
export function canonicalize(value: unknown, where: { address: string } = { address: '' }): unknown {
  const stack = new Set<unknown>();
  const visitValue = (current: unknown, path: string, top: boolean): unknown => {
    const reject = (reason: string): never => {
      throw new MixstackError({
        code: 'NOT_SERIALIZABLE',
        message: `${reason} cannot be rendered deterministically`,
        address: where.address || undefined,
        path: path || undefined,
        value: current,
        hint: 'build objects from plain data only: strings, finite numbers, booleans, arrays and plain objects',
      });
    };
    if (current === null || typeof current === 'string' || typeof current === 'boolean') return current;
    // Undefined object fields are dropped before this; what is left is a list item or a hole.
    if (current === undefined) return reject('an undefined list item');
    if (typeof current === 'number') return Number.isFinite(current) ? current : reject(String(current));
    if (typeof current === 'function' || typeof current === 'symbol' || typeof current === 'bigint')
      return reject(`a ${typeof current}`);
    if (typeof current === 'object') {
      if (stack.has(current)) return reject('a cyclic reference');
      stack.add(current);
      let result: unknown;
      if (Array.isArray(current)) {
        // Array.from visits holes too (map skips them): a sparse list is rejected like `undefined`.
        result = Array.from(current, (item, i) => visitValue(item, path ? `${path}.${i}` : String(i), false));
      } else if (isPlainObject(current)) {
        const keys = Object.keys(current)
          .filter((key) => current[key] !== undefined)
          .sort((a, b) => {
            if (top) {
              const ia = FIRST_KEYS.indexOf(a);
              const ib = FIRST_KEYS.indexOf(b);
              if (ia >= 0 || ib >= 0) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
            }
            return compareKeys(a, b);
          });
        const out: Record<string, unknown> = {};
        // As data fields: a key named "__proto__" is written, not taken for the prototype.
        for (const key of keys)
          setOwn(out, key, visitValue(current[key], path ? `${path}.${key}` : key, false));
        result = out;
      } else {
        result = reject(describeValue(current));
      }
      stack.delete(current);
      return result;
    }
    return reject(`the value ${String(current)}`);
  };
  return visitValue(value, '', true);
}

/**
 * One canonical value as YAML. Written as YAML 1.1 so that strings such as `on`, `yes` or
 * `0755` are quoted: Kubernetes reads manifests with a YAML 1.1 parser; `0o17` and `<<` are
 * double-quoted too (see emitYaml). No line folding, LF line endings, one final newline.
 */
export function toYaml(canonical: unknown): string {
  return emitYaml(canonical);
}

/** Canonical JSON (sorted keys, two-space indent, final newline), for dashboards. */
export function toJson(value: unknown, where?: { address: string }): string {
  return `${JSON.stringify(canonicalize(value, where), null, 2)}\n`;
}
