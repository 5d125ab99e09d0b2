import { type Document, parseAllDocuments } from 'yaml';

/** One document of a YAML stream. */
export interface YamlDocument {
  /** What `yaml`'s `parseAllDocuments(text)` then `toJS()` gives for this document. */
  value: unknown;
  /** The source of this document alone, without its `---` or `...` marker line. */
  text: string;
  /**
   * The first line of `yaml`'s first error, when the document is not valid YAML (or valid but
   * not buildable, like an alias before its anchor: then `value` is undefined).
   */
  error?: string;
}

/**
 * Reads every document of a YAML stream, giving exactly what `yaml`'s `parseAllDocuments` and
 * `toJS()` give, over 10× faster on the Kubernetes subset (block maps and sequences, plain, quoted
 * and block scalars, simple flow collections). Anything outside that subset (anchors, tags,
 * complex keys, tabs, duplicate keys, invalid YAML...) is read by `yaml` itself.
 */
export function parseYamlDocuments(text: string): YamlDocument[] {
  return readFast(text) ?? readWithYaml(text);
}

/**
 * The fast reader alone: the documents, or `undefined` when the text is outside its subset
 * (then only `yaml` can be trusted to read it). Exported for tests, not from the package.
 */
export function readFast(text: string): YamlDocument[] | undefined {
  try {
    return splitDocuments(text).map((segment) => ({
      value: new BlockReader(segment).readDocument(),
      text: text.slice(segment.from, segment.to),
    }));
  } catch (error) {
    if (error === UNSUPPORTED) return undefined;
    throw error;
  }
}

/** The slow path: `yaml` reads the text; each document keeps its own source text. */
function readWithYaml(text: string): YamlDocument[] {
  const docs = parseAllDocuments(text) as Document[];
  const segments = documentTexts(text);
  return docs.map((doc, i) => {
    const result: YamlDocument = {
      value: undefined,
      text: segments?.length === docs.length ? segments[i]! : rangeText(text, doc),
    };
    let message = doc.errors[0]?.message;
    try {
      result.value = doc.toJS();
    } catch (error) {
      // toJS throws on what yaml parses but cannot build: an alias to an anchor not yet set.
      message ??= (error as Error).message;
    }
    if (message !== undefined) result.error = message.split('\n')[0];
    return result;
  });
}

/** The document's own range in the source, without a leading `---` line. */
function rangeText(text: string, doc: Document): string {
  const [start, , end] = doc.range ?? [0, 0, text.length];
  const source = text.slice(start, end);
  return /^---[ \t]*(?:\r?\n|$)/.test(source) ? source.replace(/^---[ \t]*(?:\r?\n)?/, '') : source;
}

/** The texts of the documents as the fast reader splits them, or undefined if it cannot. */
function documentTexts(text: string): string[] | undefined {
  try {
    return splitDocuments(text, false).map((segment) => text.slice(segment.from, segment.to));
  } catch (error) {
    if (error === UNSUPPORTED) return undefined;
    throw error;
  }
}

/**
 * Thrown (never escaping `readFast`) when the text leaves the subset read with certainty. A
 * constant, not an Error: no stack is captured, so giving up costs nothing.
 */
const UNSUPPORTED: unique symbol = Symbol('unsupported YAML');

function unsupported(): never {
  throw UNSUPPORTED;
}

/**
 * Whether the text has a character yaml's lexer gives a meaning this reader does not take
 * care of: tabs (separation or content, by context), carriage returns, byte-order marks.
 * Other control and Unicode space characters are plain content to yaml, as they are here
 * (so this reader trims only spaces, never with String#trim). indexOf is ~20× faster than
 * one regular expression over megabytes.
 */
function hasUnsupportedChars(text: string): boolean {
  return text.includes('\t') || text.includes('\r') || text.includes('\ufeff');
}

/**
 * The lines of a text as offsets into it, measured in one pass: no string per line (75k of
 * them for the CRDs) and no second pass for indentation. A reader asks for a line's string
 * only where it reads structure; block scalars, most of a CRD, are sliced from the text whole.
 */
class Lines {
  /** Line i is `text.slice(starts[i], ends[i])`, without its line break. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Leading spaces of each line, whatever its kind. */
  readonly spaces: Int32Array;
  /** The indentation of each line with content, or BLANK / COMMENT. */
  readonly indents: Int32Array;
  /** The last line asked for: readers ask for the same line several times in a row. */
  private cachedIndex = -1;
  private cachedLine = '';

  constructor(
    readonly text: string,
    readonly count: number,
    starts: Int32Array,
    ends: Int32Array,
    spaces: Int32Array,
    indents: Int32Array,
  ) {
    this.starts = starts;
    this.ends = ends;
    this.spaces = spaces;
    this.indents = indents;
  }

  get(i: number): string {
    if (i !== this.cachedIndex) {
      this.cachedLine = this.text.slice(this.starts[i]!, this.ends[i]!);
      this.cachedIndex = i;
    }
    return this.cachedLine;
  }
}

