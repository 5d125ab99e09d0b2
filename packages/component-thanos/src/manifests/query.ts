import { canonicalize, toYaml } from '@mixstack/core';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { ThanosValues } from '../config.js';
import { JOBS } from '../jobs.js';
import { GRPC_PORT, partName, type ThanosContext } from './context.js';
import { thanosDeployment } from './deployment.js';
import { commonFlags } from './pod.js';

/**
 * The DNS SRV lookup of a headless or ClusterIP Service's `grpc` port: Kubernetes publishes
 * `_grpc._tcp.<service>.<namespace>.svc` for a port named `grpc`, one record per ready pod for a
 * headless Service, so Query sees every Store Gateway and every Prometheus replica.
 */
export const grpcSrv = (service: string, namespace: string): string =>
  `dnssrv+_grpc._tcp.${service}.${namespace}.svc`;

/** The Store API endpoints Query reads: the stack's sidecars and Store Gateway when they run, then `query.endpoints`. */
export function queryEndpoints(values: ThanosValues, namespace: string): string[] {
  return [
    ...(values.sidecar.enabled ? [grpcSrv(JOBS.sidecar, namespace)] : []),
    ...(values.store.enabled ? [grpcSrv(partName('store'), namespace)] : []),
    ...values.query.endpoints,
  ];
}

/**
 * `--endpoint.sd-config`: the endpoints as Thanos' endpoint configuration (cmd/thanos/
 * endpointset.go), which replaces the deprecated `--endpoint`. DNS lookups are re-resolved every
 * `--store.sd-dns-interval` (30s), so pods that come and go are followed.
 */
export function endpointConfig(endpoints: readonly string[]): string {
  return toYaml(canonicalize({ endpoints: endpoints.map((address) => ({ address })) }));
}

/** Query's arguments: the subcommand first (the image's entrypoint is `/bin/thanos`). */
export function queryArgs(c: ThanosContext): string[] {
  const { query } = c.values;
  return [
    'query',
    ...commonFlags(c),
    `--grpc-address=0.0.0.0:${GRPC_PORT}`,
    ...query.replicaLabels.map((label) => `--query.replica-label=${label}`),
    // Without it a query reads raw blocks only (max_source_resolution 0), which the Compactor
    // deletes first: a range older than the raw retention would show nothing. With it, a range
    // query reads the coarsest resolution under step/5, and raw data while there is no other.
    '--query.auto-downsampling',
    `--endpoint.sd-config=${endpointConfig(queryEndpoints(c.values, c.namespace))}`,
  ];
}

/**
 * Thanos Query: the PromQL API over every Store API endpoint, merging the series of HA replicas
 * that differ only by a replica label. Stateless; two pods by default, so that Grafana keeps
 * its datasource through a node drain.
 */
export function queryDeployment(c: ThanosContext): IDeployment {
  const [command, ...flags] = queryArgs(c);
  return thanosDeployment(c, c.parts.query, { command: command!, flags, grpc: true });
}
