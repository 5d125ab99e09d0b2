// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Grafana writes its variables as ${name} in plain strings
import { describe, expect, test } from 'vitest';
import { findSyntaxError, substituteGrafanaVariables } from './expressions.js';

describe('PromQL', () => {
  test.each([
    'up',
    'up{job="node", instance=~"10\\\\..*"}',
    'sum by (job) (rate(http_requests_total{code=~"5.."}[5m])) / sum by (job) (rate(http_requests_total[5m])) > 0.05',
    'histogram_quantile(0.99, sum by (le) (rate(apiserver_request_duration_seconds_bucket[5m])))',
    'absent(up{job="kube-state-metrics"} == 1)',
    'max_over_time(up[1h:5m] offset 1d)',
    'count(up) without (instance) unless on (job) group_left kube_pod_info',
    'predict_linear(node_filesystem_avail_bytes[6h], 4 * 3600) < 0',
    '{__name__="up", job="x"}',
    'rate(x[5m] @ end())',
    'sum(rate(x[5m]))\n  by (job)\n# a comment\n',
  ])('accepts %s', (expression) => {
    expect(findSyntaxError('promql', expression)).toBeUndefined();
  });

  test.each([
    ['sum(', 1, 5],
    ['up{job="a"', 1, 11],
    ['x +', 1, 4],
    ['rate(x[5m]', 1, 11],
    ['up{job=~}', 1, 9],
    ['sum(rate(x[5m])) by job', 1, 21],
    ['a\nand\n(b', 3, 3],
  ])('rejects %j with the line and column of the first error', (expression, line, column) => {
    const problem = findSyntaxError('promql', expression);
    expect(problem?.message).toMatch(
      new RegExp(`^PromQL syntax error at line ${line}, column ${column}, near "`),
    );
  });

  test.each(['', '   \n'])('rejects the empty expression %j', (expression) => {
    expect(findSyntaxError('promql', expression)).toEqual({ offset: 0, message: 'empty PromQL expression' });
  });
});

describe('LogQL', () => {
  test.each([
    '{job="loki"}',
    '{namespace="monitoring", app=~"loki|promtail"} |= "error" != "timeout"',
    'sum by (level) (count_over_time({job="app"} | json | level != "" [5m]))',
    'rate({job="app"} |~ "(?i)panic" [1m]) > 0',
    '{job="app"} | logfmt | duration > 10s | line_format "{{.msg}}"',
    'quantile_over_time(0.99, {job="app"} | json | unwrap latency [5m]) by (route)',
  ])('accepts %s', (expression) => {
    expect(findSyntaxError('logql', expression)).toBeUndefined();
  });

  test.each([
    '{job="a"',
    'rate({job="a"})',
    '{job="a"} |= ',
    'sum(count_over_time({job="a"}[5m]) by',
    'job="a"',
  ])('rejects %j', (expression) => {
    expect(findSyntaxError('logql', expression)?.message).toMatch(
      /^LogQL syntax error at line 1, column \d+/,
    );
  });
});

describe('TraceQL', () => {
  test.each([
    '{ .service.name = "checkout" }',
    '{ span.http.status_code >= 500 && resource.service.name =~ "api.*" } | rate()',
    '{ duration > 2s } | count() > 3',
    '{ status = error } >> { .db.system = "postgresql" }',
    '{}',
  ])('accepts %s', (expression) => {
    expect(findSyntaxError('traceql', expression)).toBeUndefined();
  });

  test.each(['{', '{ .a = }', '{ .a = "b" } |', '.a = "b"'])('rejects %j', (expression) => {
    expect(findSyntaxError('traceql', expression)?.message).toMatch(
      /^TraceQL syntax error at line 1, column \d+/,
    );
  });
});

describe('substituteGrafanaVariables', () => {
  test.each([
    ['rate(x[$__rate_interval])', 'rate(x[5m])'],
    ['rate(x[${__rate_interval}])', 'rate(x[5m])'],
    ['increase(x[$__range])', 'increase(x[5m])'],
    ['rate(x[$__interval])', 'rate(x[5m])'],
    ['rate(x[$__auto])', 'rate(x[5m])'],
    ['x / $__range_s', 'x / 3600'],
    ['x / ${__range_s}', 'x / 3600'],
    ['x / $__range_ms', 'x / 3600000'],
    ['x * $__interval_ms', 'x * 60000'],
    ['rate(x[$interval])', 'rate(x[5m])'],
    ['rate(x[${resolution}])', 'rate(x[5m])'],
    ['max_over_time(rate(x[$interval])[1h:$step])', 'max_over_time(rate(x[5m])[1h:1m])'],
    ['x offset $shift', 'x offset 5m'],
    ['up{job="$job", instance=~"${instance:regex}"}', 'up{job="$job", instance=~"${instance:regex}"}'],
  ])('%s → %s', (input, output) => {
    expect(substituteGrafanaVariables(input)).toBe(output);
  });

  test.each([
    'sum(rate(http_requests_total{job=~"$job"}[$__rate_interval])) by (code)',
    'increase(x[$__range]) / $__range_s',
    'avg_over_time(up{cluster="$cluster"}[$interval]) * 100',
    'rate(x[$__interval]) * $__interval_ms / 1000',
  ])('%s parses after substitution (and not before)', (expression) => {
    expect(findSyntaxError('promql', expression)).toBeDefined();
    expect(findSyntaxError('promql', substituteGrafanaVariables(expression))).toBeUndefined();
  });
});
