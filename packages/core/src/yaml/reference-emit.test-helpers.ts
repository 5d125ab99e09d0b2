import { Document, isScalar, Scalar, visit } from 'yaml';

// The writer `toYaml` used before the direct emitter, kept as the oracle its tests compare
// against byte for byte. Only tests import it: the build bundles from src/index.ts, so a
// file nothing there imports is not shipped.

const AMBIGUOUS = /^([-+]?0o[0-7]+|<<)$/;

/** One canonical value as YAML 1.1, through a `yaml` Document: the reference output. */
export function referenceToYaml(canonical: unknown): string {
  const document = new Document(canonical, {
    version: '1.1',
    customTags: (tags) =>
      tags.filter((tag) => typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:merge'),
  });
  visit(document, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === 'string' && AMBIGUOUS.test(node.value)) {
        node.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
  const text = document.toString({ lineWidth: 0, minContentWidth: 0, indentSeq: true, directives: false });
  return text.endsWith('\n') ? text : `${text}\n`;
}
