import { Document, isScalar, Scalar, visit } from 'yaml';
import { describeValue, MixstackError } from '../errors.js';
import { isPlainObject, setOwn } from '../merge.js';

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

// YAML 1.2 reads `0o17` as a number where YAML 1.1 reads a string, and YAML 1.1 reads a
// `<<` key as a merge key (go-yaml, which Kubernetes uses, then rejects the file); quote both.
const AMBIGUOUS = /^([-+]?0o[0-7]+|<<)$/;

/**
 * One canonical value as YAML. Written as YAML 1.1 so that strings such as `on`, `yes` or
 * `0755` are quoted: Kubernetes reads manifests with a YAML 1.1 parser. No line folding, LF
 * line endings, one final newline.
 */
export function toYaml(canonical: unknown): string {
  // Without the merge tag, `<<` is an ordinary string to the writer, so the visitor can quote it.
  const document = new Document(canonical, {
    version: '1.1',
    customTags: (tags) =>
      tags.filter((tag) => typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:merge'),
  });
  visit(document, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === 'string' && AMBIGUOUS.test(node.value)) {
        node.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
  const text = document.toString({ lineWidth: 0, minContentWidth: 0, indentSeq: true, directives: false });
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** Canonical JSON (sorted keys, two-space indent, final newline), for dashboards. */
export function toJson(value: unknown, where?: { address: string }): string {
  return `${JSON.stringify(canonicalize(value, where), null, 2)}\n`;
}
