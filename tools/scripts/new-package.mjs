#!/usr/bin/env node
// `npm run new-package -- <kind>-<name> [--description "..."]`: creates packages/<kind>-<name>
// with the full skeleton of its kind (docs/writing-a-component.md says what each file is for)
// and a changeset announcing it.
//
// Templates: tools/templates/common/ (package.json, tsconfig, tsup and vitest configs), then
// tools/templates/<kind>/ (sources, tests, README, golden files), a kind's file replacing a
// common one of the same path. Files under `@root/` go to the workspace root instead of the
// package (a component's runbook in docs/runbooks/). Every template ends in `.tmpl`; names and
// contents have these placeholders, shown for `component-foo-bar`:
//   __NAME__ component-foo-bar   __KIND__ component   __BASE__ foo-bar   __CAMEL__ fooBar
//   __PASCAL__ FooBar   __CONST__ FOO_BAR   __TITLE__ Foo Bar   __DESCRIPTION__ (the option)
// The new package is formatted with Biome at the end. The component's golden files are
// templates too, rendered by a generated component: `npm run golden` rewrites them (see
// new-package.test.ts), like every other golden file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { workspacePackages, workspaceRoot } from './workspace.mjs';

export const TEMPLATES = join(dirname(fileURLToPath(import.meta.url)), '../templates');

/**
 * The dependencies of each kind's package.json. A workspace package gets a caret range on its
 * current version (a range the published package satisfies; changesets moves it on release); a third-party
 * package gets the version the workspace's packages pin, so that a new package adds no second
 * copy. The layering rules (tools/layering.rules.mjs) say which workspace packages a kind may
 * name: components build on the kit, addons, platforms and libs act on core's contracts.
 */
/**
 * What every package builds and tests with, declared by the package itself so that its folder,
 * copied out of the workspace, installs them (the configs come from @mixstack/testing).
 */
const BUILD_TOOLS = ['@mixstack/testing', '@types/node', 'tsup', 'typescript', 'vitest'];

export const KINDS = {
  component: {
    dependencies: ['@mixstack/kit'],
    peerDependencies: ['@mixstack/core'],
    devDependencies: ['@mixstack/core', ...BUILD_TOOLS, 'kubernetes-models', 'yaml'],
  },
  addon: { peerDependencies: ['@mixstack/core'], devDependencies: ['@mixstack/core', ...BUILD_TOOLS] },
  platform: { peerDependencies: ['@mixstack/core'], devDependencies: ['@mixstack/core', ...BUILD_TOOLS] },
  lib: { peerDependencies: ['@mixstack/core'], devDependencies: ['@mixstack/core', ...BUILD_TOOLS] },
};

/** Names core keeps for itself (values keys), and words YAML would read as something else than a name. */
const RESERVED = ['stack', 'common', 'contracts', 'true', 'false', 'null'];

export function namesOf(name) {
  const kind = name.split('-')[0];
  if (!/^[a-z][a-z0-9]*(-[a-z][a-z0-9]*)+$/.test(name) || !Object.hasOwn(KINDS, kind)) {
    throw new Error(
      `"${name}" is not a package name: use ${Object.keys(KINDS)
        .map((k) => `${k}-<name>`)
        .join(', ')} in kebab-case, each word starting with a letter (e.g. component-tempo)`,
    );
  }
  const words = name.split('-').slice(1);
  const base = words.join('-');
  const camel = words.map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join('');
  if (RESERVED.includes(camel)) throw new Error(`"${name}": "${camel}" is reserved, choose another name`);
  return {
    name,
    kind,
    base,
    camel,
    pascal: camel[0].toUpperCase() + camel.slice(1),
    constant: words.join('_').toUpperCase(),
    title: words.map((w) => w[0].toUpperCase() + w.slice(1)).join(' '),
  };
}

function* walk(dir) {
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}

/** The templates of a kind by their (unfilled) relative path: the common files, then the kind's. */
export function templatesOf(kind, templates = TEMPLATES) {
  const files = new Map();
  for (const folder of ['common', kind]) {
    const dir = join(templates, folder);
    for (const path of walk(dir)) files.set(relative(dir, path).split(sep).join('/'), path);
  }
  return files;
}

const PLACEHOLDERS = [
  ['__NAME__', 'name'],
  ['__KIND__', 'kind'],
  ['__BASE__', 'base'],
  ['__CAMEL__', 'camel'],
  ['__PASCAL__', 'pascal'],
  ['__CONST__', 'constant'],
  ['__TITLE__', 'title'],
];

/** Replaces the placeholders of a template's name or text. */
export function fill(text, names, description = '') {
  let out = text;
  for (const [placeholder, key] of PLACEHOLDERS) out = out.replaceAll(placeholder, names[key]);
  return out.replaceAll('__DESCRIPTION__', description);
}

/**
 * Turns a generated text back into a template (for golden files rendered by a generated package,
 * see new-package.test.ts): the longest names first; the kind is left as it is (a common word).
 */
export function unfill(text, names) {
  let out = text;
  const order = ['name', 'title', 'pascal', 'camel', 'constant', 'base'];
  for (const key of order) out = out.replaceAll(names[key], PLACEHOLDERS.find(([, k]) => k === key)[0]);
  return out;
}

