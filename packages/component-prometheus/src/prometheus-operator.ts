import {
  addInput,
  addMixin,
  addNotice,
  type BuildContext,
  type BuiltObjects,
  type DeepPartial,
  defineComponent,
  type Stack,
  type Values,
} from '@mixstack/core';
import { imageVersion } from '@mixstack/kit';
import type { KubernetesControlPlaneOptions } from './config/kubernetes-control-plane.js';
import {
  defaultPrometheusOperatorOptions,
  type PrometheusOperatorOptions,
  prometheusOperatorOptionsSchema,
} from './config/prometheus-operator.js';
import { SOURCE } from './config/shared.js';
import { CRDS_INPUT, CRDS_PULL_COMMAND, crdObjects } from './crds/crds.js';
import { withPrometheusOperatorKinds } from './kinds.js';
import { componentClients } from './manifests/network.js';
import { prometheusOperatorClusterRole } from './manifests/prometheus-operator/cluster-role.js';
import { prometheusOperatorClusterRoleBinding } from './manifests/prometheus-operator/cluster-role-binding.js';
import { prometheusOperatorDeployment } from './manifests/prometheus-operator/deployment.js';
import { prometheusOperatorNetworkPolicy } from './manifests/prometheus-operator/network-policy.js';
import { prometheusOperatorService } from './manifests/prometheus-operator/service.js';
import { prometheusOperatorServiceAccount } from './manifests/prometheus-operator/service-account.js';
import { prometheusOperatorServiceMonitor } from './manifests/prometheus-operator/service-monitor.js';
import { prometheusOperatorMixin } from './mixins/prometheus-operator/index.js';
import { proxiedContainers, withAdjustedResources } from './resources.js';

export const PROMETHEUS_OPERATOR_COMPONENT = 'prometheusOperator';

/** The id of the notice shown while no CRD files are read (the input's status is `missing`). */
export const CRDS_NOTICE = 'prometheus-operator-crds';

const operatorCrds = (values: Values): PrometheusOperatorOptions['crds'] =>
  (values[PROMETHEUS_OPERATOR_COMPONENT] as Partial<PrometheusOperatorOptions> | undefined)?.crds ?? false;

function build(ctx: BuildContext<PrometheusOperatorOptions>): BuiltObjects {
  const values = withAdjustedResources(ctx, 'prometheus-operator');
  const { common } = ctx;
  const controlPlane = ctx.stack.has('kubernetesControlPlane')
    ? (ctx.allValues.kubernetesControlPlane as KubernetesControlPlaneOptions)
    : undefined;
  const files = ctx.inputs[CRDS_INPUT];
  return {
    deployment: prometheusOperatorDeployment(values, common, {
      kubeletService: controlPlane?.kubelet ? 'kube-system/kubelet' : undefined,
    }),
    serviceAccount: prometheusOperatorServiceAccount(values, common),
    clusterRole: prometheusOperatorClusterRole(values),
    clusterRoleBinding: prometheusOperatorClusterRoleBinding(values, common),
    service: prometheusOperatorService(values, common),
    serviceMonitor: prometheusOperatorServiceMonitor(values, common),
    networkPolicy: prometheusOperatorNetworkPolicy(values, common, componentClients(ctx)),
    ...(files ? crdObjects(files, imageVersion(values.image)) : {}),
  };
}

/** The CRDs input (read by the CLI), and a notice while its files are not given. */
function withCrdsInput(stack: Stack): Stack {
  const next = addInput(stack, SOURCE, CRDS_INPUT, (values) => {
    const crds = operatorCrds(values);
    return {
      ...(crds ? { path: crds.dir } : {}),
      description: 'the CustomResourceDefinitions of prometheus-operator',
      extensions: ['.yaml', '.yml', '.json'],
      optional: !crds,
    };
  });
  return addNotice(next, SOURCE, CRDS_NOTICE, (_values, view) =>
    view.input(CRDS_INPUT) === 'provided'
      ? undefined
      : {
          level: 'warning',
          message: `the prometheus-operator CRDs are not in setup/: run \`${CRDS_PULL_COMMAND}\` once (and commit crds/), then build with \`--crds crds/\` or prometheus({ crds: { dir: 'crds' } }); without them the cluster rejects the Prometheus, Alertmanager, ServiceMonitor and PrometheusRule objects`,
        },
  );
}

/**
 * prometheus-operator: its Deployment (metrics behind kube-rbac-proxy), ServiceAccount,
 * ClusterRole and binding (no wildcards), Service, ServiceMonitor and NetworkPolicy, and the
 * CRD files of the `crds` input in `setup/`. The CRDs cannot ship in the package; the user's
 * repository holds them (`mixstack crds pull`), and the build checks that they belong to the
 * deployed operator version.
 */
export const prometheusOperator = defineComponent<
  PrometheusOperatorOptions,
  DeepPartial<PrometheusOperatorOptions>
>({
  name: PROMETHEUS_OPERATOR_COMPONENT,
  source: SOURCE,
  schema: prometheusOperatorOptionsSchema,
  defaults: defaultPrometheusOperatorOptions,
  contracts: (values) => ({
    ...proxiedContainers('prometheus-operator', values),
    // The stack's scraper reaches it through this role.
    roles: ['metrics'],
  }),
  build,
  exceptions: [
    {
      key: 'clusterRole',
      check: 'rbac-least-privilege',
      reason:
        'prometheus-operator writes the Secrets it generates for every Prometheus and Alertmanager (their configuration, web config and TLS assets), so its role creates, updates and deletes Secrets',
    },
  ],
  extend: (stack) =>
    addMixin(
      withCrdsInput(withPrometheusOperatorKinds(stack)),
      SOURCE,
      'prometheus-operator',
      prometheusOperatorMixin,
    ),
});
