import type { options } from '@mixstack/core';

/** The fields of an options object, by name (what `options.object` takes). */
export type Shape = Record<string, options.Schema<unknown>>;

/** Package name: the `source` of every value layer, component, kind and section entry this package adds. */
export const SOURCE = '@mixstack/component-prometheus';
