import { withValues } from './compose.js';
import type { ContainerResourcesAdjustment, RootRoute } from './contracts.js';
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