/**
 * Spaces from lastIndex on. Until V8 has optimized this module (after most of a first read),
 * a regular expression counts indentation ~10× faster than a charCodeAt loop: it runs as
 * native code from its first use.
 */
const LEADING_SPACES = / */y;

/**
 * Splits `text` into lines as `text.split('\n')` does, less the empty line after a final
 * break (none at all for an empty text), measuring each line's indentation on the way.
 */
function scanLines(text: string): Lines {
  const length = text.length;
  // About one line per 60 characters in manifests; grown if more.
  let capacity = (length >> 5) + 16;
  let starts: Int32Array = new Int32Array(capacity);
  let ends: Int32Array = new Int32Array(capacity);
  let spaces: Int32Array = new Int32Array(capacity);
  let indents: Int32Array = new Int32Array(capacity);
  let count = 0;
  let i = 0;
  while (i < length) {
    if (count === capacity) {
      capacity *= 2;
      starts = grown(starts, capacity);
      ends = grown(ends, capacity);
      spaces = grown(spaces, capacity);
      indents = grown(indents, capacity);
    }
    let end = text.indexOf('\n', i);
    if (end < 0) end = length;
    LEADING_SPACES.lastIndex = i;
    LEADING_SPACES.test(text);
    const content = LEADING_SPACES.lastIndex;
    starts[count] = i;
    ends[count] = end;
    spaces[count] = content - i;
    indents[count] =
      content === end ? BLANK : text.charCodeAt(content) === 35 /* # */ ? COMMENT : content - i;
    count++;
    i = end + 1;
  }
  return new Lines(text, count, starts, ends, spaces, indents);
}

function grown(array: Int32Array, capacity: number): Int32Array {
  const next = new Int32Array(capacity);
  next.set(array);
  return next;
}

/** One document: lines `[start, end)`, and its source `[from, to)` in the text. */
interface Segment {
  lines: Lines;
  start: number;
  end: number;
  from: number;
  to: number;
  /** Whether the document's last line ends with a line break (block scalars keep it). */
  lastTerminated: boolean;
}

/** Line kinds, precomputed once per line, so the parsers skip blank and comment lines fast. */
const BLANK = -1;
const COMMENT = -2;

/**
 * Splits the stream at `---` and `...` lines as `yaml` does: text before the first `---` or
 * after a `...` is a document only if it holds more than comments and blank lines.
 */
function splitDocuments(text: string, checkChars = true): Segment[] {
  if (checkChars && hasUnsupportedChars(text)) unsupported();
  const lines = scanLines(text);
  const { starts, ends, indents, count } = lines;
  const segments: Segment[] = [];
  let start = 0;
  let from = 0;
  // An implicit document (no `---`) only counts when it has content.
  let explicit = false;
  for (let i = 0; i < count; i++) {
    if (indents[i] !== 0) continue;
    const marker = documentMarker(text, starts[i]!, ends[i]!);
    if (marker === NO_MARKER) continue;
    if (marker === START_MARKER) {
      if (explicit || hasContent(indents, start, i))
        segments.push({ lines, start, end: i, from, to: starts[i]!, lastTerminated: true });
      explicit = true;
    } else {
      // A `...` with no document open (twice in a row, or first) is left to yaml.
      if (!explicit && !hasContent(indents, start, i)) unsupported();
      segments.push({ lines, start, end: i, from, to: starts[i]!, lastTerminated: true });
      explicit = false;
    }
    start = i + 1;
    from = Math.min(ends[i]! + 1, text.length);
  }
  if (explicit || hasContent(indents, start, count))
    segments.push({
      lines,
      start,
      end: count,
      from,
      to: text.length,
      lastTerminated: text.charCodeAt(text.length - 1) === 10,
    });
  return segments;
}

const NO_MARKER = 0;
const START_MARKER = 1;
const END_MARKER = 2;

/**
 * Whether the line `[start, end)` is `---` or `...`; markers with content (`--- value`,
 * `---x`, `... # c`) are left to yaml.
 */
function documentMarker(text: string, start: number, end: number): number {
  const first = text.charCodeAt(start);
  if (first !== 45 /* - */ && first !== 46 /* . */) return NO_MARKER;
  if (text.charCodeAt(start + 1) !== first || text.charCodeAt(start + 2) !== first) return NO_MARKER;
  if (end !== start + 3) unsupported();
  return first === 45 ? START_MARKER : END_MARKER;
}

/** Whether lines `[start, end)` hold anything but blank and comment lines. */
function hasContent(indents: Int32Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (indents[i]! >= 0) return true;
  return false;
}

/**
 * Characters that make a plain scalar start ambiguous or special (indicators, anchors, tags,
 * directives, reserved): a scalar or key starting with one is left to yaml. `-`, `?` and `:`
 * start a plain scalar when a non-space follows (`-1`, `:node_memory:sum`): see isIndicator.
 */
