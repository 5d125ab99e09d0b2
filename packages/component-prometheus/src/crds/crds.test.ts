import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  canonicalize,
  createStack,
  isMixstackError,
  type MixstackError,
  render,
  toYaml,
} from '@mixstack/core';
import { kustomize } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { prometheus } from '../index.js';
import { hasSharedCrds, readSharedCrds, SHARED_SKIP_MESSAGE, sharedCrdDir } from '../test-helpers.js';
import { CRD_FILES, CRDS_OPERATOR_VERSION } from './checksums.gen.js';
import { crdKey, crdObjects, REQUIRED_CRD_NAMES } from './crds.js';
import { crdJsonFile } from './json.js';

const KINDS: Record<string, string> = {
  alertmanagerconfigs: 'AlertmanagerConfig',
  alertmanagers: 'Alertmanager',
  podmonitors: 'PodMonitor',
  probes: 'Probe',
  prometheusagents: 'PrometheusAgent',
  prometheuses: 'Prometheus',
  prometheusrules: 'PrometheusRule',
  scrapeconfigs: 'ScrapeConfig',
  servicemonitors: 'ServiceMonitor',
  thanosrulers: 'ThanosRuler',
};

/** A small but valid CRD of prometheus-operator, as YAML. */
function crd(plural: string, overrides: { version?: unknown; group?: string; kind?: string } = {}): string {
  const group = overrides.group ?? 'monitoring.coreos.com';
  return `---\n${toYaml({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: overrides.kind ?? 'CustomResourceDefinition',
    metadata: {
      name: `${plural}.${group}`,
      ...(overrides.version === null
        ? {}
        : { annotations: { 'operator.prometheus.io/version': overrides.version ?? CRDS_OPERATOR_VERSION } }),
    },
    spec: {
      group,
      names: {
        kind: KINDS[plural] ?? 'Thing',
        listKind: `${KINDS[plural] ?? 'Thing'}List`,
        plural,
        singular: plural,
      },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
  })}`;
}

const fileOf = (plural: string) => `monitoring.coreos.com_${plural}.yaml`;

/** All ten CRDs, with some replaced. */
function crdFiles(replace: Record<string, string | undefined> = {}): Map<string, string> {
  const files = new Map<string, string>();
  for (const plural of Object.keys(KINDS)) files.set(fileOf(plural), crd(plural));
  for (const [file, text] of Object.entries(replace)) {
    if (text === undefined) files.delete(file);
    else files.set(file, text);
  }
  return files;
}

function errorOf(run: () => unknown): MixstackError {
  try {
    run();
  } catch (error) {
    if (isMixstackError(error)) return error;
    throw error;
  }
  throw new Error('expected a MixstackError');
}

