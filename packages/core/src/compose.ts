import type { CollectorPipeline } from './collector.js';
import type { NetworkClient } from './contracts.js';
import { isMixstackError, MixstackError } from './errors.js';
import type { InputRequest } from './inputs.js';
import { type DeepPartial, deepFreeze, isPlainObject } from './merge.js';
import type { Mixin } from './mixin.js';
import { didYouMean, isCamelCaseKey } from './names.js';
import { commonOptionsSchema } from './options/common.js';
import { parseOptionsCollecting } from './options/schema.js';
import type {
  Datasource,
  InhibitRule,
  Notice,
  OrderedRoute,
  Receiver,
  ScrapeTarget,
  SecretMount,
} from './sections.js';
import type {
  AlertingContributions,
  CheckException,
  Component,
  Contribution,
  Lazy,
  Part,
  Patch,
  Stack,
} from './stack.js';
import { defaultChecks } from './validate/checks/index.js';
import type { SafetyCheck } from './validate/checks/types.js';
import type { KindDefinition } from './validate/kinds.js';
import { type CommonValues, LAYERS, type Layer } from './values.js';

/** A stack with nothing in it but the default safety checks. */
export function emptyStack(): Stack {
  return deepFreeze({
    values: [],
    components: {},
    mixins: {},
    datasources: {},
    alerting: { receivers: {}, routes: {}, inhibitRules: {}, templates: {}, secretMounts: {} },
    scrapeTargets: {},
    collectorPipelines: {},
    notices: {},
    patches: {},
    kinds: {},
    checks: Object.fromEntries(defaultChecks.map((check) => [check.name, check])),
    exceptions: {},
    inputs: {},
    networkClients: {},
    problems: [],
  });
}

export function isStack(value: unknown): value is Stack {
  return (
    isPlainObject(value) &&
    Array.isArray(value.values) &&
    isPlainObject(value.components) &&
    isPlainObject(value.mixins) &&
    isPlainObject(value.alerting) &&
    isPlainObject(value.patches)
  );
}

/** What `createStack` accepts as common values; every field optional. */
export type CommonOptions = DeepPartial<CommonValues>;

type PartEntry = Part | readonly PartEntry[] | false | null | undefined;

function partLabel(part: Part, index: string): string {
  return part.partName ?? (part.name ? `${part.name} (part ${index})` : `part ${index}`);
}

function applyParts(stack: Stack, parts: readonly PartEntry[], prefix: string): Stack {
  let current = stack;
  parts.forEach((entry, i) => {
    const index = prefix ? `${prefix}.${i + 1}` : String(i + 1);
    if (entry === false || entry === null || entry === undefined) return;
    if (Array.isArray(entry)) {
      current = applyParts(current, entry, index);
      return;
    }
    if (typeof entry !== 'function') {
      current = addProblems(current, [
        new MixstackError({
          code: 'INVALID_PART',
          message: `part ${index} is not a part`,
          address: `part ${index}`,
          value: entry,
          hint: 'pass the result of a factory such as prometheus() — a function (stack) => stack — not the factory itself or its options',
        }),
      ]);
      return;
    }
    const next = (entry as Part)(current);
    if (!isStack(next)) {
      current = addProblems(current, [
        new MixstackError({
          code: 'INVALID_PART',
          message: `${partLabel(entry as Part, index)} did not return a stack`,
          address: partLabel(entry as Part, index),
          value: next,
          hint: 'a part must return the stack it was given, extended with the helpers of @mixstack/core (withValues, addComponent, ...)',
        }),
      ]);
      return;
    }
    current = next;
  });
  return current;
}

/**
 * Creates a stack from common values and parts. Parts are applied left to right, but the
 * rendered output does not depend on their order. Arrays of parts are
 * flattened and `false`/`null`/`undefined` entries skipped, for conditional parts.
 */
export function createStack(common: CommonOptions = {}, parts: readonly PartEntry[] = []): Stack {
  // Problems are collected in the stack, not thrown: validateStack lists every one of them.
  const parsed = parseOptionsCollecting(commonOptionsSchema, common, 'createStack');
  let stack = addProblems(emptyStack(), parsed.problems);
  stack = withValues(stack, 'createStack', 'user', { common: parsed.value ?? {} });
  if (!Array.isArray(parts)) {
    return addProblems(stack, [
      new MixstackError({
        code: 'INVALID_PART',
        message: 'the parts of a stack must be an array',
        address: 'createStack',
        value: parts,
        hint: 'call createStack({ namespace: "monitoring" }, [prometheus(), grafana()])',
      }),
    ]);
  }
  return applyParts(stack, parts, '');
}

