import type { InputStatus, StackView } from './contracts.js';
import {
  Problems as ProblemList,
  type Problems,
  parseComponentValues,
  resolveStackView,
} from './render/contracts.js';
import { resolveEntries } from './render/sections.js';
import type { Stack } from './stack.js';
import { resolveValues, type Values } from './values.js';

/**
 * Files a stack needs from the user's repository (the CRDs of an operator, for example).
 * Parts stay pure: they only declare the request; whoever renders (the CLI) reads the files
 * and passes their contents to `render`, so the same files always give the same output.
 */
export interface InputRequest {
  /**
   * Directory, relative to the folder of the stack module (or absolute). Without it the input
   * is only read when given on the command line (`--input id=DIR`). @default undefined
   */
  path?: string;
  /** What the files are and how to get them, shown when they are missing. */
  description: string;
  /** File name endings to read (`.yaml`, `.yml`). @default every file */
  extensions?: string[];
  /**
   * Read the subfolders too: file names are then paths relative to the input's directory,
   * with `/` (`dashboards_out/nodes.json`). @default false
   */
  recursive?: boolean;
  /** The stack renders without it (components then leave something out and say so in a notice). @default false */
  optional?: boolean;
}

/** The contents of an input: file name (relative to the input's directory) → text. */
export type InputFiles = ReadonlyMap<string, string>;

/**
 * The stages of `render` and `validateStack`, in the order they run: resolving values,
 * options, contracts and inputs; sections and their patches; the components' builds; object
 * patches and common labels; object structure, names and schemas; PromQL, LogQL and TraceQL
 * expressions and rule templates (objects and mixins); safety checks; writing files (render only).
 */
export type RenderStage =
  | 'values'
  | 'sections'
  | 'build'
  | 'patches'
  | 'schemas'
  | 'expressions'
  | 'checks'
  | 'serialise';

export interface RenderOptions {
  /** Contents of the inputs the stack requests, by input id. @default {} */
  inputs?: Readonly<Record<string, InputFiles>>;
  /**
   * Called as each stage ends. Render reads no clock (the same input gives the same output),
   * so a caller that wants timings (`mixstack build --timings`) reads its own here.
   * @default undefined
   */
  onStage?: (stage: RenderStage) => void;
}

/**
 * The inputs a stack requests, resolved against its final values (and the stack view, whose
 * input statuses are unknown at this point). Problems of the stack are ignored here: render
 * reports them.
 */
export function requestedInputs(
  stack: Stack,
  values: Values = resolveValues(stack.values),
  view?: StackView,
): Record<string, InputRequest> {
  const problems = new ProblemList();
  const resolvedView =
    view ??
    resolveStackView({ stack, values, parsed: parseComponentValues(stack, values, problems), problems });
  return resolveEntries(stack.inputs, values, resolvedView, problems);
}

/** Whether each requested input was given. */
export function inputStatuses(
  requests: Readonly<Record<string, InputRequest>>,
  given: Readonly<Record<string, InputFiles>> = {},
): Record<string, InputStatus> {
  return Object.fromEntries(
    Object.keys(requests).map((id) => [id, given[id] ? 'provided' : 'missing'] as const),
  );
}

/** Reports every required input that was not given; returns the contents of the given ones by id. */
export function providedInputs(
  stack: Stack,
  requests: Readonly<Record<string, InputRequest>>,
  given: Readonly<Record<string, InputFiles>>,
  problems: Problems,
): Readonly<Record<string, InputFiles>> {
  for (const [id, request] of Object.entries(requests)) {
    if (!given[id] && !request.optional) {
      problems.add({
        code: 'NOT_FOUND',
        message: `the stack needs the input "${id}" (${request.description})${request.path ? ` from ${request.path}` : ''}, and it was not provided`,
        address: stack.inputs[id]?.source ?? id,
        path: `inputs.${id}`,
        value: request.path,
        hint: `render with the mixstack CLI (${request.path ? `it reads ${request.path}` : `--input ${id}=DIR`}), or call render(stack, { inputs: { ${JSON.stringify(id)}: files } })`,
      });
    }
  }
  return Object.fromEntries(
    Object.keys(requests)
      .filter((id) => given[id])
      .map((id) => [id, given[id]!]),
  );
}
