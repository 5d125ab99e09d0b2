// One canonical text per PromQL expression, so that comparing two rule files reports drift, not
// formatting: the expression is parsed with Prometheus's own grammar (@prometheus-io/lezer-promql)
// and printed back with one spacing, label matchers and grouping labels sorted, redundant
// parentheses dropped (a binary operand that is itself a binary expression is always
// parenthesised), numbers and durations in one spelling (`0.01` = `1e-2`, `1h` = `60m`), strings
// double-quoted, comments gone, `sum(x) by (a)` written `sum by (a) (x)`.
//
// With `mask`, parts of the expression print as placeholders so that callers can tell what kind
// of difference two expressions have: `labels` hides label matchers and grouping labels,
// `numbers` hides numbers and durations, `aggregations` drops sum/min/max/avg around a single
// argument (ours often aggregate to the object's labels where upstream keeps the series as is).
import { parser } from '@prometheus-io/lezer-promql';

const UNITS = [
  ['y', 365 * 24 * 3600_000],
  ['w', 7 * 24 * 3600_000],
  ['d', 24 * 3600_000],
  ['h', 3600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
];
const DURATION = /^(?:\d+(?:ms|[smhdwy]))+$/;

/** Milliseconds of a Prometheus duration (`1h30m`, `90s`), or undefined when it is not one. */
export function durationMs(text) {
  if (!DURATION.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)(ms|[smhdwy])/g)) {
    total += Number(amount) * UNITS.find(([name]) => name === unit)[1];
  }
  return total;
}

/** A duration in Prometheus's own spelling: largest units first (`90m` → `1h30m`, `0` → `0s`). */
export function formatDuration(ms) {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, size] of UNITS) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}

/** `5m`, `300s` and `300000ms` → `5m`; anything that is not a duration is returned trimmed. */
export function canonicalDuration(text) {
  const trimmed = String(text ?? '').trim();
  const ms = durationMs(trimmed);
  return ms === undefined ? trimmed : formatDuration(ms);
}

function canonicalNumber(text) {
  const lower = text.toLowerCase();
  if (/^[+-]?inf$/.test(lower) || lower === 'nan') return lower.replace('+', '');
  const ms = durationMs(text);
  if (ms !== undefined) return String(ms / 1000);
  const value = Number(text);
  return Number.isNaN(value) ? text : String(value);
}

/** The value of a PromQL string literal ("", '' or ``), printed double-quoted. */
function canonicalString(text) {
  const quote = text[0];
  let body = text.slice(1, -1);
  if (quote !== '`') {
    body = body.replace(/\\(.)/g, (sequence, char) => {
      if (char === quote || char === '\\') return char;
      return { n: '\n', t: '\t', r: '\r' }[char] ?? sequence;
    });
  }
  return JSON.stringify(body);
}

const childrenOf = (node) => {
  const out = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.name !== 'LineComment') out.push(child);
  }
  return out;
};

function hasError(tree) {
  let error = false;
  tree.iterate({
    enter(node) {
      if (node.type.isError) error = true;
      return !error;
    },
  });
  return error;
}