const SPECIAL_START = new Set([
  ',',
  '[',
  ']',
  '{',
  '}',
  '#',
  '&',
  '*',
  '!',
  '|',
  '>',
  "'",
  '"',
  '%',
  '@',
  '`',
]);

/**
 * Whether a plain scalar or key cannot start at column `i` of `line` (see SPECIAL_START).
 * Letters and digits, most starts, are decided without a lookup.
 */
function startsSpecial(line: string, i: number): boolean {
  const code = line.charCodeAt(i);
  const lower = code | 0x20;
  if ((lower >= 0x61 && lower <= 0x7a) || (code >= 0x30 && code <= 0x39)) return false;
  return SPECIAL_START.has(line[i]!) || isIndicator(line, i);
}

/** Whether `-`, `?` or `:` at column `i` is an indicator (followed by a space or the line end). */
function isIndicator(line: string, i: number): boolean {
  const ch = line[i];
  return (ch === '-' || ch === '?' || ch === ':') && isBreakOrSpace(line, i + 1);
}

/** Keys longer than this are an error in yaml (implicit keys are limited to 1024 characters). */
const MAX_KEY_LENGTH = 1024;

/** The block-context reader of one document: recursive descent over lines. */
class BlockReader {
  private readonly lines: Lines;
  private readonly indents: Int32Array;
  private readonly end: number;
  private readonly lastTerminated: boolean;
  /** The next line not yet consumed. */
  private pos: number;
  /** The column after the `:` of the key readKey read last (a field: no object per key). */
  private keyEnd = 0;

  constructor(segment: Segment) {
    this.lines = segment.lines;
    this.indents = segment.lines.indents;
    this.end = segment.end;
    this.pos = segment.start;
    this.lastTerminated = segment.end < segment.lines.count || segment.lastTerminated;
  }

  readDocument(): unknown {
    const first = this.nextSignificant(this.pos);
    if (first === this.end) return null;
    const value = this.readNode(first, this.indents[first]!, -1);
    // After the root node only comments and blank lines may follow.
    if (this.nextSignificant(this.pos) !== this.end) unsupported();
    return value;
  }

  /** The first line at or after `from` that is not blank or a comment (or `end`). */
  private nextSignificant(from: number): number {
    const { indents, end } = this;
    let i = from;
    while (i < end && indents[i]! < 0) i++;
    return i;
  }

  /**
   * Reads the node starting at line `i`, column `col` (not blank, not a comment), inside a
   * collection whose entries are at column `parent` (-1 at the root).
   */
  private readNode(i: number, col: number, parent: number): unknown {
    const line = this.lines.get(i);
    const ch = line[col]!;
    if (ch === '-' && isBreakOrSpace(line, col + 1)) return this.readSequence(i, col);
    if (ch === '"' || ch === "'") {
      const quoted = this.readQuoted(i, col, parent);
      if (quoted.isKey) return this.readMapping(i, col);
      return quoted.value;
    }
    if (ch === '|' || ch === '>') return this.readBlockScalar(i, col, parent);
    if (ch === '[' || ch === '{') return this.readFlow(i, col, parent);
    if (startsSpecial(line, col)) unsupported();
    if (plainKeyEnd(line, col) >= 0) return this.readMapping(i, col);
    return this.readPlain(i, col, parent);
  }

  /** A value after `key:` on the same line: a scalar or a flow collection, never a collection. */
  private readInlineValue(i: number, col: number, parent: number): unknown {
    const line = this.lines.get(i);
    const ch = line[col]!;
    if (ch === '"' || ch === "'") {
      const quoted = this.readQuoted(i, col, parent);
      if (quoted.isKey) unsupported();
      return quoted.value;
    }
    if (ch === '|' || ch === '>') return this.readBlockScalar(i, col, parent);
    if (ch === '[' || ch === '{') return this.readFlow(i, col, parent);
    if (startsSpecial(line, col)) unsupported();
    if (plainKeyEnd(line, col) >= 0) unsupported();
    return this.readPlain(i, col, parent);
  }

  /** A block sequence whose `-` indicators are at column `col`; the first is on line `i`. */
  private readSequence(i: number, col: number): unknown[] {
    const items: unknown[] = [];
    let line = i;
    for (;;) {
      const text = this.lines.get(line);
      const content = skipSpaces(text, col + 1);
      if (content === text.length || text[content] === '#') {
        // `-` alone: the item is on the next lines, more indented, or empty.
        const next = this.nextSignificant(line + 1);
        if (next < this.end && this.indents[next]! > col) {
          items.push(this.readNode(next, this.indents[next]!, col));
        } else {
          items.push(null);
          this.pos = line + 1;
        }
      } else {
        items.push(this.readNode(line, content, col));
      }
      const next = this.nextSignificant(this.pos);
      if (next === this.end || this.indents[next]! < col) break;
      if (this.indents[next]! > col) unsupported();
      const nextText = this.lines.get(next);
      if (nextText[col] !== '-' || !isBreakOrSpace(nextText, col + 1)) break;
      line = next;
    }
    return items;
  }

