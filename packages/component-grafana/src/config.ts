import {
  type AdmittedClient,
  type ContainerResources,
  type DeepPartial,
  isLabelKey,
  MixstackError,
  options,
} from '@mixstack/core';
import {
  admittedClientSchema,
  type EgressDestination,
  egressDestinationsSchema,
  linuxNodes,
  resourcesSchema,
} from '@mixstack/kit';
import { GRAFANA_IMAGE } from './versions.js';

/** A key of a Secret the user creates outside mixstack. */
export interface SecretKeyRef {
  /** Name of the Secret, in the stack's namespace. */
  name: string;
  /** Key inside the Secret. */
  key: string;
}

/** Where Grafana's admin user name and password come from: a Secret the user creates. */
export interface AdminSecret {
  /** @default 'grafana-admin' */
  name: string;
  /** @default 'admin-user' */
  userKey: string;
  /** @default 'admin-password' */
  passwordKey: string;
}

/**
 * A client allowed to reach Grafana's HTTP port through the NetworkPolicy (core's
 * `AdmittedClient`). Either a `cidr`, or pods chosen by namespace and/or labels:
 * - `{ namespace: 'ingress-nginx' }`: every pod of that namespace (an ingress controller);
 * - `{ namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } }`: only those pods;
 * - `{ namespaceLabels: { team: 'sre' } }`: every pod of the namespaces with these labels;
 * - `{ podLabels: { app: 'oauth2-proxy' } }`: pods with these labels in the stack's namespace;
 * - `{ cidr: '130.211.0.0/22' }`: addresses outside the cluster (load-balancer health checks).
 */
export type NetworkSource = AdmittedClient;

/** A Pod toleration, checked as Kubernetes checks it: `key` empty or left out only with operator `Exists`. */
export type Toleration = options.Toleration;

/** A value of grafana.ini. */
export type IniValue = string | number | boolean;

/** The normalized values of the `grafana` component (`values.grafana`): every field set. */
export interface GrafanaValues {
  /**
   * The Grafana image, pinned; `common.imageRegistry` replaces its registry.
   * @default 'docker.io/grafana/grafana:13.1.3'
   */
  image: string;
  /**
   * Grafana pods. Above 1 the stack adds a PodDisruptionBudget, spreads the pods over nodes
   * and gives the Service client-IP session affinity; Grafana's database stays per pod
   * (everything is provisioned), so use an external database (see README) for users and
   * dashboards created in the UI.
   * @default 1
   */
  replicas: number;
  /**
   * Requests and limits of the Grafana container.
   * @default { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } }
   */
  resources: ContainerResources;
  /**
   * The Secret holding the admin user name and password, which you create before applying:
   * `kubectl -n monitoring create secret generic grafana-admin --from-literal=admin-user=admin --from-literal=admin-password=...`.
   * Grafana reads both through `secretKeyRef`; nothing secret is rendered.
   * @default { name: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' }
   */
  adminSecret: AdminSecret;
  /**
   * Anonymous access (no login). Off by default; when on, anonymous users get `role` in the
   * main organization.
   * @default { enabled: false, role: 'Viewer' }
   */
  anonymous: { enabled: boolean; role: 'Viewer' | 'Editor' };
  /**
   * The URL users open Grafana at (`server.root_url`), needed behind an ingress or a path prefix.
   * @default undefined (Grafana's default, http://localhost:3000/)
   */
  rootUrl?: string;
  /**
   * Extra grafana.ini settings by section and key, applied over mixstack's own
   * (`{ 'auth.generic_oauth': { enabled: true, client_id: 'grafana' } }`). Settings Grafana
   * treats as credentials (`security.secret_key`, `*password*`, `client_secret`, tokens, ...)
   * and values carrying a password (`remote_cache.connstr` with `password=`) are rejected here:
   * pass them with `secretEnv` as `GF_<SECTION>_<KEY>` variables, or write the secret part as
   * `$__file{/path}` or `$__env{NAME}`, which Grafana expands at start.
   * @default {}
   */
  config: Record<string, Record<string, IniValue>>;
  /**
   * Environment variables read from Secrets, by variable name: for secret Grafana settings
   * (`GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET`) and for the secure settings of datasources
   * (`secureJsonDataFromEnv` of a datasource names the variable). Other parts may add entries
   * through the values tree (`values.grafana.secretEnv`).
   * @default {}
   */
  secretEnv: Record<string, SecretKeyRef>;
  networkPolicy: {
    /**
     * Clients allowed to reach Grafana's port besides the network clients the stack's parts
     * add (the stack's Prometheus scraping `/metrics`, a platform's load balancer), by a name
     * of your choice: an ingress controller, say. An entry with the name of a network client
     * is merged over it (more pod labels narrow it); `false` removes it (`null` removes an
     * entry another layer of values set).
     * No client at all means no ingress.
     * `kubectl port-forward` needs no entry.
     * @default {}
     */
    clients: Record<string, NetworkSource | false>;
    /**
     * Destinations Grafana may connect to besides DNS and its datasources, by a name of your
     * choice: an identity provider for OAuth login (`{ cidr: '0.0.0.0/0', ports: [443] }`),
     * an SMTP relay, an image renderer. The stack's namespace denies egress by default, so a
     * service Grafana calls that is not a datasource needs an entry; `false` removes one.
     * @default {}
     */
    egress: Record<string, EgressDestination | false>;
  };
  dashboards: {
    /**
     * Allow saving provisioned dashboards from the UI (the change is lost when the pod
     * restarts or the file changes).
     * @default false
     */
    allowUiUpdates: boolean;
    /** How often Grafana rereads the dashboard files. @default 30 */
    updateIntervalSeconds: number;
  };
  /** @default { 'kubernetes.io/os': 'linux' } */
  nodeSelector: Record<string, string>;
  /** @default [] */
  tolerations: Toleration[];
  service: {
    /** Annotations of the Service (a GKE NEG or BackendConfig, for example). @default {} */
    annotations: Record<string, string>;
  };
}

