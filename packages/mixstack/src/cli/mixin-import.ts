import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
  addMixin,
  alertsOf,
  emptyStack,
  type Mixin,
  MixstackError,
  recordingRulesOf,
  renderMixins,
} from '@mixstack/core';
import { DASHBOARDS_DIR, MIXIN_FILES, mixinFromContent, mixinFromFiles } from '@mixstack/lib-mixins';
import { CliError } from './problems.js';

/** What `mixstack mixin import` reads. */
export interface MixinImportOptions {
  /** A jsonnet mixin file (`mixin.libsonnet`) or a folder in the generated layout. */
  path: string;
  /** Library folders for jsonnet's imports (`-J`), in order. @default [] */
  jpath?: readonly string[];
  /** Overrides of the mixin's `_config` (`--config`, a JSON object), merged with `+:`. @default undefined */
  config?: Readonly<Record<string, unknown>>;
  /** The name the mixin's problems are addressed by (`mixin/<name>/...`). @default 'mixin' */
  name?: string;
}

export interface ImportedMixin {
  /** What PATH was: a jsonnet file evaluated with the jsonnet binary, or a folder in the generated layout. */
  kind: 'jsonnet' | 'folder';
  /** The folder's files in the generated layout, normalised: path → content. */
  files: ReadonlyMap<string, string>;
  alerts: number;
  recordingRules: number;
  dashboards: number;
  /** Rules over logs (`loki_alerts.yaml`, `loki_rules.yaml`), as `mixstack mixins` writes them. */
  logAlerts: number;
  logRules: number;
}

/** The jsonnet binary: Debian's `jsonnet` on PATH, or the one `MIXSTACK_JSONNET` names (go-jsonnet's works too). */
const jsonnetBinary = () => process.env.MIXSTACK_JSONNET || 'jsonnet';

/** The name of an output folder as a mixin name: `mixins/Node Exporter` → `node-exporter`. */
export function mixinNameOf(directory: string): string {
  const name = basename(resolve(directory))
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return /^[a-z0-9][a-z0-9-]*$/.test(name) ? name : 'mixin';
}

/**
 * Reads a mixin (a jsonnet file, evaluated with the `_config` overrides, or a folder in the
 * generated layout), checks it as a stack checks a mixin (the shape of rule files and
 * dashboards, every PromQL and LogQL expression, alert templates, dashboard queries) and
 * returns it in the generated layout, normalised: keys sorted, groups and rules in their order,
 * exactly what `mixstack mixins` writes. Throws a MixstackError carrying every problem, or a
 * CliError when jsonnet is missing or fails.
 */
export function importMixin(options: MixinImportOptions): ImportedMixin {
  const path = resolve(options.path);
  const name = options.name ?? 'mixin';
  if (!existsSync(path)) {
    throw new MixstackError({
      code: 'NOT_FOUND',
      message: 'there is no mixin at this path',
      address: options.path,
      value: options.path,
      hint: 'pass a jsonnet mixin file (mixin.libsonnet) or a folder in the generated layout (prometheus_alerts.yaml, prometheus_rules.yaml, dashboards_out/)',
    });
  }
  const identity = { name, title: name };
  const folder = statSync(path).isDirectory();
  let mixin: Mixin;
  if (folder) {
    if ((options.jpath?.length ?? 0) > 0 || options.config !== undefined)
      throw new CliError(
        {
          code: 'USAGE',
          message: '-J and --config go with a jsonnet mixin, and PATH is a folder in the generated layout',
          address: options.path,
          hint: 'drop -J and --config, or import the jsonnet file (mixin.libsonnet) they are meant for',
        },
        2,
      );
    mixin = mixinFromFiles(readLayout(path, options.path), identity);
  } else {
    const content = evaluateJsonnet(path, options);
    mixin = mixinFromContent(content, identity);
  }
  // The stack's own export: the same validation (expressions, templates, dashboard queries) and
  // the same normalised files as `mixstack mixins`.
  const exported = renderMixins(addMixin(emptyStack(), 'mixstack mixin import', name, mixin));
  const files = new Map<string, string>();
  for (const [file, text] of exported) files.set(file.slice(name.length + 1), text);
  const count = (rules?: { groups: { rules: unknown[] }[] }) =>
    (rules?.groups ?? []).reduce((total, group) => total + group.rules.length, 0);
  return {
    kind: folder ? 'folder' : 'jsonnet',
    files,
    alerts: alertsOf(mixin).length,
    recordingRules: recordingRulesOf(mixin).length,
    dashboards: Object.keys(mixin.grafanaDashboards ?? {}).length,
    logAlerts: count(mixin.logAlerts),
    logRules: count(mixin.logRules),
  };
}

