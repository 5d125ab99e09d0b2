import { MixstackError, parseYamlDocuments } from '@mixstack/core';

/**
 * The JSON form of an upstream CRD file, which `mixstack crds pull` writes and builds read:
 * the same object, `JSON.stringify` of the file's one document and a line break, named
 * `<name>.json` instead of `<name>.yaml`. JSON is YAML, so kubectl and kustomize apply it as it
 * is; and Node reads it with its native JSON parser, about six times faster than any reader of
 * YAML in JavaScript can on a cold start (the 4.5 MB of a release: 16 ms against 95 ms, see
 * `npm run bench`). The SHA-256 of each release file's JSON form is in checksums.gen.ts.
 */
export function crdJsonFile(file: string, yamlText: string): { file: string; text: string } {
  const documents = parseYamlDocuments(yamlText).filter(
    (document) => document.error !== undefined || (document.value !== null && document.value !== undefined),
  );
  const [document] = documents;
  if (documents.length !== 1 || document === undefined || document.error !== undefined) {
    throw new MixstackError({
      code: 'SCHEMA',
      message:
        document?.error !== undefined
          ? `${file} is not valid YAML: ${document.error}`
          : `${file} holds ${documents.length} YAML documents, not one CRD`,
      address: 'prometheusOperator/crds',
      path: file,
      hint: 'give the CRD files of prometheus-operator as released, one CRD per file',
    });
  }
  return { file: file.replace(/\.ya?ml$/, '') + '.json', text: `${JSON.stringify(document.value)}\n` };
}
