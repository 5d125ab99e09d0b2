import { dirname, resolve } from 'node:path';
import {
  isMixstackError,
  type MixstackError,
  render,
  renderMixins,
  type Stack,
  toYamlStream,
  validateStack,
} from '@mixstack/core';
import { type CliArguments, parseCli, USAGE, UsageError } from './args.js';
import { CrdDownloadError } from './crds-error.js';
import { loadStack } from './load-entry.js';
import { inputDirectories, readInputs } from './read-inputs.js';
import { formatError, formatSummary } from './report.js';
import {
  assertOutsideOutput,
  recoverOutput,
  UnsafeOutputError,
  writeDirectoryAtomically,
} from './write-dir.js';

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

/**
 * Refuses an output folder that holds what the command reads: the stack module, or (for build)
 * an input folder. Replacing the folder would delete them. Checked before anything is written.
 */
function assertReadsOutside(directory: string, args: CliArguments, stack?: Stack): void {
  const reads: { what: string; path: string }[] = [];
  if (args.entry) reads.push({ what: 'the stack module', path: resolve(args.entry) });
  if (stack) {
    for (const [id, path] of Object.entries(inputDirectories(stack, baseDirOf(args), args.inputs)))
      reads.push({ what: id === 'crds' ? 'the CRD folder (--crds)' : `the folder of input "${id}"`, path });
  }
  assertOutsideOutput(directory, reads);
}

/** The folder a command writes, repaired first if a killed run left it half swapped. */
function outputOf(args: CliArguments, fallback: string): string {
  const directory = args.output ?? fallback;
  recoverOutput(directory);
  return directory;
}

/** Every problem a failure stands for, as the one JSON shape of every failed command. */
function failureJson(command: string, problems: readonly MixstackError[]): string {
  return `${JSON.stringify({ ok: false, command, problems: problems.map((p) => p.toJSON()) }, null, 2)}\n`;
}

/** Every problem, one paragraph each, and their count. */
function reportProblems(out: Output, command: string, problems: readonly MixstackError[]): void {
  for (const problem of problems) out.stderr(formatError(problem));
  if (problems.length > 1) out.stderr(`mixstack ${command}: ${problems.length} problems\n`);
}

/** `mixstack crds pull`: download, verify every checksum, then write all files at once. */
async function pullCrdsCommand(args: CliArguments, out: Output, started: number): Promise<number> {
  const { CRDS_MARKER, pullCrds } = await import('./crds.js');
  const directory = outputOf(args, 'crds');
  const pulled = await pullCrds({ baseUrl: args.baseUrl });
  const files = new Map(pulled.files);
  files.set(
    CRDS_MARKER,
    `Written by \`mixstack crds pull\`: the CRDs of prometheus-operator v${pulled.version}, verified against the SHA-256 sums of @mixstack/component-prometheus. The next pull replaces the files it wrote (listed in .mixstack) and deletes no other file.\n`,
  );
  writeDirectoryAtomically(directory, files, { command: 'crds pull', replaceUnknown: args.replaceUnknown });
  const names = [...pulled.files.keys()];
  if (args.json) {
    out.stdout(
      `${JSON.stringify({ ok: true, command: 'crds pull', output: resolve(directory), version: pulled.version, source: pulled.baseUrl, files: names }, null, 2)}\n`,
    );
  } else {
    out.stdout(
      `mixstack crds pull → ${directory}/: ${names.length} CRD files of prometheus-operator v${pulled.version}, checksums verified (${((performance.now() - started) / 1000).toFixed(2)} s)\n` +
        `  next: commit ${directory}/, then build with --crds ${directory} (or prometheus({ crds: { dir: '${directory}' } }))\n`,
    );
  }
  return 0;
}

async function run(args: CliArguments, out: Output): Promise<number> {
  const started = performance.now();
  if (args.command === 'crds') return pullCrdsCommand(args, out, started);
  const directory =
    args.command === 'build' && !args.stdout
      ? outputOf(args, 'manifests')
      : args.command === 'mixins'
        ? outputOf(args, 'mixins')
        : undefined;
  if (directory !== undefined) assertReadsOutside(directory, args);
  const stack = await loadEntry(args);
  const elapsed = () => performance.now() - started;
  switch (args.command) {
    case 'validate': {
      const problems = validateStack(stack, { inputs: inputsOf(stack, args) });
      if (problems.length > 0) {
        if (args.json) out.stdout(failureJson('validate', problems));
        else {
          for (const problem of problems) out.stderr(formatError(problem));
          out.stderr(`mixstack validate: ${problems.length} problem(s)\n`);
        }
        return 1;
      }
      if (args.json)
        out.stdout(`${JSON.stringify({ ok: true, command: 'validate', problems: [] }, null, 2)}\n`);
      else out.stdout(`mixstack validate: no problems (${(elapsed() / 1000).toFixed(2)} s)\n`);
      return 0;
    }
    case 'build': {
      if (directory !== undefined) assertReadsOutside(directory, args, stack);
      const inputs = inputsOf(stack, args);
      const result = render(stack, { inputs });
      const summary = result.summary;
      if (args.stdout) {
        out.stdout(toYamlStream(result));
        if (!args.json) out.stderr(formatSummary(summary, 'mixstack build', elapsed()));
        return 0;
      }
      if (directory === undefined) throw new Error('build without an output folder');
      writeDirectoryAtomically(directory, result.files, {
        command: 'build',
        replaceUnknown: args.replaceUnknown,
      });
      if (args.json) {
        out.stdout(
          `${JSON.stringify({ ok: true, command: 'build', output: resolve(directory), durationMs: Math.round(elapsed()), summary }, null, 2)}\n`,
        );
      } else {
        out.stdout(formatSummary(summary, `mixstack build → ${directory}/`, elapsed()));
      }
      return 0;
    }
    case 'mixins': {
      const files = new Map(renderMixins(stack));
      if (directory === undefined) throw new Error('mixins without an output folder');
      writeDirectoryAtomically(directory, files, { command: 'mixins', replaceUnknown: args.replaceUnknown });
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

/** Runs the CLI; returns the exit code (0 ok, 1 invalid stack or refused download, 2 usage error). */
export async function main(argv: readonly string[], out: Output): Promise<number> {
  let args: CliArguments | 'help';
  try {
    args = parseCli(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      out.stderr(`mixstack: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  if (args === 'help') {
    out.stdout(USAGE);
    return 0;
  }
  try {
    return await run(args, out);
  } catch (error) {
    if (error instanceof UnsafeOutputError) {
      out.stderr(`mixstack: ${error.message}\n`);
      return 2;
    }
    if (error instanceof CrdDownloadError) {
      if (args.json)
        out.stdout(`${JSON.stringify({ ok: false, command: 'crds pull', error: error.message }, null, 2)}\n`);
      else out.stderr(`mixstack crds pull: ${error.message}\n`);
      return 1;
    }
    if (isMixstackError(error)) {
      // render and renderMixins throw the first problem carrying the others: report them all.
      const problems = (error as MixstackError).problems ?? [error];
      if (args.json) out.stdout(failureJson(args.command, problems));
      else reportProblems(out, args.command, problems);
      return 1;
    }
    throw error;
  }
}
