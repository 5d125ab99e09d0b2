import {
  adjustResources,
  adjustRetention,
  type CommonOptions,
  createStack,
  type Part,
  type RenderResult,
  render,
  setComponentEnabled,
  validateStack,
} from '@mixstack/core';
import { imageVersion } from '@mixstack/kit';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import type { ThanosOptions } from '../config.js';
import { thanos } from '../index.js';
import { OBJSTORE_KEY, OBJSTORE_SECRET } from '../objstore.js';
import { THANOS_IMAGE } from '../versions.js';
import { crdFolder, crdIssues, crdSchema } from './crd-schema.test-helpers.js';
import { alertmanagerLike, grafanaClient, prometheusLike, tracesLike } from './stack.test-helpers.js';

const GCS: ThanosOptions = { objectStorage: { type: 'gcs', bucket: 'acme-thanos' } };
const PROMETHEUS_FILE = 'prometheus-prometheus.yaml';
const SERVICE_FILE = 'thanosSidecar-service.yaml';
const MONITOR_FILE = 'prometheusScrapeTargets-thanosSidecar.yaml';

/** Prometheus, Grafana's reach, a trace store and Alertmanager (stand-ins), and Thanos on GCS. */
const stackParts = (options: ThanosOptions = GCS, prometheusOptions = {}): Part[] => [
  prometheusLike(prometheusOptions),
  grafanaClient(),
  tracesLike(),
  alertmanagerLike(),
  thanos(options),
];

const renderParts = (parts: Part[], common: CommonOptions = { namespace: 'monitoring' }) =>
  render(createStack(common, parts));

// biome-ignore lint/suspicious/noExplicitAny: parsed YAML
const file = (result: RenderResult, path: string): any => {
  const text = result.files.get(path);
  if (text === undefined)
    throw new Error(`${path} is not rendered; files: ${[...result.files.keys()].join(', ')}`);
  return parse(text);
};

const problemsOf = (parts: Part[]) =>
  validateStack(createStack({ namespace: 'monitoring' }, parts)).map((p) => ({
    code: p.code,
    address: p.address,
    path: p.path,
    message: p.reason,
    hint: p.hint,
  }));

