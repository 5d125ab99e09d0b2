import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStack, DATASOURCE_UIDS, type Part, render, toYaml } from '@mixstack/core';
import { imageVersion } from '@mixstack/kit';
import { goldenDirectory } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import type { ThanosOptions } from '../config.js';
import { thanos } from '../index.js';
import {
  alertmanagerLike,
  grafanaClient,
  prometheusLike,
  tracesLike,
} from '../sidecar/stack.test-helpers.js';
import { THANOS_IMAGE } from '../versions.js';

const golden = goldenDirectory(join(dirname(fileURLToPath(import.meta.url)), '__golden__'));
const GCS: ThanosOptions = { objectStorage: { type: 'gcs', bucket: 'acme-thanos' } };
const others = (): Part[] => [prometheusLike(), grafanaClient(), tracesLike(), alertmanagerLike()];

const renderParts = (parts: Part[]) => render(createStack({ namespace: 'monitoring' }, parts));
const datasourceOf = (parts: Part[]) => renderParts(parts).sections.datasources[DATASOURCE_UIDS.prometheus];

/** The datasource as Grafana's provisioning file lists it (uid and all), for the golden file. */
const provisioningFile = (parts: Part[]) =>
  toYaml({ apiVersion: 1, datasources: [{ uid: DATASOURCE_UIDS.prometheus, ...datasourceOf(parts) }] });

describe("Grafana's Prometheus datasource through Thanos", () => {
  const own = datasourceOf(others());
  const through = datasourceOf([...others(), thanos(GCS)]);

  test('points at Query Frontend, as Thanos of its version, and keeps every other setting', () => {
    expect(through).toEqual({
      ...own,
      url: 'http://thanos-query-frontend.monitoring.svc:10902',
      jsonData: { ...own?.jsonData, prometheusType: 'Thanos', prometheusVersion: imageVersion(THANOS_IMAGE) },
    });
    // What it keeps is there to keep: the exemplar links, the rules' Alertmanager, the step.
    expect(Object.keys(own?.jsonData ?? {})).toEqual(
      expect.arrayContaining(['exemplarTraceIdDestinations', 'alertmanagerUid', 'timeInterval']),
    );
  });

  test('the golden provisioning entry', () => {
    golden.expectGolden('gcs/datasource.yaml', provisioningFile([...others(), thanos(GCS)]));
  });

  test('the order of the parts does not matter (the exemplar links patch and this one keep each other)', () => {
    const parts = [...others(), thanos(GCS)];
    expect(datasourceOf([...parts].reverse())).toEqual(through);
    expect(datasourceOf([thanos(GCS), ...others()])).toEqual(through);
  });

  test('points at Query when Query Frontend is off', () => {
    expect(datasourceOf([...others(), thanos({ ...GCS, queryFrontend: { enabled: false } })])?.url).toBe(
      'http://thanos-query.monitoring.svc:10902',
    );
  });

  test("the URL is a Service Thanos publishes, so Grafana's policy reaches exactly its pods", () => {
    for (const queryFrontend of [true, false]) {
      const result = renderParts([
        ...others(),
        thanos({ ...GCS, queryFrontend: { enabled: queryFrontend } }),
      ]);
      const url = new URL(result.sections.datasources[DATASOURCE_UIDS.prometheus]!.url!);
      const services = Object.values(result.stack.components.thanos?.services ?? {});
      const [name, namespace] = url.hostname.split('.');
      expect(services).toContainEqual(expect.objectContaining({ name, namespace, port: Number(url.port) }));
      expect(result.stack.components.thanos?.roles).toContain('datasource');
    }
  });

  test.each<[string, ThanosOptions & { enabled?: boolean }]>([
    ['Query off', { ...GCS, query: { enabled: false }, queryFrontend: { enabled: false } }],
    ['Thanos off', { ...GCS, enabled: false }],
  ])('%s: the datasource is Prometheus’ own', (_, options) => {
    expect(datasourceOf([...others(), thanos(options)])).toEqual(own);
  });

  test('an observer stack without Prometheus gets the datasource from Thanos', () => {
    expect(datasourceOf([grafanaClient(), thanos({ ...GCS, sidecar: { enabled: false } })])).toEqual({
      name: 'Prometheus',
      type: 'prometheus',
      url: 'http://thanos-query-frontend.monitoring.svc:10902',
      access: 'proxy',
      isDefault: true,
      editable: false,
      jsonData: {
        httpMethod: 'POST',
        prometheusType: 'Thanos',
        prometheusVersion: imageVersion(THANOS_IMAGE),
      },
    });
  });
});
