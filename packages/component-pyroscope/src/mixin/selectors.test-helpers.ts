// Test helper (not exported from the package): the vector selectors of a PromQL expression, to
// check that every one of them carries the cluster matcher. The package has no PromQL parser
// of its own (core's lezer grammar is not a dependency here), so this is a tokenizer that knows
// enough PromQL for the dashboards' queries: strings may hold `}` and `{`, grouping lists
// (`by (pod)`), ranges (`[$__rate_interval]`) and function calls are not selectors.

const KEYWORDS = /^(and|or|unless|bool|offset|by|without|on|ignoring|group_left|group_right|inf|nan)$/i;

/** A double-quoted PromQL string, escapes included. */
const STRING = /"(?:[^"\\]|\\.)*"/g;

/**
 * The vector selectors of an expression: `name{matchers}` or `{matchers}` (braced), and the
 * metric names without braces at all (bare: `sum(up)`), which can carry no matcher.
 */
export function selectorsOf(expr: string): { braced: string[]; bare: string[] } {
  const braced = [
    ...expr.matchAll(/(?<![\w:])(?:[a-zA-Z_:][\w:]*\s*)?\{((?:[^}"]|"(?:[^"\\]|\\.)*")*)\}/g),
  ].map((m) => m[0]);
  const text = expr
    .replace(STRING, '""')
    .replace(/\{[^}]*\}/g, '{}')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '');
  const bare = [...text.matchAll(/(?<![\w:.$])[a-zA-Z_:][\w:]*(?![\w:])/g)]
    .filter((m) => !KEYWORDS.test(m[0]) && !/^\s*[{(]/.test(text.slice(m.index + m[0].length)))
    .map((m) => m[0]);
  return { braced, bare };
}

/**
 * The selectors of an expression without `matcher` among their matchers (a matcher inside a
 * string value does not count), each as `<where>: <selector>`; none when every one has it.
 */
export function selectorsWithout(matcher: string, where: string, expr: string): string[] {
  const { braced, bare } = selectorsOf(expr);
  // The matchers between the braces, split on the commas outside strings.
  const matchersOf = (selector: string) =>
    [...selector.slice(selector.indexOf('{') + 1, -1).matchAll(/(?:[^,"]|"(?:[^"\\]|\\.)*")+/g)].map((m) =>
      m[0].trim(),
    );
  return [
    ...braced.filter((s) => !matchersOf(s).includes(matcher)).map((s) => `${where}: ${s}`),
    ...bare.map((name) => `${where}: ${name} (no selector)`),
  ];
}