/** The files of the generated layout in a folder: its rule files and `dashboards_out/*`. */
function readLayout(path: string, shown: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const file of Object.values(MIXIN_FILES)) {
    const at = join(path, file);
    if (existsSync(at) && statSync(at).isFile()) files.set(file, readFileSync(at, 'utf8'));
  }
  const dashboards = join(path, DASHBOARDS_DIR);
  if (existsSync(dashboards) && statSync(dashboards).isDirectory()) {
    for (const entry of readdirSync(dashboards).sort()) {
      const at = join(dashboards, entry);
      files.set(`${DASHBOARDS_DIR}/${entry}`, statSync(at).isFile() ? readFileSync(at, 'utf8') : '');
    }
  }
  if (files.size === 0) {
    // `mixstack mixins` writes one subfolder per mixin: name them.
    const mixins = readdirSync(path)
      .filter((entry) => statSync(join(path, entry)).isDirectory())
      .filter((entry) =>
        [...Object.values(MIXIN_FILES), DASHBOARDS_DIR].some((file) => existsSync(join(path, entry, file))),
      )
      .sort();
    throw new MixstackError({
      code: 'INVALID_INPUT',
      message: 'the folder holds none of the files of the generated layout',
      address: shown,
      value: readdirSync(path).sort(),
      hint:
        mixins.length > 0
          ? `it holds one mixin per subfolder (what \`mixstack mixins\` writes): import each, such as ${join(shown, mixins[0]!)} (${mixins.join(', ')})`
          : `pass a folder with ${Object.values(MIXIN_FILES).slice(0, 2).join(', ')} or ${DASHBOARDS_DIR}/*.json, or the jsonnet file of the mixin`,
    });
  }
  return files;
}

/**
 * Evaluates a jsonnet mixin with its `_config` overridden (`+:`, so what is not given keeps the
 * mixin's value) and returns its three fields (hidden fields, as mixins declare them).
 */
function evaluateJsonnet(path: string, options: MixinImportOptions): Record<string, unknown> {
  const field = (name: string) =>
    `${name}: if std.objectHasAll(mixin, '${name}') then mixin.${name} else null`;
  const code = [
    `local mixin = (import ${JSON.stringify(path)}) + { _config+:: std.extVar('mixstackConfig') };`,
    `{ ${['prometheusAlerts', 'prometheusRules', 'grafanaDashboards'].map(field).join(', ')} }`,
  ].join('\n');
  const args = [
    ...(options.jpath ?? []).flatMap((dir) => ['-J', resolve(dir)]),
    '--ext-code',
    `mixstackConfig=${JSON.stringify(options.config ?? {})}`,
    '-e',
    code,
  ];
  const binary = jsonnetBinary();
  const run = spawnSync(binary, args, { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  if (run.error) {
    const missing = (run.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new CliError(
      {
        code: 'JSONNET',
        message: missing
          ? `the jsonnet binary (${binary}) is not installed, and ${options.path} is a jsonnet mixin`
          : `jsonnet (${binary}) could not run: ${run.error.message}`,
        address: options.path,
        hint: missing
          ? "install it: `sudo apt-get install jsonnet` (Debian, Ubuntu), `brew install jsonnet` (macOS), or set MIXSTACK_JSONNET to a jsonnet binary; or import the mixin's generated folder instead (prometheus_alerts.yaml, ...)"
          : "check the binary MIXSTACK_JSONNET names, or install Debian's jsonnet package",
      },
      missing ? 2 : 1,
    );
  }
  if (run.status !== 0) {
    const lines = run.stderr.trim().split('\n');
    throw new CliError(
      {
        code: 'JSONNET',
        message: `jsonnet failed to evaluate the mixin: ${lines.slice(0, 8).join('\n  ')}${lines.length > 8 ? '\n  ...' : ''}`,
        address: options.path,
        hint: "fix the mixin, or pass the folders its imports need with -J (jsonnet-bundler's vendor/, for example -J vendor)",
      },
      1,
    );
  }
  const evaluated = JSON.parse(run.stdout) as Record<string, unknown>;
  const content = Object.fromEntries(Object.entries(evaluated).filter(([, value]) => value !== null));
  if (Object.keys(content).length === 0) {
    throw new MixstackError({
      code: 'INVALID_INPUT',
      message:
        'the jsonnet file is no mixin: it has none of prometheusAlerts, prometheusRules, grafanaDashboards',
      address: options.path,
      value: options.path,
      hint: "pass the mixin's entry file (usually mixin.libsonnet), whose object has those fields",
    });
  }
  return content;
}
