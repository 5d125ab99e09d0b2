import { readFileSync } from 'node:fs';
import { createStack, type Part, render } from '@mixstack/core';
import { sharedReference } from '@mixstack/testing';
import { beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { THANOS_VERSION, thanos } from './index.js';
import { prometheusStandIn } from './test-helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: tests walk rendered YAML of any shape.
type Json = Record<string, any>;

/** Every flag of Thanos' commands (`--help`), the hidden ones, the objstore keys and the facts (shared reference folder). */
const FLAGS = sharedReference('reference/config-keys/thanos-flags.tsv');
const HIDDEN = sharedReference('reference/config-keys/thanos-hidden-flags.tsv');
const OBJSTORE = sharedReference('reference/config-keys/objstore.tsv');
const FACTS = sharedReference('reference/thanos.md');
const available = FLAGS.available && HIDDEN.available && OBJSTORE.available && FACTS.available;
const skipMessage = [FLAGS, HIDDEN, OBJSTORE, FACTS].find((r) => !r.available)?.skipMessage ?? '';

/** One flag of one command: whether it takes a value, may repeat, and its default (the value's type comes from it). */
interface Flag {
  takesValue: boolean;
  repeatable: boolean;
  default: string;
}

/** Flags by command; the hidden flags of the shared helpers and of main.go count for every command. */
type FlagTable = Map<string, Map<string, Flag>>;

const rows = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.split('\t'))
    .slice(1); // the header line

function readFlags(): FlagTable {
  const table: FlagTable = new Map();
  const add = (command: string, flag: string, entry: Flag) => {
    if (!table.has(command)) table.set(command, new Map());
    if (!table.get(command)!.has(flag)) table.get(command)!.set(flag, entry);
  };
  for (const [command, flag, takesValue, repeatable, def] of rows(FLAGS.path))
    add(command!, flag!, {
      takesValue: takesValue === 'yes',
      repeatable: repeatable === 'yes',
      default: def ?? '',
    });
  // Hidden flags say no more than their default: booleans default to true or false.
  for (const [command, flag, def] of rows(HIDDEN.path)) {
    const entry = { takesValue: def !== 'true' && def !== 'false', repeatable: false, default: def ?? '' };
    if (command === '(shared helper)' || command === '(global)')
      for (const c of table.keys()) add(c, flag!, entry);
    else add(command!, flag!, entry);
  }
  return table;
}

const DURATION = /^(([0-9]+(y|w|d|h|m|s|ms))+|0)$/;
const BYTES = /^[0-9]+(B|KB|MB|GB|TB|KiB|MiB|GiB)$/;
const ADDRESS = /^[0-9a-zA-Z.-]*:[0-9]{1,5}$/;

/** What is wrong with a value for a flag whose default is `def` (its type), if anything. */
function valueProblem(flag: string, value: string, def: string): string | undefined {
  if (flag === '--log.level')
    return ['debug', 'info', 'warn', 'error'].includes(value) ? undefined : 'not a log level';
  if (DURATION.test(def)) return DURATION.test(value) ? undefined : 'not a duration';
  if (BYTES.test(def)) return BYTES.test(value) ? undefined : 'not a byte size';
  if (ADDRESS.test(def)) return ADDRESS.test(value) ? undefined : 'not a host:port';
  if (/^https?:\/\//.test(def)) {
    try {
      new URL(value);
      return undefined;
    } catch {
      return 'not a URL';
    }
  }
  if (flag.endsWith('-file') || flag === '--data-dir')
    return value.startsWith('/') ? undefined : 'not an absolute path';
  if (/[.-]config$/.test(flag)) {
    try {
      const parsed = parse(value);
      return typeof parsed === 'object' && parsed !== null ? undefined : 'not a YAML mapping';
    } catch {
      return 'not YAML';
    }
  }
  if (flag.endsWith('replica-label'))
    return /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(value) ? undefined : 'not a label name';
  return undefined;
}

/**
 * What is wrong with a Thanos container's arguments (`subcommand --flag=value ...`): a flag the
 * command does not have, a value given to a boolean or missing for another, a flag that may not
 * repeat given twice, a value that does not parse for its type.
 */
