import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  isMixstackError,
  type MixstackError,
  type RenderResult,
  type RenderStage,
  render,
  renderMixins,
  type Stack,
  toYamlStream,
  validateStack,
} from '@mixstack/core';
import { type CliArguments, parseCli, USAGE, UsageError } from './args.js';
import { CrdDownloadError } from './crds-error.js';
import { loadStack, userCodeFailure } from './load-entry.js';
import { CliError, type CliProblem, formatCliProblem, safeJson, shownPath } from './problems.js';
import { inputDirectories, readInputs } from './read-inputs.js';
import { formatError, formatSummary, plural } from './report.js';
import { StageClock } from './timings.js';
import {
  assertOutsideOutput,
  EXPLAIN_PAGE,
  recordedFiles,
  recoverOutput,
  UnsafeOutputError,
  writeDirectoryAtomically,
} from './write-dir.js';
import { assertFileOutput, writeFileAtomically } from './write-file.js';

export type Output = { stdout: (text: string) => void; stderr: (text: string) => void };

/**
 * The default stack (and with it every component package) is loaded only when no entry is
 * given: a user's stack module imports the packages it uses itself.
 */
async function loadEntry(args: CliArguments): Promise<Stack> {
  if (args.entry) return loadStack(args.entry);
  const { defaultStack } = await import('../default-stack.js');
  return defaultStack();
}

/** Inputs are relative to the stack module's folder (the working directory for the default stack). */
const baseDirOf = (args: CliArguments) => (args.entry ? dirname(resolve(args.entry)) : process.cwd());

function inputsOf(stack: Stack, args: CliArguments) {
  return readInputs(stack, baseDirOf(args), args.inputs);
}

/** What a command reads from the repository: the stack module and the folders of its inputs. */
function readsOf(args: CliArguments, stack?: Stack): { what: string; path: string }[] {
  const reads: { what: string; path: string }[] = [];
  if (args.entry) reads.push({ what: 'the stack module', path: resolve(args.entry) });
  if (stack) {
    for (const [id, path] of Object.entries(inputDirectories(stack, baseDirOf(args), args.inputs)))
      reads.push({ what: id === 'crds' ? 'the CRD folder (--crds)' : `the folder of input "${id}"`, path });
  }
  return reads;
}

/**
 * Refuses an output folder that holds what the command reads: the stack module, or (for build)
 * an input folder. Replacing the folder would delete them. Checked before anything is written.
 */
function assertReadsOutside(directory: string, args: CliArguments, stack?: Stack): void {
  assertOutsideOutput(directory, readsOf(args, stack));
}

/** The folder a command writes, repaired first if a killed run left it half swapped. */
function outputOf(args: CliArguments, fallback: string): string {
  const directory = args.output ?? fallback;
  writing(directory, () => recoverOutput(directory));
  return directory;
}

/**
 * Every problem a failure stands for, as the one JSON shape of every failed command:
 * `{ ok: false, command, problems: [{ code, message, ... }] }`. Serialized safely: a problem's
 * value may hold a BigInt or a cycle.
 */
function failureJson(command: string, problems: readonly (MixstackError | CliProblem)[]): string {
  const shown = problems.map((p) => (isMixstackError(p) ? p.toJSON() : p));
  return `${safeJson({ ok: false, command, problems: shown })}\n`;
}

