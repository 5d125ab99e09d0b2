import type { StackView } from '../contracts.js';
import { isMixstackError, MixstackError } from '../errors.js';
import { inputStatuses, providedInputs, type RenderOptions, requestedInputs } from '../inputs.js';
import type { KubeObject } from '../kube.js';
import type { Sections } from '../sections.js';
import type { Stack } from '../stack.js';
import { resolveValues, type Values } from '../values.js';
import { applyObjectPatches, applySectionPatches, buildObjects } from './build.js';
import { Problems, parseComponentValues, resolveStackView } from './contracts.js';
import { comparePaths, KUSTOMIZATION_FILE, kustomization, objectPath } from './files.js';
import { resolveSections } from './sections.js';
import { canonicalize, toYaml } from './serialize.js';
import { type RenderSummary, summarize } from './summary.js';
import {
  byAddress,
  type ExpressionCache,
  kindRegistry,
  runChecks,
  validateMixins,
  validateObjectExpressions,
  validateObjectSchemas,
} from './validate.js';
import { verbatimYamlOf } from './verbatim.js';

/** Kubernetes rejects objects over about 1 MiB (a ConfigMap's data is limited to 1 MiB). */
export const MAX_OBJECT_BYTES = 1024 * 1024;

export interface RenderedObject {
  /** `component/key`. */
  address: string;
  component: string;
  key: string;
  /** File path relative to the output directory. */
  path: string;
  object: KubeObject;
}

export interface RenderResult {
  /** Relative path → file content (UTF-8, LF, one final newline): `setup/` first, then by path, the kustomization last. */
  readonly files: ReadonlyMap<string, string>;
  /** Every object with its address and file: `setup/` first, then by path. */
  readonly objects: readonly RenderedObject[];
  readonly values: Values;
  readonly sections: Sections;
  /** The components, their contracts and the inputs' status, as render resolved them. */
  readonly stack: StackView;
  readonly summary: RenderSummary;
}

interface Prepared {
  values: Values;
  sections: Sections;
  objects: Record<string, KubeObject>;
  view: StackView;
  /** What the steps before validation reported: options, values, contracts, inputs, builds, patches. */
  problems: MixstackError[];
}

/**
 * Resolves values, parses each component's values once, resolves contracts and sections,
 * builds and patches. Every step reports its problems and goes on with what is sound, so that
 * one run lists every problem of the stack.
 */
function prepare(stack: Stack, options: RenderOptions): Prepared | { fatal: MixstackError[] } {
  const problems = new Problems();
  for (const problem of stack.problems ?? []) problems.add(problem);
  let values: Values;
  try {
    values = resolveValues(stack.values);
  } catch (error) {
    if (!isMixstackError(error)) throw error;
    // Without final values nothing else can be resolved.
    return { fatal: [...problems.list, error] };
  }
  const parsed = parseComponentValues(stack, values, problems);
  const quiet = new Problems();
  const requests = requestedInputs(
    stack,
    values,
    resolveStackView({ stack, values, parsed, problems: quiet }),
  );
  const inputs = providedInputs(stack, requests, options.inputs ?? {}, problems);
  const view = resolveStackView({
    stack,
    values,
    parsed,
    problems,
    inputs: inputStatuses(requests, inputs),
    files: inputs,
  });
  options.onStage?.('values');
  const sections = applySectionPatches(
    stack,
    resolveSections(stack, values, view, problems),
    values,
    view,
    problems,
  );
  options.onStage?.('sections');
  const built = buildObjects({ stack, values, parsed, sections, inputs, view, problems });
  options.onStage?.('build');
  const objects = applyObjectPatches(stack, built, values, sections, view, problems);
  options.onStage?.('patches');
  return { values, sections, objects, view, problems: problems.list };
}

