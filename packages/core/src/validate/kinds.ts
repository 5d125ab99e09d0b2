import type { KubeObject } from '../kube.js';
import type { Workload } from './checks/types.js';

/** One schema problem: where in the object, and what is wrong. */
export interface SchemaIssue {
  /** Dotted path (`spec.template.spec.containers.0.ports.0.containerPort`). */
  path: string;
  message: string;
  value?: unknown;
}

export type QueryLanguage = 'promql' | 'logql' | 'traceql';

/** An expression found in an object, to be parsed with the grammar of its language. */
export interface EmbeddedExpression {
  path: string;
  language: QueryLanguage;
  expression: string;
}

/** How a name of this kind must look (Kubernetes' own rules differ by kind). */
export type NameRule = 'dns-label' | 'dns-subdomain' | 'path-segment';

/** What mixstack knows about one Kubernetes kind. */
export interface KindDefinition {
  apiVersion: string;
  kind: string;
  /** Namespaced objects must name their namespace; cluster-scoped ones must not. */
  namespaced: boolean;
  /** Rendered under `setup/` and applied first (Namespaces, CustomResourceDefinitions). @default false */
  setup?: boolean;
  /** @default 'dns-subdomain' */
  names?: NameRule;
  /** Schema validation; returns the problems found (none when valid). */
  validate?: (object: unknown) => SchemaIssue[];
  /** Expressions inside objects of this kind (the rules of a PrometheusRule), parsed at build time. */
  expressions?: (object: KubeObject) => EmbeddedExpression[];
  /**
   * For kinds that run pods through an operator (a Prometheus custom resource): the pods'
   * labels, replicas and ServiceAccount, so that checks of NetworkPolicies, Services,
   * PodDisruptionBudgets and spreading see them.
   */
  workload?: (object: KubeObject) => Workload | undefined;
  /** Package that registered it. */
  source?: string;
}

interface AjvLikeError {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
  keyword?: string;
}

function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function valueAt(object: unknown, path: string): unknown {
  if (!path) return undefined;
  let current: unknown = object;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Turns ajv-style errors (what kubernetes-models throws) into schema issues. */
export function issuesFromAjvErrors(object: unknown, errors: readonly AjvLikeError[]): SchemaIssue[] {
  return errors.map((error) => {
    let path = pointerToPath(error.instancePath ?? '');
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'required' && typeof error.params?.missingProperty === 'string') {
      path = path ? `${path}.${error.params.missingProperty}` : error.params.missingProperty;
      message = 'is required';
    }
    return { path, message, value: valueAt(object, path) };
  });
}

/** Whether an undefined value sits anywhere in a value (which a model instance would drop). */
function hasUndefined(value: unknown): boolean {
  if (value === undefined) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (hasUndefined(item)) return true;
  } else if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value))
      if (hasUndefined((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

/** A model class of kubernetes-models / @kubernetes-models/*. */
export interface ModelClass {
  readonly apiVersion: string;
  readonly kind: string;
  new (data?: never): { validate(): void };
}

/**
 * A kind definition whose validation uses a kubernetes-models class: the upstream OpenAPI
 * schema of the kind, compiled by that project.
 */
export function kindFromModel(
  model: ModelClass,
  options: Omit<KindDefinition, 'apiVersion' | 'kind' | 'validate'>,
): KindDefinition {
  return {
    apiVersion: model.apiVersion,
    kind: model.kind,
    ...options,
    validate(object) {
      const { apiVersion, kind, ...data } = object as Record<string, unknown>;
      try {
        // A model instance is a copy of the object without its undefined fields; an object
        // that has none is validated as it is, which spares copying it (a 4.5 MB CRD).
        const asModel = apiVersion === model.apiVersion && kind === model.kind;
        if (!asModel || hasUndefined(object)) new model(data as never).validate();
        else (model.prototype as { validate(this: unknown): void }).validate.call(object);
        return [];
      } catch (error) {
        const errors = (error as { errors?: AjvLikeError[] }).errors;
        if (Array.isArray(errors)) return issuesFromAjvErrors(object, errors);
        return [{ path: '', message: error instanceof Error ? error.message : String(error) }];
      }
    },
  };
}
