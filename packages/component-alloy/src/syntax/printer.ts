import type { AlloyFile, Block, Statement, Value } from './model.js';

/**
 * The one printer of Alloy configuration text, after the syntax of grafana/alloy (`syntax/`
 * scanner and parser, `docs/sources/get-started/syntax.md`). Output is deterministic: bodies in
 * the model's order (it matters for `loki.process` stages), object keys sorted, two-space
 * indentation, one blank line between top-level blocks, LF and one final newline. What Alloy
 * would refuse (a name or label that is no identifier, a number that is not finite) throws an
 * `AlloySyntaxError` rather than print a file Alloy cannot load.
 */

export class AlloySyntaxError extends Error {
  override readonly name = 'AlloySyntaxError';
}

const INDENT = '  ';
/** Lists at most this long on one line are printed inline. */
const INLINE_LIST_WIDTH = 100;

/**
 * Letters (Unicode letters too), digits and `_`, not starting with a digit; `true`, `false` and
 * `null` are keyword tokens, not identifiers.
 */
const IDENTIFIER = /^[\p{L}_][\p{L}\p{Nd}_]*$/u;
const KEYWORDS = new Set(['true', 'false', 'null']);

/** Top-level blocks that are not components, and so have no label. */
const CONFIG_BLOCKS = new Set(['logging', 'tracing', 'livedebugging', 'http', 'remotecfg']);

export function isIdentifier(text: string): boolean {
  return IDENTIFIER.test(text) && !KEYWORDS.has(text);
}

/** `prometheus.scrape`, `stage.json`, `sys.env`: identifiers joined with dots. */
function dottedName(name: string, what: string): string {
  if (!name.split('.').every(isIdentifier))
    throw new AlloySyntaxError(`${what} "${name}" is not dot-separated identifiers`);
  return name;
}

/**
 * A double-quoted string with Alloy's escapes: `\\`, `\"`, `\n`, `\r`, `\t`, and `\xNN` /
 * `\uNNNN` for the other control characters. Other characters, Unicode included, are written
 * as they are (the file is UTF-8); `{{` means nothing to Alloy and stays as it is.
 */
export function quote(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff)
      throw new AlloySyntaxError(
        `a lone UTF-16 surrogate (U+${code.toString(16).toUpperCase()}) cannot be written as UTF-8`,
      );
    if (char === '\\') out += '\\\\';
    else if (char === '"') out += '\\"';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0x80 && code <= 0x9f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else if (code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16)}`;
    else out += char;
  }
  return `${out}"`;
}

function printNumber(value: number): string {
  if (!Number.isFinite(value)) throw new AlloySyntaxError(`${value} is not a number Alloy can read`);
  return String(value);
}

/** An object key: bare when it is an identifier, quoted otherwise (`"app.kubernetes.io/name"`). */
function printKey(key: string): string {
  return isIdentifier(key) ? key : quote(key);
}

function isTagged(
  value: Value,
): value is Exclude<Value, string | number | boolean | null | readonly Value[]> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function printValue(value: Value, depth: number): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') return printNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return printList(value as readonly Value[], depth);
  if (!isTagged(value)) throw new AlloySyntaxError(`not a value: ${JSON.stringify(value)}`);
  switch (value.kind) {
    case 'reference': {
      if (!isIdentifier(value.label))
        throw new AlloySyntaxError(`label "${value.label}" is not an identifier`);
      if (!isIdentifier(value.export))
        throw new AlloySyntaxError(`export "${value.export}" is not an identifier`);
      return `${dottedName(value.component, 'component name')}.${value.label}.${value.export}`;
    }
    case 'call':
      return `${dottedName(value.function, 'function')}(${value.args.map((arg) => printValue(arg, depth)).join(', ')})`;
    case 'concat':
      if (value.parts.length === 0) throw new AlloySyntaxError('a concatenation needs at least one part');
      return value.parts.map((part) => printValue(part, depth)).join(' + ');
    case 'object':
      return printObject(value.fields, depth);
  }
}

/** Multi-line forms end every item with a comma: Alloy requires it before a closing bracket on its own line. */
function printList(items: readonly Value[], depth: number): string {
  if (items.length === 0) return '[]';
  const inline = items.map((item) => printValue(item, depth));
  const oneLine = `[${inline.join(', ')}]`;
  if (!oneLine.includes('\n') && oneLine.length <= INLINE_LIST_WIDTH) return oneLine;
  const inner = INDENT.repeat(depth + 1);
  const lines = items.map((item) => `${inner}${printValue(item, depth + 1)},`);
  return `[\n${lines.join('\n')}\n${INDENT.repeat(depth)}]`;
}

function printObject(fields: Readonly<Record<string, Value>>, depth: number): string {
  const keys = Object.keys(fields).sort();
  if (keys.length === 0) return '{}';
  const inner = INDENT.repeat(depth + 1);
  const lines = keys.map((key) => `${inner}${printKey(key)} = ${printValue(fields[key]!, depth + 1)},`);
  return `{\n${lines.join('\n')}\n${INDENT.repeat(depth)}}`;
}

function printComment(comment: string | undefined, indent: string): string[] {
  if (comment === undefined) return [];
  return comment.split('\n').map((line) => (line === '' ? `${indent}//` : `${indent}// ${line}`));
}

function printStatement(statement: Statement, depth: number): string[] {
  const indent = INDENT.repeat(depth);
  if (statement.kind === 'attribute') {
    if (!isIdentifier(statement.name))
      throw new AlloySyntaxError(`attribute name "${statement.name}" is not an identifier`);
    return [`${indent}${statement.name} = ${printValue(statement.value, depth)}`];
  }
  return printBlock(statement, depth);
}

function printBlock(block: Block, depth: number): string[] {
  const indent = INDENT.repeat(depth);
  let head = dottedName(block.name, 'block name');
  if (block.label !== undefined && depth > 0)
    throw new AlloySyntaxError(`nested block ${head} cannot have a label`);
  if (block.label === undefined && depth === 0 && !CONFIG_BLOCKS.has(block.name))
    throw new AlloySyntaxError(`component ${head} must have a label`);
  if (block.label !== undefined) {
    // A component label is one identifier token, double-quoted.
    if (!isIdentifier(block.label)) throw new AlloySyntaxError(`label "${block.label}" is not an identifier`);
    head += ` ${quote(block.label)}`;
  }
  const comment = printComment(block.comment, indent);
  if (block.body.length === 0) return [...comment, `${indent}${head} { }`];
  return [
    ...comment,
    `${indent}${head} {`,
    ...block.body.flatMap((statement) => printStatement(statement, depth + 1)),
    `${indent}}`,
  ];
}

/** The file's text: top-level blocks (the only statements Alloy allows there), one blank line apart. */
export function printAlloy(file: AlloyFile): string {
  const sections = [
    ...(file.comment !== undefined ? [printComment(file.comment, '').join('\n')] : []),
    ...file.blocks.map((block) => printBlock(block, 0).join('\n')),
  ];
  return `${sections.join('\n\n')}\n`;
}
