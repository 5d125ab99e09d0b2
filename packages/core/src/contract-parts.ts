import { withValues } from './compose.js';
import type { ComponentSizing, ContainerResourcesAdjustment, RootRoute, StackSizing } from './contracts.js';
import type { Stack } from './stack.js';
import type { Layer } from './values.js';

/**
 * The ways other packages adjust a component: each writes a core-owned value (a component's
 * `enabled`, or under `values.contracts`) in the layer of whoever adjusts, so that precedence
 * holds (what the user passes wins over a platform). Render checks that what they name exists
 * and reports a problem otherwise.
 */

/** Who adjusts, and at which precedence. */
export interface Adjuster {
  /** The package or part, named in conflicts and problems. */
  source: string;
  /** `platform`, `addon`, `user` or `override` (lib parts). */
  layer: Layer;
}

/**
 * Turns a component on or off (`enabled`, which core reads for every component): a component
 * turned off renders nothing, and `StackView.has` is false for it, so what depends on it
 * (rules, dashboards, datasources) goes too.
 */
export function setComponentEnabled(stack: Stack, by: Adjuster, component: string, enabled: boolean): Stack {
  return withValues(stack, by.source, by.layer, { [component]: { enabled } });
}

/**
 * Adjusts the resources of one container of a component, over what its options say. The
 * component publishes its containers (`ComponentContracts.containers`); render reports an
 * unknown component or container, with the names there are.
 */
export function adjustResources(
  stack: Stack,
  by: Adjuster,
  component: string,
  container: string,
  resources: ContainerResourcesAdjustment,
): Stack {
  return withValues(stack, by.source, by.layer, {
    contracts: { resources: { [component]: { [container]: resources } } },
  });
}

/** Records the URL a component is reached at from outside the cluster (an Ingress a platform renders). */
export function setExternalUrl(stack: Stack, by: Adjuster, component: string, url: string): Stack {
  return withValues(stack, by.source, by.layer, { contracts: { externalUrls: { [component]: url } } });
}

/** Sets the receiver and grouping of Alertmanager's root route (an addon's default channel). */
export function setRootRoute(stack: Stack, by: Adjuster, route: RootRoute): Stack {
  return withValues(stack, by.source, by.layer, { contracts: { rootRoute: route } });
}

/**
 * Sets the replicas of one workload of a component (the ids it publishes in
 * `ComponentContracts.replicas`), over its options where the adjustment's layer is at least as
 * strong as the one that set the option. Render reports an unknown component or workload.
 */
export function adjustReplicas(
  stack: Stack,
  by: Adjuster,
  component: string,
  workload: string,
  replicas: number,
): Stack {
  return withValues(stack, by.source, by.layer, {
    contracts: { replicas: { [component]: { [workload]: replicas } } },
  });
}

/**
 * Sets how long a component keeps data (a Prometheus duration), over its `retention` option
 * where the adjustment's layer is at least as strong as the option's. Render reports a component
 * that publishes no retention.
 */
export function adjustRetention(stack: Stack, by: Adjuster, component: string, retention: string): Stack {
  return withValues(stack, by.source, by.layer, { contracts: { retention: { [component]: retention } } });
}

/**
 * Sizes every component at once (a platform's small-node profile, a sizing lib): at most so
 * many replicas, requests scaled, retention capped. It applies only over values set in weaker
 * layers, so what the user passes to a component (or adjusts for it) stays.
 */
export function setSizing(stack: Stack, by: Adjuster, sizing: StackSizing): Stack {
  return withValues(stack, by.source, by.layer, { contracts: { sizing } });
}

/**
 * Sizes components by name (a sizing lib's plan from load): replicas, resources and retention
 * set outright, for whichever of them the stack has and publishes; what it lacks is skipped
 * (`ComponentSizing` says why). Like
 * `setSizing` it applies only over values set in weaker layers, so what the user passes to a
 * component (or adjusts for it in the same or a stronger layer) stays.
 */
export function sizeComponents(
  stack: Stack,
  by: Adjuster,
  components: Record<string, ComponentSizing>,
): Stack {
  return withValues(stack, by.source, by.layer, { contracts: { sizing: { components } } });
}
