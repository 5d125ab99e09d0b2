import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from './problems.js';

/**
 * The files of a new stack repository: a `package.json` depending on this mixstack version,
 * a `tsconfig.json` that type-checks the stack, `stack.ts` with the default stack written out,
 * and a `.gitignore`. `npm install && npm run build` renders it at once.
 */
export function scaffoldFiles(version: string): Map<string, string> {
  const packageJson = {
    name: 'my-stack',
    private: true,
    type: 'module',
    scripts: {
      build: 'mixstack build stack.ts -o manifests',
      validate: 'mixstack validate stack.ts',
      typecheck: 'tsc -p tsconfig.json',
    },
    dependencies: { mixstack: `^${version}` },
    devDependencies: { typescript: '^5.9.3' },
  };
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noEmit: true,
      skipLibCheck: true,
    },
    include: ['stack.ts'],
  };
  const stack = `import { createStack, grafana, prometheus } from 'mixstack';

/**
 * The observability stack of this repository. \`npm run build\` renders it into manifests/
 * (commit them; a GitOps tool applies them). The prometheus-operator CRDs: run
 * \`npx mixstack crds pull -o crds/\` once, commit crds/, and pass \`prometheus({ crds: { dir: 'crds' } })\`.
 */
export default createStack({ namespace: 'monitoring' }, [prometheus(), grafana()]);
`;
  const gitignore = `node_modules/
# manifests/ is not ignored: the rendered manifests are committed, so a GitOps tool
# (Argo CD, Flux) applies them and every change of the stack is reviewed as a diff.
`;
  return new Map([
    ['package.json', `${JSON.stringify(packageJson, null, 2)}\n`],
    ['tsconfig.json', `${JSON.stringify(tsconfig, null, 2)}\n`],
    ['stack.ts', stack],
    ['.gitignore', gitignore],
  ]);
}

/**
 * Writes the scaffold into `directory` (created if absent). Refuses, writing nothing, when any
 * of the files exists already: init never overwrites a file.
 */
export function initRepository(directory: string, version: string): string[] {
  const files = scaffoldFiles(version);
  const existing = [...files.keys()].filter((name) => existsSync(join(directory, name)));
  if (existing.length > 0) {
    throw new CliError(
      {
        code: 'UNSAFE_OUTPUT',
        message: `${directory} already holds ${existing.join(', ')}; mixstack init overwrites no file, so nothing was written`,
        address: directory,
        hint: 'run mixstack init in a new or empty folder (mixstack init DIR), or move those files away',
      },
      2,
    );
  }
  mkdirSync(directory, { recursive: true });
  for (const [name, text] of files) writeFileSync(join(directory, name), text, { flag: 'wx' });
  return [...files.keys()];
}
