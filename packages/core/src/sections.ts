import type { CollectorPipeline } from './collector.js';
import type { RootRoute } from './contracts.js';
import type { Mixin } from './mixin.js';

/**
 * The shared sections several packages contribute to. Core only defines
 * their shapes and how contributions combine; the components that consume them
 * (Prometheus, Alertmanager, Grafana) turn them into objects at render time.
 */

/** A Grafana datasource as Grafana's provisioning reads it; the uid is the section key. */
export interface Datasource {
  name: string;
  /** Grafana plugin id: `prometheus`, `loki`, `tempo`, `alertmanager`, ... */
  type: string;
  url?: string;
  access?: 'proxy' | 'direct';
  isDefault?: boolean;
  editable?: boolean;
  /** Use HTTP basic authentication; the password is a secure setting (`basicAuthPassword`). */
  basicAuth?: boolean;
  basicAuthUser?: string;
  /** Send browser credentials (cookies) with cross-site requests. */
  withCredentials?: boolean;
  /** Plugin-specific settings; the typed shapes per plugin live with their components. */
  jsonData?: Record<string, unknown>;
  /** Names of environment variables (from referenced Secrets) holding secure settings, by setting name. */
  secureJsonDataFromEnv?: Record<string, string>;
}

/** An Alertmanager receiver in Alertmanager's configuration format (`slack_configs`, `webhook_configs`, ...). */
export interface Receiver {
  [integration: string]: unknown;
}

/** An Alertmanager route in Alertmanager's configuration format. */
export interface AlertRoute {
  receiver: string;
  matchers?: string[];
  group_by?: string[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  continue?: boolean;
  mute_time_intervals?: string[];
  active_time_intervals?: string[];
  routes?: AlertRoute[];
}

/** A child route of the root route, with its position: lower `order` is matched first. */
export interface OrderedRoute {
  /** Position among the root's child routes; ties are broken by the route's id. @default 100 */
  order?: number;
  route: AlertRoute;
}

export interface InhibitRule {
  source_matchers: string[];
  target_matchers: string[];
  equal?: string[];
}

/** A Secret that Alertmanager must mount (under `ALERTMANAGER_SECRETS_DIR/<name>/`). */
export interface SecretMount {
  secretName: string;
}

/** Where Alertmanager finds the Secrets of the `secretMounts` section (prometheus-operator mounts them there). */
export const ALERTMANAGER_SECRETS_DIR = '/etc/alertmanager/secrets';

/** The file of one key of a mounted Secret, for a receiver's `*_file` setting (`api_url_file`). */
export function alertmanagerSecretFile(secretName: string, key: string): string {
  return `${ALERTMANAGER_SECRETS_DIR}/${secretName}/${key}`;
}

/** One endpoint of a scrape target, in the field names of prometheus-operator's ServiceMonitor. */
export interface ScrapeEndpoint {
  /** Name of the Service (or container) port. */
  port: string;
  path?: string;
  scheme?: 'http' | 'https';
  interval?: string;
  scrapeTimeout?: string;
  honorLabels?: boolean;
  /** Relabelings before scraping, Prometheus `relabel_config` in camelCase. */
  relabelings?: Record<string, unknown>[];
  /** Relabelings after scraping (drop or keep series). */
  metricRelabelings?: Record<string, unknown>[];
  /** TLS settings for https endpoints. */
  tlsConfig?: Record<string, unknown>;
  /** Authenticate with the scraper's ServiceAccount token (for kube-rbac-proxy protected endpoints). */
  bearerTokenFile?: string;
}

/** Something Prometheus should scrape: Services (or pods) selected by labels in one namespace. */
export interface ScrapeTarget {
  namespace: string;
  /** Labels of the Services (`role: service`) or pods (`role: pod`) to scrape. */
  selector: Record<string, string>;
  /** @default 'service' */
  role?: 'service' | 'pod';
  /** Label whose value becomes the `job` label. */
  jobLabel?: string;
  endpoints: ScrapeEndpoint[];
  /**
   * What the scraper's ServiceAccount must be allowed to read to scrape it, when the target
   * is behind the API server (an aggregated API, a proxied path): RBAC rules the stack's
   * scraper adds to its ClusterRole. @default none
   */
  access?: ScraperAccessRule[];
}

/** One RBAC rule the scraper needs, in the shape of a Kubernetes `PolicyRule`. */
export interface ScraperAccessRule {
  apiGroups?: string[];
  resources?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
}

/** A short message for the build summary ("what is left out and why", "what to run first"). */
export interface Notice {
  level: 'info' | 'warning';
  message: string;
}

/** The resolved sections, as components and patches see them at render time. */
export interface Sections {
  readonly mixins: Readonly<Record<string, Mixin>>;
  readonly datasources: Readonly<Record<string, Datasource>>;
  readonly alerting: ResolvedAlerting;
  readonly scrapeTargets: Readonly<Record<string, ScrapeTarget>>;
  /** What packages ask the stack's collector to gather, by pipeline id. */
  readonly collectorPipelines: Readonly<Record<string, CollectorPipeline>>;
  readonly notices: Readonly<Record<string, Notice>>;
}

export interface ResolvedAlerting {
  /** Receiver and grouping of the root route, as the layers set them (`setRootRoute`); the rest is Alertmanager's defaults. */
  readonly rootRoute: RootRoute;
  readonly receivers: Readonly<Record<string, Receiver>>;
  /** Child routes of the root route, in matching order. */
  readonly routes: readonly ({ id: string } & Required<Pick<OrderedRoute, 'order'>> & OrderedRoute)[];
  readonly inhibitRules: Readonly<Record<string, InhibitRule>>;
  /** Notification templates by file name. */
  readonly templates: Readonly<Record<string, string>>;
  readonly secretMounts: Readonly<Record<string, SecretMount>>;
}
