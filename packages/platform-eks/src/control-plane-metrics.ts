import type { ScrapeTarget } from '@mixstack/core';

/**
 * EKS 1.28 and later serve kube-scheduler's and kube-controller-manager's metrics through the
 * API server, as the aggregated API `metrics.eks.amazonaws.com/v1` (APIService
 * `v1.metrics.eks.amazonaws.com`): `ksh` is the scheduler, `kcm` the controller manager. Source:
 * the EKS user guide, "Fetch control plane raw metrics in Prometheus format".
 */
export const EKS_METRICS_API_GROUP = 'metrics.eks.amazonaws.com';

/** The managed components, by the `job` name the kubernetes mixin's rules and dashboards read. */
const COMPONENTS = {
  'kube-scheduler': 'ksh',
  'kube-controller-manager': 'kcm',
} as const;

type ManagedJob = keyof typeof COMPONENTS;

const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * Where every API server endpoint is reached instead: the `kubernetes` Service's cluster DNS
 * name. The ServiceMonitor discovers one target per API server endpoint (EKS runs two or more);
 * each would proxy to the same scheduler and store its series twice under another `instance`.
 * Rewriting the address makes the targets identical, and Prometheus keeps one target of a set
 * of identical ones, so each component is scraped once, through whichever API server answers.
 */
export const API_SERVER_ADDRESS = 'kubernetes.default.svc:443';

/** The metrics path of a managed component on the API server. */
export function eksMetricsPath(job: ManagedJob): string {
  return `/apis/${EKS_METRICS_API_GROUP}/v1/${COMPONENTS[job]}/container/metrics`;
}

/**
 * A scrape target for one managed component: the API server's `kubernetes` Service in `default`
 * (as the API server's own monitor selects it), its path on the aggregated API, the
 * ServiceAccount's token and the cluster CA, `job` relabelled to the name the mixins read (the
 * Service's name would make it `kubernetes`), and the RBAC rule the scraper needs for it.
 */
export function controlPlaneScrapeTarget(job: ManagedJob): ScrapeTarget {
  return {
    namespace: 'default',
    selector: { component: 'apiserver', provider: 'kubernetes' },
    endpoints: [
      {
        port: 'https',
        scheme: 'https',
        path: eksMetricsPath(job),
        interval: '30s',
        bearerTokenFile: `${SERVICE_ACCOUNT}/token`,
        tlsConfig: { caFile: `${SERVICE_ACCOUNT}/ca.crt`, serverName: 'kubernetes' },
        relabelings: [
          { action: 'replace', targetLabel: '__address__', replacement: API_SERVER_ADDRESS },
          { action: 'replace', targetLabel: 'job', replacement: job },
        ],
      },
    ],
    access: [
      { apiGroups: [EKS_METRICS_API_GROUP], resources: [`${COMPONENTS[job]}/metrics`], verbs: ['get'] },
    ],
  };
}

/** The scrape targets of the managed scheduler and controller manager, by scrape-target id. */
export function controlPlaneScrapeTargets(): Record<string, ScrapeTarget> {
  return {
    eksKubeScheduler: controlPlaneScrapeTarget('kube-scheduler'),
    eksKubeControllerManager: controlPlaneScrapeTarget('kube-controller-manager'),
  };
}
