import {
  addPatch,
  addProblems,
  definePart,
  type Mixin,
  options,
  type Part,
  type Sections,
} from '@mixstack/core';
import { type SizingOptions, SOURCE, sizingSchema } from './config.js';

function withLabels(mixin: Mixin, labels: Readonly<Record<string, string>>): Mixin {
  if (!mixin.prometheusAlerts) return mixin;
  const groups = mixin.prometheusAlerts.groups.map((group) => ({
    ...group,
    rules: group.rules.map((rule) => ({ ...rule, labels: { ...rule.labels, ...labels } })),
  }));
  return { ...mixin, prometheusAlerts: { groups } };
}

/**
 * Adds labels to every alert of every mixin in the stack, whichever package contributed it:
 * a patch of the resolved `mixins` section, which runs after every contribution and before any
 * component renders its rules (DESIGN.md §2: late edits, in a defined order). It names no
 * component and reads no component's values. The options are checked when the part is
 * applied: every problem is recorded, none thrown.
 *
 * ```ts
 * sizing({ labels: { team: 'platform' } })
 * ```
 */
export function sizing(userOptions: SizingOptions): Part {
  const parsed = options.parseOptionsCollecting(sizingSchema, userOptions, 'sizing');
  return definePart('sizing', (stack) => {
    if (parsed.problems.length > 0 || parsed.value === undefined) return addProblems(stack, parsed.problems);
    const { labels } = parsed.value;
    return addPatch(stack, {
      // Derived from the arguments: two calls with different labels are two patches.
      id: `${SOURCE}:${JSON.stringify(labels)}`,
      source: SOURCE,
      target: 'sections',
      apply: (sections): Sections => ({
        ...sections,
        mixins: Object.fromEntries(
          Object.entries(sections.mixins).map(([name, mixin]) => [name, withLabels(mixin, labels)]),
        ),
      }),
    });
  });
}
