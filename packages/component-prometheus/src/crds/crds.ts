import {
  contentHash,
  type InputFiles,
  isPlainObject,
  type KubeObject,
  MixstackError,
  parseYamlDocuments,
  withVerbatimYaml,
  type YamlDocument,
} from '@mixstack/core';
import { CRD_FILES, CRDS_OPERATOR_VERSION } from './checksums.gen.js';

/** The input id the operator part requests (`mixstack build --crds DIR` is `--input crds=DIR`). */
export const CRDS_INPUT = 'crds';

/** Where `mixstack crds pull` downloads the CRD files from, by default. */
export const DEFAULT_CRDS_BASE_URL = `https://raw.githubusercontent.com/prometheus-operator/prometheus-operator/v${CRDS_OPERATOR_VERSION}/example/prometheus-operator-crd`;

/** The command that fetches the CRDs, as the notice and the errors tell it. */
export const CRDS_PULL_COMMAND = 'npx mixstack crds pull -o crds/';

/** `monitoring.coreos.com_prometheuses.yaml` → `prometheuses.monitoring.coreos.com`. */
function crdNameOf(file: string): string {
  const match = /^monitoring\.coreos\.com_([a-z]+)\.yaml$/.exec(file);
  return match ? `${match[1]}.monitoring.coreos.com` : file;
}

/** The SHA-256 of each file of the pinned release, and of its JSON form, by file name. */
const PINNED_SHA256: ReadonlyMap<string, string> = new Map(
  CRD_FILES.flatMap((entry) => [
    [entry.file, entry.sha256],
    [entry.jsonFile, entry.jsonSha256],
  ]),
);

/**
 * The documents of a CRD file: a `.json` file (what `mixstack crds pull` writes, see json.ts)
 * is read by JSON.parse, any other by the YAML reader. JSON is YAML, so both give the same
 * object for the same CRD; JSON.parse gives it several times faster.
 */
function documentsOf(file: string, text: string): YamlDocument[] {
  if (!file.endsWith('.json')) return parseYamlDocuments(text);
  try {
    return [{ value: JSON.parse(text) as unknown, text }];
  } catch (error) {
    return [{ value: undefined, text, error: (error as Error).message }];
  }
}

/** The names of the CRDs the operator needs: one per file of its release. */
export const REQUIRED_CRD_NAMES: readonly string[] = CRD_FILES.map((entry) => crdNameOf(entry.file)).sort();

const ADDRESS = 'prometheusOperator';

function crdError(
  code: 'SCHEMA' | 'NOT_FOUND' | 'DUPLICATE_OBJECT',
  message: string,
  path: string,
  value: unknown,
  hint: string,
): MixstackError {
  return new MixstackError({ code, message, address: `${ADDRESS}/crds`, path, value, hint });
}

/** `PrometheusAgent` → `prometheusAgentCustomResourceDefinition`, the object key (as kube-prometheus names the file). */
export function crdKey(kind: string): string {
  return `${kind[0]!.toLowerCase()}${kind.slice(1)}CustomResourceDefinition`;
}

