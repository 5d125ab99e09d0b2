#!/usr/bin/env node
// `npm run new-package -- component-foo [--description "..."]`: creates packages/component-foo
// with the shared skeleton (package.json, tsup and vitest configs, src/index.ts, a first
// factory with its options and test, README) and a changeset announcing it.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { workspaceRoot } from './workspace.mjs';

const templates = join(dirname(fileURLToPath(import.meta.url)), '../templates/package');
const KINDS = ['component', 'addon', 'lib', 'platform'];

export function namesOf(name) {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)+$/.test(name) || !KINDS.includes(name.split('-')[0])) {
    throw new Error(
      `"${name}" is not a package name: use ${KINDS.map((k) => `${k}-<name>`).join(', ')} in kebab-case (e.g. component-tempo)`,
    );
  }
  const words = name.split('-').slice(1);
  const camel = words.map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join('');
  const pascal = camel[0].toUpperCase() + camel.slice(1);
  return { name, camel, pascal };
}

function* walk(dir) {
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}

/** Creates the package under `root/packages/<name>`; returns the files written (relative to root). */
export function createPackage(name, { root = workspaceRoot, description } = {}) {
  const names = namesOf(name);
  const target = join(root, 'packages', name);
  if (existsSync(target)) throw new Error(`packages/${name} already exists`);
  const text = description ?? `mixstack ${name.split('-')[0]}: ${names.camel}.`;
  const fill = (value) =>
    value
      .replaceAll('__NAME__', names.name)
      .replaceAll('__CAMEL__', names.camel)
      .replaceAll('__PASCAL__', names.pascal)
      .replaceAll('__DESCRIPTION__', text);
  const written = [];
  for (const template of walk(templates)) {
    const file = join(target, fill(relative(templates, template)).replace(/\.tmpl$/, ''));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, fill(readFileSync(template, 'utf8')));
    written.push(relative(root, file));
  }
  const changeset = join(root, '.changeset', `new-${name}.md`);
  mkdirSync(dirname(changeset), { recursive: true });
  writeFileSync(changeset, `---\n'@mixstack/${name}': minor\n---\n\nNew package: ${text}\n`);
  written.push(relative(root, changeset));
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { description: { type: 'string' } },
  });
  if (positionals.length !== 1) {
    process.stderr.write(
      'usage: npm run new-package -- <component|addon|lib|platform>-<name> [--description "..."]\n',
    );
    process.exit(2);
  }
  try {
    const files = createPackage(positionals[0], { description: values.description });
    process.stdout.write(
      `created:\n${files.map((f) => `  ${f}`).join('\n')}\n\nnext: npm install (links the new workspace), then npx nx test @mixstack/${positionals[0]}\n`,
    );
  } catch (error) {
    process.stderr.write(`new-package: ${error.message}\n`);
    process.exit(1);
  }
}
