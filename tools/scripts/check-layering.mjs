#!/usr/bin/env node
// `npm run check-layering`: reads every import of every package under packages/ (source and
// tests: `import`, `export … from`, `import type`, `import()`, `require()`, `import x = require()`)
// and the workspace entries of every package.json, and fails on a direction the rules in
// tools/layering.rules.mjs do not allow. Each violation says where, what, which rule and the fix.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import * as defaultRules from '../layering.rules.mjs';
import { workspacePackages, workspaceRoot } from './workspace.mjs';

const SCANNED = /\.(d\.)?[cm]?[jt]sx?$/;
const posix = (path) => path.split(sep).join('/');

/** The npm name of a package folder under packages/. */
const nameOfFolder = (folder) => (folder === 'mixstack' ? 'mixstack' : `@mixstack/${folder}`);

/** `@scope/name/sub/path` → [`@scope/name`, `sub/path`]; `name/sub` → [`name`, `sub`]. */
function splitSpecifier(specifier) {
  const parts = specifier.split('/');
  const length = specifier.startsWith('@') ? 2 : 1;
  return [parts.slice(0, length).join('/'), parts.slice(length).join('/')];
}

function kindOfFolder(rules, folder) {
  return rules.KINDS.find((entry) => entry.folder.test(folder))?.kind;
}

/**
 * The workspace package an import names, or undefined for a third-party or Node module.
 * Names follow the folder convention, so a package that does not exist yet (the kit) has a kind.
 */
function workspaceTarget(rules, name) {
  if (rules.TEST_PACKAGES[name]) return { name, kind: rules.TEST_PACKAGES[name] };
  if (name === 'mixstack') return { name, kind: 'meta', folder: 'mixstack' };
  if (!name.startsWith('@mixstack/')) return undefined;
  const folder = name.slice('@mixstack/'.length);
  return { name, kind: kindOfFolder(rules, folder) ?? 'unknown', folder };
}

/** Every module specifier of a file with its line (1-based): static, dynamic and require. */
export function importsOf(path, text = readFileSync(path, 'utf8')) {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found = [];
  const add = (node) => {
    if (!node || !(ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) return;
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    found.push({ specifier: node.text, line });
  };
  const visit = (node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference))
      add(node.moduleReference.expression);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
      if ((isImport || isRequire) && node.arguments.length > 0) add(node.arguments[0]);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function filesOf(dir, ignored) {
  const out = [];
  const walk = (current) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!ignored.includes(entry.name)) walk(join(current, entry.name));
      } else if (SCANNED.test(entry.name)) out.push(join(current, entry.name));
    }
  };
  walk(dir);
  return out.sort();
}

/** The line of `"name":` inside a package.json section (1-based), for the report. */
function lineOfDependency(text, section, name) {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.includes(`"${section}"`));
  const at = lines.findIndex((line, index) => index > start && line.includes(`"${name}"`));
  return at === -1 ? 1 : at + 1;
}

const DESCRIBE = {
  core: '@mixstack/core',
  kit: '@mixstack/kit',
  component: 'a component',
  addon: 'an addon',
  platform: 'a platform',
  lib: 'a lib',
  meta: "the meta-package 'mixstack'",
  testing: "the test package '@mixstack/testing'",
  tools: 'the workspace tools',
  unknown: 'an unknown @mixstack package',
};

/** What to do instead of a forbidden import, given who imports what from where. */
function fixFor(rules, from, target, asTest) {
  const allowed = rules.RULES[from.kind]?.[asTest ? 'tests' : 'source'] ?? [];
  if (target.kind === 'unknown')
    return `no package folder kind matches '${target.name}'; name it core, kit, component-*, addon-*, platform-*, lib-* or mixstack`;
  if (target.kind === 'component' && allowed.includes('meta'))
    return `compose the component through the meta-package: import it from 'mixstack' (which re-exports the components and core) and list "mixstack" in devDependencies instead of "${target.name}"`;
  if (target.kind === 'component' || target.kind === 'meta')
    return asTest
      ? `test against a small part of your own or the contracts in the stack (@mixstack/core); do not import ${target.name}`
      : `read what you need from the contracts components publish in the stack (@mixstack/core), or move shared code into @mixstack/kit; do not import ${target.name}`;
  return `move what you need from ${target.name} into a layer ${from.name} may import (${allowed.map((k) => DESCRIBE[k]).join(', ') || 'none'})`;
}

