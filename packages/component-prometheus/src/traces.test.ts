import {
  addDatasource,
  addNetworkClient,
  createStack,
  DATASOURCE_UIDS,
  definePart,
  isMixstackError,
  type Part,
  render,
  tempoDatasource,
} from '@mixstack/core';
import { connectionVerdict, type Endpoint, networkModel, podOf } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { prometheus } from './prometheus.js';

/** A tracing datasource (uid `tempo`), as a trace store's package contributes it. */
const tracing: Part = definePart('tracing', (stack) =>
  addDatasource(
    stack,
    '@test/traces',
    DATASOURCE_UIDS.tempo,
    tempoDatasource({ url: 'http://tempo.monitoring.svc:3200' }),
  ),
);

/** A trace store's metrics generator, a client of the stack's `remote-write` store. */
const generator: Part = definePart('generator', (stack) =>
  addNetworkClient(stack, '@test/traces', 'tempo-generator', {
    podLabels: { 'app.kubernetes.io/name': 'tempo' },
    reaches: ['@remote-write'],
  }),
);

const metrics = (options: Parameters<typeof prometheus>[0] = {}) =>
  prometheus({ nodeExporter: false, kubeStateMetrics: false, controlPlane: false, ...options });

function problemOf(parts: Part[]) {
  try {
    render(createStack({}, parts));
  } catch (error) {
    if (isMixstackError(error)) return error;
    throw error;
  }
  return undefined;
}

describe('exemplars link to traces', () => {
  test('exactly when the stack has a tracing datasource, whatever the order of the parts', () => {
    const destinations = (parts: Part[]) =>
      render(createStack({}, parts)).sections.datasources[DATASOURCE_UIDS.prometheus]!.jsonData
        ?.exemplarTraceIdDestinations;
    expect(destinations([metrics()])).toBeUndefined();
    const linked = [
      { name: 'trace_id', datasourceUid: DATASOURCE_UIDS.tempo, urlDisplayLabel: 'View trace' },
    ];
    expect(destinations([metrics(), tracing])).toEqual(linked);
    expect(destinations([tracing, metrics()])).toEqual(linked);
  });
});

describe('span metrics remote-written to Prometheus', () => {
  test('the remote-write client is admitted on the web port, by namespace and labels', () => {
    const result = render(createStack({}, [metrics(), generator]));
    const model = networkModel(result.objects.map((o) => o.object as unknown as Record<string, unknown>));
    const server = podOf(model, { name: 'k8s', kind: 'Prometheus' });
    const tempo = (namespace: string): Endpoint => ({
      kind: 'pod',
      namespace,
      labels: { 'app.kubernetes.io/name': 'tempo' },
    });
    expect(
      connectionVerdict(model, { from: tempo('monitoring'), to: server, port: 9090 }).ingress.allowed,
    ).toBe(true);
    expect(connectionVerdict(model, { from: tempo('apps'), to: server, port: 9090 }).ingress.allowed).toBe(
      false,
    );
  });

  test.each([
    [{ remoteWriteReceiver: false }, 'remoteWriteReceiver', 'prometheus({ remoteWriteReceiver: true })'],
    [{ exemplars: false as const }, 'exemplars', 'prometheus({ exemplars: { maxSize: 100000 } })'],
  ])('with %j the build fails, naming the option to turn back on', (options, path, fix) => {
    const problem = problemOf([metrics(options), generator]);
    expect(problem?.path).toBe(path);
    expect(problem?.message).toContain('"tempo-generator"');
    expect(problem?.hint).toContain(fix);
    // Without a trace store in the stack, the same options are fine.
    expect(problemOf([metrics(options)])).toBeUndefined();
  });
});