/** The version of this package, read from its package.json (above dist/ or src/cli/). */
function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const json = JSON.parse(readFileSync(resolve(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (json.name === 'mixstack' && json.version) return json.version;
    } catch {
      // Not here: look in the parent folder.
    }
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

/** A file system's refusal to write the output, as what it means for the user (naming their folder). */
function environmentProblem(error: NodeJS.ErrnoException, directory: string): CliProblem | undefined {
  if (typeof error?.code !== 'string' || typeof error.syscall !== 'string') return undefined;
  const target = resolve(directory);
  const parent = dirname(target);
  const shownParent = shownPath(parent) || '.';
  const inOutput = typeof error.path === 'string' && resolve(error.path) === target;
  const what = inOutput
    ? `the output folder ${directory}`
    : `${shownParent}, the folder that holds ${directory}`;
  const swap = `mixstack writes the new output next to ${directory} (in ${shownParent}) and swaps it in, so both must be writable`;
  const problem = (message: string, hint: string): CliProblem => ({
    code: 'ENVIRONMENT',
    message,
    address: directory,
    hint,
  });
  switch (error.code) {
    case 'EACCES':
    case 'EPERM':
      return problem(
        `cannot write ${what}: permission denied (${error.code}); nothing was changed`,
        `${swap}: fix the permissions (ls -ld ${shownParent} ${directory}), or pick another folder with -o`,
      );
    case 'EROFS':
      return problem(
        `cannot write ${what}: it is on a read-only file system (EROFS); nothing was changed`,
        'pick an output folder on a writable file system with -o',
      );
    case 'ENOSPC':
    case 'EDQUOT':
      return problem(
        `the disk is full (${error.code}) while writing ${directory}; nothing was changed`,
        `free space on the disk of ${shownParent} and run again`,
      );
    case 'ENAMETOOLONG': {
      const name = basename(target);
      const extra = `.mixstack-new-${process.pid}`.length + 1;
      const short = name.length > 40 ? `${name.slice(0, 37)}...` : name;
      return problem(
        `the folder name "${short}" (${name.length} characters) is too long: mixstack writes the output next to it under a hidden name ${extra} characters longer, more than the file system allows (usually 255) (ENAMETOOLONG); nothing was changed`,
        `use a folder name of at most ${Math.max(1, 255 - extra)} characters`,
      );
    }
    case 'ENOTDIR':
      return problem(
        `a part of the path ${directory} is a file, not a folder (ENOTDIR); nothing was changed`,
        'pick an output path whose parents are folders',
      );
    default:
      return problem(
        `the file system refused to write ${directory}: ${error.code} (${error.syscall}); nothing was changed`,
        `check the folder ${shownParent} (space, permissions), or pick another one with -o`,
      );
  }
}

/** Runs a step that writes the output folder; a file system refusal becomes an ENVIRONMENT problem (exit 2). */
function writing<T>(directory: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    const problem = environmentProblem(error as NodeJS.ErrnoException, directory);
    if (problem) throw new CliError(problem, 2);
    throw error;
  }
}

/** Every problem, one paragraph each, and their count. */
function reportProblems(out: Output, command: string, problems: readonly MixstackError[]): void {
  for (const problem of problems) out.stderr(formatError(problem));
  if (problems.length > 1) out.stderr(`mixstack ${command}: ${problems.length} problems\n`);
}

/** `mixstack crds pull`: download, verify every checksum, then write all files at once. */
async function pullCrdsCommand(args: CliArguments, out: Output, started: number): Promise<number> {
  const { asPulledFiles, CRDS_MARKER, pullCrds, readCrds } = await import('./crds.js');
  const directory = outputOf(args, 'crds');
  const pulled = args.from !== undefined ? readCrds(args.from) : await pullCrds({ baseUrl: args.baseUrl });
  const files = asPulledFiles(pulled);
  const names = [...files.keys()];
  files.set(
    CRDS_MARKER,
    `Written by \`mixstack crds pull\`: the CRDs of prometheus-operator v${pulled.version}, verified against the SHA-256 sums of @mixstack/component-prometheus, each as JSON (which is YAML: kubectl and kustomize read it as it is; a build reads it several times faster than YAML). The next pull replaces the files it wrote (listed in .mixstack) and deletes no other file.\n`,
  );
  writing(directory, () =>
    writeDirectoryAtomically(directory, files, { command: 'crds pull', replaceUnknown: args.replaceUnknown }),
  );
  if (args.json) {
    out.stdout(
      `${JSON.stringify({ ok: true, command: 'crds pull', output: resolve(directory), version: pulled.version, source: pulled.baseUrl, files: names }, null, 2)}\n`,
    );
  } else {
    out.stdout(
      `mixstack crds pull → ${directory}/: ${names.length} CRD files of prometheus-operator v${pulled.version}, checksums verified, written as JSON (${((performance.now() - started) / 1000).toFixed(2)} s)\n` +
        `  next: commit ${directory}/, then build with --crds ${directory} (or prometheus({ crds: { dir: '${directory}' } }))\n`,
    );
  }
  return 0;
}

/** `mixstack init [DIR]`: scaffold a stack repository that builds at once; overwrites no file. */
async function initCommand(args: CliArguments, out: Output): Promise<number> {
  const { initRepository } = await import('./init.js');
  const directory = args.entry ?? '.';
  const version = packageVersion();
  const files = writing(directory, () => initRepository(directory, version));
  if (args.json)
    out.stdout(
      `${JSON.stringify({ ok: true, command: 'init', output: resolve(directory), version, files }, null, 2)}\n`,
    );
  else
    out.stdout(
      `mixstack init → ${directory}/: ${files.join(', ')} (mixstack ${version})\n` +
        `  next: ${directory === '.' ? '' : `cd ${directory} && `}npm install && npm run build\n`,
    );
  return 0;
}

/** `mixstack mixin import PATH -o DIR`: an upstream mixin, normalised and validated, in the generated layout. */
async function mixinImportCommand(args: CliArguments, out: Output, started: number): Promise<number> {
  const { importMixin, mixinNameOf } = await import('./mixin-import.js');
  const directory = outputOf(args, 'mixin');
  const path = args.path!;
  writing(directory, () =>
    assertOutsideOutput(directory, [
      { what: 'the mixin', path: resolve(path) },
      ...args.jpath.map((dir) => ({ what: `the jsonnet library folder (-J ${dir})`, path: resolve(dir) })),
    ]),
  );
  const imported = importMixin({
    path,
    jpath: args.jpath,
    config: args.config,
    name: mixinNameOf(directory),
  });
  writing(directory, () =>
    writeDirectoryAtomically(directory, imported.files, {
      command: 'mixin import',
      replaceUnknown: args.replaceUnknown,
    }),
  );
  const { files, ...found } = imported;
  if (args.json)
    out.stdout(
      `${JSON.stringify({ ok: true, command: 'mixin import', source: resolve(path), output: resolve(directory), ...found, files: [...files.keys()].sort() }, null, 2)}\n`,
    );
  else {
    const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
    const logs =
      found.logAlerts + found.logRules > 0
        ? `, ${count(found.logAlerts, 'alert', 'alerts')} and ${count(found.logRules, 'recording rule', 'recording rules')} over logs`
        : '';
    out.stdout(
      `mixstack mixin import ${path} → ${directory}/: ${count(found.alerts, 'alert', 'alerts')}, ${count(found.recordingRules, 'recording rule', 'recording rules')}, ${count(found.dashboards, 'dashboard', 'dashboards')}${logs} (${found.kind === 'jsonnet' ? 'jsonnet evaluated' : 'folder read'}, every expression parsed; ${(
        (performance.now() - started) / 1000
      ).toFixed(2)} s)\n` +
        `  next: mixinFromDir({ name: '${mixinNameOf(directory)}', dir: '${directory}' }) from @mixstack/lib-mixins in your stack\n`,
    );
  }
  return 0;
}

/**
 * The explain page of a rendered stack (loaded on demand: other commands do not need it). The
 * stack is passed too: its named safety exceptions are not in the render result.
 */
async function explainPageOf(result: RenderResult, stack: Stack): Promise<string> {
  const { explainPage } = await import('../explain/page.js');
  return explainPage(result, { stack });
}

/**
 * `mixstack explain [ENTRY] -o FILE`: renders the stack as `build` does (the same validation:
 * an invalid stack writes nothing) and writes exactly one file, the page.
 */
async function explainCommand(args: CliArguments, out: Output, started: number): Promise<number> {
  const file = args.output ?? 'explain.html';
  writing(file, () => assertFileOutput(file, readsOf(args)));
  const stack = await loadEntry(args);
  writing(file, () => assertFileOutput(file, readsOf(args, stack)));
  const result = render(stack, { inputs: inputsOf(stack, args) });
  const page = await explainPageOf(result, stack);
  writing(file, () => writeFileAtomically(file, page));
  const { summary } = result;
  if (args.json) {
    out.stdout(
      `${JSON.stringify({ ok: true, command: 'explain', output: resolve(file), bytes: Buffer.byteLength(page), summary }, null, 2)}\n`,
    );
  } else {
    out.stdout(
      `mixstack explain → ${file}: ${plural(Object.keys(summary.byComponent).length, 'component')}, ${plural(summary.objects, 'object')}, ${plural(summary.alerts.total, 'alert')}, ${plural(summary.dashboards, 'dashboard')} (${((performance.now() - started) / 1000).toFixed(2)} s)\n` +
        `  open it in a browser: ${pathToFileURL(resolve(file)).href}\n`,
    );
  }
  return 0;
}

async function run(args: CliArguments, out: Output): Promise<number> {
  const started = performance.now();
  const clock = new StageClock();
  clock.mark('startup');
  const onStage = (stage: RenderStage) => clock.mark(stage);
  const timingsJson = () => (args.timings ? { timings: clock.stages } : {});
  const printTimings = () => {
    if (args.timings && !args.json) out.stderr(clock.format());
  };
  if (args.command === 'crds') return pullCrdsCommand(args, out, started);
  if (args.command === 'init') return initCommand(args, out);
  if (args.command === 'mixin') return mixinImportCommand(args, out, started);
  if (args.command === 'explain') return explainCommand(args, out, started);
  const directory =
    args.command === 'build' && !args.stdout
      ? outputOf(args, 'manifests')
      : args.command === 'mixins'
        ? outputOf(args, 'mixins')
        : undefined;
  if (directory !== undefined) writing(directory, () => assertReadsOutside(directory, args));
  const stack = await loadEntry(args);
  clock.mark('load');
  const elapsed = () => performance.now() - started;
  switch (args.command) {
    case 'validate': {
      const inputs = inputsOf(stack, args);
      clock.mark('inputs');
      const problems = validateStack(stack, { inputs, onStage });
      if (problems.length > 0) {
        if (args.json) out.stdout(failureJson('validate', problems));
        else {
          for (const problem of problems) out.stderr(formatError(problem));
          out.stderr(`mixstack validate: ${problems.length} problem(s)\n`);
          printTimings();
        }
        return 1;
      }
      if (args.json)
        out.stdout(
          `${JSON.stringify({ ok: true, command: 'validate', problems: [], ...timingsJson() }, null, 2)}\n`,
        );
      else {
        out.stdout(`mixstack validate: no problems (${(elapsed() / 1000).toFixed(2)} s)\n`);
        printTimings();
      }
      return 0;
    }
    case 'build': {
      if (directory !== undefined) writing(directory, () => assertReadsOutside(directory, args, stack));
      const inputs = inputsOf(stack, args);
      clock.mark('inputs');
      const result = render(stack, { inputs, onStage });
      const summary = result.summary;
      if (args.stdout) {
        out.stdout(toYamlStream(result));
        clock.mark('write');
        out.stderr(formatSummary(summary, 'mixstack build (--stdout)', elapsed(), { stream: true }));
        printTimings();
        return 0;
      }
      if (directory === undefined) throw new Error('build without an output folder');
      // The page goes into the folder's write (one swap, listed in .mixstack as mixstack's) but
      // not into result.files, which the Kustomization and the summary's file count describe.
      const files = new Map(result.files);
      if (args.explain) {
        if (files.has(EXPLAIN_PAGE)) throw new Error(`the render result already has a file ${EXPLAIN_PAGE}`);
        files.set(EXPLAIN_PAGE, await explainPageOf(result, stack));
      }
      // A page an earlier `build --explain` wrote describes that build's stack: left in place it
      // would go stale unnoticed. It is mixstack's file, so this build drops it and says so.
      const dropsPage =
        !args.explain && (writing(directory, () => recordedFiles(directory)) ?? []).includes(EXPLAIN_PAGE);
      writing(directory, () =>
        writeDirectoryAtomically(directory, files, {
          command: 'build',
          replaceUnknown: args.replaceUnknown,
        }),
      );
      clock.mark('write');
      const page = join(directory, EXPLAIN_PAGE);
      if (args.json) {
        const explain = args.explain ? { explain: resolve(page) } : {};
        const removed = dropsPage ? { removed: [EXPLAIN_PAGE] } : {};
        out.stdout(
          `${JSON.stringify({ ok: true, command: 'build', output: resolve(directory), ...explain, ...removed, durationMs: Math.round(elapsed()), summary, ...timingsJson() }, null, 2)}\n`,
        );
      } else {
        let text = formatSummary(summary, `mixstack build → ${directory}/`, elapsed());
        if (args.explain) text += `  explain: ${page} (not in the Kustomization)\n`;
        if (dropsPage)
          text += `  note: removed ${page}, the page of an earlier build --explain (it would show an older stack); pass --explain to write it again\n`;
        out.stdout(text);
        printTimings();
      }
      return 0;
    }
    case 'mixins': {
      // A mixin may be made of the stack's inputs (an upstream mixin's folder, @mixstack/lib-mixins).
      writing(directory!, () => assertReadsOutside(directory!, args, stack));
      const files = new Map(renderMixins(stack, { inputs: inputsOf(stack, args) }));
      if (directory === undefined) throw new Error('mixins without an output folder');
      writing(directory, () =>
        writeDirectoryAtomically(directory, files, {
          command: 'mixins',
          replaceUnknown: args.replaceUnknown,
        }),
      );
      const count = files.size;
      if (args.json)
        out.stdout(
          `${JSON.stringify({ ok: true, command: 'mixins', output: resolve(directory), files: [...files.keys()] }, null, 2)}\n`,
        );
      else
        out.stdout(`mixstack mixins → ${directory}/: ${count} files (${(elapsed() / 1000).toFixed(2)} s)\n`);
      return 0;
    }
  }
}

/**
 * Runs the CLI; returns the exit code: 0 done, 1 an invalid stack module or stack (or a
 * refused download), 2 a usage error or an environment that refuses the output (the folder
 * is not writable, the disk is full, files mixstack did not write), 70 a bug of mixstack.
 */
export async function main(argv: readonly string[], out: Output): Promise<number> {
  let args: CliArguments | 'help' | 'version';
  try {
    args = parseCli(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      if (argv.includes('--json')) {
        const command = argv.find((arg) => !arg.startsWith('-')) ?? '';
        out.stdout(
          failureJson(command, [{ code: 'USAGE', message: error.message, hint: 'see mixstack --help' }]),
        );
      }
      out.stderr(`mixstack: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  if (args === 'help') {
    out.stdout(USAGE);
    return 0;
  }
  if (args === 'version') {
    out.stdout(`${packageVersion()}\n`);
    return 0;
  }
  try {
    return await run(args, out);
  } catch (thrown) {
    // The user's own code failing while the stack renders is their mistake, not a bug.
    const error = args.entry && args.command !== 'init' ? await userCodeFailure(thrown, args.entry) : thrown;
    if (error instanceof CliError) {
      if (args.json) out.stdout(failureJson(commandName(args), [error.problem]));
      else out.stderr(formatCliProblem(error.problem));
      return error.exitCode;
    }
    if (error instanceof UnsafeOutputError) {
      if (args.json)
        out.stdout(
          failureJson(commandName(args), [
            { code: 'UNSAFE_OUTPUT', message: error.message, address: args.output, hint: 'see the message' },
          ]),
        );
      else out.stderr(`mixstack: ${error.message}\n`);
      return 2;
    }
    if (error instanceof CrdDownloadError) {
      const problems: CliProblem[] =
        error.problems.length > 0
          ? [...error.problems]
          : [{ code: 'CRD_NETWORK', message: error.message, hint: 'see the message' }];
      if (args.json) out.stdout(failureJson('crds pull', problems));
      else {
        out.stderr(`mixstack crds pull: ${error.message.split('\n')[0]}\n`);
        for (const problem of problems) out.stderr(formatCliProblem(problem));
      }
      return 1;
    }
    if (isMixstackError(error)) {
      // render and renderMixins throw the first problem carrying the others: report them all.
      const problems = (error as MixstackError).problems ?? [error];
      if (args.json) out.stdout(failureJson(commandName(args), problems));
      else reportProblems(out, commandName(args), problems);
      return 1;
    }
    throw error;
  }
}

const commandName = (args: CliArguments) =>
  args.command === 'crds' ? 'crds pull' : args.command === 'mixin' ? 'mixin import' : args.command;