/** Records problems found while applying a part (bad options), for validateStack and render. */
export function addProblems(stack: Stack, problems: readonly MixstackError[]): Stack {
  if (problems.length === 0) return stack;
  return replace(stack, { problems: Object.freeze([...stack.problems, ...problems]) });
}

/** The problems a part records when applied to an empty stack (its option problems): for bad-input tests. */
export function problemsOfPart(part: Part): readonly MixstackError[] {
  return part(emptyStack()).problems;
}

/**
 * A part whose options are parsed when it is applied: a problem in them is recorded in the
 * stack (and reported with every other problem) instead of thrown at the factory call, which
 * would hide every later mistake of the stack module.
 */
export function partWithOptions<T>(name: string, parse: () => T, apply: (parsed: T) => Part): Part {
  let parsed: { ok: true; value: T } | { ok: false; error: MixstackError };
  try {
    parsed = { ok: true, value: parse() };
  } catch (error) {
    if (!isMixstackError(error)) throw error;
    parsed = { ok: false, error };
  }
  if (parsed.ok) return apply(parsed.value);
  const error = parsed.error;
  return definePart(name, (stack) => addProblems(stack, [error, ...error.others]));
}

/** Combines parts into one (what `prometheus()` does with its sub-parts). */
export function compose(name: string, ...parts: readonly PartEntry[]): Part {
  return definePart(name, (stack) => applyParts(stack, parts, name));
}

/** Names a part, for error messages. */
export function definePart(name: string, apply: (stack: Stack) => Stack): Part {
  return Object.defineProperty(apply, 'partName', { value: name, enumerable: true }) as Part;
}

function replace(stack: Stack, changes: Partial<Stack>): Stack {
  return Object.freeze({ ...stack, ...changes });
}

function addUnique<T>(
  section: string,
  entries: Readonly<Record<string, T & { source: string }>>,
  key: string,
  entry: T & { source: string },
): Record<string, T & { source: string }> {
  const existing = entries[key];
  if (existing !== undefined) {
    throw new MixstackError({
      code: 'DUPLICATE_ADDRESS',
      message: `${section} "${key}" is contributed twice, by "${entry.source}" and by "${existing.source}"`,
      address: `${section}/${key}`,
      related: [existing.source, entry.source],
      hint: `each ${section} entry has one owner: rename one of them, or remove the second part`,
    });
  }
  return Object.freeze({ ...entries, [key]: deepFreeze(entry) });
}

function contribution<T>(source: string, value: Lazy<T>): Contribution<T> {
  return { source, value };
}

/** Adds a value layer. Components put their defaults in `defaults` and the user's options in `user`. */
export function withValues(
  stack: Stack,
  source: string,
  layer: Layer,
  values: Readonly<Record<string, unknown>>,
): Stack {
  // A layer name from JavaScript with a typo would otherwise be ignored by resolveValues.
  if (!(LAYERS as readonly string[]).includes(layer)) {
    throw new MixstackError({
      code: 'INVALID_OPTION',
      message: `unknown value layer "${String(layer)}"`,
      address: source,
      value: layer,
      hint: `use one of ${LAYERS.join(', ')}.${didYouMean(String(layer), LAYERS)}`,
    });
  }
  if (!isPlainObject(values)) {
    throw new MixstackError({
      code: 'INVALID_OPTION',
      message: 'values must be a plain object',
      address: source,
      value: values,
      hint: 'pass an object such as { prometheus: { replicas: 2 } }',
    });
  }
  return replace(stack, { values: Object.freeze([...stack.values, deepFreeze({ layer, source, values })]) });
}

const RESERVED_NAMES = ['stack', 'common', 'contracts'];

export function addComponent<V>(stack: Stack, component: Component<V>): Stack {
  if (!isCamelCaseKey(component.name)) {
    throw new MixstackError({
      code: 'INVALID_NAME',
      message: 'a component name must be camelCase',
      address: component.source,
      value: component.name,
      hint: 'use a name such as "nodeExporter" (it becomes the file prefix nodeExporter-<key>.yaml)',
    });
  }
  if (RESERVED_NAMES.includes(component.name)) {
    throw new MixstackError({
      code: 'INVALID_NAME',
      message: `"${component.name}" is reserved: "stack" for the objects core creates (the Namespace), "common" and "contracts" for core's values`,
      address: component.source,
      value: component.name,
      hint: 'choose another component name',
    });
  }
  for (const exception of component.exceptions ?? []) {
    if (!exception.reason?.trim() || (exception.key !== '*' && !isCamelCaseKey(exception.key))) {
      throw new MixstackError({
        code: 'INVALID_OPTION',
        message: 'a safety-check exception needs an object key ("*" for all) and a reason',
        address: `${component.name}/${exception.key}`,
        path: 'exceptions',
        value: exception,
        hint: 'say which object cannot meet which check and why, e.g. { key: "daemonSet", check: "host-access", reason: "reads the host filesystem" }',
      });
    }
  }
  return replace(stack, {
    components: addUnique('component', stack.components, component.name, component as Component),
  });
}

