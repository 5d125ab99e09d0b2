import { alertsOf, createStack, findSyntaxError, type Mixin, recordingRulesOf, render } from '@mixstack/core';
import { promtoolCheckRules } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { prometheus } from '../prometheus.js';

/**
 * "Syntax both accept": core parses PromQL with the Prometheus 3 grammar, while Debian's
 * promtool and Prometheus are 2.42, and users run either. `promtool check rules` rejects what
 * 2.42 cannot parse (mixins/promtool.test.ts runs it on every rule file); this scan names the
 * constructs the 3.x grammar accepts and 2.42 does not, so that a rule using one fails here with
 * the reason, and the self-test proves each entry is real on both sides. The last entry is a
 * change of meaning rather than syntax: Prometheus 3 ingests `le="1"` as `le="1.0"`.
 */
const NEWER_THAN_2_42: readonly { construct: string; sample: string; finds: (expr: string) => boolean }[] = [
  ...[
    'limitk',
    'limit_ratio',
    'info',
    'sort_by_label',
    'sort_by_label_desc',
    'double_exponential_smoothing',
    'mad_over_time',
    'histogram_avg',
    'histogram_stddev',
    'histogram_stdvar',
    'first_over_time',
    'ts_of_min_over_time',
    'ts_of_max_over_time',
    'ts_of_last_over_time',
    'ts_of_first_over_time',
  ].map((fn) => ({
    construct: `the function ${fn}() (newer than 2.42)`,
    sample: ['limitk', 'limit_ratio'].includes(fn)
      ? `${fn}(1, up)`
      : fn.startsWith('sort_by_label')
        ? `${fn}(up, "job")`
        : fn === 'double_exponential_smoothing'
          ? `${fn}(up[5m], 0.5, 0.5)`
          : fn.endsWith('_over_time')
            ? `${fn}(up[5m])`
            : `${fn}(up)`,
    finds: (expr: string) => new RegExp(`\\b${fn}\\s*\\(`).test(expr),
  })),
  {
    construct: 'a quoted (UTF-8) metric or label name in a selector',
    sample: '{"up"}',
    finds: (expr) => [...expr.matchAll(/\{([^{}]*)\}/g)].some(([, body = '']) => /(^|,)\s*"/.test(body)),
  },
  {
    construct: 'a quoted label name in a grouping',
    sample: 'sum by ("job") (up)',
    finds: (expr) => /\b(by|without|on|ignoring|group_left|group_right)\s*\(\s*"/.test(expr),
  },
  {
    construct: 'arithmetic in a range or offset (duration expressions)',
    sample: 'rate(up[5m+1m])',
    finds: (expr) => /\[[^\]:]*[-+*/%^()][^\]]*\]/.test(expr) || /\boffset\s*\(/.test(expr),
  },
  {
    construct: 'the step() duration function',
    sample: 'rate(up[step()])',
    finds: (expr) => /\bstep\s*\(/.test(expr),
  },
  {
    construct: 'an anchored or smoothed range',
    sample: 'rate(up[5m] anchored)',
    finds: (expr) => /\]\s*(anchored|smoothed)\b/.test(expr),
  },
  {
    construct: 'digit separators in numbers',
    sample: '1_000 + up',
    finds: (expr) => /\b\d+(_\d+)+\b/.test(expr),
  },
  {
    construct: 'a duration used as a number',
    sample: 'up * 1m',
    finds: (expr) =>
      /(^|[^\w.])\d+(ms|s|m|h|d|w|y)\b/.test(
        expr.replace(/\[[^\]]*\]/g, '[]').replace(/\boffset\s+-?\w+/g, ''),
      ),
  },
];

/** The constructs an expression uses; string literals (regexes, label values) are blanked first. */
function newerConstructs(expr: string): string[] {
  const code = withoutStrings(expr);
  return NEWER_THAN_2_42.filter((entry) => entry.finds(code)).map((entry) => entry.construct);
}

function withoutStrings(expr: string): string {
  return expr.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/`[^`]*`/g, '``');
}

/** `le="1"` matches Prometheus 2 (text format) but not 3 (`le="1.0"`); `le=~"1(\\.0)?"` matches both. */
function exactBucketBound(expr: string): boolean {
  return /\ble\s*(=|!=)\s*"/.test(expr);
}

const STACKS = {
  default: () => createStack({}, [prometheus()]),
  'managed, other names': () =>
    createStack({ namespace: 'obs', managedControlPlane: true }, [
      prometheus({ name: 'main', alertmanager: { name: 'ops' } }),
    ]),
};

function expressions(): { name: string; expr: string }[] {
  return Object.values(STACKS).flatMap((stack) =>
    Object.values(render(stack()).sections.mixins as Record<string, Mixin>).flatMap((mixin) => [
      ...alertsOf(mixin).map(({ rule }) => ({ name: rule.alert, expr: rule.expr })),
      ...recordingRulesOf(mixin).map(({ rule }) => ({ name: rule.record, expr: rule.expr })),
    ]),
  );
}

describe('PromQL that Prometheus 2.42 and 3 both accept', () => {
  test('each listed construct parses with core (3.x) and is rejected by promtool 2.42, and the scan finds it', () => {
    const files = Object.fromEntries(
      NEWER_THAN_2_42.map((entry, i) => [
        `construct-${i}.yaml`,
        { groups: [{ name: 'compat', rules: [{ record: 'compat:sample:test', expr: entry.sample }] }] },
      ]),
    );
    const { output } = promtoolCheckRules(files);
    NEWER_THAN_2_42.forEach((entry, i) => {
      expect(findSyntaxError('promql', entry.sample), `core parses ${entry.sample}`).toBeUndefined();
      expect(output, `promtool 2.42 rejects ${entry.sample} (${entry.construct})`).toMatch(
        new RegExp(`construct-${i}\\.yaml: .*could not parse expression`),
      );
      expect(newerConstructs(entry.sample), `the scan finds ${entry.construct}`).toContain(entry.construct);
    });
  });

  test('the scan accepts what both versions accept', () => {
    for (const expr of [
      'sum by (cluster, job) (rate(up{job="a", le=~"1(\\\\.0)?"}[5m] offset 5m))',
      'label_replace(up, "node", "$1", "instance", "(.+)")',
      'sum_over_time(x:y:increase1h{verb=~"GET"}[30d:1h]) * 100 / 3600',
      'predict_linear(node_filesystem_avail_bytes[6h], 86400) < 0',
    ]) {
      expect(newerConstructs(expr)).toEqual([]);
      expect(exactBucketBound(expr)).toBe(false);
    }
    expect(exactBucketBound('x_bucket{le="1"}')).toBe(true);
  });

  test.each(expressions().map(({ name, expr }) => [name, expr]))('%s uses none of them', (_, expr) => {
    expect(newerConstructs(expr)).toEqual([]);
    expect(exactBucketBound(expr), 'an exact le matcher: use le() of promql.ts').toBe(false);
  });
});
