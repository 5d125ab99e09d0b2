#!/usr/bin/env node
// How long reading the prometheus-operator CRDs takes in a fresh process, cold, by one reader:
//   node tools/bench/crd-parse.mjs yaml DIR   core's parseYamlDocuments over DIR/*.yaml (the release's files)
//   node tools/bench/crd-parse.mjs json DIR   JSON.parse over DIR/*.json (their JSON forms, as crds pull writes them)
// The bench prints both: why `crds pull` writes JSON. Module loading is not timed, the files'
// reading and the parse are: first cold, then warm (after four more passes). Prints
// { coldMs, warmMs, files } as JSON.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { workspaceRoot } from '../scripts/workspace.mjs';

const [mode, directory] = process.argv.slice(2);
const extension = mode === 'yaml' ? '.yaml' : '.json';
const read =
  mode === 'yaml'
    ? (await import(pathToFileURL(join(workspaceRoot, 'packages/core/dist/index.js')).href))
        .parseYamlDocuments
    : JSON.parse;
const texts = readdirSync(directory)
  .filter((file) => file.endsWith(extension))
  .sort()
  .map((file) => join(directory, file));
/** Reads and parses every file; the milliseconds it took. */
function readAll() {
  const start = process.hrtime.bigint();
  for (const file of texts) {
    if (read(readFileSync(file, 'utf8')) === undefined) throw new Error(`${file} read as nothing`);
  }
  return Number(process.hrtime.bigint() - start) / 1e6;
}
const coldMs = readAll();
// Then warm: the reader's code optimized by V8 after four more passes.
for (let i = 0; i < 4; i++) readAll();
process.stdout.write(`${JSON.stringify({ coldMs, warmMs: readAll(), files: texts.length })}\n`);
