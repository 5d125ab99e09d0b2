import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { findSecretPattern, SECRET_PATTERNS } from './redact.js';

/** The patterns tried one by one, as before the clues: the oracle `findSecretPattern` must agree with. */
const slowFind = (text: string) => SECRET_PATTERNS.find(({ pattern }) => pattern.test(text));

// Pieces of every credential shape (assembled, so that this file holds no credential), and
// near misses, spliced into arbitrary text.
const PIECES = [
  'https://',
  'http://',
  'HTTPS://',
  's3://',
  '://',
  'hooks.slack.com/',
  'hooks.slack.com/services/',
  'https://hooks.slack.com/services/T0/B0/xyz',
  ['xoxb', '0123456789', 'abcdef'].join('-'),
  'xox',
  'xoxp-',
  ['-----BEGIN', 'RSA PRIVATE KEY-----'].join(' '),
  ['-----BEGIN', 'PRIVATE KEY-----'].join(' '),
  'PRIVATE KEY-----',
  '"private_key_id"',
  '"private_key_id" :',
  'private_key_id:',
  ['AKIA', 'ABCDEFGHIJKLMNOP'].join(''),
  ['ASIA', '0123456789ABCDEF'].join(''),
  'AKIA',
  'events.pagerduty.com/',
  'events.pagerduty.com/x?routing_key=',
  'api.opsgenie.com/v2?apiKey=',
  'admin:hunter2@',
  'user:pass@host',
  ':',
  '@',
  '/',
  ' ',
  '\n',
];

describe('findSecretPattern', () => {
  test('agrees with trying every pattern, on text built from credential pieces and near misses', () => {
    const text = fc
      .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 6 })), { maxLength: 10 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (value) => {
        expect(findSecretPattern(value)?.name).toBe(slowFind(value)?.name);
      }),
      { numRuns: 5000 },
    );
  });

  test('every pattern has clues, and each of its sample matches holds one of them', () => {
    const samples: Record<string, string> = {
      'a Slack webhook URL': 'https://hooks.slack.com/services/T0/B0/xyz',
      'a Slack token': ['xoxb', '0123456789', 'abcdef'].join('-'),
      'a private key': ['-----BEGIN', 'EC PRIVATE KEY-----'].join(' '),
      'a Google service-account key': '{"private_key_id": "1"}',
      'an AWS access key': ['ASIA', '0123456789ABCDEF'].join(''),
      'a PagerDuty or Opsgenie integration key in a URL': 'api.opsgenie.com/v2/x?apiKey=1',
      'credentials in a URL': 'Postgres://u:p@db',
    };
    for (const entry of SECRET_PATTERNS) {
      const sample = samples[entry.name]!;
      expect(entry.pattern.test(sample), entry.name).toBe(true);
      expect(entry.clues.length, entry.name).toBeGreaterThan(0);
      expect(
        entry.clues.some((clue) => sample.includes(clue)),
        entry.name,
      ).toBe(true);
      expect(findSecretPattern(sample)?.name).toBe(entry.name);
    }
  });

  test('text without any clue is ruled out', () => {
    expect(findSecretPattern('a long description of a field, with no URL in it')).toBeUndefined();
  });
});
