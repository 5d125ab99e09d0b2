import { type ContainerResources, type DeepPartial, options } from '@mixstack/core';
import {
  clientsSchema,
  linuxNodes,
  nodeSelectorSchema,
  type PodClient,
  resources,
  resourcesSchema,
  type StorageOptions,
  storageSchema,
} from '@mixstack/kit';
import { defaultImages } from '../versions.js';

/** The root route of the Alertmanager configuration (child routes come from the stack's `alerting` section). */
export interface RootRouteOptions {
  /** Receiver of alerts no child route matches. @default 'null' (dropped until an addon routes them) */
  receiver: string;
  /** @default ['namespace'] */
  groupBy: string[];
  /** @default '30s' */
  groupWait: string;
  /** @default '5m' */
  groupInterval: string;
  /** @default '12h' */
  repeatInterval: string;
}

/** Options of `alertmanager()`. */
export interface AlertmanagerOptions {
  /** Name of the `Alertmanager` resource; its objects are called `alertmanager-<name>`. @default 'main' */
  name: string;
  /** @default 3 */
  replicas: number;
  /** @default quay.io/prometheus/alertmanager:v0.33.1 */
  image: string;
  /** How long silences and notification logs are kept. @default '120h' */
  retention: string;
  /** @default { size: '1Gi' } */
  storage: StorageOptions;
  /** @default requests 10m / 100Mi, limit 200Mi */
  resources: ContainerResources;
  /** Alertmanager's `global.resolve_timeout`. @default '5m' */
  resolveTimeout: string;
  route: RootRouteOptions;
  /**
   * Receiver of the always-firing Watchdog alert; point it at a dead man's switch to be told
   * when alerting itself is broken.
   * @default 'null'
   */
  watchdogReceiver: string;
  /** The URL users reach Alertmanager at (links in notifications). @default undefined */
  externalUrl?: string;
  /**
   * Who may reach the Alertmanager API besides Prometheus and the network clients that reach it
   * through the stack (Grafana, which reaches every datasource): entries by name, merged over a
   * network client of the same name, `false` removing one. @default { clients: {} }
   */
  networkPolicy: { clients: Record<string, PodClient | false> };
  /** @default { 'kubernetes.io/os': 'linux' } */
  nodeSelector: Record<string, string>;
}

export function defaultAlertmanagerOptions(): AlertmanagerOptions {
  return {
    name: 'main',
    replicas: 3,
    image: defaultImages().alertmanager,
    retention: '120h',
    storage: { size: '1Gi' },
    resources: resources('10m', '100Mi', '200Mi'),
    resolveTimeout: '5m',
    route: {
      receiver: 'null',
      groupBy: ['namespace'],
      groupWait: '30s',
      groupInterval: '5m',
      repeatInterval: '12h',
    },
    watchdogReceiver: 'null',
    networkPolicy: { clients: {} },
    nodeSelector: linuxNodes(),
  };
}

const receiverName = options.string({
  pattern: /^\S(.*\S)?$/,
  maxLength: 200,
  expected: 'a receiver name such as "null" or "slack-critical"',
});

const labelName = options.string({
  pattern: /^([a-zA-Z_][a-zA-Z0-9_]*|\.\.\.)$/,
  expected: 'a label name such as "namespace" (or "..." to group by all labels)',
});

export const alertmanagerOptionsSchema = options.object({
  name: options.dnsLabel(),
  replicas: options.integer({ min: 1, max: 100 }),
  image: options.pinnedImage(),
  retention: options.string({
    pattern: /^(?=[0-9])([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?$/,
    expected: 'a duration in hours, minutes and seconds, in that order, such as "120h" or "72h30m"',
  }),
  storage: storageSchema,
  resources: resourcesSchema,
  resolveTimeout: options.duration(),
  route: options.object({
    receiver: receiverName,
    groupBy: options.array(labelName, { unique: true }),
    groupWait: options.duration(),
    groupInterval: options.duration(),
    repeatInterval: options.duration(),
  }),
  watchdogReceiver: receiverName,
  externalUrl: options.string({
    pattern: /^https?:\/\/[^\s/?#]+([/?#]\S*)?$/,
    expected: 'an http(s) URL such as "https://alertmanager.example.com"',
  }),
  networkPolicy: options.object({ clients: clientsSchema }),
  nodeSelector: nodeSelectorSchema,
}) as options.Schema<DeepPartial<AlertmanagerOptions>>;
