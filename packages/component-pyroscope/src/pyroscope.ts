import {
  addMixin,
  addScrapeTarget,
  type BuildContext,
  type BuiltObjects,
  type CommonValues,
  type ComponentContracts,
  defineComponent,
  type Stack,
} from '@mixstack/core';
import { selectorLabels } from '@mixstack/kit';
import {
  defaultPyroscopeValues,
  type PyroscopeOptions,
  type PyroscopeValues,
  pyroscopeSchema,
} from './config.js';
import { COMPONENT, componentLabels, contextOf, HTTP_PORT, NAME } from './manifests/context.js';
import { deployment } from './manifests/deployment.js';
import { networkPolicy } from './manifests/network-policy.js';
import { podDisruptionBudget } from './manifests/pod-disruption-budget.js';
import { scrapeTarget } from './manifests/scrape-target.js';
import { service } from './manifests/service.js';
import { serviceAccount } from './manifests/service-account.js';
import { MIXIN_NAME, pyroscopeMixin } from './mixin/mixin.js';

/** The package: the `source` of everything it adds to a stack, named in problems and conflicts. */
const SOURCE = '@mixstack/component-pyroscope';

/** Its objects by key (`pyroscope/deployment` is the address of `pyroscope-deployment.yaml`). */
function build(ctx: BuildContext<PyroscopeValues>): BuiltObjects {
  const c = contextOf(ctx);
  return {
    serviceAccount: serviceAccount(c),
    deployment: deployment(c),
    service: service(c),
    networkPolicy: networkPolicy(c),
    podDisruptionBudget: podDisruptionBudget(c),
  };
}

/**
 * What others may adjust or need to know (DESIGN.md §8): its container and resources
 * (`setResources`), its Service (an Ingress, a datasource URL) and the `metrics` role, which
 * brings the stack's scraper into its NetworkPolicy.
 */
function contracts(values: PyroscopeValues, common: CommonValues): ComponentContracts {
  return {
    containers: { [NAME]: values.resources },
    services: {
      http: {
        address: `${COMPONENT}/service`,
        name: NAME,
        namespace: common.namespace,
        port: HTTP_PORT,
        portName: 'http',
        scheme: 'http',
        healthPath: '/-/ready',
        // The pods behind the Service: its clients' NetworkPolicies let them reach these.
        podLabels: selectorLabels(componentLabels(values.image)),
      },
    },
    roles: ['metrics'],
  };
}

/** What comes with it: its mixin and its scrape target, left out when the component is turned off. */
function extend(stack: Stack): Stack {
  const next = addMixin(stack, SOURCE, MIXIN_NAME, (_values, view) =>
    view.has(COMPONENT) ? pyroscopeMixin() : undefined,
  );
  return addScrapeTarget(next, SOURCE, COMPONENT, (values, view) =>
    view.has(COMPONENT) ? scrapeTarget(values.common.namespace) : undefined,
  );
}

/**
 * Grafana Pyroscope 2 as a single binary, the profiles pipeline of the stack's collector (annotated pods, eBPF as an option), the Pyroscope datasource linked from traces, and its mixin
 *
 * ```ts
 * createStack({ namespace: 'monitoring' }, [pyroscope({ replicas: 2 })]);
 * ```
 */
export const pyroscope = defineComponent<PyroscopeValues, PyroscopeOptions>({
  name: COMPONENT,
  source: SOURCE,
  schema: pyroscopeSchema,
  defaults: defaultPyroscopeValues,
  contracts,
  extend,
  build,
});
