import { isMixstackError, problemsOfPart } from '@mixstack/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type SlackInput, slack } from './index.js';
import { metrics, renderStack } from './test-helpers.js';

/** Runs `fn`; any error must be a MixstackError with a hint. Returns whether it succeeded. */
function onlyMixstackErrors(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch (error) {
    if (!isMixstackError(error)) throw error;
    expect(error.hint.length).toBeGreaterThan(0);
    return false;
  }
}

const scalar = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constantFrom('#alerts', 'alerts', 'https://hooks.slack.com/services/x', 'slack', 'url', '5m', 'team'),
);
const loose = fc.oneof(scalar, fc.dictionary(fc.string(), scalar), fc.array(scalar));
/** Mostly valid, sometimes not: the render must be reached often, and bad values must be met too. */
const mostly = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>) =>
  fc.oneof({ arbitrary: good, weight: 49 }, { arbitrary: bad, weight: 1 });
const channel = mostly(
  fc.constantFrom('#alerts', '#alerts-critical', '#payments-alerts', '#a_b'),
  fc.constantFrom('bad', '#Bad'),
);
const secret = fc.record({
  name: mostly(fc.constantFrom('slack', 'alertmanager-slack'), fc.constant('Bad')),
  key: fc.constantFrom('url', 'u.rl'),
});
const matchers = fc.dictionary(
  mostly(fc.constantFrom('team', 'severity', 'app'), fc.constant('__x')),
  mostly(fc.constantFrom('payments', 'critical'), fc.constant('')),
  { minKeys: 1, maxKeys: 2 },
);
const valid = fc.record(
  {
    webhookSecret: secret,
    channel,
    severityChannels: fc.record(
      {
        critical: fc.oneof(
          channel,
          fc.constant(false),
          fc.record({ channel, webhookSecret: secret }, { requiredKeys: ['channel'] }),
        ),
        warning: fc.oneof(channel, fc.constant(false)),
        info: fc.oneof(channel, fc.constant(false)),
      },
      { requiredKeys: [] },
    ),
    routes: fc.array(
      fc.record(
        { matchers, channel, webhookSecret: secret, continue: fc.boolean() },
        { requiredKeys: ['matchers', 'channel'] },
      ),
      { maxLength: 3 },
    ),
    groupBy: fc.uniqueArray(mostly(fc.constantFrom('namespace', 'alertname', '...'), fc.constant('a.b')), {
      maxLength: 3,
    }),
    groupWait: mostly(fc.constantFrom('30s', '1m'), fc.constant('x')),
    grafanaUrl: mostly(fc.constantFrom('https://g.example.com', 'http://localhost:3000/'), fc.constant('g')),
    inhibitRules: fc.array(
      fc.record({
        source: matchers,
        target: matchers,
        equal: fc.array(fc.constantFrom('namespace', 'node')),
      }),
      {
        maxLength: 2,
      },
    ),
  },
  { requiredKeys: ['webhookSecret', 'channel'] },
);
const FIELDS = [
  'webhookSecret',
  'channel',
  'severityChannels',
  'routes',
  'groupBy',
  'groupWait',
  'grafanaUrl',
  'inhibitRules',
  'other',
];
/** Valid options two times in three, else with one field replaced by anything. */
const shaped = fc.oneof(
  { arbitrary: valid, weight: 2 },
  {
    arbitrary: fc
      .tuple(valid, fc.constantFrom(...FIELDS), loose)
      .map(([options, field, value]) => ({ ...options, [field]: value })),
    weight: 1,
  },
);

describe('fuzzing slack() options', () => {
  test('anything at all: the call never throws, and applying the part records only MixstackErrors', () => {
    fc.assert(
      fc.property(fc.anything(), (options) => {
        const part = slack(options as SlackInput);
        for (const problem of problemsOfPart(part)) {
          expect(isMixstackError(problem)).toBe(true);
          expect(problem.hint.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('options of about the right shape: rendering fails only with MixstackErrors', () => {
    let rendered = 0;
    fc.assert(
      fc.property(shaped, (options) => {
        if (onlyMixstackErrors(() => renderStack([metrics(), slack(options as SlackInput)]))) rendered++;
      }),
      { numRuns: 150 },
    );
    expect(rendered).toBeGreaterThan(15);
  });
});
