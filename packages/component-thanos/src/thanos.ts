import {
  type BucketClaim,
  type BuildContext,
  type BuiltObjects,
  type CommonValues,
  type ComponentContracts,
  type ContainerResources,
  defineComponent,
  type ServiceContract,
  throwProblems,
} from '@mixstack/core';
import { httpService } from '@mixstack/kit';
import {
  defaultThanosValues,
  objectStorage,
  retentionProblems,
  type ThanosOptions,
  type ThanosValues,
  thanosSchema,
  valuesProblems,
} from './config.js';
import { withThanosContributions } from './contributions.js';
import { compactStatefulSet } from './manifests/compact.js';
import {
  COMPONENT,
  CONTAINERS,
  contextOf,
  GRPC_PORT,
  GRPC_PORT_NAME,
  HTTP_PORT,
  HTTP_PORT_NAME,
  partName,
  partSelector,
  REPLICA_IDS,
  type ThanosContext,
  type ThanosWorkload,
  WORKLOADS,
} from './manifests/context.js';
import { partNetworkPolicy } from './manifests/network-policies.js';
import { objstoreSecret } from './manifests/objstore-secret.js';
import { partDisruptionBudget } from './manifests/pod-disruption-budget.js';
import { queryDeployment } from './manifests/query.js';
import { queryFrontendDeployment } from './manifests/query-frontend.js';
import { partServiceAccount } from './manifests/service-accounts.js';
import { partService } from './manifests/services.js';
import { storeStatefulSet } from './manifests/store.js';
import { renderObjstoreConfig } from './objstore.js';
import { SOURCE } from './source.js';

/** The container the Prometheus operator adds for `spec.thanos` (the sidecar work renders it). */
const SIDECAR_CONTAINER = 'thanos-sidecar';

/** The objects every part has (`thanos/queryServiceAccount`, ...), its workload aside. */
function partObjects(
  c: ThanosContext,
  part: ThanosWorkload,
  workload: object,
  headless = false,
): BuiltObjects {
  const p = c.parts[part];
  return {
    [`${part}ServiceAccount`]: partServiceAccount(c, p),
    [part === 'query' || part === 'queryFrontend' ? `${part}Deployment` : `${part}StatefulSet`]:
      workload as never,
    [`${part}Service`]: partService(c, p, { grpc: part === 'query' || part === 'store', headless }),
    [`${part}NetworkPolicy`]: partNetworkPolicy(c, part),
    [`${part}PodDisruptionBudget`]: partDisruptionBudget(c, p),
  };
}

/** Whether a part reads the bucket: the Store Gateway, the Compactor, the sidecar. */
const usesBucket = (values: ThanosValues): boolean =>
  values.store.enabled || values.compact.enabled || values.sidecar.enabled;

/**
 * Its objects by key (`thanos/queryDeployment` is the address of `thanos-queryDeployment.yaml`),
 * from the values as the stack resolved them (replicas, resources and retention adjusted).
 */
function build(ctx: BuildContext<ThanosValues>): BuiltObjects {
  const c = contextOf(ctx);
  const { values } = c;
  const resolved = values.compact.retention;
  if (values.compact.enabled && JSON.stringify(resolved) !== JSON.stringify(ctx.values.compact.retention))
    throwProblems(retentionProblems(resolved, values.compact.downsampling, COMPONENT, 'resolved'));
  const objstore = renderObjstoreConfig({
    store: c.settings.store,
    ...(c.settings.bucket ? { bucket: c.settings.bucket } : {}),
    // The store's own region, else the one the platform creates the stack's buckets in.
    ...(c.settings.region ? { region: c.settings.region } : {}),
  });
  return {
    objstoreSecret: usesBucket(values) ? objstoreSecret(c, objstore) : undefined,
    ...(values.query.enabled ? partObjects(c, 'query', queryDeployment(c)) : {}),
    ...(values.queryFrontend.enabled ? partObjects(c, 'queryFrontend', queryFrontendDeployment(c)) : {}),
    ...(values.store.enabled ? partObjects(c, 'store', storeStatefulSet(c, objstore), true) : {}),
    ...(values.compact.enabled ? partObjects(c, 'compact', compactStatefulSet(c, objstore)) : {}),
  };
}

/** A part's Service as a contract: where it is, the port, ready when `/-/ready` answers. */
function serviceOf(part: ThanosWorkload, namespace: string, grpc: boolean): ServiceContract {
  return {
    ...httpService(COMPONENT, partName(part), namespace, {
      port: grpc ? GRPC_PORT : HTTP_PORT,
      portName: grpc ? GRPC_PORT_NAME : HTTP_PORT_NAME,
      ...(grpc ? {} : { healthPath: '/-/ready' }),
      podLabels: partSelector(part),
    }),
    address: `${COMPONENT}/${part}Service`,
  };
}