  /** A block mapping whose keys are at column `col`; the first is on line `i`. */
  private readMapping(i: number, col: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    let line = i;
    for (;;) {
      const key = this.readKey(line, col);
      const after = this.keyEnd;
      const text = this.lines.get(line);
      const valueStart = skipSpaces(text, after);
      let value: unknown;
      if (valueStart === text.length || text[valueStart] === '#') {
        value = this.readValueBelow(line, col);
      } else {
        value = this.readInlineValue(line, valueStart, col);
      }
      // Duplicate keys are an error in yaml; keys equal once stringified ("1" and 1) are left to it too.
      if (Object.hasOwn(map, key)) unsupported();
      if (key === '__proto__') {
        Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
      } else {
        map[key] = value;
      }
      const next = this.nextSignificant(this.pos);
      if (next === this.end || this.indents[next]! < col) break;
      if (this.indents[next]! > col) unsupported();
      line = next;
    }
    return map;
  }

  /**
   * The value of `key:` with nothing after it on its line: a more indented node, a sequence at
   * the key's own column (what controller-gen writes), or null.
   */
  private readValueBelow(line: number, col: number): unknown {
    const next = this.nextSignificant(line + 1);
    if (next < this.end) {
      const indent = this.indents[next]!;
      if (indent > col) return this.readNode(next, indent, col);
      const text = this.lines.get(next);
      if (indent === col && text[col] === '-' && isBreakOrSpace(text, col + 1))
        return this.readSequence(next, col);
    }
    this.pos = line + 1;
    return null;
  }

  /** The key of the entry at line `i`, column `col`; sets keyEnd to the column after its `:`. */
  private readKey(i: number, col: number): string {
    const line = this.lines.get(i);
    const ch = line[col]!;
    if (ch === '"' || ch === "'") {
      const quoted = this.readQuoted(i, col, col);
      if (!quoted.isKey) unsupported();
      this.keyEnd = quoted.after;
      return quoted.value;
    }
    if (startsSpecial(line, col)) unsupported();
    const colon = plainKeyEnd(line, col);
    if (colon < 0 || colon - col > MAX_KEY_LENGTH) unsupported();
    const resolved = resolvePlain(trimSpacesEnd(line.slice(col, colon)));
    this.keyEnd = colon + 1;
    // yaml's toJS names a property by String(key), and the null key ''.
    return resolved === null ? '' : String(resolved);
  }

  /**
   * A plain scalar from line `i`, column `col`, continued on following lines more indented
   * than `parent`. Continuation lines that could be read otherwise (indicators, `: `, ` #`)
   * are left to yaml.
   */
  private readPlain(i: number, col: number, parent: number): unknown {
    const { lines, indents, end } = this;
    const first = lines.get(i);
    const comment = first.indexOf(' #', col);
    let source = trimSpacesEnd(comment < 0 ? first.slice(col) : first.slice(col, comment));
    this.pos = i + 1;
    if (comment < 0) {
      let blanks = 0;
      for (let j = i + 1; j < end; j++) {
        const indent = indents[j]!;
        if (indent === BLANK) {
          blanks++;
          continue;
        }
        if (indent === COMMENT || indent <= parent) break;
        const text = lines.get(j);
        const content = trimSpacesEnd(text.slice(indent));
        if (!isSafeContinuation(content)) unsupported();
        source += '\n'.repeat(blanks + 1) + content;
        blanks = 0;
        this.pos = j + 1;
      }
    }
    return resolvePlain(source.includes('\n') ? unfoldLines(source) : source);
  }

  /**
   * A quoted scalar starting at line `i`, column `col`; continuation lines must be more
   * indented than `parent`. Says whether it is a key (single line, followed by `:`).
   */
  private readQuoted(
    i: number,
    col: number,
    parent: number,
  ): { value: string; isKey: boolean; after: number } {
    const { lines, indents, end } = this;
    const quote = lines.get(i)[col]!;
    let source = '';
    let line = i;
    let from = col;
    for (;;) {
      const text = lines.get(line);
      const close = findClosingQuote(text, line === i ? col + 1 : from, quote);
      if (close >= 0) {
        source += text.slice(from, close + 1);
        const rest = skipSpaces(text, close + 1);
        this.pos = line + 1;
        if (rest < text.length && text[rest] === ':' && isBreakOrSpace(text, rest + 1)) {
          if (line !== i || close - col > MAX_KEY_LENGTH) unsupported();
          return { value: quotedValue(source, quote), isKey: true, after: rest + 1 };
        }
        // After the closing quote: nothing, or a comment separated by a space.
        if (rest < text.length && !(text[rest] === '#' && rest > close + 1)) unsupported();
        return { value: quotedValue(source, quote), isKey: false, after: rest };
      }
      source += `${text.slice(from)}\n`;
      line++;
      if (line >= end) unsupported();
      const indent = indents[line]!;
      // Comment-looking lines are content here; only their indentation matters.
      if (indent !== BLANK && lines.spaces[line]! <= parent) unsupported();
      from = 0;
    }
  }

