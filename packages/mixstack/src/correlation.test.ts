import { createStack, DATASOURCE_UIDS, type Datasource, type Part, render } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { alloy, grafana, loki, prometheus, pyroscope, tempo } from './index.js';

/**
 * Correlation is a property of the stack: whatever subset of the signal components a user
 * composes, in any order, every datasource links to every other exactly when both ends exist,
 * and never to a uid that is not there.
 */
const COMPONENTS: Record<string, () => Part> = {
  prometheus: () => prometheus(),
  grafana: () => grafana(),
  loki: () => loki(),
  tempo: () => tempo(),
  pyroscope: () => pyroscope(),
};
const NAMES = Object.keys(COMPONENTS);

/** Every subset of the components, each in two orders (as given and reversed). */
const SUBSETS: string[][] = Array.from({ length: 2 ** NAMES.length }, (_, mask) =>
  NAMES.filter((_, i) => mask & (1 << i)),
);

/** The uids a datasource links to, by the field that links. */
function linksOf(datasource: Datasource): Record<string, string[]> {
  const json = (datasource.jsonData ?? {}) as Record<string, unknown>;
  const uid = (value: unknown) =>
    typeof value === 'object' && value !== null && 'datasourceUid' in value
      ? [String((value as { datasourceUid: unknown }).datasourceUid)]
      : [];
  const list = (value: unknown) => (Array.isArray(value) ? value.flatMap(uid) : []);
  const links: Record<string, string[]> = {
    exemplarTraceIdDestinations: list(json.exemplarTraceIdDestinations),
    derivedFields: list(json.derivedFields),
    tracesToLogsV2: uid(json.tracesToLogsV2),
    tracesToMetrics: uid(json.tracesToMetrics),
    tracesToProfiles: uid(json.tracesToProfiles),
    serviceMap: uid(json.serviceMap),
    alertmanagerUid: typeof json.alertmanagerUid === 'string' ? [json.alertmanagerUid] : [],
  };
  return Object.fromEntries(Object.entries(links).filter(([, uids]) => uids.length > 0));
}

/** The links the stack must have, given which datasources are there. */
function expectedLinks(uids: ReadonlySet<string>): Record<string, Record<string, string[]>> {
  const has = (uid: string) => uids.has(uid);
  const expected: Record<string, Record<string, string[]>> = {};
  const add = (from: string, field: string, to: string[]) => {
    if (!has(from)) return;
    expected[from] = { ...expected[from], [field]: to };
  };
  if (has(DATASOURCE_UIDS.tempo)) {
    add(DATASOURCE_UIDS.prometheus, 'exemplarTraceIdDestinations', [DATASOURCE_UIDS.tempo]);
    add(DATASOURCE_UIDS.loki, 'derivedFields', [DATASOURCE_UIDS.tempo, DATASOURCE_UIDS.tempo]);
  }
  if (has(DATASOURCE_UIDS.alertmanager))
    add(DATASOURCE_UIDS.prometheus, 'alertmanagerUid', [DATASOURCE_UIDS.alertmanager]);
  if (has(DATASOURCE_UIDS.loki)) add(DATASOURCE_UIDS.tempo, 'tracesToLogsV2', [DATASOURCE_UIDS.loki]);
  if (has(DATASOURCE_UIDS.pyroscope))
    add(DATASOURCE_UIDS.tempo, 'tracesToProfiles', [DATASOURCE_UIDS.pyroscope]);
  if (has(DATASOURCE_UIDS.prometheus)) {
    add(DATASOURCE_UIDS.tempo, 'tracesToMetrics', [DATASOURCE_UIDS.prometheus]);
    add(DATASOURCE_UIDS.tempo, 'serviceMap', [DATASOURCE_UIDS.prometheus]);
  }
  return expected;
}

describe('correlation, whatever the subset and the order', () => {
  test.each(
    SUBSETS.flatMap((subset) => [subset, [...subset].reverse()]).map((s) => [s.join(' + ') || 'nothing', s]),
  )('%s', (_name, subset) => {
    // The collector is there whenever a signal needs it, so its notices stay out of the way.
    const parts = [...(subset as string[]).map((name) => COMPONENTS[name]!()), alloy()];
    const datasources = render(createStack({ namespace: 'monitoring' }, parts)).sections.datasources;
    const uids = new Set(Object.keys(datasources));
    const actual = Object.fromEntries(
      Object.entries(datasources)
        .map(([uid, datasource]) => [uid, linksOf(datasource)] as const)
        .filter(([, links]) => Object.keys(links).length > 0),
    );
    // No dangling uid, and no missing link.
    for (const links of Object.values(actual))
      for (const to of Object.values(links).flat()) expect(uids).toContain(to);
    expect(actual).toEqual(expectedLinks(uids));
  });
});

describe('Tempo’s span metrics need Prometheus’s remote-write receiver and exemplar storage', () => {
  test.each([
    [{ remoteWriteReceiver: false }, 'remoteWriteReceiver'],
    [{ exemplars: false as const }, 'exemplars'],
  ])(
    'with prometheus(%j) and tempo() the build fails, naming the option to turn back on',
    (options, path) => {
      const build = () =>
        render(createStack({ namespace: 'monitoring' }, [prometheus(options), tempo(), alloy()]));
      expect(build).toThrow(
        expect.objectContaining({ path, hint: expect.stringContaining(`prometheus({ ${path}:`) }),
      );
      // Without Tempo, the same option is fine.
      expect(() => render(createStack({ namespace: 'monitoring' }, [prometheus(options)]))).not.toThrow();
    },
  );
});
