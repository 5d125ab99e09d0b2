import { isPlainObject } from './merge.js';

/**
 * Shapes of credentials: never rendered into a file, never repeated in a message. `clues` are
 * literal pieces of which every match holds at least one: a text without any of them cannot
 * match, and most rendered text (4.5 MB of CRD descriptions) is ruled out by a few `includes`
 * instead of seven regular expressions.
 */
export const SECRET_PATTERNS: readonly { name: string; pattern: RegExp; clues: readonly string[] }[] = [
  {
    name: 'a Slack webhook URL',
    pattern: /https:\/\/hooks\.slack\.com\/(services|workflows|triggers)\/[A-Za-z0-9/_-]+/,
    clues: ['hooks.slack.com/'],
  },
  { name: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/, clues: ['xox'] },
  { name: 'a private key', pattern: /-----BEGIN ([A-Z]+ )?PRIVATE KEY-----/, clues: ['PRIVATE KEY-----'] },
  { name: 'a Google service-account key', pattern: /"private_key_id"\s*:/, clues: ['"private_key_id"'] },
  { name: 'an AWS access key', pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, clues: ['AKIA', 'ASIA'] },
  {
    name: 'a PagerDuty or Opsgenie integration key in a URL',
    pattern: /events\.pagerduty\.com\/.*[?&]routing_key=|api\.opsgenie\.com\/.*apiKey=/,
    clues: ['events.pagerduty.com/', 'api.opsgenie.com/'],
  },
  // Its clue is the `@` every match ends with, not `://`: URLs are common in rendered text
  // (every CRD description links somewhere), user info is not.
  { name: 'credentials in a URL', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/]+:[^\s@/]+@/i, clues: ['@'] },
];

/** Any clue of any pattern: one scan of a text rules most texts out. */
const ANY_CLUE = new RegExp(
  [...new Set(SECRET_PATTERNS.flatMap((entry) => entry.clues))]
    .map((clue) => clue.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('|'),
);

/** The first credential shape a text holds, if any; a pattern runs only on a text with one of its clues. */
export function findSecretPattern(text: string): (typeof SECRET_PATTERNS)[number] | undefined {
  if (!ANY_CLUE.test(text)) return undefined;
  return SECRET_PATTERNS.find(
    ({ pattern, clues }) => clues.some((clue) => text.includes(clue)) && pattern.test(text),
  );
}

/** Field names whose value is a credential, whatever it looks like (`config.database.password`). */
const SECRET_FIELD =
  /(password|passwd|passphrase|token|api_?key|access_?key|secret_?key|private_?key|client_?secret|credentials?|connstr)$/i;

/** The password of a URL's user info, cut out: `https://user:[redacted]@host`. */
function withoutUrlPassword(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/]+:)[^\s@/]+@/gi, '$1[redacted]@');
}

/**
 * A value as it may appear in a problem: a credential (by its field name or its shape) is
 * replaced by what it is, so that errors, `--json` output and CI logs never repeat a secret a
 * user passed by mistake.
 */
export function redactValue(value: unknown, path?: string, seen: WeakSet<object> = new WeakSet()): unknown {
  const field = path?.split('.').at(-1) ?? '';
  if (typeof value === 'string') {
    // Already redacted by the package that found it (`<redacted webhook URL>`).
    if (/^[<[]redacted/.test(value)) return value;
    if (value !== '' && SECRET_FIELD.test(field)) return '[redacted]';
    const found = findSecretPattern(value);
    if (!found) return value;
    return found.name === 'credentials in a URL' ? withoutUrlPassword(value) : `[redacted: ${found.name}]`;
  }
  // A value with a cycle is reported as it is (describeValue and toJSON guard against cycles).
  if (typeof value === 'object' && value !== null) {
    if (seen.has(value)) return value;
    seen.add(value);
  }
  if (Array.isArray(value)) return value.map((item) => redactValue(item, undefined, seen));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value))
      Object.defineProperty(out, key, {
        value: redactValue(value[key], key, seen),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return out;
  }
  return value;
}
