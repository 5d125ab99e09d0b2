// What the promtool tests of this package's mixins share (tests only): the rule files a stack
// renders, and the report of the promtool test files that failed.
import { render, type Stack } from '@mixstack/core';
import type { RuleFileSpec } from '@mixstack/testing';

/** The `spec` of every PrometheusRule a stack renders, by mixin name (the object's app label). */
export function ruleFilesOf(stack: Stack): Record<string, RuleFileSpec> {
  const files: Record<string, RuleFileSpec> = {};
  for (const { object } of render(stack).objects) {
    if (object.kind !== 'PrometheusRule') continue;
    const mixin = object.metadata!.labels!['app.kubernetes.io/name']!;
    files[mixin] = (object as unknown as { spec: RuleFileSpec }).spec;
  }
  return files;
}

/** The report of every test file promtool did not pass, so a failure shows only what failed. */
export function failedFiles(output: string): string[] {
  return output
    .split(/^(?=Unit Testing: )/m)
    .filter((block) => block.startsWith('Unit Testing: ') && !/^\s+SUCCESS\s*$/m.test(block))
    .map((block) => block.trim());
}
