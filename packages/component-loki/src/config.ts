import {
  type CommonValues,
  type ContainerResources,
  type DeepPartial,
  type LogStage,
  MixstackError,
  options,
} from '@mixstack/core';
import {
  clientsSchema,
  type DataStore,
  defineObjectStorage,
  durationSeconds,
  linuxNodes,
  nodeSelectorSchema,
  type ObjectStorageOptions,
  type ObjectStorageSettings,
  type PodClient,
  resources,
  resourcesSchema,
  type StorageOptions,
  storageSchema,
} from '@mixstack/kit';
import { LOKI_IMAGE } from './versions.js';

/** Where Loki keeps chunks and index: the PersistentVolumeClaim (`filesystem`), or a bucket. */
export type LokiStore = DataStore<'filesystem'>;

/** Per-tenant limits (`limits_config`); with `auth_enabled: false` there is one tenant, `fake`. */
export interface LokiLimits {
  /** Ingestion rate of the whole Loki (shared by its replicas), in MB per second; above it pushes are refused with 429. @default 10 */
  ingestionRateMb: number;
  /** Burst above the ingestion rate, in MB. @default 20 */
  ingestionBurstSizeMb: number;
  /** Active streams (label sets) across the cluster; guards against labels with unbounded values. @default 10000 */
  maxGlobalStreamsPerUser: number;
  /** Series a metric query may return. @default 1000 */
  maxQuerySeries: number;
  /** Log lines a query may return (Grafana asks for 1000 by default). @default 5000 */
  maxEntriesLimitPerQuery: number;
  /** How long a query may run before Loki cancels it. @default '2m' */
  queryTimeout: string;
}

/**
 * The logs pipeline Loki asks the stack's collector to run (core's collector-pipelines
 * contract): the collector, whichever component renders it, gathers the pods' logs and pushes
 * them to Loki.
 */
export interface LokiCollector {
  /**
   * How container logs are read: `api` through the Kubernetes API (no host access, Pod Security
   * restricted); `files` from `/var/log/pods` on each node (host access, less load on the API
   * server).
   * @default 'api'
   */
  source: 'api' | 'files';
  /** Also gather the cluster's Kubernetes events as log lines. @default true */
  events: boolean;
  /** Parsing steps applied to every line, in order (multiline, json, logfmt, labels, drop). @default [] */
  stages: LogStage[];
  /** Labels on every line, besides namespace, pod, container, app, node and cluster. @default {} */
  staticLabels: Record<string, string>;
}

/**
 * Where chunks and the index go when not on the PersistentVolumeClaim (`filesystem`, Loki's
 * name for it): `gcs` or `s3`, with the bucket of chunks and index and, for `s3`, its region
 * (without it, the AWS SDK's, from the environment). See the kit's `ObjectStorageOptions`.
 */
export type LokiObjectStorage = ObjectStorageOptions<'filesystem'>;

/**
 * How the single binary is deployed. `monolithic`: one pod, or a few over memberlist.
 * `ha`: Loki's highly available monolith (which replaces the deprecated simple-scalable mode,
 * left out here): at least 3 pods of `-target=all` behind the Service, replication factor 3 over
 * a memberlist ring, every pod on one shared bucket, one compactor at a time.
 */
export type LokiMode = 'monolithic' | 'ha';

/** The replicas and the replication factor of `ha`: each stream on 3 pods, a write needs 2 of them. */
export const HA_REPLICAS = 3;
export const HA_REPLICATION_FACTOR = 3;

