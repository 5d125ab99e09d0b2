import type {
  AdmittedClient,
  ComponentRole,
  ContainerResources,
  ContractValues,
  InputStatus,
  NetworkClient,
  ResolvedContracts,
  RootRoute,
  StackView,
} from '../contracts.js';
import { isMixstackError, MixstackError } from '../errors.js';
import type { InputFiles } from '../inputs.js';
import { isPlainObject } from '../merge.js';
import { quantityValue } from '../quantity.js';
import type { Stack } from '../stack.js';
import type { Values } from '../values.js';
import { adjustedContracts } from './adjustments.js';

/** Collects problems instead of throwing them; rethrows what is not a MixstackError (a bug). */
export class Problems {
  readonly list: MixstackError[] = [];

  add(problem: MixstackError | ConstructorParameters<typeof MixstackError>[0]): void {
    this.list.push(isMixstackError(problem) ? problem : new MixstackError(problem));
  }

  /** Runs `fn`; a MixstackError it throws is recorded and `fallback` returned. */
  attempt<T>(fn: () => T, fallback: T): T {
    try {
      return fn();
    } catch (error) {
      if (!isMixstackError(error)) throw error;
      this.add(error);
      for (const other of error.others ?? []) this.add(other);
      return fallback;
    }
  }
}

/** The final values of each component, parsed once with its schema; a component whose values fail is left out. */
export function parseComponentValues(stack: Stack, values: Values, problems: Problems): Map<string, unknown> {
  const parsed = new Map<string, unknown>();
  for (const name of Object.keys(stack.components).sort()) {
    const component = stack.components[name]!;
    const raw = values[name];
    if (!component.parseValues) {
      parsed.set(name, raw);
      continue;
    }
    const failed = Symbol('failed');
    const value = problems.attempt<unknown>(() => component.parseValues!(raw, values.common), failed);
    if (value !== failed) parsed.set(name, value);
  }
  return parsed;
}

function isEnabled(values: Values, name: string): boolean {
  const own = values[name];
  return !(isPlainObject(own) && own.enabled === false);
}

function contractValues(values: Values): ContractValues {
  return (values.contracts as ContractValues | undefined) ?? {};
}

/** Kubernetes rejects a container whose request exceeds its limit, at apply time: say so at build time. */
function checkRequestsWithinLimits(
  component: string,
  container: string,
  resources: ContainerResources,
  problems: Problems,
): void {
  for (const resource of ['cpu', 'memory'] as const) {
    const request = resources.requests?.[resource];
    const limit = resources.limits?.[resource];
    if (request === undefined || limit === undefined) continue;
    const requested = quantityValue(request);
    const limited = quantityValue(limit);
    if (requested !== undefined && limited !== undefined && requested > limited) {
      problems.add({
        code: 'INVALID_OPTION',
        message: `the ${resource} request (${request}) of container "${container}" is higher than its ${resource} limit (${limit})`,
        address: component,
        path: `resources.${container}.requests.${resource}`,
        value: request,
        hint: `lower the ${resource} request or raise the ${resource} limit (the component's resources option, or setResources); Kubernetes rejects a request above the limit`,
      });
    }
  }
}

/** What render knows of the stack before the sections: contracts and inputs, for lazy entries, patches and builds. */
export interface ViewInput {
  stack: Stack;
  values: Values;
  parsed: ReadonlyMap<string, unknown>;
  problems: Problems;
  /** Requested inputs and whether they were given; empty while the requests themselves are resolved. */
  inputs?: Readonly<Record<string, InputStatus>>;
  /** The contents of the given inputs, by id. @default {} */
  files?: Readonly<Record<string, InputFiles>>;
}

function resolveClients(stack: Stack, values: Values, view: StackView, problems: Problems) {
  const clients: Record<string, NetworkClient> = {};
  for (const name of Object.keys(stack.networkClients).sort()) {
    const { value } = stack.networkClients[name]!;
    const resolved = problems.attempt(
      () => (typeof value === 'function' ? value(values, view) : value),
      undefined,
    );
    if (resolved !== undefined) clients[name] = resolved;
  }
  return clients;
}

