// Checks a generated Alloy model against the reference lists of Alloy 1.18's components
// (../shared/reference/config-keys/alloy.tsv and alloy-source-diff.tsv). Tests only.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AlloyFile, Block, Statement, Value } from './syntax/model.js';

interface Row {
  kind: 'argument' | 'block' | 'export';
  repeats: boolean;
  required: boolean;
}

/** The reference: per component, its paths (`selectors.role`, `stage.json`) and what each is. */
export interface AlloyReference {
  components: Map<string, Map<string, Row>>;
}

function rows(file: string): string[][] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.split('\t'));
}

export function loadAlloyReference(dir: string): AlloyReference {
  const components = new Map<string, Map<string, Row>>();
  for (const [component, path, kind, type, required] of rows(join(dir, 'alloy.tsv'))) {
    if (component === 'component' || !component || !path) continue;
    const paths = components.get(component) ?? new Map<string, Row>();
    paths.set(path, {
      kind: kind as Row['kind'],
      repeats: type === 'block[]',
      required: required === 'yes',
    });
    components.set(component, paths);
  }
  // Where the source is what the binary enforces: arguments it requires, blocks it repeats.
  for (const [component, path, check] of rows(join(dir, 'alloy-source-diff.tsv'))) {
    const row = components.get(component!)?.get(path!);
    if (!row) continue;
    if (check === 'required') row.required = true;
    if (check === 'repeat-ok') row.repeats = true;
  }
  return { components };
}

/** The direct children of `prefix` in a component's paths: a dotless name after the prefix, or a block row's name. */
function childrenOf(paths: Map<string, Row>, prefix: string): Map<string, Row> {
  const blocks = [...paths].filter(([path, row]) => row.kind === 'block' && path.startsWith(prefix));
  const children = new Map<string, Row>();
  for (const [path, row] of paths) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    // A child is one name, or a block whose name has dots (`stage.json`, `metric.counter`):
    // it must not sit inside another block below the prefix.
    const inside = blocks.some(
      ([other]) => other !== path && path.startsWith(`${other}.`) && other.length > prefix.length,
    );
    if (rest === '' || inside) continue;
    if (row.kind === 'block' || !rest.includes('.')) children.set(rest, row);
  }
  return children;
}

function references(value: Value, out: { component: string; label: string; export: string }[]): void {
  if (Array.isArray(value)) for (const item of value) references(item, out);
  else if (typeof value === 'object' && value !== null && 'kind' in value) {
    if (value.kind === 'reference') out.push(value);
    else if (value.kind === 'call') for (const arg of value.args) references(arg, out);
    else if (value.kind === 'concat') for (const part of value.parts) references(part, out);
    else if (value.kind === 'object') for (const field of Object.values(value.fields)) references(field, out);
  }
}

/**
 * What in `file` Alloy 1.18 would refuse: a component, argument or block it does not have, a
 * block repeated that may not repeat, a required argument or block left out, a reference to
 * an export the component lacks or to a component the file does not define.
 */
export function alloyReferenceViolations(file: AlloyFile, reference: AlloyReference): string[] {
  const violations: string[] = [];
  const defined = new Set(file.blocks.map((b) => `${b.name}.${b.label ?? ''}`));
  const checkBody = (
    component: string,
    paths: Map<string, Row>,
    prefix: string,
    body: readonly Statement[],
    where: string,
  ) => {
    const children = childrenOf(paths, prefix);
    const seen = new Map<string, number>();
    for (const statement of body) {
      const row = children.get(statement.name);
      const path = `${prefix}${statement.name}`;
      seen.set(statement.name, (seen.get(statement.name) ?? 0) + 1);
      if (!row || row.kind !== (statement.kind === 'attribute' ? 'argument' : 'block')) {
        violations.push(`${where}: ${component} has no ${statement.kind} "${path}"`);
        continue;
      }
      if (statement.kind === 'attribute') {
        const found: { component: string; label: string; export: string }[] = [];
        references(statement.value, found);
        for (const ref of found) {
          if (reference.components.get(ref.component)?.get(ref.export)?.kind !== 'export')
            violations.push(
              `${where}: ${path} references ${ref.component}.${ref.label}.${ref.export}, an export ${ref.component} does not have`,
            );
          if (!defined.has(`${ref.component}.${ref.label}`))
            violations.push(
              `${where}: ${path} references ${ref.component} "${ref.label}", which the file does not define`,
            );
        }
      } else if (path !== 'stage.match' && !path.endsWith('.stage.match')) {
        checkBody(component, paths, `${path}.`, (statement as Block).body, where);
      }
    }
    for (const [name, count] of seen)
      if (count > 1 && children.get(name)?.kind === 'block' && !children.get(name)!.repeats)
        violations.push(`${where}: block "${prefix}${name}" of ${component} may not repeat`);
    for (const [name, row] of children)
      if (row.required && !seen.has(name))
        violations.push(`${where}: ${component} requires ${row.kind} "${prefix}${name}"`);
  };
  for (const top of file.blocks) {
    const where = `${top.name} "${top.label ?? ''}"`;
    const paths = reference.components.get(top.name);
    if (!paths) {
      violations.push(`${where}: Alloy 1.18 has no component ${top.name}`);
      continue;
    }
    checkBody(top.name, paths, '', top.body, where);
  }
  return violations;
}
