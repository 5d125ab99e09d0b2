import { canonicalize, toYaml } from '@mixstack/core';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { HTTP_PORT, partName, type ThanosContext } from './context.js';
import { thanosDeployment } from './deployment.js';
import { commonFlags } from './pod.js';

/** Query's HTTP API inside the cluster: what Query Frontend forwards to. */
export const downstreamUrl = (namespace: string): string =>
  `http://${partName('query')}.${namespace}.svc:${HTTP_PORT}`;

/**
 * The response cache of range queries: in each pod's memory (`IN-MEMORY`, pkg/queryfrontend/
 * config.go), of `queryFrontend.cacheSize`. A shared memcached is left to a later option.
 */
export function responseCacheConfig(cacheSize: string): string {
  return toYaml(canonicalize({ type: 'IN-MEMORY', config: { max_size: cacheSize } }));
}

/** Query Frontend's arguments: the subcommand first. */
export function queryFrontendArgs(c: ThanosContext): string[] {
  const { queryFrontend } = c.values;
  return [
    'query-frontend',
    ...commonFlags(c),
    `--query-frontend.downstream-url=${downstreamUrl(c.namespace)}`,
    `--query-range.split-interval=${queryFrontend.splitInterval}`,
    `--query-range.response-cache-config=${responseCacheConfig(queryFrontend.cacheSize)}`,
  ];
}

/**
 * Thanos Query Frontend in front of Query: splits long range queries by `splitInterval` and
 * caches their results. It is ready only while Query answers its `/-/ready` (it checks every
 * 10s, cmd/thanos/query_frontend.go): its Service sends nothing to a frontend without a Query.
 */
export function queryFrontendDeployment(c: ThanosContext): IDeployment {
  const [command, ...flags] = queryFrontendArgs(c);
  return thanosDeployment(c, c.parts.queryFrontend, { command: command!, flags, grpc: false });
}
