import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { main } from './main.js';

/** Runs the CLI as `npx mixstack` does, in this process, capturing its output. */
export async function mixstack(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

/** Every file of a folder (the `.mixstack` record aside) with its content, by relative path. */
export function filesOf(directory: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name !== '.mixstack') out[relative(directory, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(directory);
  return out;
}