function printer(source, mask) {
  const text = (node) => source.slice(node.from, node.to);

  const grouping = (node) => {
    if (mask.labels) return '(…)';
    const labels = childrenOf(node).map((label) =>
      label.name === 'LabelName' ? text(label) : canonicalString(text(label)),
    );
    return `(${[...new Set(labels)].sort().join(', ')})`;
  };

  const duration = (node) => {
    if (mask.numbers) return 'D';
    const parts = childrenOf(node);
    if (parts.length === 1 && parts[0].name.startsWith('NumberDurationLiteral')) {
      return canonicalDuration(text(parts[0]));
    }
    return print(node);
  };

  /** An operand of a binary or unary operator, a subquery or a modifier: parenthesised when binary. */
  const operand = (node) => {
    const inner = unwrap(node);
    const printed = print(inner);
    return inner.name === 'BinaryExpr' ? `(${printed})` : printed;
  };

  /** Without its parentheses; with `mask.aggregations`, also without sum/min/max/avg around one argument. */
  const unwrap = (node) => {
    let current = node;
    for (;;) {
      if (current.name === 'ParenExpr') current = childrenOf(current)[0];
      else if (mask.aggregations && isPlainAggregation(current)) {
        current = childrenOf(current.getChild('FunctionCallBody'))[0];
      } else return current;
    }
  };

  const isPlainAggregation = (node) => {
    if (node.name !== 'AggregateExpr') return false;
    const op = text(node.getChild('AggregateOp')).toLowerCase();
    const body = node.getChild('FunctionCallBody');
    return ['sum', 'min', 'max', 'avg'].includes(op) && body && childrenOf(body).length === 1;
  };

  const matcher = (node) => {
    const [name, op, value] = childrenOf(node);
    const label = name.name === 'QuotedLabelName' ? canonicalString(text(childrenOf(name)[0])) : text(name);
    return `${label}${text(op)}${mask.labels ? '…' : canonicalString(text(value))}`;
  };

  function print(node) {
    const parts = childrenOf(node);
    switch (node.name) {
      case 'PromQL':
      case 'ParenExpr':
        return print(unwrap(parts[0]));
      case 'BinaryExpr': {
        const [left, op, ...rest] = parts;
        const right = rest.pop();
        const modifiers = rest.map((modifier) => {
          if (modifier.name === 'BoolModifier') return 'bool';
          // MatchingModifierClause: on|ignoring (labels) [group_left|group_right [(labels)]]
          return childrenOf(modifier)
            .map((part) => {
              if (part.name !== 'GroupingLabels') return text(part).toLowerCase();
              const empty = childrenOf(part).length === 0;
              const previous = part.prevSibling?.name;
              // `group_left` and `group_left ()` are the same; `on ()` is not `on`.
              if (empty && (previous === 'GroupLeft' || previous === 'GroupRight')) return '';
              return grouping(part);
            })
            .filter(Boolean)
            .join(' ');
        });
        return [operand(left), text(op).toLowerCase(), ...modifiers, operand(right)].join(' ');
      }
      case 'UnaryExpr': {
        const [op, expr] = parts;
        return `${text(op)}${operand(expr)}`;
      }
      case 'AggregateExpr': {
        if (mask.aggregations && isPlainAggregation(node)) return print(unwrap(node));
        const op = text(parts.find((p) => p.name === 'AggregateOp')).toLowerCase();
        const body = parts.find((p) => p.name === 'FunctionCallBody');
        const modifier = parts.find((p) => p.name === 'AggregateModifier');
        let clause = '';
        if (modifier) {
          const [kind, labels] = childrenOf(modifier);
          const empty = !labels || childrenOf(labels).length === 0;
          // `sum by () (x)` is `sum(x)`; `without ()` is too.
          if (!empty || mask.labels)
            clause = ` ${text(kind).toLowerCase()} ${labels ? grouping(labels) : '()'}`;
        }
        return clause ? `${op}${clause} (${args(body)})` : `${op}(${args(body)})`;
      }
      case 'FunctionCall': {
        const [identifier, body] = parts;
        return `${text(identifier)}(${body ? args(body) : ''})`;
      }
      case 'VectorSelector': {
        const name = parts.find((p) => p.name === 'Identifier');
        const matchers = parts.find((p) => p.name === 'LabelMatchers');
        const printed = matchers ? childrenOf(matchers).map(matcher) : [];
        if (mask.labels) return name ? text(name) : '{…}';
        const sorted = [...new Set(printed)].sort();
        return `${name ? text(name) : ''}${sorted.length || !name ? `{${sorted.join(', ')}}` : ''}`;
      }
      case 'MatrixSelector': {
        const [selector, range] = parts;
        return `${print(selector)}[${duration(range)}]`;
      }
      case 'SubqueryExpr': {
        const [expr, range, step] = parts;
        return `${operand(expr)}[${duration(range)}:${step ? duration(step) : ''}]`;
      }
      case 'OffsetExpr': {
        const [expr, , offset] = parts;
        return `${operand(expr)} offset ${offsetDuration(offset)}`;
      }
      case 'StepInvariantExpr': {
        const [expr, , at] = parts;
        const time = at.name === 'AtModifierPreprocessors' ? `${text(at).toLowerCase()}()` : print(at);
        return `${operand(expr)} @ ${time}`;
      }
      case 'NumberDurationLiteral':
        return mask.numbers ? 'N' : canonicalNumber(text(node));
      case 'NumberDurationLiteralInDurationContext':
        return mask.numbers ? 'D' : canonicalDuration(text(node));
      case 'StringLiteral':
        return canonicalString(text(node));
      case 'DurationExpr':
        return parts.length === 1 ? print(parts[0]) : parts.map(print).join(' ');
      default:
        // Anything this printer does not know (newer grammar): its tokens, one space apart.
        return parts.length ? parts.map(print).join(' ') : text(node);
    }
  }

  function offsetDuration(node) {
    if (mask.numbers) return 'D';
    const parts = childrenOf(node);
    if (parts[0]?.name === 'UnaryOp') return `${text(parts[0])}${offsetDuration(parts[1])}`;
    if (parts.length === 1) return print(parts[0]);
    return print(node);
  }

  function args(body) {
    return childrenOf(body)
      .map((arg) => print(unwrap(arg)))
      .join(', ');
  }

  return print;
}

/**
 * The canonical text of a PromQL expression, and whether it parsed. An expression that does not
 * parse is only whitespace-normalised (`parsed: false`), so a comparison still works on it.
 * @param {string} expr
 * @param {{ labels?: boolean, numbers?: boolean, aggregations?: boolean }} [mask]
 * @returns {{ text: string, parsed: boolean }}
 */
export function canonicalPromql(expr, mask = {}) {
  const source = String(expr ?? '');
  const tree = parser.parse(source);
  if (hasError(tree)) return { text: source.replace(/\s+/g, ' ').trim(), parsed: false };
  return { text: printer(source, mask)(tree.topNode), parsed: true };
}

/**
 * What kind of difference two expressions have, from the masked forms: `labels` (only label
 * matchers or grouping labels differ), `numbers` (only thresholds, windows or other constants),
 * `labels+numbers` (both of those only), `aggregation` (the same once sum/min/max/avg around one
 * argument and the labels are set aside: the difference is how the series are aggregated),
 * `aggregation+numbers`, `logic` (functions, operators, metrics, structure), or undefined when
 * they are the same.
 */
export function exprDifference(a, b) {
  const same = (mask) => canonicalPromql(a, mask).text === canonicalPromql(b, mask).text;
  if (same({})) return undefined;
  if (same({ labels: true })) return 'labels';
  if (same({ numbers: true })) return 'numbers';
  if (same({ labels: true, numbers: true })) return 'labels+numbers';
  if (same({ labels: true, aggregations: true })) return 'aggregation';
  if (same({ labels: true, numbers: true, aggregations: true })) return 'aggregation+numbers';
  return 'logic';
}