function problemsOf(stack: Stack, prepared: Prepared, options: RenderOptions): MixstackError[] {
  const expressions: ExpressionCache = new Map();
  const schemas = validateObjectSchemas(stack, prepared.objects);
  options.onStage?.('schemas');
  const objectProblems = byAddress([
    ...schemas.errors,
    ...validateObjectExpressions(schemas.accepted, expressions),
  ]);
  const mixinProblems = validateMixins(prepared.sections.mixins, expressions, prepared.sections.datasources);
  options.onStage?.('expressions');
  // The safety checks read fields as the schema types them; an object that failed validation
  // is already reported, and is left out of them rather than crash one.
  const invalid = new Set(objectProblems.map((problem) => problem.address));
  const valid = Object.fromEntries(
    Object.entries(prepared.objects).filter(([address]) => !invalid.has(address)),
  );
  const checkProblems = runChecks(stack, valid);
  options.onStage?.('checks');
  return distinct([...prepared.problems, ...objectProblems, ...mixinProblems, ...checkProblems]);
}

/**
 * Each problem once: a mistake two steps find (a component's build and core's mixin
 * validation both refuse a dashboard file name) is one thing to fix.
 */
function distinct(problems: readonly MixstackError[]): MixstackError[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = JSON.stringify([problem.code, problem.address, problem.path, problem.reason]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Every problem of a stack, in a stable order (options and values, contracts, inputs, builds
 * and patches, then objects by address, mixins and safety checks), without writing anything.
 * Empty when the stack renders.
 */
export function validateStack(stack: Stack, options: RenderOptions = {}): MixstackError[] {
  const prepared = prepare(stack, options);
  if ('fatal' in prepared) return prepared.fatal;
  return problemsOf(stack, prepared, options);
}

/** The first problem, carrying the others (`MixstackError.others`). */
function allOf(problems: readonly MixstackError[]): MixstackError {
  const [first, ...others] = problems;
  return others.length > 0 ? first!.withOthers(others) : first!;
}

/**
 * Builds and validates everything, then serializes one object per file. Throws the first
 * problem as a MixstackError carrying every other one in `others`; nothing is returned for a
 * stack that does not validate, so nothing can be written from it.
 */
export function render(stack: Stack, options: RenderOptions = {}): RenderResult {
  const prepared = prepare(stack, options);
  if ('fatal' in prepared) throw allOf(prepared.fatal);
  const problems = problemsOf(stack, prepared, options);
  if (problems.length > 0) throw allOf(problems);

  const kinds = kindRegistry(stack);
  const objects: RenderedObject[] = Object.entries(prepared.objects).map(([address, object]) => {
    const [component = '', key = ''] = address.split('/');
    return { address, component, key, path: objectPath(address, object, kinds), object };
  });
  objects.sort((a, b) => comparePaths(a.path, b.path));

  const files = new Map<string, string>();
  for (const rendered of objects) {
    const text = verbatimYamlOf(rendered.object) ?? toYaml(canonicalize(rendered.object, rendered));
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > MAX_OBJECT_BYTES) {
      throw new MixstackError({
        code: 'TOO_LARGE',
        message: `${rendered.object.kind} is ${bytes} bytes, over the 1 MiB Kubernetes object limit`,
        address: rendered.address,
        value: bytes,
        hint: 'split the content over several objects (one dashboard per ConfigMap) or make it smaller',
      });
    }
    files.set(rendered.path, text);
  }
  // Objects are already in path order; the kustomization, which lists them, comes last.
  const sorted = new Map(files);
  sorted.set(KUSTOMIZATION_FILE, kustomization(objects.map((o) => o.path)));
  options.onStage?.('serialise');
  return {
    files: sorted,
    objects,
    values: prepared.values,
    sections: prepared.sections,
    stack: prepared.view,
    summary: summarize(objects, sorted.size, prepared.sections.mixins, prepared.sections.notices),
  };
}

/** All objects as one multi-document YAML stream (setup objects first), for `kubectl apply -f -`. */
export function toYamlStream(result: RenderResult): string {
  return result.objects.map((rendered) => result.files.get(rendered.path)!).join('---\n');
}
