import { isPlainObject } from '../../merge.js';
import { SECRET_PATTERNS } from '../../redact.js';
import { containersOf, podWorkloads } from './pods.js';
import type { SafetyCheck, Violation } from './types.js';

const SECRET_ENV_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_KEY|PRIVATE_KEY|WEBHOOK)/i;
// `GF_SECURITY_ADMIN_PASSWORD__FILE=/etc/secrets/password` is how a secret is referenced, not inlined.
const FILE_REFERENCE_ENV_NAME = /_(FILE|PATH)$/i;

function* strings(value: unknown, path: string): Generator<{ path: string; value: string }> {
  if (typeof value === 'string') yield { path, value };
  else if (Array.isArray(value))
    for (let i = 0; i < value.length; i++) yield* strings(value[i], path ? `${path}.${i}` : String(i));
  else if (isPlainObject(value))
    for (const key of Object.keys(value)) yield* strings(value[key], path ? `${path}.${key}` : key);
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
      for (const { path, value } of strings(object, '')) {
        const text = object.kind === 'Secret' && path.startsWith('data.') ? decodeIfBase64(value) : value;
        const found = SECRET_PATTERNS.find(({ pattern }) => pattern.test(text));
        if (found) {
          violations.push({
            address,
            path,
            message: `${found.name} is written into the rendered object`,
            hint: 'create a Secret outside mixstack and pass a reference to it ({ name, key }); the component mounts it',
            value: '<redacted>',
          });
        }
      }
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