const get = (value: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((current, key) => (isPlainObject(current) ? current[key] : undefined), value);

/**
 * The CRD files of the `crds` input as objects by key, after checking that each document is a
 * CustomResourceDefinition of `monitoring.coreos.com` made for `operatorVersion` (its
 * `operator.prometheus.io/version` annotation) and that none of the operator's CRDs is
 * missing. Pure: the CLI read the files.
 *
 * A file is the release's `.yaml` file or its JSON form (`.json`, what `mixstack crds pull`
 * writes; see json.ts), read by JSON.parse. A file whose SHA-256 is the pinned one of either
 * is written to setup/ as it is, byte for byte (JSON is YAML): the cluster gets exactly that
 * file, and megabytes are not serialized again. Its object is still read, checked and
 * validated like any other. Any other file (an edited one, another release) is serialized.
 */
export function crdObjects(
  files: InputFiles,
  operatorVersion: string | undefined,
): Record<string, KubeObject> {
  if (operatorVersion === undefined) {
    throw crdError(
      'SCHEMA',
      'the operator image names no version, so the CRD files cannot be checked against it',
      'image',
      undefined,
      'pin the operator image with a version tag (":v0.93.0", optionally followed by "@sha256:...")',
    );
  }
  const objects: Record<string, KubeObject> = {};
  const seen = new Map<string, string>();
  for (const file of [...files.keys()].sort()) {
    const text = files.get(file)!;
    const list = documentsOf(file, text);
    const pinned = list.length === 1 && PINNED_SHA256.get(file) === contentHash(text);
    list.forEach((document, index) => {
      const where = list.length > 1 ? `${file}#${index + 1}` : file;
      if (document.error !== undefined) {
        throw crdError(
          'SCHEMA',
          `${where} is not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${document.error}`,
          where,
          undefined,
          `fetch the files again with \`${CRDS_PULL_COMMAND}\``,
        );
      }
      const object: unknown = document.value;
      if (object === null || object === undefined) return;
      const kind = get(object, 'kind');
      const apiVersion = get(object, 'apiVersion');
      if (kind !== 'CustomResourceDefinition' || apiVersion !== 'apiextensions.k8s.io/v1') {
        throw crdError(
          'SCHEMA',
          `${where} is not a CustomResourceDefinition (apiextensions.k8s.io/v1) but ${String(apiVersion)} ${String(kind)}`,
          where,
          kind,
          'the crds directory holds only the CRD files of prometheus-operator',
        );
      }
      const group = get(object, 'spec', 'group');
      if (group !== 'monitoring.coreos.com') {
        throw crdError(
          'SCHEMA',
          `${where} defines a CRD of the group "${String(group)}", not monitoring.coreos.com`,
          `${where}: spec.group`,
          group,
          'the crds directory holds only the CRD files of prometheus-operator',
        );
      }
      const version = get(object, 'metadata', 'annotations', 'operator.prometheus.io/version');
      if (version !== operatorVersion) {
        throw crdError(
          'SCHEMA',
          typeof version === 'string'
            ? `${where} is the CRD of prometheus-operator ${version}, but the stack deploys prometheus-operator ${operatorVersion}`
            : `${where} does not say which prometheus-operator it belongs to (no operator.prometheus.io/version annotation), and the stack deploys prometheus-operator ${operatorVersion}`,
          `${where}: metadata.annotations.operator.prometheus.io/version`,
          version,
          operatorVersion === CRDS_OPERATOR_VERSION
            ? `replace the files with \`${CRDS_PULL_COMMAND}\` (CRDs of v${CRDS_OPERATOR_VERSION})`
            : `put the CRD files of prometheus-operator v${operatorVersion} in the directory, or deploy the operator version of the CRDs`,
        );
      }
      const name = get(object, 'metadata', 'name');
      const crdKind = get(object, 'spec', 'names', 'kind');
      if (typeof name !== 'string' || typeof crdKind !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(crdKind)) {
        throw crdError(
          'SCHEMA',
          `${where} has no metadata.name or spec.names.kind`,
          where,
          name,
          `fetch the files again with \`${CRDS_PULL_COMMAND}\``,
        );
      }
      const previous = seen.get(name);
      if (previous !== undefined) {
        throw crdError(
          'DUPLICATE_OBJECT',
          `the CRD ${name} is defined twice, in ${previous} and in ${where}`,
          where,
          name,
          "keep one file per CRD in the directory: the .json file `mixstack crds pull` writes or the release's .yaml file, not both (pulling again replaces the files an earlier pull wrote)",
        );
      }
      seen.set(name, where);
      objects[crdKey(crdKind)] = pinned
        ? withVerbatimYaml(object as KubeObject, document.text)
        : (object as KubeObject);
    });
  }
  const missing = REQUIRED_CRD_NAMES.filter((name) => !seen.has(name));
  if (missing.length > 0) {
    throw crdError(
      'NOT_FOUND',
      `the CRD files of ${missing.join(', ')} are missing`,
      '',
      missing,
      `fetch all ten files with \`${CRDS_PULL_COMMAND}\``,
    );
  }
  return objects;
}
