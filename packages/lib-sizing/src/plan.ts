import { durationSeconds } from '@mixstack/core';
import * as f from './formulas.js';
import { type Load, type ResolvedLoad, resolveLoad } from './load.js';

const { MiB, GiB } = f.UNITS;

/** A component the plan sizes, by the name it has in a stack. */
export type SizedComponent = 'prometheus' | 'thanos' | 'loki' | 'tempo' | 'alloy';

/**
 * One workload of the plan: its replicas, the requests and memory limit of its main container,
 * and its volume. CPU in millicores, memory in MiB, volumes in GiB, each rounded up (CPU to
 * 10m, memory to 64Mi, volumes to a GiB). A field left out is left as the component says.
 */
export interface WorkloadPlan {
  component: SizedComponent;
  /** The replicas id the component publishes (`server`); undefined when they are not adjustable. */
  workload?: string;
  /** The container sized, by its rendered name. */
  container: string;
  /** Pods: a count, or `per node` for a DaemonSet. */
  replicas: number | 'per node';
  /**
   * When set, the replicas are a recommendation the plan does not apply, and this option applies
   * them: Loki's HA mode (`loki({ mode: 'ha' })`) needs a bucket, which a plan cannot know the
   * stack has, and three Loki pods without one are a build error. @default undefined (applied)
   */
  replicasOption?: string;
  /** CPU request, millicores. @default undefined (as the component says) */
  cpu?: number;
  /** Memory request, MiB. @default undefined (as the component says) */
  memory?: number;
  /** Memory limit, MiB. @default undefined (as the component says) */
  memoryLimit?: number;
  /** The volume of each pod, GiB: no contract sets it, the plan says which option does. @default undefined */
  storage?: number;
  /** The option that sets `storage` (`prometheus({ storage: { size: '96Gi' } })`). @default undefined */
  storageOption?: string;
  /** What the bucket holds over the retention, GiB, when the workload stores in one. @default undefined */
  bucket?: number;
}

/** The plan for a load: every workload sized, and what goes past what upstream documents. */
export interface SizingPlan {
  load: ResolvedLoad;
  workloads: WorkloadPlan[];
  /** Where the load is beyond what a sized mode is documented for, and what to do. */
  warnings: string[];
}

const millicores = (cores: number) => Math.ceil(Number((cores * 100).toFixed(6))) * 10;
const mebibytes = (bytes: number) => Math.ceil(Number((bytes / MiB / 64).toFixed(6))) * 64;
const gibibytes = (bytes: number) => Math.max(1, Math.ceil(Number((bytes / GiB).toFixed(6))));

/** Requests and the limit for a memory need, with the limit at the documented ratio. */
function memoryOf(bytes: number): Pick<WorkloadPlan, 'memory' | 'memoryLimit'> {
  const memory = mebibytes(bytes);
  return { memory, memoryLimit: memory * f.MEMORY_LIMIT_FACTOR };
}

function prometheus(load: ResolvedLoad): WorkloadPlan {
  const retention = durationSeconds(load.retention);
  const blocks = retention * load.samplesPerSecond * f.PROMETHEUS_BYTES_PER_SAMPLE;
  const wal = f.PROMETHEUS_WAL_SECONDS * load.samplesPerSecond * f.PROMETHEUS_WAL_BYTES_PER_SAMPLE;
  const storage = gibibytes(Math.max(f.MIN_VOLUME_BYTES, blocks + wal));
  return {
    component: 'prometheus',
    workload: 'server',
    container: 'prometheus',
    replicas: f.PROMETHEUS_REPLICAS,
    cpu: Math.max(
      100,
      millicores(load.samplesPerSecond * f.SCRAPE_CORES_PER_SAMPLE_PER_SECOND * f.PROMETHEUS_CPU_HEADROOM),
    ),
    ...memoryOf(f.BASE_MEMORY_BYTES + load.activeSeries * f.PROMETHEUS_HEAD_BYTES_PER_SERIES),
    storage,
    storageOption: `prometheus({ storage: { size: '${storage}Gi' } })`,
  };
}

function thanos(load: ResolvedLoad): WorkloadPlan[] {
  const store = gibibytes(
    Math.max(
      f.MIN_VOLUME_BYTES,
      f.PROMETHEUS_REPLICAS * f.THANOS_BLOCKS_PER_STREAM * f.THANOS_INDEX_BYTES_PER_BLOCK,
    ),
  );
  const compact = gibibytes(
    Math.max(
      f.THANOS_COMPACTOR_MIN_BYTES,
      2 * f.THANOS_COMPACTION_SECONDS * load.samplesPerSecond * f.PROMETHEUS_BYTES_PER_SAMPLE,
    ),
  );
  return [
    { component: 'thanos', workload: 'query', container: 'query', replicas: f.THANOS_QUERY_REPLICAS },
    {
      component: 'thanos',
      workload: 'store',
      container: 'store',
      replicas: 1,
      ...memoryOf(f.BASE_MEMORY_BYTES + f.THANOS_STORE_MEMORY_BYTES),
      storage: store,
      storageOption: `thanos({ store: { storage: { size: '${store}Gi' } } })`,
    },
    {
      component: 'thanos',
      container: 'compact',
      replicas: 1,
      cpu: millicores(f.THANOS_COMPACTOR_CORES),
      storage: compact,
      storageOption: `thanos({ compact: { storage: { size: '${compact}Gi' } } })`,
    },
  ];
}

