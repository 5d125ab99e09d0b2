import { Document, Scalar, type ScalarTag } from 'yaml';

/**
 * Writes canonical values (null, booleans, finite numbers, strings, arrays, plain objects with
 * string keys) as YAML 1.1, byte for byte as `yaml` 2.x writes them with `lineWidth: 0,
 * minContentWidth: 0, indentSeq: true, directives: false`, without building a Document.
 *
 * The layout of maps and sequences is mirrored from yaml's stringifyCollection and
 * stringifyPair. Scalars that are certainly written plain are written here; every other string
 * (quoted, block literal, multi-line, emoji, control characters) goes to yaml's own string
 * stringifier with the context yaml would give it, so its quoting rules are not copied.
 */

type StringifyContext = Parameters<NonNullable<ScalarTag['stringify']>>[1];

// YAML 1.2 reads `0o17` as a number where YAML 1.1 reads a string, and YAML 1.1 reads a
// `<<` key as a merge key (go-yaml, which Kubernetes uses, then rejects the file); quote both.
const AMBIGUOUS = /^([-+]?0o[0-7]+|<<)$/;

const INDENT_STEP = '  ';

/**
 * Characters that make yaml leave plain style or depend on context: control characters and
 * C1 controls (always double-quoted), tab and newline (quoting or block style), surrogates
 * (unpaired ones are double-quoted; paired ones are left to yaml rather than decided here),
 * and the line and paragraph separators U+2028 and U+2029, after which yaml's multi-line
 * document-marker test (`/^%/m` in JavaScript) sees a new line.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const LEFT_TO_YAML_CHAR = /[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]/;

/**
 * yaml's plainString test of what cannot be plain, without its tab and newline cases (those
 * strings never get here): a leading indicator, a lone or space-followed `-`/`?`, `: `, ` #`,
 * or a trailing space or colon.
 */
const NOT_PLAIN = /^[ ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-] |: | #|[ :]$/;

/**
 * First characters of every string that a YAML 1.1 reader could take for a null, boolean,
 * number or timestamp, or that starts a document marker, or that AMBIGUOUS matches: only
 * these strings are tested against the schema's regular expressions.
 */
const MAY_BE_TYPED = /^[-+.0-9~<eEfFnNoOtTyY]/;

/** Document markers, which yaml avoids at the start of a plain scalar. */
const DOCUMENT_MARKER = /^(---|\.\.\.)/;

interface YamlStringWriter {
  stringTag: ScalarTag;
  /** The test of every implicit type a YAML 1.1 reader resolves before strings. */
  implicitTypes: RegExp[];
  options: StringifyContext['options'];
  document: Document;
}

let writer: YamlStringWriter | undefined;

