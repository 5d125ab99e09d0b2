import {
  type AdmittedClient,
  type ContainerResources,
  type DeepPartial,
  isLabelKey,
  options,
} from '@mixstack/core';
import { admittedClientSchema, linuxNodes, resourcesSchema } from '@mixstack/kit';
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

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  tolerationSeconds?: number;
}

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
   * (`{ 'auth.generic_oauth': { enabled: true, client_id: 'grafana' } }`). Secret settings
   * (passwords, secrets, tokens) are rejected here: pass them with `secretEnv` as
   * `GF_<SECTION>_<KEY>` variables.
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
    networkPolicy: { clients: {} },
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
  networkPolicy?: { clients?: Record<string, NetworkSource | false | null> };
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

const secretName = (): options.Schema<string> => options.dnsSubdomain();

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
/** grafana.ini keys whose values are credentials: they belong in a Secret, not in a ConfigMap. */
const SECRET_INI_KEY = /(password|passwd|secret|token|api_?key|private_?key)$/i;

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
  check(
    string({ pattern: INI_KEY, expected: 'a grafana.ini key (letters, digits, "_", "." and "-")' }),
    (key) =>
      SECRET_INI_KEY.test(key)
        ? `"${key}" holds a credential and must not be written into a ConfigMap`
        : undefined,
    'create a Secret and pass it as an environment variable: secretEnv: { GF_<SECTION>_<KEY>: { name, key } } (sections upper-cased, "." and "-" as "_")',
  );

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

const toleration = object(
  {
    key: string({ maxLength: 316, expected: 'a taint key' }),
    operator: oneOf(['Exists', 'Equal'] as const),
    value: string({ maxLength: 63 }),
    effect: oneOf(['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const),
    tolerationSeconds: integer({ min: 0 }),
  },
  'a toleration { key, operator, value, effect }',
);

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
    record(nullable(record(nullable(iniValue()), iniKey())), iniSection()),
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
  }),
  dashboards: object({
    allowUiUpdates: boolean(),
    updateIntervalSeconds: integer({ min: 10, max: 86400 }),
  }),
  nodeSelector: labels(),
  tolerations: array(toleration),
  service: object({ annotations: record(string({ expected: 'a string' }), annotationKey()) }),
}) as options.Schema<GrafanaOptions>;
