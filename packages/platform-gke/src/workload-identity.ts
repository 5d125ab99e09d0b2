import {
  annotateBucketServiceAccounts,
  type BucketClaim,
  contentHash,
  isStack,
  type KubeObject,
  MixstackError,
  type RenderResult,
  type Report,
  render,
  type Stack,
  type StackView,
  type Values,
} from '@mixstack/core';
import type { GkeOptions, WorkloadIdentityOptions } from './config.js';

/** The annotation GKE reads to let a Kubernetes ServiceAccount act as a Google service account. */
export const GSA_ANNOTATION = 'iam.gke.io/gcp-service-account';

/** The IAM role each access level gets on its bucket. */
export const BUCKET_ROLES: Readonly<Record<BucketClaim['access'], string>> = {
  readWrite: 'roles/storage.objectUser',
  read: 'roles/storage.objectViewer',
};

/** One Kubernetes ServiceAccount that needs buckets, and what it gets. */
export interface IdentityGrant {
  namespace: string;
  serviceAccount: string;
  /** The Google service account it acts as (`serviceAccount` mode). */
  googleServiceAccount?: string;
  /** The IAM member the bucket roles are granted to. */
  member: string;
  buckets: { bucket: string; role: string; component: string }[];
}

export interface WorkloadIdentityPlan {
  project: string;
  mode: WorkloadIdentityOptions['mode'];
  bucketLocation?: string;
  buckets: string[];
  grants: IdentityGrant[];
}

// Cloud Storage bucket names: 3-63 characters (without dots), lower case, digits, "-", "_", ".".
const BUCKET = /^[a-z0-9][a-z0-9_.-]{1,220}[a-z0-9]$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * The Google service account id for a Kubernetes ServiceAccount: `<namespace>-<name>`, made to
 * fit the 6-30 characters of a service account id (a hash keeps long ones distinct).
 */
export function googleServiceAccountId(namespace: string, name: string): string {
  let id = `${namespace}-${name}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  if (!/^[a-z]/.test(id)) id = `sa-${id}`;
  if (id.length > 30) id = `${id.slice(0, 21).replace(/-+$/, '')}-${contentHash(id).slice(0, 8)}`;
  if (id.length < 6) id = `${id}-gsa`;
  return id.replace(/-+$/, '');
}

interface CheckedClaim extends BucketClaim {
  component: string;
  name: string;
  namespace: string;
}

/** What GKE needs of a claim: the claim with its namespace, or the problem with it. */
function checkClaim(
  component: string,
  id: string,
  claim: BucketClaim,
  defaultNamespace: string,
): CheckedClaim | MixstackError {
  const invalid = (path: string, value: unknown, expected: string) =>
    new MixstackError({
      code: 'INVALID_OPTION',
      message: `the bucket "${id}" that ${component} declares has an invalid ${path}`,
      address: component,
      path: `buckets.${id}.${path}`,
      value,
      hint: `the component must declare ${expected}`,
    });
  const { bucket, access } = claim;
  const name = claim.serviceAccount?.name;
  const namespace = claim.serviceAccount?.namespace ?? defaultNamespace;
  if (typeof bucket !== 'string' || !BUCKET.test(bucket) || bucket.split('.').some((p) => p.length > 63))
    return invalid('bucket', bucket, 'a Cloud Storage bucket name (lower case, 3-63 characters)');
  if (typeof name !== 'string' || !DNS_LABEL.test(name))
    return invalid('serviceAccount.name', name, 'the name of the ServiceAccount its pods run as');
  if (typeof namespace !== 'string' || !DNS_LABEL.test(namespace))
    return invalid('serviceAccount.namespace', namespace, 'a namespace name');
  if (access !== 'readWrite' && access !== 'read')
    return invalid('access', access, 'access: "readWrite" or "read"');
  return { ...claim, component, name, namespace };
}

/**
 * The buckets the running components declare (core's object-storage contract), checked for
 * what GKE needs: a claim that is not is reported and left out.
 */
function checkedClaims(view: StackView, defaultNamespace: string, report: Report): CheckedClaim[] {
  const claims: CheckedClaim[] = [];
  for (const component of Object.keys(view.components).sort()) {
    // A component turned off renders nothing: it needs no access.
    if (!view.has(component)) continue;
    const buckets = view.components[component]!.buckets;
    for (const id of Object.keys(buckets).sort()) {
      const checked = checkClaim(component, id, buckets[id]!, defaultNamespace);
      if (checked instanceof MixstackError) report(checked);
      else claims.push(checked);
    }
  }
  return claims;
}

const ignore: Report = () => {};

/**
 * Who gets which bucket: the buckets the components of the stack declare (`view.components[*]
 * .buckets`, core's object-storage contract) and the Workload Identity options. Pure; the same
 * plan feeds the annotations and the gcloud commands. Invalid claims are reported to `report`
 * and left out.
 */
export function workloadIdentityPlan(
  view: StackView,
  namespace: string,
  options: Pick<GkeOptions, 'project'> & { workloadIdentity: WorkloadIdentityOptions },
  report: Report = ignore,
): WorkloadIdentityPlan {
  const { project, workloadIdentity } = options;
  const grants = new Map<string, IdentityGrant>();
  for (const claim of checkedClaims(view, namespace, report)) {
    const key = `${claim.namespace}/${claim.name}`;
    let grant: IdentityGrant | undefined = grants.get(key);
    if (grant === undefined) {
      const gsa =
        workloadIdentity.mode === 'serviceAccount'
          ? `${googleServiceAccountId(claim.namespace, claim.name)}@${project}.iam.gserviceaccount.com`
          : undefined;
      grant = {
        namespace: claim.namespace,
        serviceAccount: claim.name,
        ...(gsa ? { googleServiceAccount: gsa } : {}),
        member: gsa
          ? `serviceAccount:${gsa}`
          : `principal://iam.googleapis.com/projects/${workloadIdentity.projectNumber}/locations/global/workloadIdentityPools/${project}.svc.id.goog/subject/ns/${claim.namespace}/sa/${claim.name}`,
        buckets: [],
      };
      grants.set(key, grant);
    }
    grant.buckets.push({
      bucket: claim.bucket,
      role: BUCKET_ROLES[claim.access],
      component: claim.component,
    });
  }
  const sorted = [...grants.keys()].sort().map((key) => grants.get(key)!);
  return {
    project,
    mode: workloadIdentity.mode,
    ...(workloadIdentity.bucketLocation ? { bucketLocation: workloadIdentity.bucketLocation } : {}),
    buckets: [...new Set(sorted.flatMap((g) => g.buckets.map((b) => b.bucket)))].sort(),
    grants: sorted,
  };
}