  /** A `|` or `>` block scalar whose header is at line `i`, column `col`. */
  private readBlockScalar(i: number, col: number, parent: number): string {
    const { lines, end } = this;
    const header = parseBlockHeader(lines.get(i), col);
    // yaml measures an explicit indentation from the enclosing collection's column (0 at the root).
    const explicitIndent = header.indent ? Math.max(parent, 0) + header.indent : 0;
    let contentIndent = header.indent ? explicitIndent : -1;
    let last = i; // the last line of the scalar
    let lastContent = -1;
    for (let j = i + 1; j < end; j++) {
      const spaces = this.spacesOf(j);
      if (this.indents[j] === BLANK) {
        last = j;
        continue;
      }
      if (contentIndent < 0) {
        if (spaces <= parent) break;
        contentIndent = spaces;
      }
      if (spaces < contentIndent) {
        // A less indented line that is still inside the parent is an error for yaml.
        if (spaces > parent) unsupported();
        break;
      }
      last = j;
      lastContent = j;
    }
    this.pos = last + 1;
    if (lastContent < 0) {
      // No content: keep-chomping counts the empty lines, in ways left to yaml.
      if (header.chomp === '+') unsupported();
      return '';
    }
    const terminated = last + 1 < end || this.lastTerminated;
    return this.blockScalarValue(i + 1, last, terminated, contentIndent, header, explicitIndent > 0);
  }

  /** The number of leading spaces of line `j`, whatever its kind. */
  private spacesOf(j: number): number {
    return this.lines.spaces[j]!;
  }

  /**
   * The value of the block scalar on lines `[first, last]` (and an empty line after them when
   * the last one ends with a line break), as yaml's resolveBlockScalar computes it from the
   * same lines; cases where yaml reports an error or needs more care are left to it.
   */
  private blockScalarValue(
    first: number,
    last: number,
    terminated: boolean,
    trimIndent: number,
    header: BlockHeader,
    explicit: boolean,
  ): string {
    const { spaces, indents } = this.lines;
    // Line k of the scalar is line first + k; when terminated, one more (k === real) is the
    // empty line left by its break, with no spaces.
    const real = last - first + 1;
    const count = real + (terminated ? 1 : 0);
    let chompStart = real;
    while (chompStart > 0 && indents[first + chompStart - 1] === BLANK) chompStart--;
    // There is content (readBlockScalar made sure): contentStart < chompStart <= real.
    let contentStart = 0;
    while (indents[first + contentStart] === BLANK) {
      // More-indented leading empty lines: an error, or a value yaml builds in its own way.
      if (spaces[first + contentStart]! > trimIndent) unsupported();
      contentStart++;
    }
    const contentSpaces = spaces[first + contentStart]!;
    if (contentSpaces < trimIndent || (!explicit && contentSpaces !== trimIndent)) unsupported();
    // Trailing more-indented empty lines would be content in yaml: left to it.
    for (let k = chompStart; k < real; k++) if (spaces[first + k]! > trimIndent) unsupported();
    // Leading empty lines are kept as line breaks.
    let value = '\n'.repeat(contentStart);
    if (header.mode === '|') {
      value += this.literalContent(first + contentStart, first + chompStart - 1, trimIndent);
    } else {
      value += this.foldedContent(first + contentStart, first + chompStart, trimIndent);
    }
    if (header.chomp === '+') {
      for (let k = chompStart; k < count; k++) value += '\n';
      if (!value.endsWith('\n')) value += '\n';
    } else if (header.chomp === '') {
      value += '\n';
    }
    return value;
  }

  /**
   * The lines `[from, to]` of a `|` scalar less their indentation, as one slice of the text
   * and one replace: every line with content has at least `trimIndent` spaces, and blank
   * lines lose what they have up to that.
   */
  private literalContent(from: number, to: number, trimIndent: number): string {
    const { text, starts, ends } = this.lines;
    const source = text.slice(starts[from]! + trimIndent, ends[to]!);
    if (trimIndent === 0 || from === to) return source;
    return source.replace(indentPattern(trimIndent), '\n');
  }

