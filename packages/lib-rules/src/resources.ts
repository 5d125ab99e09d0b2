import {
  adjustResources,
  type ContainerResourcesAdjustment,
  definePart,
  options,
  type Part,
  partWithOptions,
} from '@mixstack/core';
import { changesNothing, parseArguments, SOURCE, throwAll } from './intent.js';
import { callName } from './parts.js';

const quantities = options.object({ cpu: options.quantity(), memory: options.quantity() });

const setResourcesSchema = options.object({
  component: options.required(
    options.string({
      pattern: /^[a-z][a-zA-Z0-9]*$/,
      expected: 'a component name as the stack names it, such as "prometheus" or "kubeStateMetrics"',
    }),
  ),
  container: options.required(
    options.string({
      pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
      maxLength: 63,
      expected: 'a container name as rendered, such as "prometheus" or "kube-rbac-proxy"',
    }),
  ),
  resources: options.required(
    options.object(
      { requests: quantities, limits: quantities },
      'resources such as { requests: { cpu: "500m", memory: "2Gi" }, limits: { memory: "4Gi" } }',
    ),
  ),
});

/**
 * Sets the CPU and memory of one container of a component, over what its options say (the
 * `override` layer): `setResources('prometheus', 'prometheus', { requests: { memory: '4Gi' } })`.
 * Any component that publishes its containers takes it: the component's name as
 * the stack has it, the container's name as rendered. A component or container the stack does
 * not have is reported when the stack renders, with the names it has; a request above its limit
 * too. The arguments are checked when the part is applied, every problem recorded, none thrown.
 */
export function setResources(
  component: string,
  container: string,
  resources: ContainerResourcesAdjustment,
): Part {
  const address = 'lib-rules/setResources';
  return partWithOptions(
    address,
    () => {
      const { value, problems } = parseArguments(
        setResourcesSchema,
        { component, container, resources },
        address,
      );
      const given = value?.resources;
      if (problems.length === 0 && Object.values(given ?? {}).every((r) => Object.keys(r ?? {}).length === 0))
        problems.push(
          changesNothing(
            address,
            'resources',
            'the resources set nothing',
            'pass requests and/or limits, such as { requests: { memory: "2Gi" }, limits: { memory: "4Gi" } }',
          ),
        );
      throwAll(problems);
      return value as { component: string; container: string; resources: ContainerResourcesAdjustment };
    },
    (parsed) => {
      const call = callName('setResources', [parsed.component, parsed.container, parsed.resources]);
      return definePart(call, (stack) =>
        adjustResources(
          stack,
          { source: `${SOURCE} ${call}`, layer: 'override' },
          parsed.component,
          parsed.container,
          parsed.resources,
        ),
      );
    },
  );
}
