import { canonicalize, type Datasource, isPlainObject, MixstackError, toYaml } from '@mixstack/core';
import type { SecretKeyRef } from '../config.js';

/** Grafana's rule for datasource uids (also what keeps them usable in URLs). */
const UID = /^[a-zA-Z0-9_-]{1,40}$/;
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
/** jsonData fields that name another datasource of the stack. */
const REFERENCE_FIELDS = new Set(['datasourceUid', 'alertmanagerUid']);

type Json = unknown;

/**
 * Grafana expands environment variables in every string of a provisioning file, and reads
 * `$$` as a literal `$`. Values are written as Grafana shows them (`${__value.raw}`), so
 * every `$` is doubled here; only the references to secure settings are expansions.
 */
export function escapeDollars(value: Json): Json {
  if (typeof value === 'string') return value.replaceAll('$', '$$$$');
  if (Array.isArray(value)) return value.map(escapeDollars);
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, escapeDollars(entry)]));
  }
  return value;
}

function* references(value: Json, path: string): Generator<{ path: string; uid: unknown }> {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* references(value[i], `${path}.${i}`);
  } else if (isPlainObject(value)) {
    for (const [key, entry] of Object.entries(value)) {
      if (REFERENCE_FIELDS.has(key)) yield { path: `${path}.${key}`, uid: entry };
      else yield* references(entry, `${path}.${key}`);
    }
  }
}

function fail(uid: string, message: string, path: string | undefined, value: unknown, hint: string): never {
  throw new MixstackError({
    code: 'INVALID_OPTION',
    message,
    address: `datasource/${uid}`,
    path,
    value,
    hint,
  });
}

/** Checks one entry of the `datasources` section; returns it as Grafana's provisioning reads it. */
function provisioned(
  uid: string,
  datasource: Datasource,
  all: Readonly<Record<string, Datasource>>,
  secretEnv: Readonly<Record<string, SecretKeyRef>>,
): Record<string, unknown> {
  if (!UID.test(uid)) {
    throw new MixstackError({
      code: 'INVALID_NAME',
      message: 'a datasource uid is 1 to 40 letters, digits, "-" or "_"',
      address: `datasource/${uid}`,
      value: uid,
      hint: 'contribute the datasource under a uid such as "prometheus" or "loki-audit"',
    });
  }
  if (!isPlainObject(datasource))
    fail(
      uid,
      'a datasource must be an object',
      undefined,
      datasource,
      'pass the result of prometheusDatasource({ url }) or a similar builder',
    );
  if (typeof datasource.name !== 'string' || datasource.name.trim() === '')
    fail(
      uid,
      'a datasource needs a name',
      'name',
      datasource.name,
      'give it the name shown in Grafana, such as "Prometheus"',
    );
  if (typeof datasource.type !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(datasource.type))
    fail(
      uid,
      'a datasource needs its plugin type',
      'type',
      datasource.type,
      'use a plugin id such as "prometheus", "loki", "tempo" or "alertmanager"',
    );
  if (
    datasource.url !== undefined &&
    (typeof datasource.url !== 'string' || !/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(datasource.url))
  )
    fail(
      uid,
      'the datasource url must be an absolute URL',
      'url',
      datasource.url,
      'use the in-cluster URL, such as "http://prometheus-k8s.monitoring.svc:9090"',
    );
  if (datasource.access !== undefined && datasource.access !== 'proxy' && datasource.access !== 'direct')
    fail(
      uid,
      'access is "proxy" or "direct"',
      'access',
      datasource.access,
      'use "proxy" (the server queries the datasource)',
    );
  if (datasource.jsonData !== undefined && !isPlainObject(datasource.jsonData))
    fail(
      uid,
      'jsonData must be an object',
      'jsonData',
      datasource.jsonData,
      'build it with the typed builders (prometheusDatasource, lokiDatasource, ...)',
    );

  for (const { path, uid: target } of references(datasource.jsonData ?? {}, 'jsonData')) {
    if (typeof target !== 'string' || all[target] === undefined) {
      throw new MixstackError({
        code: 'NOT_FOUND',
        message: `the datasource links to the datasource "${String(target)}", which no part of the stack contributes`,
        address: `datasource/${uid}`,
        path,
        value: target,
        hint: `contribute a datasource with the uid "${String(target)}" (its component), or leave the link out when that component is not in the stack (contribute the datasource as a function of the values and check values.<component>). Known uids: ${Object.keys(all).sort().join(', ') || 'none'}`,
      });
    }
  }

  const secure: Record<string, string> = {};
  for (const [setting, env] of Object.entries(datasource.secureJsonDataFromEnv ?? {})) {
    if (typeof env !== 'string' || !ENV_NAME.test(env))
      fail(
        uid,
        'a secure setting names an environment variable',
        `secureJsonDataFromEnv.${setting}`,
        env,
        'use an upper-case variable name such as LOKI_PASSWORD',
      );
    if (secretEnv[env] === undefined) {
      throw new MixstackError({
        code: 'NOT_FOUND',
        message: `the secure setting "${setting}" reads the environment variable ${env}, which no Secret feeds`,
        address: `datasource/${uid}`,
        path: `secureJsonDataFromEnv.${setting}`,
        value: env,
        hint: `create a Secret and pass grafana({ secretEnv: { ${env}: { name: "<secret>", key: "<key>" } } })`,
      });
    }
    secure[setting] = `$__env{${env}}`;
  }

  return {
    ...(escapeDollars({
      uid,
      name: datasource.name,
      type: datasource.type,
      access: datasource.access ?? 'proxy',
      url: datasource.url,
      orgId: 1,
      isDefault: datasource.isDefault ?? false,
      editable: datasource.editable ?? false,
      jsonData: datasource.jsonData,
    }) as Record<string, unknown>),
    ...(Object.keys(secure).length > 0 ? { secureJsonData: secure } : {}),
  };
}

/**
 * The datasources provisioning file (`apiVersion: 1`, `prune: true`, `datasources: [...]`)
 * from the stack's `datasources` section, sorted by uid. `prune` makes Grafana delete a
 * provisioned datasource once its entry is gone, so the file is the whole truth.
 */
export function datasourcesFile(
  datasources: Readonly<Record<string, Datasource>>,
  secretEnv: Readonly<Record<string, SecretKeyRef>>,
): string {
  const uids = Object.keys(datasources).sort();
  const entries = uids.map((uid) => provisioned(uid, datasources[uid]!, datasources, secretEnv));
  const byName = new Map<string, string>();
  for (const entry of entries) {
    const name = String(entry.name);
    const other = byName.get(name);
    if (other !== undefined) {
      throw new MixstackError({
        code: 'DUPLICATE_ADDRESS',
        message: `two datasources are named "${name.replaceAll('$$', '$')}": Grafana requires unique names`,
        address: `datasource/${String(entry.uid)}`,
        path: 'name',
        value: name,
        related: [`datasource/${other}`],
        hint: 'give one of them another name',
      });
    }
    byName.set(name, String(entry.uid));
  }
  const defaults = entries
    .filter((entry) => entry.isDefault === true)
    .map((entry) => `datasource/${String(entry.uid)}`);
  if (defaults.length > 1) {
    throw new MixstackError({
      code: 'INVALID_OPTION',
      message: 'more than one datasource is marked as the default; Grafana allows one per organization',
      address: defaults[1],
      path: 'isDefault',
      value: true,
      related: defaults,
      hint: 'pass isDefault: false to all but one of them',
    });
  }
  return toYaml(canonicalize({ apiVersion: 1, prune: true, datasources: entries }));
}