function argumentProblems(table: FlagTable, args: readonly string[]): string[] {
  const [command, ...flags] = args;
  const known = table.get(command ?? '');
  if (!known) return [`"${command}" is no Thanos command`];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const arg of flags) {
    const match = /^(--[a-z0-9][a-z0-9._-]*)(?:=([\s\S]*))?$/.exec(arg);
    if (!match) {
      problems.push(`${command}: "${arg}" is not --flag[=value]`);
      continue;
    }
    const [, name, value] = match as unknown as [string, string, string | undefined];
    const negated = name.startsWith('--no-') ? `--${name.slice(5)}` : undefined;
    const flag = known.get(name) ?? (negated ? known.get(negated) : undefined);
    const canonical = known.has(name) ? name : (negated ?? name);
    if (!flag || (negated && !known.has(name) && flag.takesValue)) {
      problems.push(`${command}: ${name} is not a flag of "thanos ${command}"`);
      continue;
    }
    seen.set(canonical, (seen.get(canonical) ?? 0) + 1);
    if (!flag.takesValue && value !== undefined)
      problems.push(`${command}: ${name} is a boolean and takes no value`);
    if (flag.takesValue && value === undefined) problems.push(`${command}: ${name} needs a value`);
    if (flag.takesValue && value !== undefined) {
      const problem = valueProblem(canonical, value, flag.default);
      if (problem) problems.push(`${command}: ${name}=${value} is ${problem}`);
    }
  }
  for (const [name, count] of seen)
    if (count > 1 && !known.get(name)?.repeatable)
      problems.push(`${command}: ${name} is given ${count} times`);
  return problems;
}

/** Every container of the rendered objects that runs the Thanos image, with its file. */
function thanosContainers(files: ReadonlyMap<string, string>): { file: string; args: string[] }[] {
  return [...files]
    .map(([file, text]) => ({ file, object: parse(text) as Json }))
    .flatMap(({ file, object }) =>
      ((object?.spec?.template?.spec?.containers ?? []) as Json[])
        .filter((c) => String(c.image).includes('thanos/thanos:'))
        .map((c) => ({ file, args: c.args as string[] })),
    );
}

/** The objstore keys by type (upper case), from objstore.tsv. */
function readObjstoreKeys(): Map<string, Set<string>> {
  const keys = new Map<string, Set<string>>();
  for (const [type, path] of rows(OBJSTORE.path)) {
    if (!keys.has(type!)) keys.set(type!, new Set());
    keys.get(type!)!.add(path!);
  }
  return keys;
}

