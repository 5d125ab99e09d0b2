import { addComponent, addProblems, definePart, withValues } from './compose.js';
import type { ComponentContracts, StackView } from './contracts.js';
import { MixstackError } from './errors.js';
import { isPlainObject } from './merge.js';
import { parseOptionsCollecting, type Schema } from './options/schema.js';
import type { BuildContext, BuiltObjects, Component, Contribution, Part, Stack } from './stack.js';
import type { CommonValues, Values } from './values.js';

/** What every component accepts besides its own options. */
export interface ComponentSwitch {
  /**
   * Turn the component off: it renders nothing, and what depends on it (its rules, dashboards,
   * datasource, network access) goes with it. Core reads it for every component; a platform
   * sets it with `setComponentEnabled`.
   * @default true
   */
  enabled?: boolean;
}

/** A component: one technology, its objects and what it publishes (the stack's layers; packages meet on its contracts). */
export interface ComponentDefinition<V, O> {
  /** camelCase: the values key, the first half of every address and the file prefix. */
  name: string;
  /** The package that defines it (named in problems and conflicts). */
  source: string;
  /**
   * Checks the user's options (when the part is applied; every problem is reported, none
   * thrown) and the final values (once per render, whatever layer they came from).
   */
  schema: Schema<O>;
  /** Fresh defaults: the weakest value layer, which platforms, addons and the user override. */
  defaults: () => V;
  /** The objects, by key, from the final values, parsed and typed. */
  build: (context: BuildContext<V>) => BuiltObjects;
  /**
   * What others may adjust or need to know, from the final values: containers and their
   * resources, Services, buckets, roles for network clients.
   * @default nothing
   */
  contracts?: (values: V, common: CommonValues) => ComponentContracts;
  /** Safety-check exceptions for its objects, each with its reason. @default none */
  exceptions?: Component['exceptions'];
  /**
   * What comes with the component besides its values and objects: mixins, datasources,
   * network clients, kinds, notices, inputs. What it adds to the shared sections is left out
   * when the component is turned off (`enabled: false`). @default nothing
   */
  extend?: (stack: Stack, options: O | undefined) => Stack;
  /** Turns the parsed final values into the typed values build sees. @default the parsed values */
  finalize?: (parsed: O, common: CommonValues) => V;
  /**
   * The factory's name, for problems with the options passed to it, when it differs from the
   * component's (`prometheusServer()` deploys the component `prometheus`). @default name
   */
  partName?: string;
}

/** The factory `defineComponent` returns: options in, a part out. */
export type ComponentFactory<V, O> = ((options?: O & ComponentSwitch) => Part) & {
  /** The definition, for tests and tools (`mixstack explain`). */
  readonly definition: ComponentDefinition<V, O>;
};

function withoutSwitch(raw: unknown): { rest: unknown; enabled: unknown } {
  if (!isPlainObject(raw) || !Object.hasOwn(raw, 'enabled')) return { rest: raw, enabled: undefined };
  const { enabled, ...rest } = raw;
  return { rest, enabled };
}

function switchProblem(address: string, value: unknown): MixstackError {
  return new MixstackError({
    code: 'INVALID_OPTION',
    message: 'expected true or false',
    address,
    path: 'enabled',
    value,
    hint: 'pass enabled: false to turn the component off, or leave it out',
  });
}

type Entries = Readonly<Record<string, Contribution<unknown>>>;

/** The contribution, left out when the component is in the stack and turned off. */
function gated(entry: Contribution<unknown>, component: string): Contribution<unknown> {
  const { value } = entry;
  return {
    source: entry.source,
    value: (values: Values, view: StackView) => {
      if (view.components[component]?.enabled === false) return undefined;
      return typeof value === 'function'
        ? (value as (v: Values, s: StackView) => unknown)(values, view)
        : value;
    },
  };
}

function gateNew(before: Entries, after: Entries, component: string): Entries {
  const out: Record<string, Contribution<unknown>> = {};
  for (const [key, entry] of Object.entries(after))
    out[key] = before[key] === entry ? entry : gated(entry, component);
  return Object.freeze(out);
}