describe('crdObjects', () => {
  test('turns the ten CRD files into objects keyed by kind', () => {
    const objects = crdObjects(crdFiles(), CRDS_OPERATOR_VERSION);
    expect(Object.keys(objects).sort()).toEqual(Object.values(KINDS).map(crdKey).sort());
    expect(objects.prometheusCustomResourceDefinition?.metadata?.name).toBe(
      'prometheuses.monitoring.coreos.com',
    );
    expect(REQUIRED_CRD_NAMES).toHaveLength(10);
  });

  test('accepts several CRDs in one file and skips empty documents', () => {
    const all = [...crdFiles().values()].join('\n---\n');
    expect(Object.keys(crdObjects(new Map([['all.yaml', all]]), CRDS_OPERATOR_VERSION))).toHaveLength(10);
  });

  test.each([
    [
      'a CRD of another operator version, naming both versions',
      crdFiles({ [fileOf('probes')]: crd('probes', { version: '0.92.1' }) }),
      'SCHEMA',
      /monitoring\.coreos\.com_probes\.yaml is the CRD of prometheus-operator 0\.92\.1, but the stack deploys prometheus-operator 0\.93\.0/,
    ],
    [
      'a CRD without the version annotation',
      crdFiles({ [fileOf('probes')]: crd('probes', { version: null }) }),
      'SCHEMA',
      /does not say which prometheus-operator it belongs to/,
    ],
    [
      'a CRD of another group',
      crdFiles({ 'extra.yaml': crd('widgets', { group: 'example.com' }) }),
      'SCHEMA',
      /defines a CRD of the group "example\.com", not monitoring\.coreos\.com/,
    ],
    [
      'another kind of object',
      crdFiles({ 'extra.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' }),
      'SCHEMA',
      /extra\.yaml is not a CustomResourceDefinition \(apiextensions\.k8s\.io\/v1\) but v1 ConfigMap/,
    ],
    [
      'a file that is not YAML',
      crdFiles({ 'broken.yaml': 'kind: [unclosed\n' }),
      'SCHEMA',
      /broken\.yaml is not valid YAML/,
    ],
    [
      'a file that is not JSON',
      crdFiles({ 'broken.json': '{"kind": "CustomResourceDefinition", \n' }),
      'SCHEMA',
      /broken\.json is not valid JSON/,
    ],
    [
      "the same CRD as the release's .yaml file and as its .json form",
      crdFiles({ 'monitoring.coreos.com_probes.json': crdJsonFile(fileOf('probes'), crd('probes')).text }),
      'DUPLICATE_OBJECT',
      /the CRD probes\.monitoring\.coreos\.com is defined twice, in monitoring\.coreos\.com_probes\.json and in monitoring\.coreos\.com_probes\.yaml/,
    ],
    [
      'the same CRD twice',
      crdFiles({ 'copy.yaml': crd('probes') }),
      'DUPLICATE_OBJECT',
      /the CRD probes\.monitoring\.coreos\.com is defined twice, in copy\.yaml and in monitoring\.coreos\.com_probes\.yaml/,
    ],
    [
      'missing CRDs, all named',
      crdFiles({ [fileOf('probes')]: undefined, [fileOf('thanosrulers')]: undefined }),
      'NOT_FOUND',
      /the CRD files of probes\.monitoring\.coreos\.com, thanosrulers\.monitoring\.coreos\.com are missing/,
    ],
    ['an empty directory', new Map<string, string>(), 'NOT_FOUND', /are missing/],
  ])('refuses %s', (_name, files, code, message) => {
    const error = errorOf(() => crdObjects(files, CRDS_OPERATOR_VERSION));
    expect(error.code).toBe(code);
    expect(error.reason).toMatch(message);
    expect(error.address).toBe('prometheusOperator/crds');
    expect(error.hint).not.toBe('');
  });

  test('reads the JSON form of the files (what crds pull writes) as the same objects', () => {
    const json = new Map(
      [...crdFiles()].map(([file, text]) => {
        const twin = crdJsonFile(file, text);
        return [twin.file, twin.text];
      }),
    );
    expect([...json.keys()]).toContain('monitoring.coreos.com_prometheuses.json');
    expect(crdObjects(json, CRDS_OPERATOR_VERSION)).toEqual(crdObjects(crdFiles(), CRDS_OPERATOR_VERSION));
  });

  test('a file in JSON passes the same checks as one in YAML', () => {
    const twin = crdJsonFile(fileOf('probes'), crd('probes', { version: '0.92.1' }));
    const files = crdFiles({ [fileOf('probes')]: undefined, [twin.file]: twin.text });
    expect(errorOf(() => crdObjects(files, CRDS_OPERATOR_VERSION)).reason).toMatch(
      /monitoring\.coreos\.com_probes\.json is the CRD of prometheus-operator 0\.92\.1/,
    );
  });

  test('an operator image without a version tag cannot be checked against the CRDs', () => {
    const error = errorOf(() => crdObjects(crdFiles(), undefined));
    expect(error.code).toBe('SCHEMA');
    expect(error.hint).toContain('version tag');
  });

  test('a deployed operator of another version than the files is named in the error', () => {
    const error = errorOf(() => crdObjects(crdFiles(), '0.94.0'));
    expect(error.reason).toContain(
      'is the CRD of prometheus-operator 0.93.0, but the stack deploys prometheus-operator 0.94.0',
    );
  });
});