/** Through what the client reaches the component: `direct` (it names it) and the roles; empty: it does not. */
function reachedThrough(client: NetworkClient, component: ResolvedContracts): (ComponentRole | 'direct')[] {
  const through = new Set<ComponentRole | 'direct'>();
  for (const target of client.reaches) {
    if (target === component.name) through.add('direct');
    else if (target.startsWith('@') && (component.roles as readonly string[]).includes(target.slice(1)))
      through.add(target.slice(1) as ComponentRole);
  }
  return [...through].sort();
}

/**
 * The client as the components it reaches admit it. Pods without a namespace are the stack's
 * (components run there), said explicitly: a policy then matches the namespace, which only
 * the API server sets, and not only pod labels, which any pod may give itself.
 */
function admittedClient(client: NetworkClient, stackNamespace: string): AdmittedClient {
  const { reaches: _reaches, ...rest } = client;
  const pods = rest.cidr === undefined && rest.namespaceLabels === undefined;
  return pods && rest.namespace === undefined ? { ...rest, namespace: stackNamespace } : rest;
}

/**
 * The stack as lazy contributions, patches and builds may ask about it: which components it
 * has and which are turned off, their contracts with the adjustments applied and the network
 * clients that reach them, and the status of its inputs.
 */
export function resolveStackView(input: ViewInput): StackView {
  const { stack, values, parsed, problems } = input;
  const declared = new Map<string, ReturnType<NonNullable<Stack['components'][string]['contracts']>>>();
  for (const name of Object.keys(stack.components).sort()) {
    const component = stack.components[name]!;
    if (!parsed.has(name)) continue;
    const contracts = component.contracts
      ? problems.attempt(() => component.contracts!(parsed.get(name), values.common), {})
      : {};
    declared.set(name, contracts);
  }
  const adjusted = adjustedContracts(stack, declared, values, (problem) => problems.add(problem));
  for (const [component, { containers }] of adjusted)
    for (const [container, resources] of Object.entries(containers))
      checkRequestsWithinLimits(component, container, resources, problems);
  const externalUrls = contractValues(values).externalUrls ?? {};
  const components: Record<string, ResolvedContracts> = {};
  for (const name of Object.keys(stack.components).sort()) {
    const own = declared.get(name) ?? {};
    const externalUrl = own.externalUrl ?? externalUrls[name];
    components[name] = {
      name,
      enabled: isEnabled(values, name),
      containers: adjusted.get(name)?.containers ?? {},
      replicas: adjusted.get(name)?.replicas ?? {},
      ...(adjusted.get(name)?.retention !== undefined ? { retention: adjusted.get(name)!.retention } : {}),
      services: own.services ?? {},
      buckets: own.buckets ?? {},
      roles: own.roles ?? [],
      networkClients: {},
      networkClientRoles: {},
      ...(externalUrl !== undefined ? { externalUrl } : {}),
    };
  }
  const inputs = input.inputs ?? {};
  const files = input.files ?? {};
  const rootRoute: RootRoute = contractValues(values).rootRoute ?? {};
  const view = (all: Record<string, ResolvedContracts>): StackView => ({
    components: all,
    has: (name) => all[name]?.enabled === true,
    input: (id) => inputs[id],
    inputFiles: (id) => (Object.hasOwn(files, id) ? files[id] : undefined),
    rootRoute,
  });
  // Clients are resolved against the view without clients (a client cannot depend on clients).
  const clients = resolveClients(stack, values, view(components), problems);
  const withClients: Record<string, ResolvedContracts> = {};
  for (const [name, contracts] of Object.entries(components)) {
    const admitted: Record<string, AdmittedClient> = {};
    const roles: Record<string, (ComponentRole | 'direct')[]> = {};
    for (const [clientName, client] of Object.entries(clients)) {
      const through = reachedThrough(client, contracts);
      if (through.length === 0) continue;
      admitted[clientName] = admittedClient(client, values.common.namespace);
      roles[clientName] = through;
    }
    withClients[name] = { ...contracts, networkClients: admitted, networkClientRoles: roles };
  }
  return view(withClients);
}
