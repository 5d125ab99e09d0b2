import {
  DATASOURCE_UIDS,
  type ExemplarTraceIdDestination,
  MixstackError,
  type ResolvedContracts,
  type Sections,
} from '@mixstack/core';
import type { PrometheusServerOptions } from './config/prometheus-server.js';

/**
 * Where Prometheus meets traces: the exemplars it stores link to the stack's tracing datasource,
 * and it takes the span metrics a trace store remote-writes (with their exemplars). Both are
 * decided on contracts and sections, never on a component's name.
 */

/** The exemplar label OpenTelemetry SDKs and Tempo's metrics generator write the trace id to. */
export const EXEMPLAR_TRACE_ID_LABEL = 'trace_id';

/** The link of an exemplar to its trace, in the tracing datasource of uid `tracesUid`. */
export function exemplarLinks(tracesUid: string): ExemplarTraceIdDestination[] {
  return [{ name: EXEMPLAR_TRACE_ID_LABEL, datasourceUid: tracesUid, urlDisplayLabel: 'View trace' }];
}

/**
 * The Prometheus datasource links exemplars to traces exactly when the stack's tracing
 * datasource (uid `tempo`) is there too: known once the datasources section is resolved,
 * whichever package contributed it.
 */
export function withExemplarLinks(sections: Sections): Sections {
  const own = sections.datasources[DATASOURCE_UIDS.prometheus];
  const traces = sections.datasources[DATASOURCE_UIDS.tempo];
  if (own?.type !== 'prometheus' || traces?.type !== 'tempo') return sections;
  const jsonData = { ...own.jsonData, exemplarTraceIdDestinations: exemplarLinks(DATASOURCE_UIDS.tempo) };
  return {
    ...sections,
    datasources: { ...sections.datasources, [DATASOURCE_UIDS.prometheus]: { ...own, jsonData } },
  };
}

/**
 * A client that reaches Prometheus as the stack's `remote-write` store (a trace store's metrics
 * generator) needs the remote-write receiver and exemplar storage: without either its span
 * metrics, or their links to traces, are refused in silence. Throws naming the option to turn
 * back on, and the client.
 */
export function checkRemoteWriteClients(values: PrometheusServerOptions, contracts: ResolvedContracts): void {
  const writers = Object.keys(contracts.networkClientRoles)
    .filter((client) => contracts.networkClientRoles[client]!.includes('remote-write'))
    .sort();
  if (writers.length === 0) return;
  const who = writers.map((client) => `"${client}"`).join(', ');
  if (!values.remoteWriteReceiver) {
    throw new MixstackError({
      code: 'INVALID_OPTION',
      message: `the remote-write receiver is off, but ${who} remote-writes to this Prometheus (span metrics of the stack's traces)`,
      address: 'prometheus',
      path: 'remoteWriteReceiver',
      value: false,
      hint: 'turn it back on with prometheus({ remoteWriteReceiver: true }), or leave the trace store out of the stack',
    });
  }
  if (values.exemplars === false) {
    throw new MixstackError({
      code: 'INVALID_OPTION',
      message: `exemplar storage is off, but ${who} remote-writes span metrics whose exemplars link latency to traces`,
      address: 'prometheus',
      path: 'exemplars',
      value: false,
      hint: 'turn it back on with prometheus({ exemplars: { maxSize: 100000 } }), or leave the trace store out of the stack',
    });
  }
}