  /** The lines `[from, to)` of a `>` scalar folded: breaks between equally indented lines become spaces. */
  private foldedContent(from: number, to: number, trimIndent: number): string {
    const { text, starts, ends, spaces, indents } = this.lines;
    let value = '';
    let sep = '';
    let prevMoreIndented = false;
    for (let j = from; j < to; j++) {
      const indent = spaces[j]!;
      if (indent > trimIndent) {
        // More-indented lines keep their line breaks in a folded scalar.
        if (sep === ' ') sep = '\n';
        else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
        value += sep + text.slice(starts[j]! + trimIndent, ends[j]!);
        sep = '\n';
        prevMoreIndented = true;
      } else if (indents[j] === BLANK) {
        if (sep === '\n') value += '\n';
        else sep = '\n';
      } else {
        value += sep + text.slice(starts[j]! + trimIndent, ends[j]!);
        sep = ' ';
        prevMoreIndented = false;
      }
    }
    return value;
  }

  /** A flow collection starting at line `i`, column `col`, in a block collection at `parent`. */
  private readFlow(i: number, col: number, parent: number): unknown {
    const reader = new FlowReader(this.lines, this.end, parent, i, col);
    const value = reader.readValue();
    const text = this.lines.get(reader.line);
    const rest = skipSpaces(text, reader.col);
    // `[a]: b` is a complex key; anything else after the collection is an error.
    if (rest < text.length && !(text[rest] === '#' && rest > reader.col)) unsupported();
    this.pos = reader.line + 1;
    return value;
  }
}

/** Reads `[...]` and `{...}` of scalars and collections, possibly across lines. */
class FlowReader {
  line: number;
  col: number;

  constructor(
    private readonly lines: Lines,
    private readonly end: number,
    private readonly parent: number,
    line: number,
    col: number,
  ) {
    this.line = line;
    this.col = col;
  }

  readValue(): unknown {
    const text = this.lines.get(this.line);
    const ch = text[this.col]!;
    if (ch === '[') return this.readSequence();
    if (ch === '{') return this.readMapping();
    if (ch === '"' || ch === "'") return this.readQuoted();
    return resolvePlain(this.readPlainSource());
  }

  private readSequence(): unknown[] {
    const items: unknown[] = [];
    this.col++;
    this.skipSpace();
    if (this.peek() === ']') {
      this.col++;
      return items;
    }
    for (;;) {
      items.push(this.readValue());
      this.skipSpace();
      const ch = this.peek();
      this.col++;
      if (ch === ']') return items;
      if (ch !== ',') unsupported(); // includes `[a: b]`, a pair in a sequence
      this.skipSpace();
      if (this.peek() === ']') {
        this.col++;
        return items;
      }
    }
  }

  private readMapping(): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    this.col++;
    this.skipSpace();
    if (this.peek() === '}') {
      this.col++;
      return map;
    }
    for (;;) {
      const keyLine = this.line;
      const key = this.readValue();
      if (this.line !== keyLine || (key !== null && typeof key === 'object')) unsupported();
      // `:` right after the key, then a space: `{a:b}` and `{"a":b}` are left to yaml.
      const text = this.lines.get(this.line);
      if (text[this.col] !== ':' || !isBreakOrSpace(text, this.col + 1)) unsupported();
      this.col++;
      this.skipSpace();
      const next = this.peek();
      if (next === ',' || next === '}') unsupported();
      const value = this.readValue();
      const name = key === null ? '' : String(key);
      if (Object.hasOwn(map, name)) unsupported();
      if (name === '__proto__') {
        Object.defineProperty(map, name, { value, writable: true, enumerable: true, configurable: true });
      } else {
        map[name] = value;
      }
      this.skipSpace();
      const ch = this.peek();
      this.col++;
      if (ch === '}') return map;
      if (ch !== ',') unsupported();
      this.skipSpace();
      if (this.peek() === '}') {
        this.col++;
        return map;
      }
    }
  }

  /** A quoted scalar, possibly over several lines; the reader moves past its closing quote. */
  private readQuoted(): string {
    const quote = this.lines.get(this.line)[this.col]!;
    let source = '';
    let from = this.col;
    let first = true;
    for (;;) {
      const text = this.lines.get(this.line);
      const close = findClosingQuote(text, first ? from + 1 : from, quote);
      if (close >= 0) {
        source += text.slice(from, close + 1);
        this.col = close + 1;
        const after = text[this.col];
        // `"a"b` or `"a":b` (JSON-like adjacent values) are left to yaml.
        if (
          after !== undefined &&
          after !== ' ' &&
          after !== ',' &&
          after !== ']' &&
          after !== '}' &&
          after !== ':'
        )
          unsupported();
        return quotedValue(source, quote);
      }
      source += `${text.slice(from)}\n`;
      this.nextLine();
      from = 0;
      first = false;
    }
  }

  /** A plain scalar on one line; one that goes on over a line break is left to yaml. */
  private readPlainSource(): string {
    const text = this.lines.get(this.line);
    const start = this.col;
    if (startsSpecial(text, start)) unsupported();
    let i = start;
    for (; i < text.length; i++) {
      const c = text[i]!;
      if (c === ',' || c === '[' || c === ']' || c === '{' || c === '}') break;
      // `:` inside a flow plain scalar depends on what follows; `a: b` ends a key.
      if (c === ':') {
        if (isBreakOrSpace(text, i + 1)) break;
        unsupported();
      }
      if (c === '#' && text[i - 1] === ' ') unsupported();
    }
    const source = trimSpacesEnd(text.slice(start, i));
    this.col = start + source.length;
    // A scalar followed by a line break may go on over it, unless a `,`, `]` or `}` comes next.
    if (skipSpaces(text, this.col) === text.length && !this.nextLineClosesItem()) unsupported();
    return source;
  }

  private nextLineClosesItem(): boolean {
    for (let j = this.line + 1; j < this.end; j++) {
      const text = this.lines.get(j);
      const first = text[leadingSpaces(text)];
      if (first === undefined) continue;
      return first === ',' || first === ']' || first === '}';
    }
    return false;
  }

  private peek(): string | undefined {
    return this.lines.get(this.line)[this.col];
  }

  /** Skips spaces, line breaks and comments; every new line must be inside the parent. */
  private skipSpace(): void {
    for (;;) {
      const text = this.lines.get(this.line);
      this.col = skipSpaces(text, this.col);
      const ch = text[this.col];
      if (ch === '#') {
        if (this.col > 0 && text[this.col - 1] !== ' ') unsupported();
        this.col = text.length;
      }
      if (this.col < text.length) return;
      this.nextLine();
    }
  }

  private nextLine(): void {
    this.line++;
    if (this.line >= this.end) unsupported();
    const text = this.lines.get(this.line);
    const spaces = leadingSpaces(text);
    if (spaces < text.length && spaces <= this.parent) unsupported();
    this.col = 0;
  }
}