/** The values of the `loki` component (`values.loki`, every layer merged): every field set. */
export interface LokiValues {
  /**
   * The image, pinned (no `latest`); `common.imageRegistry` replaces its registry.
   * @default LOKI_IMAGE (versions.ts)
   */
  image: string;
  /**
   * `monolithic`, or `ha`: 3 replicas unless `replicas` says more (fewer are refused), a
   * replication factor of 3, the memberlist ring, object storage required (a bucket, from
   * `objectStorage` or a platform's `common.objectStorage`), one compactor elected through
   * Loki's compactor ring, a PodDisruptionBudget of one pod at a time, spread over nodes and
   * zones. The 3 replicas of `ha` count as passed with `mode`: a platform's sizing (k3s's
   * `edge`) leaves them, and the build says so in a notice; an adjustment or a sizing of a
   * stronger layer that lowers them below 3 is a problem naming it.
   * @default 'monolithic'
   */
  mode: LokiMode;
  /**
   * Pods of the single binary (`-target=all`). Above 1, they form a ring over memberlist, a
   * PodDisruptionBudget lets a node drain take one at a time, they are spread over nodes, and
   * object storage is required (each pod's volume holds only its own chunks). Published as the
   * replicas of the workload `loki`: `adjustReplicas` and a stack-wide sizing (`setSizing`)
   * change it where made in a layer at least as strong, and all of the above follows what
   * they resolve to. In `ha`, at least 3.
   * @default 1 (3 in mode 'ha')
   */
  replicas: number;
  /**
   * Copies of each stream across the pods; at most the replicas as the stack resolves them.
   * In `ha`, 3 (no other value is accepted).
   * @default undefined (3 with 3 replicas or more, else 1: with 2, a quorum of 2 would stop every write while one pod restarts)
   */
  replicationFactor?: number;
  /**
   * Requests and limits of the `loki` container. Published as a contract: other packages
   * adjust them by container name (`setResources('loki', 'loki', ...)` of lib-rules).
   * @default { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '2Gi' } }
   */
  resources: ContainerResources;
  /**
   * One PersistentVolumeClaim per replica at `/var/loki`, retained when the StatefulSet goes:
   * the write-ahead log, the index cache, the compactor's work, and the chunks with `filesystem`.
   * @default { size: '10Gi' }
   */
  storage: StorageOptions;
  /** Where chunks and the index go besides the volume (see `LokiObjectStorage`). @default {} */
  objectStorage: LokiObjectStorage;
  /**
   * How long log lines are kept: the compactor deletes older chunks (`limits_config.retention_period`).
   * At least 24h, Loki's smallest retention; never 0, which would keep logs forever. Published
   * as the component's retention: `adjustRetention` and a stack-wide sizing's `maxRetention`
   * shorten it where made in a layer at least as strong.
   * @default '15d'
   */
  retention: string;
  /**
   * The first day of the one schema period (`schema_config`: tsdb, v13, a 24h index). Never
   * change it on a running Loki: the data before it would become unreadable.
   * @default '2024-04-01'
   */
  schemaFrom: string;
  /** Per-tenant limits (`limits_config`). @default see `LokiLimits` */
  limits: LokiLimits;
  /** The ruler: labels on every alert besides `cluster` (the stack's cluster name, always set). @default { externalLabels: {} } */
  ruler: { externalLabels: Record<string, string> };
  /**
   * The logs pipeline contributed to the stack's collector; `false` contributes none (you run
   * your own collector, pushing to `http://loki.<namespace>.svc:3100/loki/api/v1/push`).
   * @default { source: 'api', events: true, stages: [], staticLabels: {} }
   */
  collector: LokiCollector | false;
  /**
   * Who may reach Loki besides the network clients that reach it through the stack (Grafana,
   * the scraper, the collector): entries by name, merged over a network client of the same
   * name, `false` removing one.
   * @default { clients: {} }
   */
  networkPolicy: { clients: Record<string, PodClient | false> };
  /** @default { 'kubernetes.io/os': 'linux' } */
  nodeSelector: Record<string, string>;
  /** `server.log_level`. @default 'info' */
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

/** The options of `loki()`: any of its values, deeply (the defaults fill the rest). */
export type LokiOptions = DeepPartial<LokiValues>;

/** Fresh defaults for every stack, so that nothing mutable is shared between two stacks. */
export function defaultLokiValues(): LokiValues {
  return {
    image: LOKI_IMAGE,
    mode: 'monolithic',
    replicas: 1,
    resources: resources('100m', '256Mi', '2Gi'),
    storage: { size: '10Gi' },
    objectStorage: {},
    retention: '15d',
    schemaFrom: '2024-04-01',
    limits: {
      ingestionRateMb: 10,
      ingestionBurstSizeMb: 20,
      maxGlobalStreamsPerUser: 10000,
      maxQuerySeries: 1000,
      maxEntriesLimitPerQuery: 5000,
      queryTimeout: '2m',
    },
    ruler: { externalLabels: {} },
    collector: { source: 'api', events: true, stages: [], staticLabels: {} },
    networkPolicy: { clients: {} },
    nodeSelector: linuxNodes(),
    logLevel: 'info',
  };
}

/**
 * The one default that depends on another option: `mode: 'ha'` without `replicas` means 3
 * replicas. Applied to the options the user passes (not to the defaults above, which hold 1),
 * so that the 3 replicas sit in the user's layer like the mode that asks for them: a
 * platform's sizing shrinks what the defaults say, never what the user chose, and `ha` with
 * one pod would be no `ha` at all.
 */
export function withModeDefaults<O>(options: O): O {
  const given = options as { mode?: unknown; replicas?: unknown } | undefined;
  if (given === null || typeof given !== 'object' || Array.isArray(given)) return options;
  if (given.mode !== 'ha' || given.replicas !== undefined) return options;
  return { ...given, replicas: HA_REPLICAS } as O;
}

/** Loki's label names (Prometheus' rule), not Kubernetes label keys. */
const lokiLabelName = (): options.Schema<string> =>
  options.string({
    pattern: /^[a-zA-Z_][a-zA-Z0-9_]*$/,
    expected: 'a Loki label name such as "team" (letters, digits and "_", not starting with a digit)',
  });

const lokiLabels = (): options.Schema<Record<string, string>> =>
  options.record(options.string({ minLength: 1 }), lokiLabelName());

/** A regular expression the collector applies; checked here as JavaScript compiles it (RE2 accepts less: no lookaround or backreferences). */
const regex = (): options.Schema<string> =>
  options.check(
    options.string({ minLength: 1, expected: 'a regular expression such as "^\\\\d{4}-"' }),
    (value) => {
      try {
        new RegExp(value);
        return undefined;
      } catch (error) {
        return `not a regular expression: ${(error as Error).message}`;
      }
    },
    'write a regular expression without lookaround or backreferences (the collector uses RE2)',
  );

const fieldMap = () => options.record(options.string({ minLength: 1 }), lokiLabelName());

const STAGES: Record<LogStage['type'], options.Schema<unknown>> = {
  multiline: options.object({
    type: options.required(options.oneOf(['multiline'] as const)),
    firstLine: options.required(regex()),
    maxWaitTime: options.duration(),
    maxLines: options.integer({ min: 1, max: 100000 }),
  }),
  json: options.object({
    type: options.required(options.oneOf(['json'] as const)),
    fields: options.required(fieldMap()),
  }),
  logfmt: options.object({
    type: options.required(options.oneOf(['logfmt'] as const)),
    fields: options.required(fieldMap()),
  }),
  labels: options.object({
    type: options.required(options.oneOf(['labels'] as const)),
    labels: options.required(lokiLabels()),
  }),
  drop: options.object({
    type: options.required(options.oneOf(['drop'] as const)),
    expression: options.required(regex()),
    reason: options.string({ minLength: 1 }),
  }),
};

/** One parsing stage, by its `type`. */
const stageSchema: options.Schema<LogStage> = {
  expected: `a log stage { type: ${Object.keys(STAGES)
    .map((t) => `"${t}"`)
    .join(' | ')}, ... }`,
  parse(value, at) {
    const type = (value as { type?: unknown } | null)?.type;
    const schema =
      typeof type === 'string' && Object.hasOwn(STAGES, type) ? STAGES[type as LogStage['type']] : undefined;
    if (!schema) {
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        throw options.invalidOption(at, value, stageSchema.expected);
      // Only the type is reported: the other fields mean nothing without it.
      return options
        .oneOf(Object.keys(STAGES) as LogStage['type'][])
        .parse(type, { ...at, path: [...at.path, 'type'] }) as never;
    }
    return schema.parse(value, at) as LogStage;
  },
};

/** `false`, or the options (whose problems are reported field by field, not as one for the whole). */
function falseOr<T>(schema: options.Schema<T>): options.Schema<T | false> {
  return {
    expected: `false, or ${schema.expected}`,
    parse: (value, at) => (value === false ? false : schema.parse(value, at)),
  };
}

const retentionSchema = options.check(
  options.duration(),
  (value) =>
    durationSeconds(value) < 86400
      ? 'Loki keeps logs at least 24h (and 0 would keep them forever)'
      : undefined,
  'pass a retention of at least "24h", such as "15d"',
);

const schemaDate = options.check(
  options.string({ pattern: /^\d{4}-\d{2}-\d{2}$/, expected: 'a date such as "2024-04-01"' }),
  (value) =>
    new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value ? undefined : 'not a calendar date',
  'pass the first day of the schema period as YYYY-MM-DD, such as "2024-04-01"',
);

/** Where Loki keeps its chunks and index: the option, its schema, its problems, its bucket contract. */
export const objectStorage = defineObjectStorage({
  product: 'Loki',
  keeps: 'logs',
  stores: 'chunks',
  exampleBucket: 'acme-prod-loki',
  bucketId: 'chunks',
  volume: 'filesystem',
});

/** Checks the user's options when the part is applied, and the final values once per render. */
export const lokiSchema: options.Schema<LokiOptions> = options.object({
  image: options.pinnedImage(),
  mode: options.oneOf(['monolithic', 'ha'] as const),
  replicas: options.integer({ min: 1, max: 20 }),
  replicationFactor: options.integer({ min: 1, max: 5 }),
  resources: resourcesSchema,
  storage: storageSchema,
  objectStorage: objectStorage.schema,
  retention: retentionSchema,
  schemaFrom: schemaDate,
  limits: options.object({
    ingestionRateMb: options.integer({ min: 1, max: 10000 }),
    ingestionBurstSizeMb: options.integer({ min: 1, max: 10000 }),
    maxGlobalStreamsPerUser: options.integer({ min: 1, max: 10_000_000 }),
    maxQuerySeries: options.integer({ min: 1, max: 1_000_000 }),
    maxEntriesLimitPerQuery: options.integer({ min: 1, max: 1_000_000 }),
    queryTimeout: options.duration(),
  }),
  ruler: options.object({ externalLabels: lokiLabels() }),
  collector: falseOr(
    options.object({
      source: options.oneOf(['api', 'files'] as const),
      events: options.boolean(),
      stages: options.array(stageSchema),
      staticLabels: lokiLabels(),
    }),
  ),
  networkPolicy: options.object({ clients: clientsSchema }),
  nodeSelector: nodeSelectorSchema,
  logLevel: options.oneOf(['debug', 'info', 'warn', 'error'] as const),
}) as options.Schema<LokiOptions>;

/** What the code works with, derived once from the values and the stack's common values. */
export interface LokiSettings extends ObjectStorageSettings<'filesystem'> {
  /** `mode: 'ha'`: the settings of Loki's highly available monolith on top of the ring. */
  ha: boolean;
  replicationFactor: number;
  /** Replicas form a ring over memberlist (more than one pod). */
  memberlist: boolean;
}

/** The store and its bucket (the kit's object storage), and how the replicas share the streams. */
export function settingsOf(values: LokiValues, common: CommonValues): LokiSettings {
  const ha = values.mode === 'ha';
  return {
    ...objectStorage.settingsOf(values, common),
    ha,
    replicationFactor: ha
      ? HA_REPLICATION_FACTOR
      : (values.replicationFactor ?? (values.replicas >= 3 ? 3 : 1)),
    memberlist: values.replicas > 1,
  };
}

/** Loki's smallest retention: the compactor deletes by day. */
const MIN_RETENTION_SECONDS = 86400;

/**
 * What no single option can be wrong about alone, checked at build on the values as rendered:
 * the replicas and the retention as the stack resolved them (options, then adjustments and the
 * stack's sizing), with the stack's common values. `option` is what the options alone say, so
 * that a problem an adjustment caused says so.
 */
export function crossFieldProblems(
  values: LokiValues,
  common: CommonValues,
  address: string,
  option: Pick<LokiValues, 'replicas' | 'retention'>,
): MixstackError[] {
  const ha = values.mode === 'ha';
  const store = objectStorage.storeOf(values, common);
  // In `ha` a store on the volume is refused below with what `ha` needs instead: kit's problem
  // for the platform's Azure storage would suggest the volume, which `ha` cannot use.
  const onAzure = !values.objectStorage.type && common.objectStorage === 'azure';
  const problems = objectStorage
    .problems(values, common, address)
    .filter((p) => !(ha && onAzure && p.path === 'objectStorage.type'));
  const problem = (path: string, value: unknown, message: string, hint: string) =>
    problems.push(new MixstackError({ code: 'INVALID_OPTION', message, address, path, value, hint }));
  const { replicas } = values;
  const adjusted =
    replicas === option.replicas
      ? ''
      : `replicas: ${option.replicas}, adjusted to ${replicas} by adjustReplicas or the stack's sizing`;
  const toBucket =
    'objectStorage: { type: "gcs", bucket: "acme-prod-loki" } (or "s3" with a bucket), or a platform that sets common.objectStorage (gke({ workloadIdentity: true }))';
  if (ha) {
    if (store === 'filesystem') {
      const why = values.objectStorage.type
        ? 'objectStorage.type is "filesystem"'
        : onAzure
          ? `the stack's common.objectStorage is "azure", which this package does not configure Loki for`
          : 'neither objectStorage.type nor a platform (common.objectStorage) names a bucket store';
      problem(
        'objectStorage.type',
        values.objectStorage.type ?? common.objectStorage ?? 'filesystem',
        `mode "ha" needs object storage that its replicas share (each pod's volume holds only its own chunks), and it is missing: ${why}`,
        `pass ${toBucket}, or mode: "monolithic" to keep one pod on the volume`,
      );
    }
    if (replicas < HA_REPLICAS) {
      problem(
        'replicas',
        replicas,
        `mode "ha" needs at least ${HA_REPLICAS} replicas (there ${replicas === 1 ? 'is 1' : `are ${replicas}`}${adjusted ? `: ${adjusted}` : ''}): its replication factor of ${HA_REPLICATION_FACTOR} writes each stream to ${HA_REPLICATION_FACTOR} pods and needs a quorum of 2 of them, so with fewer pods every write fails while one restarts`,
        adjusted
          ? `remove the adjustment that lowers Loki below ${HA_REPLICAS} replicas, or keep them at least ${HA_REPLICAS} where it is made, or pass mode: "monolithic"`
          : `pass replicas: ${HA_REPLICAS} or more (or leave replicas out: ${HA_REPLICAS} in mode "ha"), or mode: "monolithic"`,
      );
    }
    const factor = values.replicationFactor;
    if (factor !== undefined && factor !== HA_REPLICATION_FACTOR) {
      problem(
        'replicationFactor',
        factor,
        `mode "ha" writes each stream to ${HA_REPLICATION_FACTOR} pods; a replication factor of ${factor} is not "ha"`,
        `leave replicationFactor out (${HA_REPLICATION_FACTOR} in mode "ha"), or pass mode: "monolithic" to choose it`,
      );
    }
  }
  if (!ha && replicas > 1 && store === 'filesystem') {
    problem(
      'replicas',
      replicas,
      `more than one Loki replica${adjusted ? ` (${adjusted})` : ''} needs object storage: on the filesystem each pod would only see its own chunks`,
      `keep one replica${adjusted ? ' (remove the adjustment that raises it)' : ': replicas: 1'}, or store in a bucket: objectStorage: { type: "gcs", bucket: "acme-prod-loki" } (or a platform that sets common.objectStorage)`,
    );
  }
  const factor = values.replicationFactor;
  if (!ha && factor !== undefined && factor > replicas) {
    problem(
      'replicationFactor',
      factor,
      `a replication factor of ${factor} needs at least ${factor} replicas (there are ${replicas}${adjusted ? `: ${adjusted}` : ''})`,
      adjusted
        ? `lower replicationFactor to at most ${replicas}, or leave it out (it follows the replicas), or keep at least ${factor} replicas where it is adjusted (loki({ replicas: ${factor} }) wins over a platform's sizing)`
        : `lower replicationFactor to at most ${replicas}, or raise replicas`,
    );
  }
  // The option's schema already refuses less than 24h: only an adjustment gets here.
  if (durationSeconds(values.retention) < MIN_RETENTION_SECONDS) {
    problem(
      'retention',
      values.retention,
      `Loki's retention (retention: ${option.retention}) is adjusted to ${values.retention} by adjustRetention or the stack's sizing: Loki keeps logs at least 24h, and 0 would keep them forever`,
      `adjust it to at least "24h" (the sizing's maxRetention too), or pass loki({ retention: "${option.retention}" }), which a platform's sizing does not shorten`,
    );
  }
  return problems;
}
