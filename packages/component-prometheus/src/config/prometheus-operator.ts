import { type ContainerResources, type DeepPartial, options } from '@mixstack/core';
import {
  linuxNodes,
  nodeSelectorSchema,
  type RbacProxyOptions,
  rbacProxySchema,
  resources,
  resourcesSchema,
} from '@mixstack/kit';
import { defaultImages } from '../versions.js';
import type { Shape } from './shared.js';

/** Where the CRD files of prometheus-operator are, in the user's repository. */
export interface CrdsOptions {
  /**
   * Directory with the ten CRD files of the deployed operator version (`mixstack crds pull`
   * writes them), relative to the folder of the stack module.
   */
  dir: string;
}

/** Options of `prometheusOperator()`: the operator Deployment and its CRDs. */
export interface PrometheusOperatorOptions {
  /** @default quay.io/prometheus-operator/prometheus-operator:v0.93.0 */
  image: string;
  /**
   * The config-reloader sidecar the operator adds to Prometheus and Alertmanager pods.
   * @default quay.io/prometheus-operator/prometheus-config-reloader:v0.93.0
   */
  configReloaderImage: string;
  /** @default requests 100m / 100Mi, limit 200Mi */
  resources: ContainerResources;
  /** The kube-rbac-proxy in front of the operator's metrics. @default kube-rbac-proxy v0.22.1, requests 10m / 20Mi, limit 40Mi */
  rbacProxy: RbacProxyOptions;
  /** @default { 'kubernetes.io/os': 'linux' } */
  nodeSelector: Record<string, string>;
  /**
   * The CRD files to render into `setup/`; `false` renders none unless the CLI is given
   * `--crds DIR` (the build summary then says what to run first).
   * @default false
   */
  crds: CrdsOptions | false;
}

export function defaultPrometheusOperatorOptions(): PrometheusOperatorOptions {
  const images = defaultImages();
  return {
    image: images.prometheusOperator,
    configReloaderImage: images.prometheusConfigReloader,
    resources: resources('100m', '100Mi', '200Mi'),
    rbacProxy: { image: images.kubeRbacProxy, resources: resources('10m', '20Mi', '40Mi') },
    nodeSelector: linuxNodes(),
    crds: false,
  };
}

// `required` does not show in the inferred type (core's ObjectOf), hence the cast.
export const crdsSchema = options.orFalse(
  options.object({ dir: options.required(options.nonEmptyString()) }, 'an object such as { dir: "crds" }'),
) as options.Schema<CrdsOptions | false>;

/** The operator's options without `crds`, which `prometheus()` takes at its top level. */
export const prometheusOperatorShape: Shape = {
  image: options.pinnedImage(),
  configReloaderImage: options.pinnedImage(),
  resources: resourcesSchema,
  rbacProxy: rbacProxySchema,
  nodeSelector: nodeSelectorSchema,
};

export const prometheusOperatorOptionsSchema = options.object({
  ...prometheusOperatorShape,
  crds: crdsSchema,
}) as options.Schema<DeepPartial<PrometheusOperatorOptions>>;
