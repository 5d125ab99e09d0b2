import { parser as logqlParser } from '@grafana/lezer-logql';
import { parser as traceqlParser } from '@grafana/lezer-traceql';
import type { LRParser } from '@lezer/lr';
import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import type { QueryLanguage } from './kinds.js';

const parsers: Record<QueryLanguage, LRParser> = {
  promql: promqlParser as unknown as LRParser,
  logql: logqlParser as unknown as LRParser,
  traceql: traceqlParser as unknown as LRParser,
};

export const languageNames: Record<QueryLanguage, string> = {
  promql: 'PromQL',
  logql: 'LogQL',
  traceql: 'TraceQL',
};

export interface SyntaxProblem {
  /** Character offset of the first error. */
  offset: number;
  message: string;
}

/**
 * Parses an expression with the upstream lezer grammar of its language and returns the first
 * syntax error, or undefined when it parses. The grammars are error-tolerant: they always
 * produce a tree and mark what they could not parse with error nodes.
 */
export function findSyntaxError(language: QueryLanguage, expression: string): SyntaxProblem | undefined {
  if (expression.trim() === '') return { offset: 0, message: `empty ${languageNames[language]} expression` };
  const tree = parsers[language].parse(expression);
  let offset: number | undefined;
  tree.iterate({
    enter(node) {
      if (offset !== undefined) return false;
      if (node.type.isError) offset = node.from;
      return undefined;
    },
  });
  if (offset === undefined) return undefined;
  const line = expression.slice(0, offset).split('\n').length;
  const column = offset - expression.lastIndexOf('\n', offset - 1);
  const near = expression.slice(Math.max(0, offset - 20), offset + 20).replace(/\s+/g, ' ');
  return {
    offset,
    message: `${languageNames[language]} syntax error at line ${line}, column ${column}, near "${near}"`,
  };
}

/** `$name` or `${name}`, and not the start of a longer name (`$__range` must not match `$__range_s`). */
const variable = (name: string): string => `\\$(?:${name}(?!\\w)|\\{${name}\\})`;

/**
 * Grafana replaces these variables before a query reaches the datasource; for parsing, stand
 * in a value of the right kind (a number of seconds or milliseconds, a duration). Other
 * `$variables` are accepted where only a duration can stand (a range, a subquery step, an
 * offset, as dashboards do with an `interval` variable); elsewhere they appear inside label
 * matcher strings, where the grammar accepts anything.
 */
const GRAFANA_VARIABLES: readonly [RegExp, string][] = [
  [new RegExp(variable('__range_s'), 'g'), '3600'],
  [new RegExp(variable('__range_ms'), 'g'), '3600000'],
  [new RegExp(variable('__(?:rate_)?interval_ms'), 'g'), '60000'],
  [new RegExp(variable('__(?:rate_interval|interval|range|auto)'), 'g'), '5m'],
  [/(?<=\[\s*)\$\{?\w+\}?(?=\s*[\]:])/g, '5m'],
  [/(?<=\[[^\]]*:\s*)\$\{?\w+\}?(?=\s*\])/g, '1m'],
  [/(?<=\boffset\s+)\$\{?\w+\}?/g, '5m'],
];

export function substituteGrafanaVariables(expression: string): string {
  return GRAFANA_VARIABLES.reduce(
    (text, [pattern, replacement]) => text.replace(pattern, replacement),
    expression,
  );
}
