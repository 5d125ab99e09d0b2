import { type DeepPartial, options, type Stack, type Values, withValues } from '@mixstack/core';
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

/** Another component's values, when that component is in the stack. */
export function valuesOf<T>(
  values: Values,
  component: string,
  componentNames: readonly string[],
): T | undefined {
  return componentNames.includes(component) ? (values[component] as T | undefined) : undefined;
}
