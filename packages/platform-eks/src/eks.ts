import {
  addPatch,
  addProblems,
  definePart,
  didYouMean,
  options,
  type Part,
  type Stack,
  setComponentEnabled,
  setExternalUrl,
  withValues,
} from '@mixstack/core';
import { defaultEksValues, type EksOptions, eksSchema, SOURCE } from './config.js';

/** Everything this platform sets, it sets in the `platform` layer: what the user passes wins. */
const BY = { source: SOURCE, layer: 'platform' } as const;

/**
 * A URL for a component the stack lacks is a typo or a leftover: reported when the stack
 * renders (only then is it known which components it has), with the names there are.
 */
function checkExposed(stack: Stack, components: readonly string[]): Stack {
  return addPatch(stack, {
    id: `${SOURCE}:externalUrls`,
    source: SOURCE,
    target: 'sections',
    apply: (sections, { stack: view, report }) => {
      const names = Object.keys(view.components);
      for (const component of components.filter((name) => !view.components[name])) {
        report({
          code: 'NOT_FOUND',
          message: `the stack has no component "${component}" to expose`,
          address: 'eks',
          path: `externalUrls.${component}`,
          value: component,
          hint: `name one of the stack's components: ${names.join(', ') || 'none'}.${didYouMean(component, names)}`,
        });
      }
      return sections;
    },
  });
}

/**
 * Runs the stack on Eks: sets the common values every component reads (`platform`,
 * `storageClass`), turns off the components the platform cannot run, and records the URLs it
 * exposes components at. It acts on core's common values and contracts only, never on a
 * component's values, so it works for components it has never heard of. The options are
 * checked when the part is applied: every problem is recorded, none thrown.
 *
 * ```ts
 * eks({ storageClass: 'fast-ssd', externalUrls: { grafana: 'https://grafana.example.com/' } })
 * ```
 */
export function eks(userOptions: EksOptions = {}): Part {
  const parsed = options.parseOptionsCollecting(eksSchema, userOptions, 'eks');
  return definePart('eks', (stack) => {
    if (parsed.problems.length > 0 || parsed.value === undefined) return addProblems(stack, parsed.problems);
    const o = { ...defaultEksValues(), ...parsed.value };
    let next = withValues(stack, SOURCE, 'platform', {
      common: { platform: 'eks', storageClass: o.storageClass },
    });
    for (const component of o.without) next = setComponentEnabled(next, BY, component, false);
    for (const [component, url] of Object.entries(o.externalUrls))
      next = setExternalUrl(next, BY, component, url);
    return checkExposed(next, Object.keys(o.externalUrls));
  });
}
