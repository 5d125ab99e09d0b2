import { isPlainObject } from '../../merge.js';
import { findSecretPattern } from '../../redact.js';
import { containersOf, podWorkloads } from './pods.js';
import type { SafetyCheck, Violation } from './types.js';

const SECRET_ENV_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_KEY|PRIVATE_KEY|WEBHOOK)/i;
// `GF_SECURITY_ADMIN_PASSWORD__FILE=/etc/secrets/password` is how a secret is referenced, not inlined.
const FILE_REFERENCE_ENV_NAME = /_(FILE|PATH)$/i;

/**
 * Calls `visit` with every string in a value and the keys that lead to it. The path is kept
 * as a stack of keys and joined only for a string that is reported: rendered objects hold
 * megabytes of strings (CRD descriptions), nearly none of them a secret.
 */
function eachString(value: unknown, visit: (text: string, keys: readonly (string | number)[]) => void): void {
  const keys: (string | number)[] = [];
  const walk = (current: unknown): void => {
    if (typeof current === 'string') visit(current, keys);
    else if (Array.isArray(current)) {
      for (let i = 0; i < current.length; i++) {
        keys.push(i);
        walk(current[i]);
        keys.pop();
      }
    } else if (isPlainObject(current)) {
      for (const key of Object.keys(current)) {
        keys.push(key);
        walk(current[key]);
        keys.pop();
      }
    }
  };
  walk(value);
}

/**
 * Whether any string in a value has a credential shape: the walk of eachString without the
 * paths, stopped at the first. Nearly every object (the 4.5 MB of CRDs among them) holds none
 * and is walked once, here; one that holds some is walked again, with paths, to report them.
 * `for...in` spares an array of keys per object; an inherited enumerable property it may also
 * visit only adds a string to try, never a violation (the walk that reports uses Object.keys).
 */
function holdsSecretPattern(value: unknown): boolean {
  if (typeof value === 'string') return findSecretPattern(value) !== undefined;
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (holdsSecretPattern(value[i])) return true;
    return false;
  }
  if (!isPlainObject(value)) return false;
  for (const key in value) if (holdsSecretPattern(value[key])) return true;
  return false;
}

function decodeIfBase64(value: string): string {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return value;
  return Buffer.from(value, 'base64').toString('utf8');
}

/**
 * Secrets are referenced (a Secret the user creates, a `secretKeyRef`, a mounted file), never
 * rendered: rendered files end up in Git.
 */
export const noInlineSecrets: SafetyCheck = {
  name: 'no-inline-secrets',
  description: 'No credential is written into a rendered file; secrets are referenced.',
  run(objects) {
    const violations: Violation[] = [];
    for (const { address, object } of objects) {
      // A Secret's data is decoded before it is tried: it takes the walk with paths directly.
      if (object.kind !== 'Secret' && !holdsSecretPattern(object)) continue;
      eachString(object, (value, keys) => {
        const text =
          object.kind === 'Secret' && keys.length > 1 && keys[0] === 'data' ? decodeIfBase64(value) : value;
        const found = findSecretPattern(text);
        if (found) {
          violations.push({
            address,
            path: keys.join('.'),
            message: `${found.name} is written into the rendered object`,
            hint: 'create a Secret outside mixstack and pass a reference to it ({ name, key }); the component mounts it',
            value: '<redacted>',
          });
        }
      });
    }
    for (const { address, workload } of podWorkloads(objects)) {
      for (const { container, path } of containersOf(workload)) {
        const env = Array.isArray(container.env) ? container.env : [];
        env.forEach((entry, i) => {
          if (
            isPlainObject(entry) &&
            typeof entry.value === 'string' &&
            entry.value !== '' &&
            SECRET_ENV_NAME.test(String(entry.name)) &&
            !FILE_REFERENCE_ENV_NAME.test(String(entry.name))
          ) {
            violations.push({
              address,
              path: `${path}.env.${i}.value`,
              message: `environment variable ${String(entry.name)} holds a literal value that looks like a secret`,
              hint: 'use valueFrom.secretKeyRef with a Secret created outside mixstack',
              value: '<redacted>',
            });
          }
        });
      }
    }
    return violations;
  },
};
