import { addInput, addMixin, addProblems, definePart, options, type Part } from '@mixstack/core';
import {
  inputIdOf,
  type MixinFromDirOptions,
  mixinFromDirSchema,
  type ResolvedMixinFromDirOptions,
  SOURCE,
  titleOf,
} from './config.js';
import { DASHBOARDS_DIR, MIXIN_FILES, mixinFromFiles } from './layout.js';

/**
 * An upstream monitoring mixin in the stack, from a folder in the generated layout
 * (`prometheus_alerts.yaml`, `prometheus_rules.yaml`, `dashboards_out/*.json`: what
 * `mixstack mixin import` and `mixtool generate` write). It is a mixin like the components'
 * own: Prometheus loads its rules, Grafana shows its dashboards in a folder of their own,
 * lib-rules edits it by name, the build summary counts it, and every expression is validated.
 *
 * The part stays pure: it requests the folder as an input (`mixin-<name>`, relative to the stack
 * module), which the CLI reads and passes to `render`; the mixin is made of the files it is given.
 *
 * ```ts
 * mixinFromDir({ name: 'node-exporter', dir: 'mixins/node-exporter' })
 * ```
 */
export function mixinFromDir(userOptions: MixinFromDirOptions): Part {
  const parsed = options.parseOptionsCollecting(mixinFromDirSchema, userOptions, 'mixinFromDir');
  const name = typeof userOptions?.name === 'string' ? userOptions.name : '?';
  return definePart(`mixinFromDir(${name})`, (stack) => {
    if (parsed.problems.length > 0 || parsed.value === undefined) return addProblems(stack, parsed.problems);
    const resolved: ResolvedMixinFromDirOptions = {
      ...parsed.value,
      title: parsed.value.title ?? titleOf(parsed.value.name),
    };
    const id = inputIdOf(resolved.name);
    const withInput = addInput(stack, SOURCE, id, {
      path: resolved.dir,
      description: `the mixin "${resolved.name}" in the generated layout (${Object.values(MIXIN_FILES).join(', ')}, ${DASHBOARDS_DIR}/*.json), as \`mixstack mixin import PATH -o ${resolved.dir}\` writes it`,
      extensions: ['.yaml', '.json'],
      recursive: true,
    });
    // Without its files (render reports the missing input) the mixin is left out.
    return addMixin(withInput, SOURCE, resolved.name, (_values, view) => {
      const files = view.inputFiles(id);
      return files ? mixinFromFiles(files, resolved) : undefined;
    });
  });
}