/** Buckets to create and no location to create them in: the option to set. */
export function missingLocation(plan: WorkloadIdentityPlan): MixstackError | undefined {
  if (plan.buckets.length === 0 || plan.bucketLocation) return undefined;
  return new MixstackError({
    code: 'INVALID_OPTION',
    message: `components declare the buckets ${plan.buckets.join(', ')}, and no location is set to create them in`,
    address: 'gke',
    path: 'workloadIdentity.bucketLocation',
    hint: 'pass workloadIdentity: { bucketLocation: "EU" } (or a region such as "europe-west1")',
  });
}

/**
 * The gcloud commands that create the buckets and the bindings of a plan, in the order to run
 * them. Throws when buckets are declared but no location is set for them.
 */
export function planCommands(plan: WorkloadIdentityPlan): string[] {
  if (plan.buckets.length === 0) return [];
  const problem = missingLocation(plan);
  if (problem) throw problem;
  const p = `--project=${plan.project}`;
  const lines = [
    `# Workload Identity must be on for the cluster (always on with Autopilot; Standard: --workload-pool=${plan.project}.svc.id.goog).`,
    ...plan.buckets.map(
      (bucket) =>
        `gcloud storage buckets create gs://${bucket} ${p} --location=${plan.bucketLocation} --uniform-bucket-level-access --public-access-prevention`,
    ),
  ];
  for (const grant of plan.grants) {
    if (grant.googleServiceAccount) {
      const id = grant.googleServiceAccount.split('@')[0]!;
      lines.push(
        `gcloud iam service-accounts create ${id} ${p} --display-name="mixstack ${grant.namespace}/${grant.serviceAccount}"`,
        `gcloud iam service-accounts add-iam-policy-binding ${grant.googleServiceAccount} ${p} --role=roles/iam.workloadIdentityUser --member="serviceAccount:${plan.project}.svc.id.goog[${grant.namespace}/${grant.serviceAccount}]"`,
      );
    }
    for (const { bucket, role } of grant.buckets) {
      lines.push(
        `gcloud storage buckets add-iam-policy-binding gs://${bucket} ${p} --member="${grant.member}" --role=${role}`,
      );
    }
  }
  return lines;
}

/** The normalized gke() options a stack carries (under `values.gke`), or undefined without gke(). */
export function gkeOptionsOf(values: Values): GkeOptions | undefined {
  return values.gke as GkeOptions | undefined;
}

/**
 * The gcloud commands a stack needs for its buckets: create each bucket, and give the
 * Kubernetes ServiceAccounts of the components that declared them access through Workload
 * Identity — no JSON keys. Empty when no component declares a bucket or Workload Identity is
 * off. The buckets are what the components publish, which render resolves: pass the stack (it
 * is rendered; a stack with problems throws them) or the result of `render(stack)`.
 */
export function gcloudCommands(stack: Stack | RenderResult): string[] {
  const result = isStack(stack) ? render(stack) : stack;
  const options = gkeOptionsOf(result.values);
  if (!options?.workloadIdentity) return [];
  return planCommands(
    workloadIdentityPlan(result.stack, result.values.common.namespace, {
      project: options.project,
      workloadIdentity: options.workloadIdentity,
    }),
  );
}

/**
 * Annotates the ServiceAccounts of a plan (`serviceAccount` mode; direct access binds them in IAM)
 * and checks that every one of them is rendered (core's `annotateBucketServiceAccounts`).
 */
export function annotateServiceAccounts(
  objects: Readonly<Record<string, KubeObject>>,
  plan: WorkloadIdentityPlan,
  report: Report,
): Record<string, KubeObject> {
  const grants = plan.grants.map((grant) => ({
    namespace: grant.namespace,
    serviceAccount: grant.serviceAccount,
    components: grant.buckets.map((b) => b.component),
    ...(grant.googleServiceAccount
      ? { annotation: { key: GSA_ANNOTATION, value: grant.googleServiceAccount } }
      : {}),
  }));
  return annotateBucketServiceAccounts(objects, grants, 'gke/workloadIdentity', report);
}