describe('crdJsonFile', () => {
  test('is the one document as JSON, with a line break, under the .json name', () => {
    const yaml = crd('probes');
    const twin = crdJsonFile(fileOf('probes'), yaml);
    expect(twin.file).toBe('monitoring.coreos.com_probes.json');
    expect(twin.text).toBe(`${JSON.stringify(parse(yaml))}\n`);
  });

  test.each([
    ['two documents', `${crd('probes')}\n---\n${crd('thanosrulers')}`, /holds 2 YAML documents, not one CRD/],
    ['no document', '# nothing\n', /holds 0 YAML documents/],
    ['invalid YAML', 'kind: [unclosed\n', /is not valid YAML/],
  ])('refuses a file with %s, naming it', (_name, text, message) => {
    const error = errorOf(() => crdJsonFile('x.yaml', text));
    expect(error.code).toBe('SCHEMA');
    expect(error.reason).toMatch(message);
    expect(error.reason).toContain('x.yaml');
  });
});

describe('the crds input in a build', () => {
  test('renders the CRDs under setup/ and drops the notice once crds.dir is set', () => {
    const stack = createStack({}, [prometheus({ crds: { dir: 'crds' } })]);
    const result = render(stack, { inputs: { crds: crdFiles() } });
    const setup = [...result.files.keys()].filter((path) => path.includes('CustomResourceDefinition'));
    expect(setup).toEqual(
      Object.values(KINDS)
        .map((kind) => `setup/prometheusOperator-${crdKey(kind)}.yaml`)
        .sort(),
    );
    expect(result.summary.notices).toEqual([]);
    expect(result.files.get('Kustomization')).toContain(
      'setup/prometheusOperator-prometheusCustomResourceDefinition.yaml',
    );
  });

  test('without CRDs the summary says what to run first', () => {
    const result = render(createStack({}, [prometheus()]));
    expect([...result.files.keys()].some((path) => path.includes('CustomResourceDefinition'))).toBe(false);
    expect(result.summary.notices).toEqual([
      expect.objectContaining({
        id: 'prometheus-operator-crds',
        level: 'warning',
        message: expect.stringContaining('npx mixstack crds pull -o crds/'),
      }),
    ]);
  });

  test('CRD files given to render (mixstack build --crds DIR) end the notice, without the option', () => {
    const files = crdFiles({ [fileOf('prometheuses')]: crd('prometheuses') });
    const result = render(createStack({}, [prometheus()]), { inputs: { crds: files } });
    expect(result.stack.input('crds')).toBe('provided');
    expect(result.summary.notices.map((n) => n.id)).toEqual([]);
  });

  test('crds.dir makes the input required', () => {
    const error = errorOf(() => render(createStack({}, [prometheus({ crds: { dir: 'crds' } })])));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.path).toBe('inputs.crds');
  });

  test('a CRD of another version stops the build', () => {
    const files = crdFiles({ [fileOf('prometheuses')]: crd('prometheuses', { version: '0.90.0' }) });
    const error = errorOf(() => render(createStack({}, [prometheus()]), { inputs: { crds: files } }));
    expect(error.reason).toContain('0.90.0');
    expect(error.reason).toContain('0.93.0');
  });
});

