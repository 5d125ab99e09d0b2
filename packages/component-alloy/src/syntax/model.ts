/**
 * A typed model of Alloy's configuration syntax (grafana/alloy `syntax/`): blocks, attributes
 * and the values and expressions this package emits. The pipelines build it; one printer
 * (`printer.ts`) turns it into text, so escaping and layout are decided in one place.
 */

/** A reference to another component's export, written unquoted: `loki.write.default.receiver`. */
export interface Reference {
  readonly kind: 'reference';
  /** The component's name, dot-separated identifiers (`loki.write`). */
  readonly component: string;
  /** The component's label (`default`). */
  readonly label: string;
  /** The export's name (`receiver`, `targets`, `output`). */
  readonly export: string;
}

/** A call of one of Alloy's standard-library functions: `sys.env("HOSTNAME")`. */
export interface Call {
  readonly kind: 'call';
  /** The function, dot-separated identifiers (`sys.env`, `coalesce`). */
  readonly function: string;
  readonly args: readonly Value[];
}

/** Values joined with `+` (string concatenation): `"spec.nodeName=" + sys.env("HOSTNAME")`. */
export interface Concat {
  readonly kind: 'concat';
  readonly parts: readonly Value[];
}

/** An object literal `{ key = value, "app.kubernetes.io/name" = "x" }`. Keys are printed sorted. */
export interface ObjectValue {
  readonly kind: 'object';
  readonly fields: Readonly<Record<string, Value>>;
}

/** What an attribute may hold. Strings are always quoted and escaped; only the tagged kinds are expressions. */
export type Value =
  | string
  | number
  | boolean
  | null
  | readonly Value[]
  | ObjectValue
  | Reference
  | Call
  | Concat;

/** `name = value` inside a block. */
export interface Attribute {
  readonly kind: 'attribute';
  readonly name: string;
  readonly value: Value;
}

/**
 * `name "label" { ... }` (a component) or `name { ... }` (a nested block, or a config block
 * such as `logging`). The order of the body is kept: it matters for `loki.process` stages.
 */
export interface Block {
  readonly kind: 'block';
  /** Dot-separated identifiers (`discovery.kubernetes`, `stage.json`). */
  readonly name: string;
  /** Components have one, nested blocks none. */
  readonly label?: string;
  /** A `//` comment above the block, one line per line of text. */
  readonly comment?: string;
  readonly body: readonly Statement[];
}

export type Statement = Attribute | Block;

/** A configuration file: blocks only (a top-level attribute is an error in Alloy). */
export interface AlloyFile {
  /** A `//` comment at the top of the file. */
  readonly comment?: string;
  readonly blocks: readonly Block[];
}

export const attribute = (name: string, value: Value): Attribute => ({ kind: 'attribute', name, value });

/** A block; attributes whose value is `undefined` are left out, so optional settings read naturally. */
export function block(
  name: string,
  body: readonly (Statement | undefined)[],
  options: { label?: string; comment?: string } = {},
): Block {
  return {
    kind: 'block',
    name,
    ...(options.label !== undefined ? { label: options.label } : {}),
    ...(options.comment !== undefined ? { comment: options.comment } : {}),
    body: body.filter((statement): statement is Statement => statement !== undefined),
  };
}

/** Attributes from a record, in the record's order; `undefined` values are left out. */
export function attributes(values: Readonly<Record<string, Value | undefined>>): Attribute[] {
  return Object.entries(values).flatMap(([name, value]) =>
    value === undefined ? [] : [attribute(name, value)],
  );
}

export const reference = (component: string, label: string, exportName: string): Reference => ({
  kind: 'reference',
  component,
  label,
  export: exportName,
});

export const call = (fn: string, ...args: Value[]): Call => ({ kind: 'call', function: fn, args });

export const concat = (...parts: Value[]): Concat => ({ kind: 'concat', parts });

export const object = (fields: Readonly<Record<string, Value>>): ObjectValue => ({ kind: 'object', fields });
