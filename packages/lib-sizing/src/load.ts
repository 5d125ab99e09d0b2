import { durationSeconds, options } from '@mixstack/core';

/** The package: the `source` of everything it adds to a stack, named in problems and conflicts. */
export const SOURCE = '@mixstack/lib-sizing';

/**
 * The load a stack is sized for: what the cluster sends it, on paper. Only `activeSeries` is
 * required; a signal without its load (`logsGBPerDay`, `spansPerSecond`) leaves the components
 * that store it as they are.
 */
export interface Load {
  /** Series in Prometheus' head (`prometheus_tsdb_head_series`): 10k small, 1M medium, 10M large. */
  activeSeries: number;
  /**
   * Samples ingested per second (`rate(prometheus_tsdb_head_samples_appended_total[5m])`).
   * @default activeSeries / scrapeInterval
   */
  samplesPerSecond?: number;
  /**
   * The interval the series are scraped at, to derive `samplesPerSecond` (the scrape interval
   * of this stack's Prometheus). @default '30s'
   */
  scrapeInterval?: string;
  /** Logs the cluster sends Loki, in GB (10^9 bytes) per day. @default undefined (Loki not sized) */
  logsGBPerDay?: number;
  /** Spans the cluster sends Tempo per second. @default undefined (Tempo not sized) */
  spansPerSecond?: number;
  /**
   * How long Prometheus, Loki and Tempo keep data (a Prometheus duration): applied to each and
   * used for their volumes, so that the plan keeps what it sizes for. @default '15d'
   */
  retention?: string;
  /**
   * Nodes the collector's DaemonSet runs on: each pod gathers its node's share of the logs.
   * Fewer nodes than the cluster has only oversizes the collector. @default 3
   */
  nodes?: number;
}

/** The load with every default applied (`logsGBPerDay` and `spansPerSecond` stay optional). */
export interface ResolvedLoad {
  activeSeries: number;
  samplesPerSecond: number;
  scrapeInterval: string;
  logsGBPerDay?: number;
  spansPerSecond?: number;
  retention: string;
  nodes: number;
}

export const LOAD_DEFAULTS = { scrapeInterval: '30s', retention: '15d', nodes: 3 } as const;

/** The load with its defaults: samples per second from the series and the scrape interval. */
export function resolveLoad(load: Load): ResolvedLoad {
  const scrapeInterval = load.scrapeInterval ?? LOAD_DEFAULTS.scrapeInterval;
  return {
    activeSeries: load.activeSeries,
    samplesPerSecond: load.samplesPerSecond ?? load.activeSeries / durationSeconds(scrapeInterval),
    scrapeInterval,
    ...(load.logsGBPerDay !== undefined ? { logsGBPerDay: load.logsGBPerDay } : {}),
    ...(load.spansPerSecond !== undefined ? { spansPerSecond: load.spansPerSecond } : {}),
    retention: load.retention ?? LOAD_DEFAULTS.retention,
    nodes: load.nodes ?? LOAD_DEFAULTS.nodes,
  };
}

/** A finite number above zero (fractions allowed: half a GB of logs a day). */
function positiveNumber(what: string, example: string): options.Schema<number> {
  const expected = `a number above zero (${what})`;
  return {
    expected,
    parse(value, at) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
        throw options.invalidOption(at, value, expected, `pass ${what}, such as ${example}`);
      return value;
    },
  };
}

/** A whole number of at least 1, below 2^53 so that the arithmetic stays exact. */
const count = (what: string, example: string): options.Schema<number> =>
  options.check(
    options.integer({ min: 1 }),
    () => undefined,
    `pass ${what} as a whole number, such as ${example}`,
  );

/** A Prometheus duration above zero. */
const period = (example: string, what: string): options.Schema<string> =>
  options.check(
    options.duration(),
    (v) => (durationSeconds(v) > 0 ? undefined : `${what} must be above zero`),
    `pass a Prometheus duration such as "${example}"`,
  );

export const loadSchema: options.Schema<Load> = options.object(
  {
    activeSeries: options.required(count('the active series', '1000000')),
    samplesPerSecond: positiveNumber('samples ingested per second', '33334'),
    scrapeInterval: period('30s', 'the scrape interval'),
    logsGBPerDay: positiveNumber('GB of logs per day', '50'),
    spansPerSecond: positiveNumber('spans per second', '2000'),
    retention: period('15d', 'the retention'),
    nodes: count('the nodes', '3'),
  },
  'a load object such as { activeSeries: 1000000 }',
);
