import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  type InputFiles,
  type InputRequest,
  MixstackError,
  requestedInputs,
  type Stack,
} from '@mixstack/core';

/**
 * The directories a build reads its inputs from, by input id: the one given on the command line,
 * else the one the stack names, relative to the stack module's folder. They may not exist.
 */
export function inputDirectories(
  stack: Stack,
  baseDir: string,
  overrides: Readonly<Record<string, string>>,
): Record<string, string> {
  const directories: Record<string, string> = {};
  for (const [id, request] of Object.entries(requestedInputs(stack))) {
    const given = overrides[id];
    if (given !== undefined) directories[id] = resolve(given);
    else if (request.path !== undefined) directories[id] = resolve(baseDir, request.path);
  }
  return directories;
}

/**
 * Reads the files a stack requests (`addInput`) — from the directory given on the command line
 * (`--input id=DIR`, `--crds DIR`) or the one the stack names, relative to the stack module's
 * folder. This is the CLI's I/O, so parts and render stay pure.
 */
export function readInputs(
  stack: Stack,
  baseDir: string,
  overrides: Readonly<Record<string, string>>,
): Record<string, InputFiles> {
  const requests = requestedInputs(stack);
  for (const id of Object.keys(overrides)) {
    if (!requests[id]) {
      const known = Object.keys(requests);
      throw new MixstackError({
        code: 'NOT_FOUND',
        message: `the stack requests no input "${id}"`,
        address: `--input ${id}`,
        value: overrides[id],
        hint:
          known.length > 0
            ? `the stack's inputs are: ${known.join(', ')}`
            : 'this stack reads no files; drop the option',
      });
    }
  }
  const inputs: Record<string, InputFiles> = {};
  for (const [id, request] of Object.entries(requests)) {
    const given = overrides[id];
    const directory =
      given !== undefined
        ? resolve(given)
        : request.path !== undefined
          ? resolve(baseDir, request.path)
          : undefined;
    if (directory === undefined) continue;
    if (!existsSync(directory) || !statSync(directory).isDirectory()) {
      throw new MixstackError({
        code: 'NOT_FOUND',
        message: `the directory of input "${id}" (${request.description}) does not exist`,
        address: `input ${id}`,
        value: directory,
        hint:
          given !== undefined
            ? 'pass an existing directory'
            : `create ${request.path} (relative to the stack module) or pass --input ${id}=DIR`,
      });
    }
    inputs[id] = readFiles(directory, request);
  }
  return inputs;
}

/** The files of an input's directory (and, when it is `recursive`, of its subfolders: `sub/name`), sorted by name. */
function readFiles(directory: string, request: InputRequest, prefix = ''): Map<string, string> {
  const extensions = request.extensions;
  const files = new Map<string, string>();
  for (const name of readdirSync(directory).sort()) {
    const path = join(directory, name);
    const stat = statSync(path);
    if (stat.isDirectory() && request.recursive) {
      for (const [file, text] of readFiles(path, request, `${prefix}${name}/`)) files.set(file, text);
      continue;
    }
    if (!stat.isFile()) continue;
    if (extensions && !extensions.some((extension) => name.endsWith(extension))) continue;
    files.set(`${prefix}${name}`, readFileSync(path, 'utf8'));
  }
  return files;
}