describe('spec.thanos on the Prometheus resource', () => {
  const result = renderParts(stackParts());
  const prometheus = file(result, PROMETHEUS_FILE);

  test('names the image, its version, the objstore Secret, the resources and the log level', () => {
    expect(prometheus.spec.thanos).toEqual({
      image: THANOS_IMAGE,
      version: imageVersion(THANOS_IMAGE),
      objectStorageConfig: { name: OBJSTORE_SECRET, key: OBJSTORE_KEY },
      resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
      logLevel: 'info',
    });
  });

  test('the objstore Secret it names is rendered by the package, with that key', () => {
    const secret = result.objects.find(
      (o) => o.object.kind === 'Secret' && o.object.metadata?.name === OBJSTORE_SECRET,
    );
    expect(secret?.object.metadata?.namespace).toBe('monitoring');
    expect(Object.keys((secret?.object as { stringData?: object } | undefined)?.stringData ?? {})).toContain(
      OBJSTORE_KEY,
    );
  });

  test.skipIf(!crdFolder.available)(
    `fits the real CRD of prometheus-operator v0.93.0${crdFolder.available ? '' : ` (${crdFolder.skipMessage})`}`,
    () => {
      const schema = crdSchema('monitoring.coreos.com_prometheuses.yaml').properties!.spec!;
      expect(crdIssues(schema.properties!.thanos!, prometheus.spec.thanos, 'spec.thanos')).toEqual([]);
      expect(crdIssues(schema, prometheus.spec, 'spec')).toEqual([]);
      // The check is one that can fail: a level the operator does not know, a field it would prune.
      expect(
        crdIssues(
          schema.properties!.thanos!,
          { ...prometheus.spec.thanos, logLevel: 'verbose', objstore: 'x' },
          'spec.thanos',
        ),
      ).toEqual([
        'spec.thanos.logLevel: "verbose" is not one of ["","debug","info","warn","error"]',
        'spec.thanos.objstore: not in the schema (the API server would prune it)',
      ]);
    },
  );

  test('the pods it runs in are those the bucket contract grants the bucket to (Workload Identity, IRSA)', () => {
    const claims = Object.values(result.stack.components.thanos?.buckets ?? {});
    expect(claims).toContainEqual({
      bucket: 'acme-thanos',
      serviceAccount: { name: prometheus.spec.serviceAccountName },
      access: 'readWrite',
    });
  });

  test("takes the stack's image registry, the log level and the sidecar's adjusted resources", () => {
    const adjusted: Part = (stack) =>
      adjustResources(stack, { source: 'test', layer: 'addon' }, 'thanos', 'thanos-sidecar', {
        limits: { memory: '512Mi' },
      });
    const mirrored = renderParts([...stackParts({ ...GCS, logLevel: 'debug' }), adjusted], {
      namespace: 'monitoring',
      imageRegistry: 'registry.example.com/mirror',
    });
    const spec = file(mirrored, PROMETHEUS_FILE).spec.thanos;
    expect(spec.image).toBe(`registry.example.com/mirror/${THANOS_IMAGE.split('/').slice(1).join('/')}`);
    expect(spec.logLevel).toBe('debug');
    expect(spec.resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '512Mi' } });
  });

  test('the order of the parts does not change a file', () => {
    const reversed = renderParts([...stackParts()].reverse());
    expect([...reversed.files.keys()]).toEqual([...result.files.keys()]);
    for (const [path, text] of result.files) expect(reversed.files.get(path), path).toBe(text);
  });

  test('the rest of the Prometheus resource stays: its rules still select it (alerting stays in Prometheus)', () => {
    const without = file(renderParts(stackParts().slice(0, -1)), PROMETHEUS_FILE);
    const { thanos: _sidecar, retention, ...rest } = prometheus.spec;
    const { retention: ownRetention, ...ownRest } = without.spec;
    expect(rest).toEqual(ownRest);
    expect(rest.ruleSelector).toEqual({ matchLabels: { role: 'alert-rules' } });
    expect([retention, ownRetention]).toEqual(['2d', '15d']);
    // Thanos' own alerts are a mixin the stack's Prometheus renders into its PrometheusRules.
    expect(Object.keys(result.sections.mixins)).toContain('thanos');
  });
});

describe("Prometheus' local retention", () => {
  const retentionOf = (result: RenderResult) => file(result, PROMETHEUS_FILE).spec.retention;
  const notice = (result: RenderResult) =>
    result.summary.notices.find((n) => n.id === 'thanos-sidecar-retention');

  test('drops to sidecar.localRetention, and the summary says where the blocks go', () => {
    const result = renderParts(stackParts({ ...GCS, sidecar: { localRetention: '12h' } }));
    expect(retentionOf(result)).toBe('12h');
    expect(result.stack.components.prometheus?.retention).toBe('12h');
    expect(notice(result)).toEqual({
      id: 'thanos-sidecar-retention',
      level: 'info',
      message:
        'Thanos sidecar: Prometheus keeps 12h of metrics on its volume and ships every 2-hour block to the GCS bucket "acme-thanos"; Thanos Query and the Store Gateway serve what is older.',
    });
  });

  test.each([
    ['Prometheus first', false],
    ['Thanos first', true],
  ])('the retention the user passes to prometheus() wins, and the summary says so (%s)', (_, reversed) => {
    const parts = stackParts(GCS, { retention: '30d' });
    const result = renderParts(reversed ? parts.reverse() : parts);
    expect(retentionOf(result)).toBe('30d');
    expect(notice(result)?.message).toContain('Prometheus keeps 30d of metrics on its volume');
  });

  test("wins over a platform's adjustment of Prometheus' retention, not over a user's", () => {
    const at =
      (layer: 'platform' | 'user'): Part =>
      (stack) =>
        adjustRetention(stack, { source: 'test', layer }, 'prometheus', '7d');
    expect(retentionOf(renderParts([...stackParts(), at('platform')]))).toBe('2d');
    expect(retentionOf(renderParts([...stackParts(), at('user')]))).toBe('7d');
  });

  test('a retention of the user under three blocks wins, with a warning in the summary', () => {
    const result = renderParts(stackParts(GCS, { retention: '4h' }));
    expect(retentionOf(result)).toBe('4h');
    expect(notice(result)).toMatchObject({
      level: 'warning',
      message: expect.stringContaining('4h is under three 2-hour blocks (6h)'),
    });
    expect(notice(renderParts(stackParts(GCS, { retention: '6h' })))?.level).toBe('info');
  });

  test('on the pods’ filesystem (tests only), the summary says nothing leaves the pod', () => {
    const result = renderParts(stackParts({ objectStorage: { type: 'filesystem' } }));
    expect(notice(result)?.message).toContain('a directory of each Prometheus pod');
  });
});