/**
 * The buckets its pods use, each for the ServiceAccount of the part (least privilege): the
 * Store Gateway reads, the Compactor also deletes, the sidecar (in Prometheus' pods, as
 * Prometheus' ServiceAccount) uploads. A platform grants each (Workload Identity, IRSA).
 */
function buckets(values: ThanosValues, common: CommonValues): Record<string, BucketClaim> {
  const { bucket } = objectStorage.settingsOf(values, common);
  if (!bucket) return {};
  const claim = (serviceAccount: string, access: BucketClaim['access']): BucketClaim => ({
    bucket,
    serviceAccount: { name: serviceAccount },
    access,
  });
  return {
    ...(values.store.enabled ? { store: claim(partName('store'), 'read') } : {}),
    ...(values.compact.enabled ? { compact: claim(partName('compact'), 'readWrite') } : {}),
    ...(values.sidecar.enabled ? { sidecar: claim(values.sidecar.serviceAccount, 'readWrite') } : {}),
  };
}

/**
 * What others may adjust or need to know (packages meet on contracts), for the parts that run:
 * each container and the option of its resources (the sidecar's `thanos-sidecar` too), the replicas of Query, Query Frontend and the
 * Store Gateway (the Compactor is exactly one: it publishes none), the retention (the 1h
 * resolution's, which caps the others as rendered), its Services, its buckets, and its roles:
 * the scraper scrapes every part (`metrics`), Grafana queries Query (`datasource`).
 */
function contracts(values: ThanosValues, common: CommonValues): ComponentContracts {
  const running = WORKLOADS.filter((part) => values[part].enabled);
  const bucketClaims = buckets(values, common);
  // The sidecar's container is in Prometheus' pods; published here so that adjustResources and a
  // sizing reach it (the sidecar work reads it back when it sets `spec.thanos.resources`).
  const sidecar: Record<string, ContainerResources> = values.sidecar.enabled
    ? { [SIDECAR_CONTAINER]: values.sidecar.resources }
    : {};
  return {
    containers: {
      ...Object.fromEntries(running.map((part) => [CONTAINERS[part], values[part].resources])),
      ...sidecar,
    },
    resourceOptions: {
      ...Object.fromEntries(running.map((part) => [CONTAINERS[part], `${part}.resources`])),
      ...(values.sidecar.enabled ? { [SIDECAR_CONTAINER]: 'sidecar.resources' } : {}),
    },
    replicas: Object.fromEntries(
      REPLICA_IDS.filter((part) => values[part].enabled).map((part) => [
        part,
        { value: values[part].replicas, option: `${part}.replicas` },
      ]),
    ),
    ...(values.compact.enabled
      ? { retention: { value: values.compact.retention.oneHour, option: 'compact.retention.oneHour' } }
      : {}),
    services: {
      ...(values.query.enabled
        ? {
            query: serviceOf('query', common.namespace, false),
            queryGrpc: serviceOf('query', common.namespace, true),
          }
        : {}),
      ...(values.queryFrontend.enabled
        ? { queryFrontend: serviceOf('queryFrontend', common.namespace, false) }
        : {}),
      ...(values.store.enabled ? { store: serviceOf('store', common.namespace, true) } : {}),
    },
    ...(Object.keys(bucketClaims).length > 0 ? { buckets: bucketClaims } : {}),
    roles: values.query.enabled ? ['datasource', 'metrics'] : ['metrics'],
  };
}

/** The final values, with what no single option can be wrong about alone checked against the stack's common values. */
function finalize(parsed: ThanosOptions, common: CommonValues): ThanosValues {
  const values = parsed as ThanosValues;
  throwProblems(valuesProblems(values, common, COMPONENT));
  return values;
}

/**
 * Thanos on a bucket: Query (de-duplicating HA replicas, discovering the sidecars and the Store
 * Gateway by DNS SRV), Query Frontend, the Store Gateway and exactly one Compactor, each part
 * optional; the sidecar in the stack's Prometheus, Grafana's datasource through Query, and the
 * Thanos mixin.
 *
 * ```ts
 * createStack({ namespace: 'monitoring' }, [
 *   prometheus(),
 *   thanos({ objectStorage: { type: 'gcs', bucket: 'acme-prod-thanos' } }),
 * ]);
 * ```
 */
export const thanos = defineComponent<ThanosValues, ThanosOptions>({
  name: COMPONENT,
  source: SOURCE,
  schema: thanosSchema,
  defaults: defaultThanosValues,
  finalize,
  contracts,
  extend: withThanosContributions,
  build,
});
