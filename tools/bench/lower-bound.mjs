#!/usr/bin/env node
// The serialisation lower bound of a build, as issue 13 defines it: a fresh Node process that
// reads every file of a rendered folder, parses it with `yaml` (JSON is YAML) and stringifies
// it again. A build cannot write its output in less than this; the bench runs it as a child
// process, cold, on the very folder a build just wrote: node tools/bench/lower-bound.mjs DIR
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

const filesUnder = (directory) =>
  readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(directory, entry.name)) : [join(directory, entry.name)],
  );

let characters = 0;
for (const file of filesUnder(process.argv[2])) {
  characters += stringify(parse(readFileSync(file, 'utf8'))).length;
}
process.stdout.write(`${characters}\n`);