/** Fresh defaults for every call, so nothing mutable is shared between two stacks. */
export function defaultGrafanaValues(): GrafanaValues {
  return {
    image: GRAFANA_IMAGE,
    replicas: 1,
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } },
    adminSecret: { name: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' },
    anonymous: { enabled: false, role: 'Viewer' },
    config: {},
    secretEnv: {},
    networkPolicy: { clients: {}, egress: {} },
    dashboards: { allowUiUpdates: false, updateIntervalSeconds: 30 },
    nodeSelector: linuxNodes(),
    tolerations: [],
    service: { annotations: {} },
  };
}

/**
 * What `grafana()` accepts: every field optional. Entries of `networkPolicy.clients`,
 * `secretEnv` and `config` may be `null`, which removes an entry a default or another part
 * (a platform) added.
 */
export type GrafanaOptions = DeepPartial<
  Omit<GrafanaValues, 'networkPolicy' | 'secretEnv' | 'config' | 'tolerations'>
> & {
  networkPolicy?: {
    clients?: Record<string, NetworkSource | false | null>;
    egress?: Record<string, EgressDestination | false | null>;
  };
  secretEnv?: Record<string, SecretKeyRef | null>;
  config?: Record<string, Record<string, IniValue | null> | null>;
  tolerations?: Toleration[];
};

const { object, string, boolean, integer, record, labels, oneOf, array, check } = options;

/** `false` leaves an entry out (the same as `null`, but kept in the values, where a later layer may set it again). */
function orFalse<T>(schema: options.Schema<T>): options.Schema<T | false> {
  return {
    expected: `${schema.expected}, or false to leave it out`,
    parse: (value, at) => (value === false ? false : schema.parse(value, at)),
  };
}

/** Accepts `null` too: in options it removes an entry set by another part. */
function nullable<T>(schema: options.Schema<T>): options.Schema<T | null> {
  return {
    expected: `${schema.expected}, or null to remove it`,
    parse: (value, at) => (value === null ? null : schema.parse(value, at)),
  };
}

/** A key of a Secret or ConfigMap. */
export const dataKey = (): options.Schema<string> =>
  string({
    pattern: /^[-._a-zA-Z0-9]+$/,
    maxLength: 253,
    expected: 'a Secret key (letters, digits, "-", "_" and ".")',
  });

const secretName = (): options.Schema<string> => options.secretName();

export const secretKeyRefSchema = object(
  { name: options.required(secretName()), key: options.required(dataKey()) },
  'a Secret key reference { name, key }',
) as options.Schema<SecretKeyRef>;

/** An environment variable name, as Grafana's `GF_<SECTION>_<KEY>` and `$__env{NAME}` use them. */
export const envName = (): options.Schema<string> =>
  string({
    pattern: /^[A-Z_][A-Z0-9_]*$/,
    maxLength: 253,
    expected: 'an environment variable name in upper case (letters, digits and "_")',
    hint: 'use a name such as GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET or LOKI_PASSWORD',
  });

