/**
 * A structural check of Go text/template, the language of alert labels and annotations: what
 * Prometheus (and `promtool check rules`) refuse to parse — an action left open, a string left
 * open, unbalanced parentheses, an empty action, `{{end}}` or `{{else}}` without a block, a block
 * without its `{{end}}` — found at build time, with the position, instead of by promtool later.
 * Function names are not checked: they differ between Prometheus versions.
 */

/** Blocks that need an `{{end}}`; `else` belongs to the first three. */
const BLOCKS = new Set(['if', 'range', 'with', 'define', 'block']);
const ELSE_IN = new Set(['if', 'range', 'with']);

interface Scanned {
  /** The action's text between the delimiters, trim markers removed. */
  body: string;
  /** Index of the `{{` in the template. */
  at: number;
  /** Index just after the `}}`. */
  end: number;
  /** A comment action (slash-star … star-slash inside the braces), which Go skips. */
  comment?: boolean;
}

/** The end of the quoted literal starting at `start` (index after the closing quote), or -1. */
function literalEnd(text: string, start: number): number {
  const quote = text[start]!;
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (quote !== '`' && c === '\\') {
      i++;
      continue;
    }
    if (quote !== '`' && c === '\n') return -1;
    if (c === quote) return i + 1;
  }
  return -1;
}

/** The next action from `from`, or a problem, or undefined when there is none. */
function nextAction(text: string, from: number): Scanned | string | undefined {
  const at = text.indexOf('{{', from);
  if (at === -1) return undefined;
  let i = at + 2;
  if (text.startsWith('/*', i) || text.startsWith('- /*', i)) {
    const close = text.indexOf('*/', i);
    const end = close === -1 ? -1 : text.indexOf('}}', close);
    if (end === -1) return `comment opened at character ${at + 1} is not closed`;
    return { body: '', at, end: end + 2, comment: true };
  }
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' || c === '`' || c === "'") {
      const end = literalEnd(text, i);
      if (end === -1)
        return `unterminated ${c === "'" ? 'character constant' : 'string'} in the action at character ${at + 1}`;
      i = end;
      continue;
    }
    if (text.startsWith('}}', i)) {
      let body = text.slice(at + 2, i);
      // Trim markers: `{{- ` and ` -}}` (a dash with a space; `{{-3}}` is a number).
      if (/^-\s/.test(body)) body = body.slice(1);
      if (/\s-$/.test(body)) body = body.slice(0, -1);
      return { body, at, end: i + 2 };
    }
    i++;
  }
  return `action opened at character ${at + 1} is not closed with "}}"`;
}

/** The body without its string literals (they may hold parentheses and keywords). */
function withoutLiterals(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '"' || c === '`' || c === "'") {
      const end = literalEnd(body, i);
      out += ' "" ';
      i = end - 1;
      continue;
    }
    out += c;
  }
  return out;
}

/** The first problem of the template, or undefined when Go's parser would accept its structure. */
export function goTemplateProblem(template: string): string | undefined {
  const open: { keyword: string; at: number }[] = [];
  let from = 0;
  for (;;) {
    const action = nextAction(template, from);
    if (action === undefined) break;
    if (typeof action === 'string') return action;
    from = action.end;
    const body = withoutLiterals(action.body).trim();
    const where = `the action at character ${action.at + 1}`;
    if (action.comment) continue;
    if (body === '') return `${where} is empty`;
    let depth = 0;
    for (const c of body) {
      if (c === '(') depth++;
      if (c === ')') depth--;
      if (depth < 0) return `unexpected ")" in ${where}`;
    }
    if (depth > 0) return `unclosed "(" in ${where}`;
    const keyword = /^([a-z]+)\b/.exec(body)?.[1] ?? '';
    if (BLOCKS.has(keyword)) {
      if (body === keyword) return `{{${keyword}}} needs an argument (${where})`;
      open.push({ keyword, at: action.at });
    } else if (keyword === 'else') {
      const top = open.at(-1);
      if (!top || !ELSE_IN.has(top.keyword)) return `{{else}} outside an if, range or with (${where})`;
      // `else if` and `else with` continue the same block; a plain `else` too.
    } else if (keyword === 'end') {
      if (body !== 'end') return `{{end}} takes no argument (${where})`;
      if (!open.pop()) return `{{end}} without a block to end (${where})`;
    }
  }
  const unclosed = open.at(-1);
  if (unclosed) return `{{${unclosed.keyword}}} opened at character ${unclosed.at + 1} has no {{end}}`;
  return undefined;
}
