import { isPlainObject, MixstackError, options } from '@mixstack/core';

/** Package name: the `source` of everything this package adds. */
export const SOURCE = '@mixstack/platform-gke';

/** How this package adjusts the stack through core's contract functions: as the platform. */
export const PLATFORM = { source: SOURCE, layer: 'platform' } as const;

/** GKE's StorageClasses for Persistent Disk through the CSI driver, by name: the disk type. */
export const GKE_STORAGE_CLASSES: Readonly<Record<string, string>> = {
  'standard-rwo': 'pd-balanced',
  'premium-rwo': 'pd-ssd',
};

/** How pods of a component reach their buckets (see the README, "Workload Identity"). */
export interface WorkloadIdentityOptions {
  /**
   * `serviceAccount`: one Google service account per Kubernetes ServiceAccount, which gets the
   * `iam.gke.io/gcp-service-account` annotation and may impersonate it. `principal`: the bucket
   * grants its role directly to the Kubernetes ServiceAccount's principal; nothing is annotated,
   * and the project number is needed.
   * @default 'serviceAccount'
   */
  mode: 'serviceAccount' | 'principal';
  /** The project's number, for `principal` mode (`gcloud projects describe <project> --format='value(projectNumber)'`). @default undefined */
  projectNumber?: string;
  /** Where buckets are created (`EU`, `europe-west1`). Required once a component declares a bucket. @default undefined */
  bucketLocation?: string;
}

/** Grafana behind a GKE Ingress (external Application Load Balancer). */
export interface GrafanaExposureOptions {
  /** The host name users open Grafana at; a Google-managed certificate is issued for it. Required. */
  host: string;
  /** A reserved global static IP address by name (`gcloud compute addresses create <name> --global`). @default undefined (an ephemeral address) */
  staticIpName?: string;
  /**
   * Identity-Aware Proxy in front of Grafana: the name of the Secret (in the stack's namespace)
   * with the OAuth client's `client_id` and `client_secret`. @default undefined (no IAP)
   */
  iap?: { oauthSecret: string };
  /** Redirect HTTP to HTTPS (a FrontendConfig). @default true */
  httpsRedirect: boolean;
}

/** GKE's managed collection (Managed Service for Prometheus) runs these instead of the stack. */
export interface ManagedCollectionOptions {
  /** Do not deploy node-exporter: node metrics come from GKE's managed collection. @default false */
  nodeExporter: boolean;
  /** Do not deploy kube-state-metrics: GKE's "Kube state metrics" package exports them. @default false */
  kubeStateMetrics: boolean;
}

/** The options of `gke()`, normalized. */
export interface GkeOptions {
  /** The Google Cloud project id of the cluster. Required. */
  project: string;
  /** `standard` or `autopilot` (what Autopilot rejects is left out, with a notice). @default 'standard' */
  mode: 'standard' | 'autopilot';
  /** StorageClass of every PersistentVolumeClaim that does not name its own. @default 'standard-rwo' */
  storageClass: string;
  /**
   * Render a copy of `storageClass` (standard-rwo or premium-rwo) whose disks are kept when
   * their claim is deleted (`reclaimPolicy: Retain`), and use it.
   * @default false
   */
  retainVolumes: boolean;
  /** `true` for the defaults, or the options; `false` to leave buckets to you. @default false */
  workloadIdentity: WorkloadIdentityOptions | false;
  /** Expose Grafana through a GKE Ingress. @default false */
  grafana: GrafanaExposureOptions | false;
  /** @default { nodeExporter: false, kubeStateMetrics: false } */
  managedCollection: ManagedCollectionOptions;
}

export type GkeInput = { project: string } & {
  mode?: GkeOptions['mode'];
  storageClass?: string;
  retainVolumes?: boolean;
  workloadIdentity?: boolean | Partial<WorkloadIdentityOptions>;
  grafana?: false | ({ host: string } & Partial<Omit<GrafanaExposureOptions, 'host'>>);
  managedCollection?: Partial<ManagedCollectionOptions>;
};

// https://cloud.google.com/resource-manager/docs/creating-managing-projects: 6 to 30 characters,
// lower-case letters, digits and hyphens, starting with a letter, not ending with a hyphen.
const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
// What GKE's ManagedCertificate accepts (its CRD's pattern and length): no wildcards.
const HOST = /^(([a-z0-9]+|[a-z0-9][-a-z0-9]*[a-z0-9])\.)+[a-z][-a-z0-9]*[a-z0-9]$/;
const LOCATION = /^[a-zA-Z][a-zA-Z0-9-]{1,62}$/;

