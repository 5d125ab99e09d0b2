import {
  type DeepPartial,
  isPlainObject,
  options,
  type Stack,
  type Values,
  withValues,
} from '@mixstack/core';
import { SOURCE } from './config/shared.js';

/**
 * Adds a part's values: its fresh defaults in the `defaults` layer (which platforms and addons
 * override) and what the user passed in the `user` layer (which overrides them).
 */
export function withPartValues<T extends object>(
  stack: Stack,
  key: string,
  defaults: T,
  user: DeepPartial<T>,
): Stack {
  const withDefaults = withValues(stack, SOURCE, 'defaults', { [key]: defaults });
  return withValues(withDefaults, `${key}()`, 'user', { [key]: user });
}

/**
 * A component's final values, checked against its options schema again: values may also come
 * from platform, addon and override layers, which no factory validated.
 */
export function finalValues<T>(
  schema: options.Schema<DeepPartial<T>>,
  values: unknown,
  component: string,
): T {
  return options.parseOptions(schema, values, component) as T;
}

/** The parts of this package a stack can have and still turn off, with their `enabled` value. */
export const SWITCHABLE_PARTS = ['nodeExporter', 'kubeStateMetrics'] as const;
export type SwitchablePart = (typeof SWITCHABLE_PARTS)[number];

const isSwitchable = (component: string): component is SwitchablePart =>
  (SWITCHABLE_PARTS as readonly string[]).includes(component);

/**
 * Whether a part of this package runs: it is in the stack and its final `enabled` value is
 * `true`. The one place that decides it, so that a part present but disabled is, for every
 * object, rule and dashboard of this package, the same as a part not in the stack.
 *
 * Build functions pass `componentNames`. Section contributions (mixins) only see the values:
 * there, presence shows as the part's defaults layer, which sets `enabled: true` (a platform's
 * `{ enabled: false }` alone is no presence). `enabled: true` set for a part the stack does not
 * have would fool them, so the server's build refuses it.
 */
export function isEnabled(values: Values, part: SwitchablePart, componentNames?: readonly string[]): boolean {
  if (componentNames && !componentNames.includes(part)) return false;
  const own = values[part];
  return isPlainObject(own) && own.enabled === true;
}

/**
 * Another component's values, when that component is in the stack and not turned off
 * (`enabled: false`); `undefined` otherwise, so that nothing refers to a part that renders nothing.
 */
export function valuesOf<T>(
  values: Values,
  component: string,
  componentNames: readonly string[],
): T | undefined {
  if (!componentNames.includes(component)) return undefined;
  if (isSwitchable(component) && !isEnabled(values, component, componentNames)) return undefined;
  return values[component] as T | undefined;
}