/** `\n` and up to n spaces after it, by n: what literal block scalar lines lose. */
const INDENT_PATTERNS: RegExp[] = [];

function indentPattern(n: number): RegExp {
  let pattern = INDENT_PATTERNS[n];
  if (pattern === undefined) {
    pattern = new RegExp(`\\n {0,${n}}`, 'g');
    INDENT_PATTERNS[n] = pattern;
  }
  return pattern;
}

/** Whether column `i` of `line` is its end or a space. */
function isBreakOrSpace(line: string, i: number): boolean {
  return i >= line.length || line.charCodeAt(i) === 32;
}

/** `text` without its trailing spaces (String#trimEnd would take Unicode spaces too). */
function trimSpacesEnd(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 32) end--;
  return end === text.length ? text : text.slice(0, end);
}

function skipSpaces(line: string, i: number): number {
  while (line.charCodeAt(i) === 32) i++;
  return i;
}

function leadingSpaces(line: string): number {
  return skipSpaces(line, 0);
}

/**
 * The column of the `:` ending a plain key that starts at `col`, or -1 when the line is a
 * plain scalar (no `: ` or final `:` before a ` #` comment).
 */
function plainKeyEnd(line: string, col: number): number {
  let colon = line.indexOf(': ', col);
  if (colon < 0 && line.endsWith(':') && line.length - 1 >= col) colon = line.length - 1;
  if (colon < 0) return -1;
  const comment = line.indexOf(' #', col);
  if (comment >= 0 && comment < colon) return -1;
  return colon;
}

/**
 * A continuation line of a multi-line plain scalar that yaml reads as more text: not a key
 * (`: `, a final `:`), not holding a comment, not a `? ` explicit key.
 */
function isSafeContinuation(content: string): boolean {
  if ((content[0] === '?' || content[0] === ':') && isBreakOrSpace(content, 1)) return false;
  if (content.endsWith(':') || content.includes(': ') || content.includes(' #')) return false;
  return true;
}

/** The column of the quote closing a scalar, from `from` on this line, or -1. */
function findClosingQuote(line: string, from: number, quote: string): number {
  for (let i = from; i < line.length; i++) {
    const ch = line[i];
    if (quote === '"' && ch === '\\') {
      i++;
      continue;
    }
    if (ch === quote) {
      if (quote === "'" && line[i + 1] === "'") {
        i++;
        continue;
      }
      return i;
    }
  }
  return -1;
}

interface BlockHeader {
  mode: '|' | '>';
  indent: number;
  chomp: '' | '-' | '+';
}

/** `|`, `>-`, `|2+`... then nothing or a comment; anything else is left to yaml. */
function parseBlockHeader(line: string, col: number): BlockHeader {
  const mode = line[col] as '|' | '>';
  let indent = 0;
  let chomp: BlockHeader['chomp'] = '';
  let i = col + 1;
  for (; i < line.length && i < col + 3; i++) {
    const ch = line[i]!;
    if (!chomp && (ch === '-' || ch === '+')) chomp = ch;
    else if (!indent && ch >= '1' && ch <= '9') indent = Number(ch);
    else break;
  }
  const rest = skipSpaces(line, i);
  if (rest < line.length && !(line[rest] === '#' && rest > i)) unsupported();
  return { mode, indent, chomp };
}

