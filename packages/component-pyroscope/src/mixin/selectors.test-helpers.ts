// Test helper (not exported from the package): the vector selectors of a PromQL expression, to
// check that every one of them carries the cluster matcher, with the testing package's
// tokenizer (`vectorSelectorsOf`: the package has no PromQL grammar among its dependencies).

import { vectorSelectorsOf as selectorsOf } from '@mixstack/testing';

export { selectorsOf };

/**
 * The selectors of an expression without `matcher` among their matchers (a matcher inside a
 * string value does not count), each as `<where>: <selector>`; none when every one has it.
 */
export function selectorsWithout(matcher: string, where: string, expr: string): string[] {
  const { braced, bare } = selectorsOf(expr);
  // The matchers between the braces, split on the commas outside strings.
  const matchersOf = (selector: string) =>
    [...selector.slice(selector.indexOf('{') + 1, -1).matchAll(/(?:[^,"]|"(?:[^"\\]|\\.)*")+/g)].map((m) =>
      m[0].trim(),
    );
  return [
    ...braced.filter((s) => !matchersOf(s).includes(matcher)).map((s) => `${where}: ${s}`),
    ...bare.map((name) => `${where}: ${name} (no selector)`),
  ];
}
