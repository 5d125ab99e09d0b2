/** Name rules of Kubernetes and of mixstack addresses, and "did you mean" suggestions. */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const CAMEL_KEY = /^[a-z][a-zA-Z0-9]*$/;

/** RFC 1123 label: what Namespaces, Services and most names must be. */
export function isDnsLabel(value: string): boolean {
  return value.length <= 63 && DNS_LABEL.test(value);
}

/** RFC 1123 subdomain: what most object names (ConfigMaps, Secrets, Deployments, ...) must be. */
export function isDnsSubdomain(value: string): boolean {
  return value.length > 0 && value.length <= 253 && value.split('.').every((part) => DNS_LABEL.test(part));
}

/**
 * A Kubernetes qualified name (label and annotation keys, taint keys): an optional
 * DNS-subdomain prefix (at most 253 characters) and "/", then a name of at most 63 characters.
 * Names such as "constructor" or "toString" are names like any other.
 */
export function isQualifiedName(value: string): boolean {
  const slash = value.lastIndexOf('/');
  const prefix = slash >= 0 ? value.slice(0, slash) : undefined;
  const name = slash >= 0 ? value.slice(slash + 1) : value;
  if (prefix !== undefined && !isDnsSubdomain(prefix)) return false;
  return name.length > 0 && name.length <= 63 && LABEL_NAME.test(name);
}

/** A label or annotation key: a qualified name. */
export function isLabelKey(value: string): boolean {
  return isQualifiedName(value);
}

/** A label value: empty, or at most 63 characters of alphanumerics, `-`, `_`, `.`, alphanumeric at both ends. */
export function isLabelValue(value: string): boolean {
  return value === '' || (value.length <= 63 && LABEL_NAME.test(value));
}

/** A component name or object key: camelCase, so that `<component>-<key>.yaml` reads well. */
export function isCamelCaseKey(value: string): boolean {
  return CAMEL_KEY.test(value);
}

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/**
 * The candidates closest to `name` (case-insensitive edit distance), best first, at most `limit`.
 * Used to answer a typo with "did you mean ...".
 */
export function closestNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const lower = name.toLowerCase();
  return [...new Set(candidates)]
    .map((candidate) => {
      const c = candidate.toLowerCase();
      // A case-only difference is the best match, then one name containing the other.
      const distance =
        c === lower ? 0 : c.includes(lower) || lower.includes(c) ? 0.5 : editDistance(lower, c);
      return { candidate, distance };
    })
    .filter(({ distance }) => distance <= Math.max(2, Math.ceil(lower.length / 3)))
    .sort(
      (a, b) =>
        a.distance - b.distance || (a.candidate < b.candidate ? -1 : a.candidate > b.candidate ? 1 : 0),
    )
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}

/** "Did you mean X or Y?" or an empty string. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const close = closestNames(name, candidates);
  if (close.length === 0) return '';
  return ` Did you mean ${close.map((c) => `"${c}"`).join(' or ')}?`;
}
