import { parseArgs } from 'node:util';
import { isPagePath } from './write-file.js';

export const USAGE = `Usage: mixstack <command> [ENTRY] [options]

Commands:
  build [ENTRY]      Render the stack to one file per object (default: ./manifests)
  validate [ENTRY]   Check the stack and list every problem; writes nothing
  mixins [ENTRY]     Export the mixins in the monitoring-mixins layout (default: ./mixins)
  explain [ENTRY]    Write one self-contained HTML page that shows the stack: components,
                     signals and their links, alerting, dashboards, platform (default:
                     ./explain.html); no network, no script needed to read it
  init [DIR]         Scaffold a stack repository in DIR (default: .): package.json, tsconfig.json,
                     stack.ts with the default stack, .gitignore; overwrites no file
  crds pull          Download the prometheus-operator CRD files the stack deploys, verified
                     against the SHA-256 sums @mixstack/component-prometheus ships, and write each
                     as JSON, which a build reads faster than YAML (default: ./crds)
  mixin import PATH -o DIR [-J JPATH]... [--config JSON]
                     Write an upstream mixin into DIR in the generated layout (prometheus_alerts.yaml,
                     prometheus_rules.yaml, dashboards_out/*.json), normalised and validated, for
                     mixinFromDir of @mixstack/lib-mixins. PATH is a jsonnet mixin (evaluated with the
                     jsonnet binary) or a folder in the generated layout

ENTRY is a .ts/.mts/.js/.mjs module whose default export is a stack (or a function
returning one). Without ENTRY, the default stack of the mixstack package is used.

Options:
  -o, --output DIR   Output directory (build, mixins); the page's file for explain (.html)
      --explain      Also write the explain page next to the manifests, as explain.html (build;
                     not listed in the Kustomization). A build without --explain removes the
                     page an earlier one wrote, and says so, rather than leave it out of date
      --input ID=DIR Read the stack's input ID from DIR (repeatable)
      --crds DIR     The prometheus-operator CRD files: same as --input crds=DIR
      --stdout       Print one multi-document YAML stream instead of writing files (build)
      --base-url URL Where crds pull downloads from (default: the operator's release on GitHub);
                     a mirror that holds the same files works offline
      --from DIR     crds pull without network: check the CRD files copied into DIR (a folder
                     pulled on another machine, or the release's files) against the same
                     SHA-256 sums, and write them
      --json         Machine-readable output on stdout
      --replace-unknown
                     Delete the files in the output directory that mixstack did not write
                     (build, mixins, crds pull). Without it, such files are listed and nothing
                     is written: mixstack replaces only what its .mixstack record lists
      --timings      Print where the time went, stage by stage, on stderr (build, validate;
                     with --json, as "timings" in the report)
  -J, --jpath DIR    A library folder for the imports of a jsonnet mixin (mixin import; repeatable)
      --config JSON  Overrides of the jsonnet mixin's _config, a JSON object merged into it
                     (mixin import): --config '{"grafanaPrefix":"Apps / "}'
  -v, --version      Print the version of mixstack
  -h, --help         Show this help
`;

export type Command = 'build' | 'validate' | 'mixins' | 'explain' | 'crds' | 'init' | 'mixin';

export interface CliArguments {
  command: Command;
  entry?: string;
  output?: string;
  stdout: boolean;
  json: boolean;
  /** Directories of the stack's inputs, by input id. */
  inputs: Record<string, string>;
  /** `crds pull`: where to download from. */
  baseUrl?: string;
  /** `crds pull --from DIR`: verify and write the CRD files in DIR instead of downloading. */
  from?: string;
  /** Delete files in the output directory that mixstack did not write (`--replace-unknown`). */
  replaceUnknown: boolean;
  /** Print where the time went, stage by stage (`--timings`, build and validate). */
  timings: boolean;
  /** `build --explain`: also write the explain page next to the manifests. */
  explain: boolean;
  /** `mixin import PATH`: the jsonnet mixin or folder to import. */
  path?: string;
  /** `mixin import -J DIR`: library folders of jsonnet's imports, in order. */
  jpath: string[];
  /** `mixin import --config JSON`: overrides of the mixin's `_config`. */
  config?: Record<string, unknown>;
}

export class UsageError extends Error {}

const COMMANDS: readonly Command[] = ['build', 'validate', 'mixins', 'explain', 'crds', 'init', 'mixin'];