/** A quoted scalar's value from its source, quotes included. */
function quotedValue(source: string, quote: string): string {
  if (quote === "'") return unfoldLines(source.slice(1, -1)).replace(/''/g, "'");
  return doubleQuotedValue(source);
}

/**
 * Folds the lines of a plain or single-quoted scalar: one line break becomes a space, n
 * breaks n-1 newlines; spaces around breaks go (yaml's unfoldLines).
 */
function unfoldLines(source: string): string {
  const lines = source.split('\n');
  if (lines.length === 1) return source;
  let result = lines[0]!.replace(/[ \t]+$/, '');
  let sep = ' ';
  for (let i = 1; i < lines.length - 1; i++) {
    const line = lines[i]!.replace(/^[ \t]+|[ \t]+$/g, '');
    if (line === '') {
      if (sep === '\n') result += sep;
      else sep = '\n';
    } else {
      result += sep + line;
      sep = ' ';
    }
  }
  return result + sep + lines[lines.length - 1]!.replace(/^[ \t]+/, '');
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};

/** A double-quoted scalar's value (yaml's doubleQuotedValue); bad escapes are left to yaml. */
function doubleQuotedValue(source: string): string {
  let result = '';
  const last = source.length - 1;
  for (let i = 1; i < last; i++) {
    const ch = source[i]!;
    if (ch === '\n') {
      let fold = '';
      let next = source[i + 1];
      while (next === ' ' || next === '\n') {
        if (next === '\n') fold += '\n';
        i++;
        next = source[i + 1];
      }
      result += fold || ' ';
    } else if (ch === '\\') {
      const next = source[++i]!;
      const escaped = ESCAPES[next];
      if (escaped !== undefined) result += escaped;
      else if (next === '\n') {
        // An escaped line break joins the lines without a space.
        while (source[i + 1] === ' ') i++;
      } else if (next === 'x' || next === 'u' || next === 'U') {
        const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
        const hex = source.slice(i + 1, i + 1 + length);
        if (hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex)) unsupported();
        const code = Number.parseInt(hex, 16);
        if (code > 0x10ffff) unsupported();
        result += String.fromCodePoint(code);
        i += length;
      } else {
        unsupported();
      }
    } else if (ch === ' ') {
      // Spaces before a line break go; others stay.
      const start = i;
      while (source[i + 1] === ' ') i++;
      if (source[i + 1] !== '\n') result += source.slice(start, i + 1);
    } else {
      result += ch;
    }
  }
  return result;
}

/** The plain scalars of the core schema that are words: null, booleans, infinities, NaN. */
const KEYWORDS = new Map<string, unknown>([
  ['', null],
  ['~', null],
  ['null', null],
  ['Null', null],
  ['NULL', null],
  ['true', true],
  ['True', true],
  ['TRUE', true],
  ['false', false],
  ['False', false],
  ['FALSE', false],
  ['.inf', Number.POSITIVE_INFINITY],
  ['.Inf', Number.POSITIVE_INFINITY],
  ['.INF', Number.POSITIVE_INFINITY],
  ['+.inf', Number.POSITIVE_INFINITY],
  ['+.Inf', Number.POSITIVE_INFINITY],
  ['+.INF', Number.POSITIVE_INFINITY],
  ['-.inf', Number.NEGATIVE_INFINITY],
  ['-.Inf', Number.NEGATIVE_INFINITY],
  ['-.INF', Number.NEGATIVE_INFINITY],
  ['.nan', Number.NaN],
  ['.NaN', Number.NaN],
  ['.NAN', Number.NaN],
]);

/**
 * YAML 1.2 core schema resolution of a plain scalar, with yaml's tests, in its order of tags
 * (null, bool, octal, decimal and hex int, float), and its parse functions (parseInt keeps -0).
 */
function resolvePlain(source: string): unknown {
  const first = source.charCodeAt(0);
  // Most plain scalars in manifests are words no keyword starts like: no lookup for them.
  if (first > 0x74 /* t */ && first !== 0x7e /* ~ */) return source;
  // Keywords are at most 5 characters long, and numbers start below `A`: keys and words are
  // most plain scalars in manifests.
  if (source.length > 5 && first >= 0x41 /* A */) return source;
  const keyword = KEYWORDS.get(source);
  if (keyword !== undefined || KEYWORDS.has(source)) return keyword;
  // Numbers start with a digit, a sign or a dot; most plain scalars in manifests are words.
  const mayBeNumber = (first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46;
  if (!mayBeNumber) return source;
  if (/^0o[0-7]+$/.test(source)) return Number.parseInt(source.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(source)) return Number.parseInt(source, 10);
  if (/^0x[0-9a-fA-F]+$/.test(source)) return Number.parseInt(source.substring(2), 16);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(source)) return Number.parseFloat(source);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(source)) return Number.parseFloat(source);
  return source;
}