describe('the sidecar turned off', () => {
  const plain = renderParts(stackParts().slice(0, -1));

  test.each<[string, ThanosOptions & { enabled?: boolean }]>([
    ['sidecar: { enabled: false }', { ...GCS, sidecar: { enabled: false } }],
    ['thanos({ enabled: false })', { ...GCS, enabled: false }],
  ])('%s: Prometheus, its policy and its monitors are untouched, no Service, no notice', (_, options) => {
    const result = renderParts(stackParts(options));
    for (const path of [PROMETHEUS_FILE, 'prometheus-networkPolicy.yaml'])
      expect(result.files.get(path), path).toBe(plain.files.get(path));
    expect(result.files.has(SERVICE_FILE)).toBe(false);
    expect(result.files.has(MONITOR_FILE)).toBe(false);
    expect(result.summary.notices.map((n) => n.id)).not.toContain('thanos-sidecar-retention');
  });

  test('an observer stack without Prometheus renders', () => {
    expect(problemsOf([grafanaClient(), thanos({ ...GCS, sidecar: { enabled: false } })])).toEqual([]);
  });
});

describe('bad inputs', () => {
  test('the sidecar with no Prometheus in the stack: a problem whose fix is sidecar: { enabled: false }', () => {
    const problems = problemsOf([thanos(GCS)]);
    expect(problems).toContainEqual(
      expect.objectContaining({
        code: 'NOT_FOUND',
        address: 'thanos',
        path: 'sidecar.enabled',
        message: "the Thanos sidecar goes into the stack's Prometheus pods, and the stack has no Prometheus",
      }),
    );
    expect(problems.find((p) => p.path === 'sidecar.enabled')?.hint).toContain(
      'thanos({ sidecar: { enabled: false } })',
    );
    // The same with Prometheus turned off.
    expect(
      problemsOf([
        ...stackParts().slice(0, -1),
        thanos(GCS),
        (s) => setComponentEnabled(s, { source: 'test', layer: 'user' }, 'prometheus', false),
      ]),
    ).toContainEqual(
      expect.objectContaining({
        path: 'sidecar.enabled',
        message: expect.stringContaining('has no Prometheus that is on'),
      }),
    );
  });

  test.each(['5h', '90m'])('a local retention of %s, under three 2-hour blocks', (localRetention) => {
    expect(problemsOf(stackParts({ ...GCS, sidecar: { localRetention } }))).toContainEqual(
      expect.objectContaining({
        code: 'INVALID_OPTION',
        address: 'thanos',
        path: 'sidecar.localRetention',
        message: `the sidecar's local retention ${localRetention} is shorter than three 2-hour blocks (6h)`,
      }),
    );
  });

  test('a local retention that is not a duration: reported, and Prometheus keeps its own', () => {
    const parts = stackParts({ ...GCS, sidecar: { localRetention: '2 days' } });
    expect(problemsOf(parts)).toContainEqual(
      expect.objectContaining({
        code: 'INVALID_OPTION',
        address: 'thanos',
        path: 'sidecar.localRetention',
        message: "the sidecar's local retention is not a Prometheus duration",
      }),
    );
    // Not adjusted to: core would report the adjustment too, as a second problem for one mistake.
    expect(problemsOf(parts).filter((p) => p.path === 'contracts.retention')).toEqual([]);
  });

  test('6h, three blocks, is enough', () => {
    expect(problemsOf(stackParts({ ...GCS, sidecar: { localRetention: '6h' } }))).toEqual([]);
  });

  test("a Prometheus that runs as another ServiceAccount than the bucket contract's", () => {
    expect(problemsOf(stackParts(GCS, { serviceAccountName: 'custom-prometheus' }))).toContainEqual(
      expect.objectContaining({
        code: 'INVALID_OPTION',
        address: 'prometheus/prometheus',
        path: 'spec.serviceAccountName',
        hint: expect.stringContaining('thanos({ sidecar: { serviceAccount: "custom-prometheus" } })'),
      }),
    );
    expect(
      problemsOf(
        stackParts(
          { ...GCS, sidecar: { serviceAccount: 'custom-prometheus' } },
          { serviceAccountName: 'custom-prometheus' },
        ),
      ),
    ).toEqual([]);
  });

  test('a later part turning Thanos off leaves a shortened retention: reported', () => {
    const off: Part = (stack) =>
      setComponentEnabled(stack, { source: 'test', layer: 'platform' }, 'thanos', false);
    expect(problemsOf([...stackParts(), off])).toContainEqual(
      expect.objectContaining({
        address: 'thanos',
        message: expect.stringContaining('a later part turns thanos off'),
      }),
    );
  });
});

