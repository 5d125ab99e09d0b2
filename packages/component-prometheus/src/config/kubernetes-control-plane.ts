import { type DeepPartial, options } from '@mixstack/core';

/** Options of `kubernetesControlPlane()`: which control-plane components get a ServiceMonitor. */
export interface KubernetesControlPlaneOptions {
  /** The kubelets, with their cAdvisor and probes endpoints. @default true */
  kubelet: boolean;
  /** The API servers (the `kubernetes` Service in `default`). @default true */
  apiserver: boolean;
  /**
   * CoreDNS (the `kube-dns` Service in `kube-system`). Left out, it follows the stack's
   * `clusterDns`: a monitor unless a platform says the cluster runs kube-dns (GKE), which has
   * no metrics port. @default undefined (common.clusterDns === 'coredns')
   */
  coreDNS?: boolean;
  /**
   * kube-controller-manager; needs a Service labelled `app.kubernetes.io/name:
   * kube-controller-manager` in kube-system. Its monitor is left out whatever this says when
   * the stack's `managedControlPlane` is set (GKE, EKS, AKS: the provider runs it out of reach)
   * or its `platformScrapesControlPlane` (the platform scrapes it). `false` also leaves out its
   * alerts and recording rules (a target nobody scrapes is not down).
   * @default true
   */
  kubeControllerManager: boolean;
  /** kube-scheduler; the same conditions as kubeControllerManager. @default true */
  kubeScheduler: boolean;
  /** Scrape interval of the control-plane endpoints. @default '30s' */
  interval: string;
}

export function defaultKubernetesControlPlaneOptions(): KubernetesControlPlaneOptions {
  return {
    kubelet: true,
    apiserver: true,
    kubeControllerManager: true,
    kubeScheduler: true,
    interval: '30s',
  };
}

export const kubernetesControlPlaneOptionsSchema = options.object({
  kubelet: options.boolean(),
  apiserver: options.boolean(),
  coreDNS: options.boolean(),
  kubeControllerManager: options.boolean(),
  kubeScheduler: options.boolean(),
  interval: options.duration(),
}) as options.Schema<DeepPartial<KubernetesControlPlaneOptions>>;
