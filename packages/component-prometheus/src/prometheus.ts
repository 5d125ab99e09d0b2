import {
  compose,
  type DeepPartial,
  MixstackError,
  options,
  type Part,
  partWithOptions,
} from '@mixstack/core';
import { alertmanager } from './alertmanager.js';
import type { AlertmanagerOptions } from './config/alertmanager.js';
import type { KubeStateMetricsOptions } from './config/kube-state-metrics.js';
import type { KubernetesControlPlaneOptions } from './config/kubernetes-control-plane.js';
import type { NodeExporterOptions } from './config/node-exporter.js';
import type { PrometheusOperatorOptions } from './config/prometheus-operator.js';
import type { PrometheusServerOptions } from './config/prometheus-server.js';
import { type PrometheusOptions, prometheusOptionsSchema } from './config.js';
import { kubeStateMetrics } from './kube-state-metrics.js';
import { kubernetesControlPlane } from './kubernetes-control-plane.js';
import { nodeExporter } from './node-exporter.js';
import { prometheusOperator } from './prometheus-operator.js';
import { prometheusServer } from './prometheus-server.js';

/** `true` (or left out) is the part with its defaults, `false` leaves it out. */
const partOptions = <T>(value: T | boolean | undefined): T | undefined =>
  value === false ? undefined : value === true || value === undefined ? ({} as T) : value;

/**
 * The metrics stack of kube-prometheus in one part: prometheus-operator (and its CRDs),
 * Prometheus, Alertmanager, node-exporter, kube-state-metrics and the control-plane
 * ServiceMonitors. The server's settings sit at the top level; every other part has its own
 * sub-object, `false` leaving it out:
 *
 * ```ts
 * prometheus({ retention: '30d', storage: { size: '100Gi' }, alertmanager: { replicas: 2 }, nodeExporter: false })
 * ```
 *
 * The parts are exported too (`prometheusOperator()`, `prometheusServer()`, ...), for stacks
 * that pick; the result is the same, in any order.
 */
export function prometheus(userOptions: DeepPartial<PrometheusOptions> = {}): Part {
  // Problems of the options are recorded in the stack, with every other problem, not thrown.
  return partWithOptions('prometheus', () => parsePrometheusOptions(userOptions), metricsStack);
}

/** Every problem of the options at once (thrown as the first, carrying the others). */
function parsePrometheusOptions(userOptions: unknown): DeepPartial<PrometheusOptions> {
  const { value, problems } = options.parseOptionsCollecting(
    prometheusOptionsSchema,
    userOptions,
    'prometheus',
  );
  if (value && value.operator === false && value.crds) {
    problems.push(
      new MixstackError({
        code: 'INVALID_OPTION',
        message: 'crds are rendered by the operator part, which operator: false leaves out',
        address: 'prometheus',
        path: 'crds',
        value: value.crds,
        hint: 'remove crds (the cluster then needs the CRDs of the operator it already runs), or keep the operator',
      }),
    );
  }
  const [first, ...others] = problems;
  if (first) throw first.withOthers(others);
  return value as DeepPartial<PrometheusOptions>;
}

function metricsStack(parsed: DeepPartial<PrometheusOptions>): Part {
  const {
    crds,
    operator,
    alertmanager: alertmanagerOptions,
    nodeExporter: nodeExporterOptions,
    kubeStateMetrics: kubeStateMetricsOptions,
    controlPlane,
    ...server
  } = parsed;
  const operatorOptions = partOptions<DeepPartial<PrometheusOperatorOptions>>(operator);
  const alertmanagerPart = partOptions<DeepPartial<AlertmanagerOptions>>(alertmanagerOptions);
  const nodeExporterPart = partOptions<DeepPartial<NodeExporterOptions>>(nodeExporterOptions);
  const kubeStateMetricsPart = partOptions<DeepPartial<KubeStateMetricsOptions>>(kubeStateMetricsOptions);
  const controlPlanePart = partOptions<DeepPartial<KubernetesControlPlaneOptions>>(controlPlane);
  return compose(
    'prometheus',
    operatorOptions && prometheusOperator({ ...operatorOptions, ...(crds !== undefined ? { crds } : {}) }),
    prometheusServer(server as DeepPartial<PrometheusServerOptions>),
    alertmanagerPart && alertmanager(alertmanagerPart),
    nodeExporterPart && nodeExporter(nodeExporterPart),
    kubeStateMetricsPart && kubeStateMetrics(kubeStateMetricsPart),
    controlPlanePart && kubernetesControlPlane(controlPlanePart),
  );
}
