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
import { defaultThanosValues, type ThanosOptions, type ThanosValues, thanosSchema } from './config.js';
import { COMPONENT, componentLabels, contextOf, HTTP_PORT, NAME } from './manifests/context.js';
import { deployment } from './manifests/deployment.js';
import { networkPolicy } from './manifests/network-policy.js';
import { podDisruptionBudget } from './manifests/pod-disruption-budget.js';
import { scrapeTarget } from './manifests/scrape-target.js';
import { service } from './manifests/service.js';
import { serviceAccount } from './manifests/service-account.js';
import { MIXIN_NAME, thanosMixin } from './mixin/mixin.js';

/** The package: the `source` of everything it adds to a stack, named in problems and conflicts. */
const SOURCE = '@mixstack/component-thanos';

/** Its objects by key (`thanos/deployment` is the address of `thanos-deployment.yaml`). */
function build(ctx: BuildContext<ThanosValues>): BuiltObjects {
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
function contracts(values: ThanosValues, common: CommonValues): ComponentContracts {
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
    view.has(COMPONENT) ? thanosMixin() : undefined,
  );
  return addScrapeTarget(next, SOURCE, COMPONENT, (values, view) =>
    view.has(COMPONENT) ? scrapeTarget(values.common.namespace) : undefined,
  );
}

/**
 * Thanos for long-term, highly available, multi-cluster metrics: the sidecar through the Prometheus resource, Query, Query Frontend, Store Gateway and Compactor on a bucket, Grafana's Prometheus datasource through Query, and the Thanos mixin
 *
 * ```ts
 * createStack({ namespace: 'monitoring' }, [thanos({ replicas: 2 })]);
 * ```
 */
export const thanos = defineComponent<ThanosValues, ThanosOptions>({
  name: COMPONENT,
  source: SOURCE,
  schema: thanosSchema,
  defaults: defaultThanosValues,
  contracts,
  extend,
  build,
});