/** The schema and string tag of the Document the reference writer builds, made once. */
function yamlStringWriter(): YamlStringWriter {
  if (writer) return writer;
  const document = new Document(null, {
    version: '1.1',
    customTags: (tags) =>
      tags.filter((tag) => typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:merge'),
  });
  const tags = document.schema.tags;
  const stringTag = tags.find((tag) => tag.tag === 'tag:yaml.org,2002:str') as ScalarTag | undefined;
  if (!stringTag?.stringify) throw new Error('the YAML 1.1 schema has no string tag');
  const implicitTypes = tags.flatMap((tag) =>
    tag.default && tag.tag !== 'tag:yaml.org,2002:str' && tag.test instanceof RegExp ? [tag.test] : [],
  );
  // The options createStringifyContext builds from its defaults and toYaml's; stringifyString
  // reads only the quoting, block and width ones.
  const options = {
    blockQuote: true,
    commentString: (comment: string) => `#${comment}`,
    defaultKeyType: null,
    defaultStringType: Scalar.PLAIN,
    directives: false,
    doubleQuotedAsJSON: false,
    doubleQuotedMinMultiLineLength: 40,
    falseStr: 'false',
    flowCollectionPadding: true,
    indentSeq: true,
    lineWidth: 0,
    minContentWidth: 0,
    nullStr: 'null',
    simpleKeys: false,
    singleQuote: null,
    trailingComma: false,
    trueStr: 'true',
    verifyAliasOrder: true,
  } as unknown as StringifyContext['options'];
  writer = { stringTag, implicitTypes, options, document };
  return writer;
}

/** True when yaml would write this string plain, as is, in any block context. */
function isCertainlyPlain(value: string): boolean {
  if (value === '' || LEFT_TO_YAML_CHAR.test(value) || NOT_PLAIN.test(value)) return false;
  if (!MAY_BE_TYPED.test(value)) return true;
  if (AMBIGUOUS.test(value) || DOCUMENT_MARKER.test(value)) return false;
  for (const test of yamlStringWriter().implicitTypes) if (test.test(value)) return false;
  return true;
}

/**
 * Characters that make yaml double-quote a multi-line string (control characters but tab and
 * newline, C1 controls, unpaired surrogates; paired ones are left to yaml here too).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const NOT_IN_BLOCK_LITERAL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]/;

const isBlank = (code: number) => code === 0x0a || code === 0x20 || code === 0x09;

/**
 * A multi-line value as the block literal yaml's blockString writes, for its two common forms:
 * text ending with one newline (`|`) or with no trailing white space (`|-`), not starting with
 * a space or a newline (which need an indentation indicator). Returns undefined for any other
 * string, or at the top level, where document markers inside the text change the indentation.
 */
function commonBlockLiteral(value: string, indent: string): string | undefined {
  if (indent === '' || NOT_IN_BLOCK_LITERAL.test(value)) return undefined;
  const first = value.charCodeAt(0);
  if (first === 0x20 || first === 0x0a) return undefined;
  const last = value.charCodeAt(value.length - 1);
  let chomp: string;
  let body: string;
  if (!isBlank(last)) {
    chomp = '-';
    body = value;
  } else if (last === 0x0a && !isBlank(value.charCodeAt(value.length - 2))) {
    chomp = '';
    body = value.slice(0, -1);
  } else {
    return undefined;
  }
  // Every line is indented but empty ones, which stay empty: yaml indents after each run of newlines.
  return `|${chomp}\n${indent}${body.replace(LINE_BREAKS, `$&${indent}`)}`;
}

const LINE_BREAKS = /\n+/g;

/** One string as yaml's stringifier writes it at this indent, as a key or as a value. */
function stringWrittenByYaml(value: string, indent: string, implicitKey: boolean): string {
  const { stringTag, options, document } = yamlStringWriter();
  const node = new Scalar(value);
  if (AMBIGUOUS.test(value)) node.type = Scalar.QUOTE_DOUBLE;
  const ctx: StringifyContext = {
    anchors: new Set(),
    doc: document,
    flowCollectionPadding: ' ',
    forceBlockIndent: false,
    implicitKey,
    indent,
    indentStep: INDENT_STEP,
    inFlow: null,
    options,
  };
  return (stringTag.stringify as NonNullable<ScalarTag['stringify']>)(node, ctx);
}

function emitString(value: string, indent: string, implicitKey: boolean): string {
  if (isCertainlyPlain(value)) return value;
  // A multi-line key is quoted; a multi-line value is a block literal unless yaml quotes it.
  const block = !implicitKey && value.includes('\n') ? commonBlockLiteral(value, indent) : undefined;
  return block ?? stringWrittenByYaml(value, indent, implicitKey);
}

/** yaml's stringifyNumber for an untagged number: JSON's digits, and `-0` kept. */
function emitNumber(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

function isCollection(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function isEmptyCollection(value: object): boolean {
  if (Array.isArray(value)) return value.length === 0;
  // Canonical maps are plain objects with only own keys: any key found makes it non-empty.
  for (const _key in value) return false;
  return true;
}

/** Items one per line, `- ` first, their content one step deeper (indentSeq). */
function emitSequence(items: unknown[], indent: string): string {
  if (items.length === 0) return '[]';
  const itemIndent = indent + INDENT_STEP;
  let text = `- ${emitNode(items[0], itemIndent)}`;
  for (let i = 1; i < items.length; i++) text += `\n${indent}- ${emitNode(items[i], itemIndent)}`;
  return text;
}

function emitMap(map: Record<string, unknown>, indent: string): string {
  const keys = Object.keys(map);
  if (keys.length === 0) return '{}';
  let text = emitPair(keys[0] as string, map[keys[0] as string], indent);
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    text += `\n${indent}${emitPair(key, map[key], indent)}`;
  }
  return text;
}

/**
 * `key: value`, with a non-empty collection on the next lines, as stringifyPair writes it. A
 * key longer than 1024 characters cannot be implicit: yaml then writes `? key` and `: value`.
 */
function emitPair(key: string, value: unknown, indent: string): string {
  const valueIndent = indent + INDENT_STEP;
  const keyText = emitString(key, valueIndent, true);
  const explicitKey = keyText.length > 1024;
  const head = explicitKey ? `? ${keyText}\n${indent}:` : `${keyText}:`;
  const valueText = emitNode(value, valueIndent);
  if (isCollection(value)) {
    const onNextLine = !explicitKey && !isEmptyCollection(value);
    return `${head}${onNextLine ? `\n${valueIndent}` : ' '}${valueText}`;
  }
  return valueText === '' || valueText[0] === '\n' ? head + valueText : `${head} ${valueText}`;
}

function emitNode(value: unknown, indent: string): string {
  if (typeof value === 'string') return emitString(value, indent, false);
  if (typeof value === 'number') return emitNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === null) return 'null';
  if (Array.isArray(value)) return emitSequence(value, indent);
  if (typeof value === 'object') return emitMap(value as Record<string, unknown>, indent);
  throw new TypeError(`not a canonical value: ${typeof value}`);
}

/**
 * One canonical value (the output of `canonicalize`) as a YAML 1.1 document with one final
 * newline: the same bytes as the `yaml` Document the reference writer builds.
 */
export function emitYaml(canonical: unknown): string {
  return `${emitNode(canonical, '')}\n`;
}
