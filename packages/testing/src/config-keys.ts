import { readFileSync } from 'node:fs';

/**
 * An upstream list of configuration keys (`../shared/reference/config-keys/loki.tsv`): one
 * `path<TAB>type` line per key, `#` lines of provenance above. A path joins keys with `.` and
 * writes a list item as `[]` (`storage.remote_write[].url`); the type `<map>` marks a map of
 * free names, under which nothing is listed.
 */
export interface ConfigKeys {
  /** Every key path of the list. */
  paths: ReadonlySet<string>;
  /** The paths typed `<map>`: their children are free names, never checked. */
  maps: ReadonlySet<string>;
  /** The `#` lines, one per line, for a test that the image is of the release listed. */
  header: string;
}

/**
 * What a component renders that the list does not say, each entry with its reason: a reader
 * must find why, and where upstream reads the key, without leaving the test.
 */
export interface ConfigKeyAllowances {
  /**
   * Keys the program reads that the list lacks (`doc:"hidden"` in the source), path → where
   * it is read. Accepted where rendered; an entry the list comes to have must leave.
   */
  unlisted?: Readonly<Record<string, string>>;
  /**
   * Keys the list has without children where the program reads a map of free names
   * (`ruler.external_labels`, label name → value), path → why: the walk stops there as at a
   * `<map>`. An entry the list comes to type `<map>`, or to list children of, must leave.
   */
  freeForm?: Readonly<Record<string, string>>;
}

/** Reads a key list; a line that is neither a `#` comment, blank, nor `path<TAB>type` throws. */
export function readConfigKeys(file: string): ConfigKeys {
  const paths = new Set<string>();
  const maps = new Set<string>();
  const header: string[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (line.startsWith('#')) header.push(line);
      if (line.startsWith('#') || line.trim() === '') return;
      const [path, type] = line.split('\t');
      if (!path || !type) throw new Error(`${file}:${index + 1}: not a "path<TAB>type" line: ${line}`);
      paths.add(path);
      if (type === '<map>') maps.add(path);
    });
  return { paths, maps, header: header.join('\n') };
}

/**
 * Every key path of a parsed YAML value, in document order: `[]` for list items, and no
 * deeper than a `<map>` of the list or a free-form key of the allowances.
 */
export function configKeyPaths(
  value: unknown,
  keys: ConfigKeys,
  allowances: ConfigKeyAllowances = {},
  prefix = '',
): string[] {
  if (Array.isArray(value))
    return value.flatMap((item) => configKeyPaths(item, keys, allowances, `${prefix}[]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (keys.maps.has(path) || Object.hasOwn(allowances.freeForm ?? {}, path)) return [path];
    return [path, ...configKeyPaths(child, keys, allowances, path)];
  });
}

/**
 * The key paths of a parsed YAML value that the list does not have and `allowances.unlisted`
 * does not excuse, in document order (a parent before its children): empty when every key is
 * real.
 */
export function unknownConfigKeys(
  value: unknown,
  keys: ConfigKeys,
  allowances: ConfigKeyAllowances = {},
): string[] {
  const unlisted = allowances.unlisted ?? {};
  return configKeyPaths(value, keys, allowances).filter(
    (path) => !keys.paths.has(path) && !Object.hasOwn(unlisted, path),
  );
}

/**
 * The allowances no longer needed, one sentence each (empty when every one is): an unlisted key
 * the list now has; a free-form key the list lacks, types `<map>` or lists children of; and an
 * entry that none of `rendered` (parsed YAML values, such as the default configuration) has.
 */
export function staleConfigKeyAllowances(
  keys: ConfigKeys,
  allowances: ConfigKeyAllowances,
  rendered: readonly unknown[],
): string[] {
  const renderedPaths = new Set(rendered.flatMap((value) => configKeyPaths(value, keys, allowances)));
  const problems: string[] = [];
  for (const path of Object.keys(allowances.unlisted ?? {})) {
    if (keys.paths.has(path))
      problems.push(`${path}: allowed as unlisted, but the list has it now; remove the allowance`);
    if (!renderedPaths.has(path))
      problems.push(`${path}: allowed as unlisted, but no configuration renders it; remove the allowance`);
  }
  for (const path of Object.keys(allowances.freeForm ?? {})) {
    const children = [...keys.paths].filter(
      (other) => other.startsWith(`${path}.`) || other.startsWith(`${path}[]`),
    );
    if (!keys.paths.has(path))
      problems.push(`${path}: allowed as free-form, but the list does not have it; it is not a key`);
    else if (keys.maps.has(path))
      problems.push(
        `${path}: allowed as free-form, but the list types it <map> already; remove the allowance`,
      );
    if (children.length > 0)
      problems.push(
        `${path}: allowed as free-form, but the list has keys under it (${children.slice(0, 3).join(', ')}${children.length > 3 ? ', …' : ''}); remove the allowance`,
      );
    if (!renderedPaths.has(path))
      problems.push(`${path}: allowed as free-form, but no configuration renders it; remove the allowance`);
  }
  return problems;
}
