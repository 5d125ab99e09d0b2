// Installed sizes: each published package installed alone from the local registry, measured
// as the bytes of its own folder and of the whole node_modules it brings (its dependency tree,
// peers included, as npm installs them).
import { lstatSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './run.mjs';

/** Bytes of the files under `path` (symbolic links counted as themselves, never followed). */
function bytesOf(path) {
  const stat = lstatSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, entry) => sum + bytesOf(join(path, entry)), 0);
}

export const formatBytes = (bytes) =>
  bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} kB`;

export function installedSizes({ packages, folder, env }) {
  const sizes = [];
  for (const { name, version } of packages) {
    const dir = folder(`size-${name.replace('/', '__')}`);
    writeFileSync(join(dir, 'package.json'), '{ "name": "size", "private": true }\n');
    run('npm', ['install', '--no-audit', '--no-fund', `${name}@${version}`], { cwd: dir, env });
    const own = bytesOf(join(dir, 'node_modules', name));
    const total = bytesOf(join(dir, 'node_modules'));
    sizes.push({ name, own, total });
  }
  const width = Math.max(...sizes.map(({ name }) => name.length));
  process.stdout.write(`${'package'.padEnd(width)}  ${'package'.padStart(9)}  ${'installed'.padStart(9)}\n`);
  for (const { name, own, total } of sizes) {
    process.stdout.write(
      `${name.padEnd(width)}  ${formatBytes(own).padStart(9)}  ${formatBytes(total).padStart(9)}\n`,
    );
  }
  return sizes;
}

/**
 * Writes the sizes into the README's package table (`| package | job | installed |`): a row per
 * package, found by its name in backticks; the last column is replaced.
 */
export function updateReadmeTable(readme, sizes) {
  const lines = readFileSync(readme, 'utf8').split('\n');
  const header = lines.findIndex((line) => /^\| package \| job \|/.test(line));
  if (header === -1) throw new Error(`${readme}: no "| package | job |" table`);
  lines[header] = '| package | job | installed: package / with its dependencies |';
  lines[header + 1] = '| --- | --- | --- |';
  const missing = [];
  for (const { name, own, total } of sizes) {
    const at = lines.findIndex((line, index) => index > header && line.startsWith(`| [\`${name}\`]`));
    if (at === -1) {
      missing.push(name);
      continue;
    }
    // `| name | job |` or `| name | job | size |`: keep the first two cells, (re)write the third.
    const [link, job] = lines[at].replace(/ \|$/, '').split(' | ');
    lines[at] = `${link} | ${job} | ${formatBytes(own)} / ${formatBytes(total)} |`;
  }
  if (missing.length > 0)
    throw new Error(`${readme}: the package table has no row for ${missing.join(', ')}`);
  writeFileSync(readme, lines.join('\n'));
  process.stdout.write(`updated the package table of ${readme}\n`);
}
