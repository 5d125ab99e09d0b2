import type { CollectorPipeline } from './collector.js';
import type { ComponentContracts, NetworkClient, ResolvedContracts, StackView } from './contracts.js';
import type { MixstackError, MixstackErrorDetails } from './errors.js';
import type { InputFiles, InputRequest } from './inputs.js';
import type { KubeObject } from './kube.js';
import type { Mixin } from './mixin.js';
import type {
  Datasource,
  InhibitRule,
  Notice,
  OrderedRoute,
  Receiver,
  ScrapeTarget,
  SecretMount,
  Sections,
} from './sections.js';
import type { SafetyCheck } from './validate/checks/types.js';
import type { KindDefinition } from './validate/kinds.js';
import type { CommonValues, Values, ValuesLayer } from './values.js';

/**
 * The stack: plain, immutable data in layers. Parts never build objects
 * eagerly; they add values, components (functions of the final values), contributions to
 * the shared sections, and patches. `render` builds everything once, at the end, so the
 * order of parts does not change the output.
 */
export interface Stack {
  /** Value layers, merged by precedence at render time (see `LAYERS`). */
  readonly values: readonly ValuesLayer[];
  /** Components by name: the functions that build Kubernetes objects from the final values. */
  readonly components: Readonly<Record<string, Component>>;
  readonly mixins: Readonly<Record<string, Contribution<Mixin>>>;
  /** Grafana datasources by uid. */
  readonly datasources: Readonly<Record<string, Contribution<Datasource>>>;
  readonly alerting: AlertingContributions;
  readonly scrapeTargets: Readonly<Record<string, Contribution<ScrapeTarget>>>;
  /** What packages ask the stack's collector to gather, by pipeline id (`collector.ts`). */
  readonly collectorPipelines: Readonly<Record<string, Contribution<CollectorPipeline>>>;
  /** Messages for the build summary, by id. */
  readonly notices: Readonly<Record<string, Contribution<Notice>>>;
  /** Late edits of sections and objects, applied in (`order`, `id`) order. */
  readonly patches: Readonly<Record<string, Patch>>;
  /** Kubernetes kinds beyond the built-in ones (custom resources), by `apiVersion/kind`. */
  readonly kinds: Readonly<Record<string, KindDefinition>>;
  /** Safety checks run on the rendered objects, by name. */
  readonly checks: Readonly<Record<string, SafetyCheck>>;
  /** Named exceptions to safety checks, by `check@address`. */
  readonly exceptions: Readonly<Record<string, CheckException>>;
  /** Files the stack needs from the user's repository, by input id (read by the CLI, passed to render). */
  readonly inputs: Readonly<Record<string, Contribution<InputRequest>>>;
  /** Pods or addresses that reach components through their NetworkPolicies, by client name. */
  readonly networkClients: Readonly<Record<string, Contribution<NetworkClient>>>;
  /**
   * Problems parts found when they were applied (bad options): reported with every other
   * problem by `validateStack`, and thrown by `render`, instead of stopping at the first.
   */
  readonly problems: readonly MixstackError[];
}

export interface AlertingContributions {
  readonly receivers: Readonly<Record<string, Contribution<Receiver>>>;
  readonly routes: Readonly<Record<string, Contribution<OrderedRoute>>>;
  readonly inhibitRules: Readonly<Record<string, Contribution<InhibitRule>>>;
  readonly templates: Readonly<Record<string, Contribution<string>>>;
  readonly secretMounts: Readonly<Record<string, Contribution<SecretMount>>>;
}

/** A part: a pure function from stack to stack. Components, addons, libs and platforms are factories of parts. */
export type Part = ((stack: Stack) => Stack) & { readonly partName?: string };

/**
 * A section entry that may depend on the final values and on what the stack has (its
 * components, their contracts, its inputs); returning `undefined` leaves it out.
 */
export type Lazy<T> = T | ((values: Values, stack: StackView) => T | undefined);

/** Reports a problem to the validation step, which lists it with every other one. */
export type Report = (problem: MixstackError | MixstackErrorDetails) => void;

export interface Contribution<T> {
  /** Who contributed it; named when two parts contribute the same key. */
  readonly source: string;
  readonly value: Lazy<T>;
}

/** What a component's build function receives: its own values, all values, and the resolved sections. */
export interface BuildContext<V = unknown> extends Sections {
  /** The component's name (also its values key and file prefix). */
  readonly name: string;
  /** `values[name]`, after every layer was merged. */
  readonly values: V;
  readonly common: Values['common'];
  /** The whole values tree. A package reads only its own components' values; what others publish is in `stack` (contracts). */
  readonly allValues: Values;
  /** Names of the components in the stack that run (not turned off), sorted. */
  readonly componentNames: readonly string[];
  /** Contents of the inputs the stack requested (see `addInput`), by input id. */
  readonly inputs: Readonly<Record<string, InputFiles>>;
  /** The component's own contracts, resolved: containers with adjusted resources, admitted network clients. */
  readonly contracts: ResolvedContracts;
  /** The other components and their contracts, the inputs' status. */
  readonly stack: StackView;
  /** Reports a problem and goes on (throwing a MixstackError reports it too, and builds nothing). */
  readonly report: Report;
}

/** The objects a component builds, by key (camelCase, unique in the component). `undefined` or `false` leaves one out. */
export type BuiltObjects = Readonly<Record<string, KubeObject | undefined | false>>;

export interface Component<V = unknown> {
  /** camelCase name: the values key, the first half of every address and the file prefix. */
  readonly name: string;
  /** The package that defines it. */
  readonly source: string;
  readonly build: (context: BuildContext<V>) => BuiltObjects;
  /** Safety-check exceptions for this component's objects, each with its reason. */
  readonly exceptions?: readonly { key: string; check: string; reason: string }[];
  /**
   * Checks and types the final `values[name]` once per render (throws a MixstackError for bad
   * values, which is reported, and the component is not built). @default the values as they are
   */
  readonly parseValues?: (raw: unknown, common: CommonValues) => V;
  /** What the component publishes for others (see `defineComponent`). @default nothing */
  readonly contracts?: (values: V, common: CommonValues) => ComponentContracts;
}

export interface CheckException {
  readonly check: string;
  /** `component/key`, or `component/*` for all of a component's objects. */
  readonly address: string;
  readonly reason: string;
  readonly source: string;
}

/** What a patch sees besides its target. */
export interface PatchContext {
  readonly values: Values;
  readonly sections: Sections;
  readonly stack: StackView;
  /** Reports a problem and goes on (throwing a MixstackError reports it too, and the patch changes nothing). */
  readonly report: Report;
}

interface PatchBase {
  /** Unique id; derive it from the patch's arguments so two different patches never collide. */
  readonly id: string;
  readonly source: string;
  /** Patches apply in ascending `order`, then by `id`. @default 0 */
  readonly order?: number;
}

/** Edits the resolved sections before components build (drop a rule group, change an alert). */
export interface SectionsPatch extends PatchBase {
  readonly target: 'sections';
  readonly apply: (sections: Sections, context: Omit<PatchContext, 'sections'>) => Sections;
}

/** Edits the built objects, by address (`component/key`); leaving a key out removes the object. */
export interface ObjectsPatch extends PatchBase {
  readonly target: 'objects';
  readonly apply: (
    objects: Readonly<Record<string, KubeObject>>,
    context: PatchContext,
  ) => Record<string, KubeObject>;
}

export type Patch = SectionsPatch | ObjectsPatch;