const INI_SECTION = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const INI_KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
/**
 * What makes a grafana.ini setting a credential, after Grafana's own list of sensitive
 * settings (the patterns its `RedactedValue` hides in the server admin settings page and in
 * logs), matched as Grafana matches them against the setting's environment name
 * `GF_<SECTION>_<KEY>`: a part anywhere in the name, or an ending. mixstack adds a few
 * endings (`passwd`, any `token`, `api_key`) that plugins and older releases use.
 */
const SENSITIVE_NAME_PARTS = [
  'PASSWORD',
  'SECRET',
  'PROVIDER_CONFIG',
  'PRIVATE_KEY',
  'SECRET_KEY',
  'CERTIFICATE',
  'ACCOUNT_KEY',
  'ENCRYPTION_KEY',
  'VAULT_TOKEN',
  'CLIENT_SECRET',
  'ENTERPRISE_LICENSE',
  'API_DB_PASS',
] as const;
const SENSITIVE_NAME_ENDINGS = [
  // Grafana's.
  'ID_FORWARDING_TOKEN',
  'AUTHENTICATION_TOKEN',
  'AUTH_TOKEN',
  'RENDERER_TOKEN',
  'API_TOKEN',
  'WEBHOOK_TOKEN',
  'INSTALL_TOKEN',
  // mixstack's.
  'TOKEN',
  'PASSWD',
  'API_KEY',
  'APIKEY',
] as const;

/** Grafana's environment name of a setting: `GF_`, section and key upper-cased, "." and "-" as "_". */
export function settingEnvName(section: string, key: string): string {
  return `GF_${section.toUpperCase().replace(/[.-]/g, '_')}_${key.toUpperCase().replace(/\./g, '_')}`;
}

/**
 * Whether Grafana treats the setting as a credential. Keys naming a file (`*_path`,
 * `*_file`, such as SAML's `private_key_path`) hold a path, not the credential itself.
 */
export function isSensitiveSetting(section: string, key: string): boolean {
  const lowerKey = key.toLowerCase();
  if (lowerKey.endsWith('_path') || lowerKey.endsWith('_file')) return false;
  const name = settingEnvName(section, key);
  return (
    SENSITIVE_NAME_PARTS.some((part) => name.includes(part)) ||
    SENSITIVE_NAME_ENDINGS.some((ending) => name.endsWith(ending))
  );
}

/** Grafana's variable expansion in grafana.ini values: the value is read from a file, a variable or Vault at start. */
const EXPANSION = /\$__(env|file|vault)\{[^}]*\}/g;

/** Where a value written literally holds a password: a URL's user info, a DSN's `user:password@`, a `password=` parameter. */
const EMBEDDED_PASSWORDS: readonly RegExp[] = [
  /[a-z][a-z0-9+.-]*:\/\/[^\s/@:]*:([^\s/@]+)@/i,
  /^[^\s:/@=,]+:(?!\/\/)([^\s@]+)@/i,
  /(?:^|[\s,;&?])(?:password|passwd|pwd|pass)=([^\s,;&]+)/i,
];

/**
 * Why a grafana.ini setting must not be written into the ConfigMap, or nothing. A credential
 * may be given only through indirection, which Grafana expands at start: `$__file{/path}`
 * (a mounted Secret), `$__env{NAME}` (a `secretEnv` variable) or `$__vault{...}`.
 */
export function credentialInSetting(section: string, key: string, value: IniValue): string | undefined {
  // Neither a boolean nor an empty value can hold a credential (`password_policy = true`).
  if (typeof value === 'boolean' || value === '') return undefined;
  const literal = String(value).replace(EXPANSION, '');
  if (isSensitiveSetting(section, key) && literal.trim() !== '') {
    return `"${key}" of [${section}] holds a credential and must not be written into a ConfigMap (Grafana treats ${settingEnvName(section, key)} as sensitive)`;
  }
  if (EMBEDDED_PASSWORDS.some((pattern) => pattern.test(literal))) {
    return `"${key}" of [${section}] holds a password and must not be written into a ConfigMap`;
  }
  return undefined;
}

/** Grafana's organization role Admin, as grafana.ini may spell it. */
export function isAdminRole(role: unknown): boolean {
  return typeof role === 'string' && role.trim().toLowerCase() === 'admin';
}

/** How to pass a credential setting instead. */
export function credentialHint(section: string, key: string): string {
  const env = settingEnvName(section, key);
  return `create a Secret and pass the setting as an environment variable: secretEnv: { ${env}: { name, key } } (leave it out of config), or write only the secret part as $__file{/path/to/mounted/secret} or $__env{VARIABLE} (a secretEnv variable), which Grafana expands at start`;
}