/**
 * What a component's `extend` contributed to the shared sections (mixins, datasources, scrape
 * targets, notices, network clients, alerting, inputs) goes when the component is turned off:
 * `enabled` is handled here, once, for every component, instead of in each contribution.
 */
function onlyWhenEnabled(before: Stack, after: Stack, component: string): Stack {
  const gate = <K extends keyof Stack>(key: K) =>
    gateNew(before[key] as unknown as Entries, after[key] as unknown as Entries, component);
  const alerting = Object.fromEntries(
    Object.keys(after.alerting).map((key) => [
      key,
      gateNew(
        before.alerting[key as keyof Stack['alerting']] as Entries,
        after.alerting[key as keyof Stack['alerting']] as Entries,
        component,
      ),
    ]),
  );
  return Object.freeze({
    ...after,
    mixins: gate('mixins'),
    datasources: gate('datasources'),
    scrapeTargets: gate('scrapeTargets'),
    collectorPipelines: gate('collectorPipelines'),
    notices: gate('notices'),
    networkClients: gate('networkClients'),
    inputs: gate('inputs'),
    alerting: Object.freeze(alerting),
  }) as unknown as Stack;
}

/**
 * Defines a component once: core parses its options when the part is applied (reporting every
 * problem instead of throwing the first), puts its defaults and the user's options in their
 * layers, parses the final values once per render and hands them to `build` typed, handles
 * `enabled`, and resolves what the component publishes (`contracts`) for addons, platforms
 * and libs.
 *
 * ```ts
 * export const blackboxExporter = defineComponent({
 *   name: 'blackboxExporter',
 *   source: '@acme/component-blackbox-exporter',
 *   schema: blackboxExporterOptionsSchema,
 *   defaults: defaultBlackboxExporterValues,
 *   contracts: (values) => ({ containers: { 'blackbox-exporter': values.resources } }),
 *   build: (ctx) => ({ deployment: deployment(ctx), service: service(ctx) }),
 * });
 * ```
 */
export function defineComponent<V, O>(definition: ComponentDefinition<V, O>): ComponentFactory<V, O> {
  const { name, source } = definition;
  const parseValues = (raw: unknown, common: CommonValues): V => {
    const { rest, enabled } = withoutSwitch(raw);
    if (enabled !== undefined && typeof enabled !== 'boolean') throw switchProblem(name, enabled);
    const parsed = parseOptionsCollecting(definition.schema, rest, name);
    if (parsed.problems.length > 0 || parsed.value === undefined) {
      const [first, ...others] = parsed.problems;
      throw others.length > 0 ? first!.withOthers(others) : first;
    }
    return definition.finalize ? definition.finalize(parsed.value, common) : (parsed.value as unknown as V);
  };
  const component: Component<V> = {
    name,
    source,
    build: definition.build,
    parseValues,
    ...(definition.contracts ? { contracts: definition.contracts } : {}),
    ...(definition.exceptions ? { exceptions: definition.exceptions } : {}),
  };
  const partName = definition.partName ?? name;
  const factory = (options?: O & ComponentSwitch): Part => {
    const { rest, enabled } = withoutSwitch(options);
    const parsed = parseOptionsCollecting(definition.schema, rest, partName);
    const problems = [...parsed.problems];
    if (enabled !== undefined && typeof enabled !== 'boolean')
      problems.push(switchProblem(partName, enabled));
    return definePart(partName, (stack) => {
      let next = addProblems(stack, problems);
      next = withValues(next, source, 'defaults', {
        [name]: { ...(definition.defaults() as object), enabled: true },
      });
      const user = {
        ...((parsed.value ?? {}) as object),
        ...(typeof enabled === 'boolean' ? { enabled } : {}),
      };
      next = withValues(next, `${name}()`, 'user', { [name]: user });
      next = addComponent(next, component as Component);
      return definition.extend ? onlyWhenEnabled(next, definition.extend(next, parsed.value), name) : next;
    });
  };
  return Object.assign(factory, { definition });
}