/** `^` and the current version of a workspace package (as installed: node_modules links it). */
function workspaceRange(root, dependency) {
  const manifest = join(root, 'node_modules', dependency, 'package.json');
  if (!existsSync(manifest)) throw new Error(`${dependency} is not installed in ${root}: run npm install`);
  return `^${JSON.parse(readFileSync(manifest, 'utf8')).version}`;
}

/** The version of a third-party package that the workspace's packages pin. */
function pinnedVersion(root, dependency) {
  for (const { manifest } of workspacePackages(root)) {
    const version = manifest.devDependencies?.[dependency] ?? manifest.dependencies?.[dependency];
    if (version && !version.startsWith('^')) return version;
  }
  throw new Error(
    `no package of the workspace pins ${dependency}: add it to one, or to KINDS with a version`,
  );
}

/**
 * A golden Kustomization lists its files as core sorts them (`setup/` first, then by path), and
 * where the package's files fall among the stack's own (`stack-…`) depends on the package name:
 * the template's order is restored here for the generated name.
 */
export function sortedKustomization(text) {
  const lines = text.split('\n');
  const start = lines.indexOf('resources:') + 1;
  if (start === 0) return text;
  let end = start;
  while (end < lines.length && lines[end].startsWith('  - ')) end += 1;
  const setupFirst = (line) => (line.startsWith('  - setup/') ? 0 : 1);
  const sorted = lines
    .slice(start, end)
    .sort((a, b) => setupFirst(a) - setupFirst(b) || (a < b ? -1 : a > b ? 1 : 0));
  return [...lines.slice(0, start), ...sorted, ...lines.slice(end)].join('\n');
}

function manifest(text, names, description, root) {
  const pkg = JSON.parse(text);
  pkg.description = description;
  for (const [section, list] of Object.entries(KINDS[names.kind])) {
    pkg[section] = Object.fromEntries(
      [...list]
        .sort()
        .map((dependency) => [
          dependency,
          dependency.startsWith('@mixstack/')
            ? workspaceRange(root, dependency)
            : pinnedVersion(root, dependency),
        ]),
    );
  }
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/**
 * Formats the new package with the workspace's Biome settings, and sorts its imports: where a
 * name sorts depends on the package's name, so the templates cannot be in order for every one.
 */
function format(root, dir) {
  const result = spawnSync(join(root, 'node_modules/.bin/biome'), ['check', '--write', relative(root, dir)], {
    cwd: root,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(
      `biome check --write ${relative(root, dir)} failed (the templates need a fix):\n${result.stdout}${result.stderr}`,
    );
  }
}

/**
 * Creates the package under `root/packages/<name>` (and its files under `@root/`); returns the
 * files written, relative to `root`.
 */
export function createPackage(name, { root = workspaceRoot, description, templates = TEMPLATES } = {}) {
  const names = namesOf(name);
  const text = description ?? `mixstack ${names.kind}: ${names.title}.`;
  if (/\n|\*\//.test(text)) throw new Error('the description is one line, without "*/"');
  const target = join(root, 'packages', name);
  if (existsSync(target)) throw new Error(`packages/${name} already exists`);
  const outputs = [...templatesOf(names.kind, templates)].map(([path, template]) => {
    const filled = fill(path, names).replace(/\.tmpl$/, '');
    const file = filled.startsWith('@root/')
      ? join(root, filled.slice('@root/'.length))
      : join(target, filled);
    return { file, template };
  });
  for (const { file } of outputs) {
    if (existsSync(file)) throw new Error(`${relative(root, file)} already exists`);
  }
  const written = [];
  for (const { file, template } of outputs) {
    const filledContent = fill(readFileSync(template, 'utf8'), names, text);
    const content = file.endsWith(`${sep}Kustomization`) ? sortedKustomization(filledContent) : filledContent;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, file.endsWith(`${sep}package.json`) ? manifest(content, names, text, root) : content);
    written.push(relative(root, file));
  }
  format(root, target);
  const changeset = join(root, '.changeset', `new-${name}.md`);
  mkdirSync(dirname(changeset), { recursive: true });
  writeFileSync(changeset, `---\n'@mixstack/${name}': minor\n---\n\nNew package: ${text}\n`);
  written.push(relative(root, changeset));
  return written.sort();
}

const NEXT_STEPS = {
  component:
    'pin the image of your component in src/versions.ts and adapt src/manifests/, write its runbooks (docs/runbooks/), then npm run golden and review the golden files',
  addon: 'adapt src/config.ts and the part in src/',
  platform: 'adapt src/config.ts and the part in src/',
  lib: 'adapt src/config.ts and the part in src/',
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { description: { type: 'string' } },
  });
  if (positionals.length !== 1) {
    process.stderr.write(
      'usage: npm run new-package -- <component|addon|platform|lib>-<name> [--description "..."]\n',
    );
    process.exit(2);
  }
  try {
    const [name] = positionals;
    const files = createPackage(name, { description: values.description });
    process.stdout.write(
      `created:\n${files.map((f) => `  ${f}`).join('\n')}\n\nnext: npm install (links the new workspace), npx nx test @mixstack/${name}; then ${NEXT_STEPS[namesOf(name).kind]}. See docs/writing-a-component.md.\n`,
    );
  } catch (error) {
    process.stderr.write(`new-package: ${error.message}\n`);
    process.exit(1);
  }
}