const iniValue = (): options.Schema<IniValue> => ({
  expected: 'a string (one line, without backquotes), a finite number or a boolean',
  parse(value, at) {
    if (typeof value === 'boolean') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && !/[\r\n`]/.test(value)) return value;
    return string({
      pattern: /^$/,
      expected: 'a string (one line, without backquotes), a finite number or a boolean',
    }).parse(value, at);
  },
});

/** grafana.ini settings the manifests depend on: changing them would break probes, Service or mounts. */
const OWNED_SETTINGS: readonly (readonly [string, string])[] = [
  ['server', 'http_port'],
  ['server', 'protocol'],
  ['paths', 'data'],
  ['paths', 'provisioning'],
  ['paths', 'plugins'],
];

const iniKey = (): options.Schema<string> =>
  string({ pattern: INI_KEY, expected: 'a grafana.ini key (letters, digits, "_", "." and "-")' });

/**
 * A setting's value, refused when it holds a credential. Its section and key are the last two
 * steps of its path (`config.<section>.<key>`).
 */
const iniSetting = (): options.Schema<IniValue> => {
  const value = iniValue();
  return {
    expected: value.expected,
    parse(input, at) {
      const parsed = value.parse(input, at);
      const section = at.path[at.path.length - 2] ?? '';
      const key = at.path[at.path.length - 1] ?? '';
      if (section === 'auth.anonymous' && key === 'org_role' && isAdminRole(parsed)) {
        throw new MixstackError({
          code: 'INVALID_OPTION',
          message:
            'anonymous users must not get the Admin role: anyone reaching Grafana could change every setting, datasource and user of the organization',
          address: at.address,
          path: at.path.join('.'),
          value: parsed,
          hint: 'use "Viewer" (or "Editor"), best through the typed option: anonymous: { enabled: true, role: "Viewer" }',
        });
      }
      const problem = credentialInSetting(section, key, parsed);
      if (problem) {
        // The value is left out of the problem: it is the credential.
        throw new MixstackError({
          code: 'INVALID_OPTION',
          message: problem,
          address: at.address,
          path: at.path.join('.'),
          hint: credentialHint(section, key),
        });
      }
      return parsed;
    },
  };
};

const iniSection = (): options.Schema<string> =>
  string({ pattern: INI_SECTION, expected: 'a grafana.ini section name such as "auth.generic_oauth"' });

const annotationKey = (): options.Schema<string> => ({
  expected: 'an annotation key such as "cloud.google.com/neg"',
  parse(value, at) {
    if (typeof value === 'string' && isLabelKey(value)) return value;
    return string({ pattern: /^$/, expected: 'an annotation key such as "cloud.google.com/neg"' }).parse(
      value,
      at,
    );
  },
});

/** Checked as the API server checks it: a qualified-name key, empty only with operator Exists. */
const toleration = options.toleration();

/** Validates what the user passed; every field is optional. */
export const grafanaOptionsSchema: options.Schema<GrafanaOptions> = object({
  image: options.pinnedImage(),
  replicas: integer({ min: 1, max: 100 }),
  resources: resourcesSchema,
  adminSecret: object({ name: secretName(), userKey: dataKey(), passwordKey: dataKey() }),
  anonymous: object({ enabled: boolean(), role: oneOf(['Viewer', 'Editor'] as const) }),
  rootUrl: string({
    pattern: /^https?:\/\/[^\s/]+(\/[^\s]*)?$/,
    expected: 'an http(s) URL such as "https://grafana.example.com/"',
  }),
  config: check(
    record(nullable(record(nullable(iniSetting()), iniKey())), iniSection()),
    (config) => {
      const owned = OWNED_SETTINGS.filter(([section, key]) => config[section]?.[key] !== undefined);
      return owned.length > 0
        ? `${owned.map(([section, key]) => `${section}.${key}`).join(', ')} is set by the component`
        : undefined;
    },
    'leave it out: the port is fixed at 3000 (probes, Service and NetworkPolicy use it) and the paths are where the component mounts its volumes',
  ),
  secretEnv: record(nullable(secretKeyRefSchema), envName()),
  networkPolicy: object({
    clients: record(
      nullable(orFalse(admittedClientSchema())),
      string({ pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]*$/, expected: 'a name such as "ingress"' }),
    ),
    egress: egressDestinationsSchema(),
  }),
  dashboards: object({
    allowUiUpdates: boolean(),
    updateIntervalSeconds: integer({ min: 10, max: 86400 }),
  }),
  nodeSelector: labels(),
  tolerations: array(toleration),
  service: object({ annotations: record(string({ expected: 'a string' }), annotationKey()) }),
}) as options.Schema<GrafanaOptions>;