const workloadIdentitySchema = options.object({
  mode: options.oneOf(['serviceAccount', 'principal'] as const),
  projectNumber: options.string({
    pattern: /^[1-9][0-9]{5,19}$/,
    expected: 'a project number such as "123456789012"',
    hint: "gcloud projects describe <project> --format='value(projectNumber)' prints it",
  }),
  bucketLocation: options.string({
    pattern: LOCATION,
    expected: 'a Cloud Storage location such as "EU" or "europe-west1"',
  }),
});

const grafanaSchema = options.object(
  {
    host: options.required(
      options.string({
        pattern: HOST,
        maxLength: 63,
        expected:
          'a host name such as "grafana.example.com" (lower case, at most 63 characters, no wildcard: Google-managed certificates take none)',
      }),
    ),
    staticIpName: options.dnsLabel(),
    iap: options.object(
      { oauthSecret: options.required(options.secretName()) },
      'IAP options { oauthSecret } (the Secret with client_id and client_secret)',
    ),
    httpsRedirect: options.boolean(),
  },
  'Grafana exposure options { host, staticIpName?, iap?, httpsRedirect? }',
);

/** `false`, or the object (whose own errors are reported as they are). */
function falseOr<T>(schema: options.Schema<T>): options.Schema<T | false> {
  return {
    expected: `false or ${schema.expected}`,
    parse: (value, at) => (value === false ? false : schema.parse(value, at)),
  };
}

const gkeOptionsSchema = options.object({
  project: options.required(
    options.string({
      pattern: PROJECT_ID,
      expected: 'a Google Cloud project id such as "acme-prod" (6 to 30 lower-case letters, digits and "-")',
      hint: 'pass the project id (gcloud config get-value project), not its name or number',
    }),
  ),
  mode: options.oneOf(['standard', 'autopilot'] as const),
  storageClass: options.storageClassName(),
  retainVolumes: options.boolean(),
  workloadIdentity: options.orFalse(workloadIdentitySchema),
  grafana: falseOr(grafanaSchema),
  managedCollection: options.object({ nodeExporter: options.boolean(), kubeStateMetrics: options.boolean() }),
});

/**
 * Validates and normalizes `gke()`'s options. Throws one MixstackError carrying every problem
 * of the options (`others`), which `gke()` records in the stack instead of letting it escape.
 */
export function parseGkeOptions(input: unknown): GkeOptions {
  const result = options.parseOptionsCollecting(gkeOptionsSchema, input, 'gke');
  const problems = [...result.problems];
  const parsed = (result.value ?? {}) as {
    project: string;
    mode?: GkeOptions['mode'];
    storageClass?: string;
    retainVolumes?: boolean;
    workloadIdentity?: Partial<WorkloadIdentityOptions> | false;
    grafana?: false | ({ host: string } & Partial<GrafanaExposureOptions>);
    managedCollection?: Partial<ManagedCollectionOptions>;
  };
  const storageClass = parsed.storageClass ?? 'standard-rwo';
  if (parsed.retainVolumes && !Object.hasOwn(GKE_STORAGE_CLASSES, storageClass)) {
    problems.push(
      new MixstackError({
        code: 'INVALID_OPTION',
        message: `retainVolumes copies one of GKE's classes (${Object.keys(GKE_STORAGE_CLASSES).join(', ')}); "${storageClass}" is not one`,
        address: 'gke',
        path: 'retainVolumes',
        value: storageClass,
        hint: 'set reclaimPolicy: Retain on your own StorageClass instead, and pass its name as storageClass',
      }),
    );
  }
  const workloadIdentity =
    parsed.workloadIdentity === undefined || parsed.workloadIdentity === false
      ? false
      : { mode: 'serviceAccount' as const, ...parsed.workloadIdentity };
  const numberGiven =
    isPlainObject(input) &&
    isPlainObject(input.workloadIdentity) &&
    'projectNumber' in input.workloadIdentity;
  if (
    workloadIdentity &&
    workloadIdentity.mode === 'principal' &&
    !workloadIdentity.projectNumber &&
    !numberGiven
  ) {
    problems.push(
      new MixstackError({
        code: 'INVALID_OPTION',
        message: 'principal mode binds the bucket roles to a principal that names the project number',
        address: 'gke',
        path: 'workloadIdentity.projectNumber',
        hint: "pass projectNumber (gcloud projects describe <project> --format='value(projectNumber)'), or use mode: 'serviceAccount'",
      }),
    );
  }
  const [first, ...others] = problems;
  if (first) throw others.length > 0 ? first.withOthers(others) : first;
  return {
    project: parsed.project,
    mode: parsed.mode ?? 'standard',
    storageClass,
    retainVolumes: parsed.retainVolumes ?? false,
    workloadIdentity,
    grafana: parsed.grafana ? { httpsRedirect: true, ...parsed.grafana } : false,
    managedCollection: { nodeExporter: false, kubeStateMetrics: false, ...parsed.managedCollection },
  };
}