function loki(load: ResolvedLoad, gbPerDay: number, warnings: string[]): WorkloadPlan {
  const mibPerSecond = (gbPerDay * 1e9) / f.UNITS.DAY / MiB;
  const ha = gbPerDay > f.LOKI_MONOLITHIC_GB_PER_DAY;
  const kept = (gbPerDay * 1e9 * durationSeconds(load.retention)) / f.UNITS.DAY;
  if (ha)
    warnings.push(
      `Loki: ${gbPerDay} GB of logs a day is past the ~${f.LOKI_MONOLITHIC_GB_PER_DAY} GB monolithic mode is documented for: run its ${f.LOKI_HA_REPLICAS} HA replicas, which need a bucket, with loki({ mode: 'ha', objectStorage }) (or a platform's bucket); each pod is sized for the whole volume. Grafana runs microservices mode at this volume.`,
    );
  const storage = gibibytes(ha ? f.LOKI_HA_VOLUME_BYTES : Math.max(f.MIN_VOLUME_BYTES, kept));
  return {
    component: 'loki',
    workload: 'loki',
    container: 'loki',
    replicas: ha ? f.LOKI_HA_REPLICAS : 1,
    ...(ha ? { replicasOption: "loki({ mode: 'ha', objectStorage })" } : {}),
    cpu: Math.max(100, millicores(mibPerSecond * f.LOKI_CORES_PER_MIB_PER_SECOND)),
    ...memoryOf(f.BASE_MEMORY_BYTES + mibPerSecond * f.LOKI_MEMORY_PER_MIB_PER_SECOND),
    storage,
    storageOption: `loki({ storage: { size: '${storage}Gi' } })`,
    ...(ha ? { bucket: gibibytes(kept) } : {}),
  };
}

function tempo(load: ResolvedLoad, spansPerSecond: number, warnings: string[]): WorkloadPlan {
  const mbPerSecond = (spansPerSecond * f.TEMPO_BYTES_PER_SPAN) / 1e6;
  if (mbPerSecond > f.TEMPO_MONOLITHIC_MB_PER_SECOND)
    warnings.push(
      `Tempo: ${spansPerSecond} spans/s (~${mbPerSecond.toFixed(1)} MB/s) is past one ingester's ${f.TEMPO_MONOLITHIC_MB_PER_SECOND} MB/s: run Tempo's distributed mode, tempo({ kafka: { address } }).`,
    );
  const storage = gibibytes(
    Math.max(
      f.MIN_VOLUME_BYTES,
      spansPerSecond * f.TEMPO_STORED_BYTES_PER_SPAN * durationSeconds(load.retention),
    ),
  );
  return {
    component: 'tempo',
    workload: 'tempo',
    container: 'tempo',
    replicas: 1,
    cpu: Math.max(100, millicores(mbPerSecond * f.TEMPO_CORES_PER_MB_PER_SECOND)),
    ...memoryOf(f.BASE_MEMORY_BYTES + mbPerSecond * f.TEMPO_MEMORY_PER_MB_PER_SECOND),
    storage,
    storageOption: `tempo({ storage: { size: '${storage}Gi' } })`,
  };
}

function alloy(load: ResolvedLoad, gbPerDay: number): WorkloadPlan {
  const mibPerSecondPerNode = (gbPerDay * 1e9) / f.UNITS.DAY / MiB / load.nodes;
  return {
    component: 'alloy',
    container: 'alloy',
    replicas: 'per node',
    cpu: millicores(f.ALLOY_BASE.cores + mibPerSecondPerNode * f.ALLOY_CORES_PER_MIB_PER_SECOND),
    ...memoryOf(f.ALLOY_BASE.memory + mibPerSecondPerNode * f.ALLOY_MEMORY_PER_MIB_PER_SECOND),
  };
}

/**
 * The plan for a load, pure: the same load gives the same plan. Prometheus and Thanos are sized
 * from the series, Loki and the collector from the logs, Tempo from the spans (each formula and
 * its source in `formulas.ts`). The load is taken as valid (`sizing()` checks it first).
 *
 * ```ts
 * sizingPlan({ activeSeries: 1_000_000, logsGBPerDay: 50, spansPerSecond: 2000 })
 * ```
 */
export function sizingPlan(input: Load): SizingPlan {
  const load = resolveLoad(input);
  const warnings: string[] = [];
  const workloads = [prometheus(load), ...thanos(load)];
  if (load.logsGBPerDay !== undefined) workloads.push(loki(load, load.logsGBPerDay, warnings));
  if (load.spansPerSecond !== undefined) workloads.push(tempo(load, load.spansPerSecond, warnings));
  if (load.logsGBPerDay !== undefined) workloads.push(alloy(load, load.logsGBPerDay));
  return { load, workloads, warnings };
}