if (hasSharedCrds) {
  describe("upstream's CRD files", () => {
    test.each(CRD_FILES.map((entry) => [entry.file, entry.sha256]))(
      'the shipped SHA-256 of %s is the one of the file',
      (file, sha256) => {
        expect(
          createHash('sha256')
            .update(readFileSync(join(sharedCrdDir, file)))
            .digest('hex'),
        ).toBe(sha256);
      },
    );

    test.each(CRD_FILES.map((entry) => [entry.jsonFile, entry.file, entry.jsonSha256]))(
      'the shipped SHA-256 of %s is the one of crdJsonFile(%s), which crds pull writes',
      (jsonFile, file, jsonSha256) => {
        const twin = crdJsonFile(file, readFileSync(join(sharedCrdDir, file), 'utf8'));
        expect(twin.file).toBe(jsonFile);
        expect(createHash('sha256').update(twin.text).digest('hex')).toBe(jsonSha256);
      },
    );

    test('the JSON forms build the objects of the release files, each written byte for byte', () => {
      const yaml = render(createStack({}, [prometheus()]), { inputs: { crds: readSharedCrds() } });
      const json = new Map(
        CRD_FILES.map(({ file }) => {
          const twin = crdJsonFile(file, readFileSync(join(sharedCrdDir, file), 'utf8'));
          return [twin.file, twin.text];
        }),
      );
      const result = render(createStack({}, [prometheus()]), { inputs: { crds: json } });
      const crds = result.objects.filter((o) => o.object.kind === 'CustomResourceDefinition');
      expect(crds).toHaveLength(10);
      for (const rendered of crds) {
        const fromYaml = yaml.objects.find((o) => o.path === rendered.path)!;
        expect(rendered.object).toEqual(fromYaml.object);
        const name = rendered.object.metadata?.name?.replace(/\.monitoring\.coreos\.com$/, '');
        expect(result.files.get(rendered.path)).toBe(json.get(`monitoring.coreos.com_${name}.json`));
      }
      // kubectl reads either file as the same object: kustomize's output is the same, byte for byte.
      const applied = kustomize(result.files);
      expect(applied.status, applied.stderr).toBe(0);
      expect(applied.stdout).toBe(kustomize(yaml.files).stdout);
      // An edited JSON file is not the pinned bytes: it is serialized as usual.
      const edited = new Map(json);
      const file = 'monitoring.coreos.com_probes.json';
      edited.set(
        file,
        edited.get(file)!.replace('The `Probe` custom resource', 'Edited. The `Probe` custom resource'),
      );
      const out = render(createStack({}, [prometheus()]), { inputs: { crds: edited } });
      const probe = out.objects.find((o) => o.object.metadata?.name === 'probes.monitoring.coreos.com')!;
      expect(out.files.get(probe.path)).toBe(toYaml(canonicalize(probe.object)));
      expect(out.files.get(probe.path)).toContain('Edited.');
    });

    test('a build with the shared CRD folder renders all ten into setup/', () => {
      const result = render(createStack({}, [prometheus()]), { inputs: { crds: readSharedCrds() } });
      const crds = result.objects.filter((o) => o.object.kind === 'CustomResourceDefinition');
      expect(crds.map((o) => o.object.metadata?.name).sort()).toEqual([...REQUIRED_CRD_NAMES]);
      expect(crds.every((o) => o.path.startsWith('setup/prometheusOperator-'))).toBe(true);
    });

    test("files with the pinned checksums are written byte for byte (after the leading '---'), and read as yaml reads them", () => {
      const files = readSharedCrds();
      const result = render(createStack({}, [prometheus()]), { inputs: { crds: files } });
      for (const { file } of CRD_FILES) {
        const upstream = files.get(file)!;
        const kind = (parse(upstream) as { spec: { names: { kind: string } } }).spec.names.kind;
        const path = `setup/prometheusOperator-${crdKey(kind)}.yaml`;
        expect(result.files.get(path), file).toBe(upstream.replace(/^---\n/, ''));
        const rendered = result.objects.find((o) => o.path === path)!;
        expect(rendered.object, file).toEqual(parse(upstream));
      }
    });

    test('an edited file (not the pinned bytes) and a CRD given common labels are serialized as usual', () => {
      const files = new Map(readSharedCrds());
      const file = 'monitoring.coreos.com_probes.yaml';
      files.set(
        file,
        files.get(file)!.replace('The `Probe` custom resource', 'Edited here. The `Probe` custom resource'),
      );
      const edited = render(createStack({}, [prometheus()]), { inputs: { crds: files } });
      const probe = edited.objects.find((o) => o.object.metadata?.name === 'probes.monitoring.coreos.com')!;
      expect(edited.files.get(probe.path)).toBe(toYaml(canonicalize(probe.object)));
      expect(edited.files.get(probe.path)).toContain('Edited here.');

      const labelled = render(createStack({ labels: { team: 'observability' } }, [prometheus()]), {
        inputs: { crds: readSharedCrds() },
      });
      for (const crd of labelled.objects.filter((o) => o.object.kind === 'CustomResourceDefinition')) {
        expect(crd.object.metadata?.labels).toEqual({ team: 'observability' });
        expect(labelled.files.get(crd.path)).toBe(toYaml(canonicalize(crd.object)));
      }
    });
  });
} else {
  test.skip(`upstream's CRD files: ${SHARED_SKIP_MESSAGE}`, () => {});
}