/** Parses argv (without node and the script); returns 'help' for -h/--help, 'version' for --version. */
export function parseCli(argv: readonly string[]): CliArguments | 'help' | 'version' {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true; strict: true }>>;
  const options = {
    output: { type: 'string', short: 'o' },
    stdout: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
    version: { type: 'boolean', short: 'v', default: false },
    input: { type: 'string', multiple: true },
    crds: { type: 'string' },
    'base-url': { type: 'string' },
    from: { type: 'string' },
    'replace-unknown': { type: 'boolean', default: false },
    timings: { type: 'boolean', default: false },
    explain: { type: 'boolean', default: false },
    jpath: { type: 'string', short: 'J', multiple: true },
    config: { type: 'string' },
  } as const;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.values.help) return 'help';
  if (parsed.values.version) return 'version';
  const [command, entry, ...rest] = parsed.positionals;
  if (!command) throw new UsageError('missing command');
  if (!COMMANDS.includes(command as Command)) throw new UsageError(`unknown command "${command}"`);
  if (command === 'mixin') {
    if (entry !== 'import')
      throw new UsageError(
        entry
          ? `unknown mixin command "${entry}" (use: mixin import PATH -o DIR)`
          : 'missing mixin command (use: mixin import PATH -o DIR)',
      );
    if (rest.length === 0)
      throw new UsageError('mixin import needs the PATH of a jsonnet mixin or of a folder');
  }
  const path = command === 'mixin' ? rest.shift() : undefined;
  if (rest.length > 0) throw new UsageError(`unexpected arguments: ${rest.join(' ')}`);
  if (command === 'crds' && entry !== 'pull') {
    throw new UsageError(
      entry ? `unknown crds command "${entry}" (use: crds pull)` : 'missing crds command (use: crds pull)',
    );
  }
  const args: CliArguments = {
    command: command as Command,
    entry: command === 'crds' || command === 'mixin' ? undefined : entry,
    // `-o manifests/` is the folder `manifests`: shown as `manifests/` once, not `manifests//`.
    output:
      parsed.values.output === undefined ? undefined : parsed.values.output.replace(/(?<=.)[/\\]+$/, ''),
    stdout: parsed.values.stdout ?? false,
    json: parsed.values.json ?? false,
    inputs: {},
    baseUrl: parsed.values['base-url'],
    from: parsed.values.from,
    replaceUnknown: parsed.values['replace-unknown'] ?? false,
    timings: parsed.values.timings ?? false,
    explain: parsed.values.explain ?? false,
    path,
    jpath: parsed.values.jpath ?? [],
  };
  if (parsed.values.config !== undefined) {
    let config: unknown;
    try {
      config = JSON.parse(parsed.values.config);
    } catch (error) {
      throw new UsageError(
        `--config takes a JSON object, got ${parsed.values.config}: ${(error as Error).message}`,
      );
    }
    if (typeof config !== 'object' || config === null || Array.isArray(config))
      throw new UsageError(
        `--config takes a JSON object such as '{"grafanaPrefix":"Apps / "}', got ${parsed.values.config}`,
      );
    args.config = config as Record<string, unknown>;
  }
  if (args.command !== 'mixin' && (args.jpath.length > 0 || args.config !== undefined))
    throw new UsageError('-J and --config go with mixin import');
  if (args.command === 'mixin') {
    if (args.output === undefined) throw new UsageError('mixin import needs -o DIR, the folder to write');
    if ((parsed.values.input?.length ?? 0) > 0 || parsed.values.crds !== undefined)
      throw new UsageError('mixin import reads no stack inputs (--input, --crds)');
  }
  if (args.baseUrl !== undefined) {
    if (args.command !== 'crds') throw new UsageError('--base-url only goes with crds pull');
    if (!/^https?:\/\/\S+$/.test(args.baseUrl))
      throw new UsageError(`--base-url takes an http(s) URL, got "${args.baseUrl}"`);
  }
  if (args.from !== undefined) {
    if (args.command !== 'crds') throw new UsageError('--from only goes with crds pull');
    if (args.from === '') throw new UsageError('--from needs a directory');
    if (args.baseUrl !== undefined)
      throw new UsageError(
        '--from and --base-url exclude each other: --from reads files, --base-url downloads them',
      );
  }
  for (const entry of parsed.values.input ?? []) {
    const match = /^([A-Za-z0-9._-]+)=(.+)$/.exec(entry);
    if (!match) throw new UsageError(`--input takes ID=DIR, got "${entry}"`);
    if (args.inputs[match[1]!] !== undefined) throw new UsageError(`--input ${match[1]} is given twice`);
    args.inputs[match[1]!] = match[2]!;
  }
  if (parsed.values.crds !== undefined) {
    if (args.inputs.crds !== undefined)
      throw new UsageError('--crds and --input crds=... exclude each other');
    if (parsed.values.crds === '') throw new UsageError('--crds needs a directory');
    args.inputs.crds = parsed.values.crds;
  }
  if (
    args.command === 'init' &&
    (Object.keys(args.inputs).length > 0 || args.output !== undefined || args.stdout || args.replaceUnknown)
  )
    throw new UsageError('init takes only a folder (mixstack init [DIR]) and --json');
  if (Object.keys(args.inputs).length > 0 && args.command === 'crds')
    throw new UsageError('crds pull reads no inputs');
  if (args.stdout && args.command !== 'build') throw new UsageError('--stdout only goes with build');
  if (args.stdout && args.output) throw new UsageError('--stdout and --output exclude each other');
  if (args.stdout && args.json)
    throw new UsageError(
      '--stdout and --json exclude each other: --stdout prints the YAML stream, --json a report (use --json with -o DIR)',
    );
  if (args.output !== undefined && args.command === 'validate')
    throw new UsageError('validate writes nothing; drop --output');
  if (args.replaceUnknown && (args.command === 'validate' || args.stdout))
    throw new UsageError('--replace-unknown goes with a command that writes a directory');
  if (args.output === '') throw new UsageError('--output needs a directory');
  if (args.timings && args.command !== 'build' && args.command !== 'validate')
    throw new UsageError('--timings goes with build or validate');
  if (args.explain && args.command !== 'build')
    throw new UsageError(
      args.command === 'explain'
        ? 'explain writes the page; --explain goes with build (mixstack build --explain)'
        : '--explain goes with build (mixstack build --explain)',
    );
  if (args.explain && args.stdout)
    throw new UsageError(
      '--explain writes explain.html next to the manifests: use it with -o DIR, not --stdout',
    );
  if (args.command === 'explain') {
    if (args.replaceUnknown)
      throw new UsageError('--replace-unknown goes with a command that writes a directory, not explain');
    if (args.output !== undefined && !isPagePath(args.output))
      throw new UsageError(
        `explain writes an HTML page: -o takes a file ending in .html, got "${args.output}"`,
      );
  }
  return args;
}