/** Adds a mixin; its name is kebab-case because it becomes a folder (`mixstack mixins`) and a Grafana folder id. */
export function addMixin(stack: Stack, source: string, name: string, mixin: Lazy<Mixin>): Stack {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
    throw new MixstackError({
      code: 'INVALID_NAME',
      message: 'a mixin name must be kebab-case',
      address: source,
      value: name,
      hint: 'use lower-case letters, digits and "-", such as "node-exporter"',
    });
  }
  return replace(stack, { mixins: addUnique('mixin', stack.mixins, name, contribution(source, mixin)) });
}

export function addDatasource(
  stack: Stack,
  source: string,
  uid: string,
  datasource: Lazy<Datasource>,
): Stack {
  return replace(stack, {
    datasources: addUnique('datasource', stack.datasources, uid, contribution(source, datasource)),
  });
}

export function addScrapeTarget(stack: Stack, source: string, id: string, target: Lazy<ScrapeTarget>): Stack {
  return replace(stack, {
    scrapeTargets: addUnique('scrape target', stack.scrapeTargets, id, contribution(source, target)),
  });
}

/**
 * Asks the stack's collector to gather a signal and send it to the contributing package's
 * component (`collector.ts`). The collector component, whichever it is, renders every pipeline;
 * without one in the stack, the pipeline is data nobody reads.
 */
export function addCollectorPipeline(
  stack: Stack,
  source: string,
  id: string,
  pipeline: Lazy<CollectorPipeline>,
): Stack {
  return replace(stack, {
    collectorPipelines: addUnique(
      'collector pipeline',
      stack.collectorPipelines,
      id,
      contribution(source, pipeline),
    ),
  });
}

export function addNotice(stack: Stack, source: string, id: string, notice: Lazy<Notice>): Stack {
  return replace(stack, { notices: addUnique('notice', stack.notices, id, contribution(source, notice)) });
}

function addAlerting<K extends keyof AlertingContributions>(
  stack: Stack,
  section: K,
  label: string,
  key: string,
  entry: AlertingContributions[K][string],
): Stack {
  const entries = stack.alerting[section] as Readonly<Record<string, AlertingContributions[K][string]>>;
  return replace(stack, {
    alerting: Object.freeze({ ...stack.alerting, [section]: addUnique(label, entries, key, entry) }),
  });
}

export function addReceiver(stack: Stack, source: string, name: string, receiver: Lazy<Receiver>): Stack {
  return addAlerting(stack, 'receivers', 'receiver', name, contribution(source, receiver));
}

export function addRoute(stack: Stack, source: string, id: string, route: Lazy<OrderedRoute>): Stack {
  return addAlerting(stack, 'routes', 'route', id, contribution(source, route));
}

export function addInhibitRule(stack: Stack, source: string, id: string, rule: Lazy<InhibitRule>): Stack {
  return addAlerting(stack, 'inhibitRules', 'inhibit rule', id, contribution(source, rule));
}

export function addTemplate(stack: Stack, source: string, fileName: string, template: Lazy<string>): Stack {
  return addAlerting(stack, 'templates', 'template', fileName, contribution(source, template));
}

export function addSecretMount(
  stack: Stack,
  source: string,
  secretName: string,
  mount: Lazy<SecretMount>,
): Stack {
  return addAlerting(stack, 'secretMounts', 'secret mount', secretName, contribution(source, mount));
}

export function addPatch(stack: Stack, patch: Patch): Stack {
  return replace(stack, { patches: addUnique('patch', stack.patches, patch.id, patch) });
}

/**
 * Two registrations of one kind (two components using ServiceMonitors) must agree on what
 * shapes the output (scope, `setup/`, name rule). Of two that agree, the one with more hooks
 * (validation, expressions, workload) is kept, ties going to the source that sorts first: a
 * choice that does not depend on the order of the parts.
 */