/** Every key path of a YAML value (`config.bucket`, `endpoints[].address`). */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => keyPaths(item, `${prefix}[]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return [path, ...keyPaths(child, path)];
  });
}

/** The objstore configuration's problems: a top-level key other than type/config/prefix, a config key the type does not have. */
function objstoreProblems(keys: Map<string, Set<string>>, config: Json): string[] {
  const type = String(config.type).toUpperCase();
  const known = keys.get(type);
  if (!known) return [`type "${config.type}" is not in objstore.tsv`];
  return keyPaths(config).flatMap((path) => {
    if (['type', 'config', 'prefix'].includes(path)) return [];
    return known.has(path) ? [] : [`${type} has no key ${path}`];
  });
}

/** A fact of thanos.md written as `name{child,child{...}},name[]{...}` into key paths. */
function bracedPaths(text: string, prefix = ''): string[] {
  const paths: string[] = [];
  let depth = 0;
  let start = 0;
  const parts: string[] = [];
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (c === '{') depth++;
    if (c === '}') depth--;
    if ((c === ',' && depth === 0) || i === text.length) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  for (const part of parts.filter(Boolean)) {
    const brace = part.indexOf('{');
    const name = brace < 0 ? part : part.slice(0, brace);
    const path = `${prefix}${prefix ? '.' : ''}${name}`;
    paths.push(path.replace(/\[\]$/, ''));
    if (brace >= 0) paths.push(...bracedPaths(part.slice(brace + 1, -1), path));
  }
  return paths;
}

/** The keys of `--endpoint.sd-config` (thanos.md, from cmd/thanos/endpointset.go). */
function endpointConfigKeys(facts: string): Set<string> {
  const line = /endpoint\.sd-config YAML keys: (.*) \| src:/.exec(facts)?.[1];
  if (!line) throw new Error('thanos.md has no line of the endpoint.sd-config keys');
  return new Set(bracedPaths(line).map((path) => path.replace(/\[\]\./g, '[].')));
}

const GCS = { objectStorage: { type: 'gcs', bucket: 'acme-thanos' } } as const;
const SCENARIOS: [string, () => Part[]][] = [
  ['the defaults', () => [thanos(), prometheusStandIn()]],
  [
    'every part, GCS, every option set',
    () => [
      thanos({
        ...GCS,
        logLevel: 'debug',
        query: {
          replicaLabels: ['prometheus_replica', 'rule_replica'],
          endpoints: [
            'thanos-query.prod-us.example:10901',
            'dnssrv+_grpc._tcp.thanos-sidecar.monitoring.svc.prod-eu.example',
          ],
        },
        queryFrontend: { splitInterval: '12h', cacheSize: '512MB' },
        store: { indexCacheSize: '1GB' },
        compact: { retention: { raw: '14d', fiveMinutes: '90d', oneHour: '0d' }, downsampling: false },
      }),
      prometheusStandIn(),
    ],
  ],
  [
    'S3 with a region',
    () => [
      thanos({ objectStorage: { type: 's3', bucket: 'acme-thanos', region: 'eu-west-1' } }),
      prometheusStandIn(),
    ],
  ],
];

describe.skipIf(!available)(
  `every flag is a flag of Thanos' commands, every key an objstore or endpoint key${available ? '' : ` (${skipMessage})`}`,
  () => {
    // Read when the suite runs: a skipped suite is still collected, and the files are absent then.
    let table: FlagTable;
    let objstoreKeys: Map<string, Set<string>>;
    let facts: string;
    beforeAll(() => {
      table = readFlags();
      objstoreKeys = readObjstoreKeys();
      facts = readFileSync(FACTS.path, 'utf8');
    });

    test.each(SCENARIOS)('%s', (_scenario, parts) => {
      const { files } = render(createStack({ namespace: 'monitoring' }, parts()));
      const containers = thanosContainers(files);
      expect(containers.map((c) => c.args[0]).sort()).toEqual([
        'compact',
        'query',
        'query-frontend',
        'store',
      ]);
      for (const { file, args } of containers)
        expect([file, argumentProblems(table, args)]).toEqual([file, []]);
      // The objstore configuration the parts (and the sidecar) read.
      const secret = parse(files.get('thanos-objstoreSecret.yaml')!) as Json;
      expect(objstoreProblems(objstoreKeys, parse(secret.stringData['objstore.yaml']))).toEqual([]);
      // Query's endpoint configuration, and Query Frontend's response cache.
      const sd = containers.flatMap((c) => c.args).find((a) => a.startsWith('--endpoint.sd-config='))!;
      const endpointKeys = endpointConfigKeys(facts);
      expect(
        keyPaths(parse(sd.slice('--endpoint.sd-config='.length))).filter((p) => !endpointKeys.has(p)),
      ).toEqual([]);
      const cache = parse(
        containers
          .flatMap((c) => c.args)
          .find((a) => a.startsWith('--query-range.response-cache-config='))!
          .slice('--query-range.response-cache-config='.length),
      ) as Json;
      const types = /response cache config .* type: ([A-Z/-]+) \| src:/.exec(facts)?.[1]?.split('/') ?? [];
      expect(types).toContain(cache.type);
      expect(Object.keys(cache).sort()).toEqual(['config', 'type']);
      // thanos.md lists the in-memory cache's keys for the Store Gateway's cache; max_size is the one both share.
      const memoryKeys = /IN-MEMORY config keys: ([a-z_, ]+) \(/.exec(facts)?.[1]?.split(', ') ?? [];
      expect(Object.keys(cache.config).filter((k) => !memoryKeys.includes(k))).toEqual([]);
      expect(cache.config.max_size).toMatch(BYTES);
    });

    test('the flags are those of the release the image runs', () => {
      const header = readFileSync(FLAGS.path, 'utf8');
      expect(/latest release tag: v([0-9.]+)/.exec(header)?.[1]).toBe(THANOS_VERSION);
    });

    test('the walk finds what is wrong: a made-up flag, a repeated one, a bad value, a value on a boolean, a key of another type', () => {
      expect(argumentProblems(table, ['query', '--made-up.flag=1'])).toEqual([
        'query: --made-up.flag is not a flag of "thanos query"',
      ]);
      expect(argumentProblems(table, ['compact', '--wait', '--no-wait'])).toEqual([
        'compact: --wait is given 2 times',
      ]);
      expect(argumentProblems(table, ['compact', '--retention.resolution-raw=30 days'])).toEqual([
        'compact: --retention.resolution-raw=30 days is not a duration',
      ]);
      expect(argumentProblems(table, ['compact', '--wait=true'])).toEqual([
        'compact: --wait is a boolean and takes no value',
      ]);
      expect(argumentProblems(table, ['store', '--index-cache-size=lots'])).toEqual([
        'store: --index-cache-size=lots is not a byte size',
      ]);
      expect(
        argumentProblems(table, ['query', '--query.replica-label=a', '--query.replica-label=b']),
      ).toEqual([]);
      expect(argumentProblems(table, ['query-frontend', '--grpc-address=0.0.0.0:10901'])).toEqual([
        'query-frontend: --grpc-address is not a flag of "thanos query-frontend"',
      ]);
      expect(argumentProblems(table, ['serve'])).toEqual(['"serve" is no Thanos command']);
      expect(
        objstoreProblems(objstoreKeys, { type: 'GCS', config: { bucket: 'a', access_key: 'x' } }),
      ).toEqual(['GCS has no key config.access_key']);
      expect(endpointConfigKeys(facts).has('endpoints[].address')).toBe(true);
      expect(endpointConfigKeys(facts).has('endpoints[].url')).toBe(false);
    });
  },
);
