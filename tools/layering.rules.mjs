/**
 * The layering of the workspace (DESIGN.md §4 and §8), in one place: which package may import
 * which. `npm run check-layering` (tools/scripts/check-layering.mjs, run by `.ci/run`) reads every
 * import of every package — source and tests; `import`, `export … from`, `import()`,
 * `require()` — and every workspace entry of its package.json, and fails on anything these
 * rules do not allow.
 *
 * The direction, from the bottom up:
 *
 *   core  ←  kit  ←  components  ←  mixstack (meta-package)
 *             ↑
 *   addons, platforms, libs (act on the contracts components publish in the stack, never on a
 *   component's code)
 *
 * A package always may import itself by name. `tools/` (not published) may import anything and
 * is not checked.
 */

/**
 * The kind of a package, from its folder under packages/ (its npm name is `@mixstack/<folder>`,
 * except the meta-package, which is `mixstack`). The names test packages use are listed too.
 * First match wins; a folder that matches no kind is itself a violation.
 */
export const KINDS = [
  { kind: 'core', folder: /^core$/ },
  { kind: 'kit', folder: /^kit$/ },
  { kind: 'component', folder: /^component-[a-z0-9-]+$/ },
  { kind: 'addon', folder: /^addon-[a-z0-9-]+$/ },
  { kind: 'platform', folder: /^platform-[a-z0-9-]+$/ },
  { kind: 'lib', folder: /^lib-[a-z0-9-]+$/ },
  { kind: 'meta', folder: /^mixstack$/ },
  { kind: 'testing', folder: /^testing$/ },
];

/** Workspace names that are not under packages/: the tools workspace (never published). */
export const TEST_PACKAGES = { '@mixstack/tools': 'tools' };

/**
 * What each kind may import, by kind. `source` is what the published code (`src/`, tests and
 * test helpers excluded) and the package's `dependencies` / `peerDependencies` may name; `tests`
 * is what tests, test helpers, configs and scripts, and `devDependencies`, may name.
 * `because` is printed with every violation.
 */
export const RULES = {
  core: {
    source: [],
    tests: ['testing'],
    because: '@mixstack/core is the bottom layer: it imports no other workspace package',
  },
  kit: {
    source: ['core'],
    tests: ['core', 'testing'],
    because: 'the kit is what every component builds with: it imports only @mixstack/core',
  },
  component: {
    source: ['core', 'kit'],
    tests: ['core', 'kit', 'testing'],
    because:
      'components import only @mixstack/core and the kit; never another component, the meta-package, addons, platforms or libs',
  },
  addon: {
    source: ['core', 'kit'],
    // Tests compose real components only through the meta-package or the test package.
    tests: ['core', 'kit', 'meta', 'testing'],
    because:
      "addons act on the contracts components publish in the stack, not on a component's code: they import only @mixstack/core and the kit (tests may compose real components through 'mixstack')",
  },
  platform: {
    source: ['core', 'kit'],
    tests: ['core', 'kit', 'meta', 'testing'],
    because:
      "platforms act on the contracts components publish in the stack, not on a component's code: they import only @mixstack/core and the kit (tests may compose real components through 'mixstack')",
  },
  lib: {
    source: ['core', 'kit'],
    tests: ['core', 'kit', 'meta', 'testing'],
    because:
      "libs act on the contracts components publish in the stack, not on a component's code: they import only @mixstack/core and the kit (tests may compose real components through 'mixstack')",
  },
  testing: {
    // The development kit: its archiver component is written against core only, like a new one.
    source: ['core'],
    tests: ['core'],
    because: '@mixstack/testing is what every package tests and builds with: it imports only @mixstack/core',
  },
  meta: {
    source: ['core', 'kit', 'component', 'addon', 'platform', 'lib'],
    tests: ['core', 'kit', 'component', 'addon', 'platform', 'lib', 'testing'],
    because: 'the meta-package may import every published package, never the test package from its source',
  },
};

/**
 * Files that never reach a package's dist/, judged by the `tests` rules: tests, test helpers
 * (`test-helpers.ts` or `<topic>.test-helpers.ts`, only ever imported by tests), and everything
 * outside `src/` (configs, scripts). Paths are relative to the package folder, with `/`.
 * Published source must never import a test file (it would be bundled into dist/).
 */
export const TEST_FILES = [
  /\.test\.[cm]?[jt]sx?$/,
  /(^|\/)([a-z0-9-]+\.)?test-helpers\.(d\.)?[cm]?[jt]s$/,
  /^(?!src\/)/, // not under src/
];

/**
 * Files outside a package that it may import by relative path: none. The build and test
 * configurations every package extends come from `@mixstack/testing` by name, so a package
 * folder copied out of the workspace still finds them.
 */
export const SHARED_ROOT_FILES = [];

/** Folders never scanned. */
export const IGNORED_FOLDERS = ['node_modules', 'dist', '__golden__', '.nx', 'coverage', '.vitest-tmp'];
