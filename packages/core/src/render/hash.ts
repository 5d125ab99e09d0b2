import { createHash } from 'node:crypto';
import { canonicalize } from './serialize.js';

/** SHA-256 of the canonical JSON of a value: the same content gives the same hash on any machine. */
export function contentHash(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(canonicalize(value));
  return createHash('sha256').update(text).digest('hex');
}

/**
 * A short stable id derived from names (dashboard uids, which Grafana limits to 40
 * characters): the same names give the same id in every build.
 */
export function stableUid(...parts: readonly string[]): string {
  return contentHash(parts.join('\u0000')).slice(0, 24);
}