/**
 * Checks a workspace (packages/ below `root`) against the rules; returns the violations, each
 * `{ file, line, import, rule, fix }` with `file` relative to `root`.
 */
export function checkLayering({ root = workspaceRoot, rules = defaultRules } = {}) {
  const violations = [];
  const packages = workspacePackages(root).map((pkg) => ({
    ...pkg,
    npmName: nameOfFolder(pkg.name),
    kind: kindOfFolder(rules, pkg.name),
  }));
  const byFolder = new Map(packages.map((pkg) => [pkg.name, pkg]));
  const isTestFile = (relativePath) => rules.TEST_FILES.some((pattern) => pattern.test(relativePath));
  let files = 0;

  for (const pkg of packages) {
    const from = { name: pkg.npmName, kind: pkg.kind };
    const manifestPath = posix(relative(root, join(pkg.dir, 'package.json')));
    if (!pkg.kind) {
      violations.push({
        file: manifestPath,
        line: 1,
        import: pkg.npmName,
        rule: 'every package is of one kind, by its folder name',
        fix: 'rename the folder core, kit, component-<name>, addon-<name>, platform-<name>, lib-<name> or mixstack',
      });
      continue;
    }
    const rule = rules.RULES[pkg.kind];
    const declared = {
      source: new Set([
        ...Object.keys(pkg.manifest.dependencies ?? {}),
        ...Object.keys(pkg.manifest.peerDependencies ?? {}),
        ...Object.keys(pkg.manifest.optionalDependencies ?? {}),
      ]),
      dev: new Set(Object.keys(pkg.manifest.devDependencies ?? {})),
    };

    // package.json: the dependencies say the same as the imports may.
    const manifestText = readFileSync(join(pkg.dir, 'package.json'), 'utf8');
    for (const section of ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies']) {
      const asTest = section === 'devDependencies';
      for (const name of Object.keys(pkg.manifest[section] ?? {})) {
        const target = workspaceTarget(rules, name);
        if (!target || name === pkg.npmName) continue;
        if (rule[asTest ? 'tests' : 'source'].includes(target.kind)) continue;
        violations.push({
          file: manifestPath,
          line: lineOfDependency(manifestText, section, name),
          import: `${section} "${name}"`,
          rule: `${rule.because} (${DESCRIBE[target.kind]} is not allowed in ${section})`,
          fix:
            target.kind === 'component' && rule.tests.includes('meta')
              ? `remove "${name}" from ${section}; tests compose components through "mixstack" in devDependencies`
              : `remove "${name}" from ${section}; ${fixFor(rules, from, target, asTest)}`,
        });
      }
    }

    // Every import of every file of the package.
    for (const path of filesOf(pkg.dir, rules.IGNORED_FOLDERS)) {
      files += 1;
      const inPackage = posix(relative(pkg.dir, path));
      const file = posix(relative(root, path));
      const asTest = isTestFile(inPackage);
      const allowed = rule[asTest ? 'tests' : 'source'];
      const report = (line, specifier, ruleText, fix) =>
        violations.push({ file, line, import: specifier, rule: ruleText, fix });

      for (const { specifier, line } of importsOf(path)) {
        if (specifier.startsWith('.')) {
          const target = resolve(dirname(path), specifier);
          const withinPackage = posix(relative(pkg.dir, target));
          if (withinPackage.startsWith('../') || withinPackage === '..') {
            const fromRoot = posix(relative(root, target));
            if (rules.SHARED_ROOT_FILES.includes(fromRoot)) continue;
            const [, other] = /^packages\/([^/]+)/.exec(fromRoot) ?? [];
            const otherName = other && (byFolder.get(other)?.npmName ?? nameOfFolder(other));
            report(
              line,
              specifier,
              other
                ? `no package imports another package's internals by relative path (this reaches into ${otherName})`
                : 'no package reaches outside its folder by relative path (a copy of the package folder must build and test on its own; configs come from @mixstack/testing by name)',
              other
                ? `import from '${otherName}' (its public API, src/index.ts) if the layering allows it`
                : 'import a package by its name, or move the file into this package',
            );
          } else if (!asTest && withinPackage.startsWith('src/') && isTestFile(withinPackage)) {
            report(
              line,
              specifier,
              'published source never imports a test file or test helper (it would be bundled into dist/)',
              'if this file is itself a test helper, name it test-helpers.ts or <topic>.test-helpers.ts; otherwise move what it needs out of the test helper',
            );
          }
          continue;
        }

        const [name, subpath] = splitSpecifier(specifier);
        const target = workspaceTarget(rules, name);
        if (!target) {
          // A library the package does not declare works here only because the workspace root
          // installs it; the package folder, copied out (npm run test:release), would not find it.
          // Any list will do: a library bundled into dist/ (tsup's noExternal) is a devDependency.
          const library = !specifier.startsWith('node:') && !isBuiltin(specifier) && name !== pkg.npmName;
          if (library && !declared.source.has(name) && !declared.dev.has(name)) {
            report(
              line,
              specifier,
              `a package declares the libraries it imports in its package.json (${name} is in none of its dependency lists; the workspace root's do not travel with the package)`,
              asTest
                ? `add "${name}" to devDependencies, at the version the workspace pins`
                : `add "${name}" to dependencies (or to devDependencies if tsup bundles it), at the version the workspace pins`,
            );
          }
          continue;
        }
        if (name === pkg.npmName && !subpath) continue;

        if (subpath) {
          const exported = byFolder.get(target.folder)?.manifest.exports;
          const declaredSubpath =
            exported && typeof exported === 'object' && Object.hasOwn(exported, `./${subpath}`);
          if (!declaredSubpath) {
            report(
              line,
              specifier,
              `no package imports another package's internals by a subpath its "exports" do not declare`,
              `import from '${name}' (its public API, src/index.ts); if something is missing there, ask for it to be exported`,
            );
            continue;
          }
        }
        if (name === pkg.npmName) continue;

        if (!asTest && (target.kind === 'testing' || target.kind === 'tools')) {
          report(
            line,
            specifier,
            `published source never imports ${DESCRIBE[target.kind]} (a development package: users of ${pkg.npmName} do not install it, so dist/ could not load it)`,
            'if this file is a test helper, name it test-helpers.ts or <topic>.test-helpers.ts; otherwise move the code that needs it into a test',
          );
          continue;
        }
        if (!allowed.includes(target.kind)) {
          report(
            line,
            specifier,
            `${rule.because} (${asTest ? 'a test' : 'published source'} of ${pkg.npmName} imports ${DESCRIBE[target.kind]})`,
            fixFor(rules, from, target, asTest),
          );
          continue;
        }
        // Allowed, but must be declared, or it works only through the vitest aliases.
        if (rules.TEST_PACKAGES[name]) continue;
        const isDeclared = declared.source.has(name) || (asTest && declared.dev.has(name));
        if (!isDeclared) {
          report(
            line,
            specifier,
            `a package declares what it imports in package.json (${name} is not in ${asTest ? 'any dependency list' : 'dependencies or peerDependencies'})`,
            asTest
              ? `add "${name}" to devDependencies, with a caret range on its version ("^0.1.0")`
              : `add "${name}" to ${name === '@mixstack/core' ? 'peerDependencies (and devDependencies)' : 'dependencies'}, with a caret range on its version ("^0.1.0")`,
          );
        }
      }
    }
  }
  return { violations, packages: packages.length, files };
}

/** The report printed for a list of violations. */
export function formatViolations(violations) {
  return violations
    .map((v) => `${v.file}:${v.line}: ${v.import}\n  rule: ${v.rule}\n  fix:  ${v.fix}`)
    .join('\n\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const root = process.argv[2] ? resolve(process.argv[2]) : workspaceRoot;
  if (!existsSync(join(root, 'packages'))) {
    process.stderr.write(`check-layering: ${root} has no packages/ folder\n`);
    process.exit(2);
  }
  const { violations, packages, files } = checkLayering({ root });
  if (violations.length > 0) {
    process.stderr.write(`${formatViolations(violations)}\n\n`);
    process.stderr.write(
      `layering: ${violations.length} violation${violations.length === 1 ? '' : 's'} (rules: tools/layering.rules.mjs)\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`layering: ${packages} packages, ${files} files, no violation\n`);
}
