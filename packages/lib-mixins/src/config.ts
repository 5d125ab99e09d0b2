import { options } from '@mixstack/core';

/** The package: the `source` of everything it adds to a stack, named in problems and conflicts. */
export const SOURCE = '@mixstack/lib-mixins';

/** The options of `mixinFromDir()`. */
export interface MixinFromDirOptions {
  /**
   * kebab-case name of the mixin in the stack: its rules' PrometheusRule, its dashboards' Grafana
   * folder, what lib-rules and the summary call it (`node-exporter`). Required.
   */
  name: string;
  /**
   * The folder in the generated layout (`prometheus_alerts.yaml`, `prometheus_rules.yaml`,
   * `dashboards_out/*.json`), relative to the stack module (or absolute): what
   * `mixstack mixin import PATH -o DIR` writes. Required.
   */
  dir: string;
  /** The title of its Grafana folder. @default the name in words (`node-exporter` → `Node Exporter`) */
  title?: string;
}

/** The options with their defaults. */
export interface ResolvedMixinFromDirOptions {
  name: string;
  dir: string;
  title: string;
}

export const mixinFromDirSchema: options.Schema<MixinFromDirOptions> = options.object({
  name: options.required(
    options.string({
      pattern: /^[a-z0-9][a-z0-9-]*$/,
      expected: 'a kebab-case name',
      hint: 'use lower-case letters, digits and "-", such as "node-exporter"',
    }),
  ),
  dir: options.required(
    options.string({
      minLength: 1,
      expected: 'a folder',
      hint: 'pass the folder `mixstack mixin import` wrote, relative to the stack module (such as "mixins/node-exporter")',
    }),
  ),
  title: options.string({
    minLength: 1,
    expected: 'a non-empty title',
    hint: 'pass the title of the Grafana folder, such as "Node Exporter"',
  }),
});

/** `node-exporter` → `Node Exporter`. */
export function titleOf(name: string): string {
  return name
    .split('-')
    .filter((word) => word !== '')
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(' ');
}

/** The id of the input that holds a mixin's folder (`--input mixin-NAME=DIR` on the command line). */
export const inputIdOf = (name: string): string => `mixin-${name}`;