describe('the sidecar Service and its monitor', () => {
  const result = renderParts(stackParts());
  const service = file(result, SERVICE_FILE);
  const monitor = file(result, MONITOR_FILE);

  test('a headless Service on the operator-named ports of every Prometheus pod', () => {
    expect(service.metadata.name).toBe('thanos-sidecar');
    expect(service.spec.clusterIP).toBe('None');
    expect(service.spec.ports).toEqual([
      { name: 'grpc', port: 10901, targetPort: 'grpc', protocol: 'TCP', appProtocol: 'grpc' },
      { name: 'http', port: 10902, targetPort: 'http', protocol: 'TCP' },
    ]);
    expect(service.spec.selector).toEqual(result.stack.components.prometheus?.services.web?.podLabels);
  });

  test("Query discovers it at the DNS SRV name of the Service's grpc port", () => {
    const query = result.objects.find(
      (o) => o.object.kind === 'Deployment' && o.object.metadata?.name === 'thanos-query',
    );
    expect(JSON.stringify(query?.object)).toContain('dnssrv+_grpc._tcp.thanos-sidecar.monitoring.svc');
  });

  test('its monitor selects it alone, under the job thanos-sidecar (the Service name)', () => {
    const selects = (m: { spec: { selector: { matchLabels: Record<string, string> } } }) =>
      Object.entries(m.spec.selector.matchLabels).every(([k, v]) => service.metadata.labels[k] === v);
    expect(selects(monitor)).toBe(true);
    expect(monitor.spec.jobLabel).toBeUndefined();
    expect(monitor.spec.endpoints).toEqual([{ port: 'http', path: '/metrics' }]);
    const others = result.objects
      .filter((o) => o.object.kind === 'ServiceMonitor' && o.path !== MONITOR_FILE)
      .map((o) => o.object as unknown as Parameters<typeof selects>[0]);
    expect(others.filter(selects)).toEqual([]);
  });
});