function combineKinds(key: string, a: KindDefinition, b: KindDefinition): KindDefinition {
  const facts = (k: KindDefinition) => ({
    namespaced: k.namespaced,
    setup: k.setup ?? false,
    names: k.names ?? 'dns-subdomain',
  });
  const [factsA, factsB] = [facts(a), facts(b)];
  for (const field of ['namespaced', 'setup', 'names'] as const) {
    if (factsA[field] !== factsB[field]) {
      throw new MixstackError({
        code: 'DUPLICATE_ADDRESS',
        message: `kind ${key} is registered by "${a.source}" and by "${b.source}" with a different ${field}`,
        address: `kind/${key}`,
        path: field,
        value: factsB[field],
        related: [a.source ?? '', b.source ?? ''],
        hint: 'register the kind the same way in both packages (the scope and setup of a kind are facts of Kubernetes)',
      });
    }
  }
  const hooks = (k: KindDefinition) => [k.validate, k.expressions, k.workload].filter(Boolean).length;
  const bySource = (a.source ?? '') <= (b.source ?? '') ? a : b;
  return hooks(a) === hooks(b) ? bySource : hooks(a) > hooks(b) ? a : b;
}

/** Registers custom-resource kinds so that their objects validate (an unknown kind is an error). */
export function addKinds(stack: Stack, source: string, kinds: readonly KindDefinition[]): Stack {
  let next = stack.kinds;
  for (const kind of kinds) {
    const key = `${kind.apiVersion}/${kind.kind}`;
    const added: KindDefinition = Object.freeze({ ...kind, source });
    const existing = next[key];
    next = Object.freeze({ ...next, [key]: existing ? combineKinds(key, existing, added) : added });
  }
  return replace(stack, { kinds: next });
}

/** Adds a safety check (a platform may add its own, e.g. what GKE Autopilot rejects). */
export function addCheck(stack: Stack, check: SafetyCheck): Stack {
  if (stack.checks[check.name]) {
    throw new MixstackError({
      code: 'DUPLICATE_ADDRESS',
      message: `safety check "${check.name}" is added twice`,
      address: `check/${check.name}`,
      hint: 'give the new check its own name',
    });
  }
  return replace(stack, { checks: Object.freeze({ ...stack.checks, [check.name]: check }) });
}

/** Excepts one object (or `component/*`) from one safety check, with the reason recorded. */
export function addException(stack: Stack, exception: CheckException): Stack {
  // An exception whose address can never match an object would silently except nothing.
  if (
    typeof exception.address !== 'string' ||
    !/^[a-z][a-zA-Z0-9]*\/([a-z][a-zA-Z0-9]*|\*)$/.test(exception.address)
  ) {
    throw new MixstackError({
      code: 'INVALID_NAME',
      message: 'a safety-check exception names an object as "component/key" or "component/*"',
      address: exception.source,
      path: 'address',
      value: exception.address,
      hint: 'use the address shown in the safety error, such as "nodeExporter/daemonSet"',
    });
  }
  if (!exception.reason?.trim()) {
    throw new MixstackError({
      code: 'INVALID_OPTION',
      message: 'a safety-check exception needs a reason',
      address: exception.address,
      path: 'reason',
      value: exception.reason,
      hint: 'say why the object cannot meet the check, e.g. "node-exporter reads the host filesystem"',
    });
  }
  return replace(stack, {
    exceptions: addUnique(
      'exception',
      stack.exceptions,
      `${exception.check}@${exception.address}`,
      exception,
    ),
  });
}

/**
 * Adds a network client: pods (or an address range) that reach the components it names, or
 * every component playing a role (`@datasource`, `@metrics`). Each of those admits it in its
 * NetworkPolicy on its own ports; the client needs to know nothing else of them.
 */
export function addNetworkClient(
  stack: Stack,
  source: string,
  name: string,
  client: Lazy<NetworkClient>,
): Stack {
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name)) {
    throw new MixstackError({
      code: 'INVALID_NAME',
      message: 'a network client name must be kebab-case',
      address: source,
      value: name,
      hint: 'use a name such as "grafana" or "gke-load-balancer"',
    });
  }
  return replace(stack, {
    networkClients: addUnique('network client', stack.networkClients, name, contribution(source, client)),
  });
}

/**
 * Declares files the stack needs from the user's repository. The part stays pure: the CLI
 * reads the directory and passes the contents to `render`, where components find them in
 * `context.inputs[id]`.
 */
export function addInput(stack: Stack, source: string, id: string, request: Lazy<InputRequest>): Stack {
  return replace(stack, {
    inputs: addUnique('input', stack.inputs ?? {}, id, contribution(source, request)),
  });
}
