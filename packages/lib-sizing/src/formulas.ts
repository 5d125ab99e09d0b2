/**
 * The sizing rules, one constant or function each, with the upstream guidance it comes from.
 * Where upstream gives a figure, the constant is that figure; where it gives none, the
 * constant says so and why ours is what it is. Every figure is a starting point, not a
 * measurement: upstream says the same of its own.
 */

const KiB = 1024;
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const DAY = 86_400;

/**
 * Prometheus' head: about 3 kB of memory per series, for the series' data structures, samples
 * from a reasonable scrape interval and remote write (Prometheus ≥ 2.20).
 * Source: Robust Perception, "Why does Prometheus use so much RAM?"
 * (https://www.robustperception.io/why-does-prometheus-use-so-much-ram): rule of thumb of around
 * 3kB per series in the head, 10k series ≈ 30MB, 10M series ≈ 30GB.
 */
export const PROMETHEUS_HEAD_BYTES_PER_SERIES = 3 * KiB;

/**
 * What a Prometheus (or any of the stores) uses beyond its data: the process, its caches, small
 * queries. Upstream gives no figure ("the general overheads of Prometheus itself" in the post
 * above); ours is the floor of every memory request the plan makes.
 */
export const BASE_MEMORY_BYTES = 256 * MiB;

/**
 * On-disk bytes per sample, the upper end of Prometheus' "1-2 bytes per sample" for the formula
 * needed_disk_space = retention_time_seconds * ingested_samples_per_second * bytes_per_sample.
 * Source: Prometheus docs, Storage, operational aspects
 * (https://prometheus.io/docs/prometheus/latest/storage/#operational-aspects).
 */
export const PROMETHEUS_BYTES_PER_SAMPLE = 2;

/**
 * The write-ahead log beside the blocks: it keeps at least two hours of raw samples, up to three
 * until the head is compacted (Prometheus docs, Storage, on-disk layout), at about 13 bytes per
 * sample record (a varint series reference, a timestamp delta and the 8-byte value).
 * Source: Robust Perception, "How much space does the WAL take up?"
 * (https://www.robustperception.io/how-much-space-does-the-wal-take-up).
 */
export const PROMETHEUS_WAL_BYTES_PER_SAMPLE = 13;
export const PROMETHEUS_WAL_SECONDS = 3 * 3600;

/**
 * Scraping and appending: 0.4 CPU cores per million active series at Alloy's default scrape
 * interval of one minute, i.e. per 16,667 samples per second. Alloy scrapes and appends with
 * Prometheus' own scrape loop and WAL, so the figure carries over to the server's ingestion.
 * Source: Grafana Alloy docs, "Estimate Grafana Alloy resource usage", Prometheus metrics
 * (https://grafana.com/docs/alloy/latest/introduction/estimate-resource-usage/).
 */
export const SCRAPE_CORES_PER_SAMPLE_PER_SECOND = 0.4 / (1_000_000 / 60);

/**
 * The server also evaluates rules and answers queries, which upstream does not put a figure on
 * ("the number of CPUs is related to the queries you run"): ours doubles the ingestion share.
 */
export const PROMETHEUS_CPU_HEADROOM = 2;

/**
 * Memory limits at twice the requests: the ratio of Grafana's sizing values for Loki's
 * ingesters (7Gi → 14Gi) and distributors (500Mi → 1Gi).
 * Source: grafana/helm-charts, charts/enterprise-logs/small.yaml
 * (https://raw.githubusercontent.com/grafana/helm-charts/main/charts/enterprise-logs/small.yaml).
 * Room for query bursts, which the requests do not cover. No CPU limit (core's policy).
 */
export const MEMORY_LIMIT_FACTOR = 2;

/**
 * Loki in monolithic mode (`-target=all`) is documented for up to about 20 GB of logs a day;
 * beyond it the plan asks for Loki's HA mode (3 replicas, replication factor 3, a bucket) and
 * warns that microservices mode is Grafana's answer at that volume.
 * Source: Grafana Loki docs, "Loki deployment modes", monolithic mode
 * (https://grafana.com/docs/loki/latest/get-started/deployment-modes/).
 */
export const LOKI_MONOLITHIC_GB_PER_DAY = 20;
export const LOKI_HA_REPLICAS = 3;

/**
 * Loki's resources per MiB/s of logs, from Grafana's values for about 11 MiB/s of ingestion:
 * 4 ingesters (1 CPU, 7Gi), 8 queriers (4 CPU, 6Gi), 3 distributors (0.5 CPU, 500Mi) and 2
 * query frontends (2 CPU, 5Gi) make 41.5 CPU and 87.5Gi, i.e. 3.8 CPU and 8 GiB per MiB/s. A
 * monolithic pod runs all of them; each HA pod holds a full replica of the writes (replication
 * factor 3 over 3 pods), so each is sized for the whole volume.
 * Source: grafana/helm-charts, charts/enterprise-logs/small.yaml (link above); Grafana Loki docs,
 * "Size the cluster" (https://grafana.com/docs/loki/latest/setup/size/), which sizes by ingestion
 * volume from p90 usage and warns that queries may need ten times the querier figures.
 */
export const LOKI_CORES_PER_MIB_PER_SECOND = 41.5 / 11;
export const LOKI_MEMORY_PER_MIB_PER_SECOND = (87.5 * GiB) / 11;

/**
 * Loki's volume holds its chunks when it stores on the filesystem: the days kept times the logs
 * a day, uncompressed (an upper bound; Loki compresses chunks). With a bucket (HA), each pod's
 * volume holds its WAL and caches: 50Gi, the ingesters' volume in Grafana's sizing values.
 * Sources: Red Hat OpenShift Logging, "Loki deployment sizing" (retention multiplied by daily
 * log volume is the storage needed,
 * https://docs.redhat.com/en/documentation/red_hat_openshift_logging/6.6/html/installing_logging/loki-deployment-sizing);
 * grafana/helm-charts enterprise-logs/small.yaml (ingester persistentVolume 50Gi).
 */
export const LOKI_HA_VOLUME_BYTES = 50 * GiB;

/**
 * A span's size on the wire: about 500 bytes for a typical span.
 * Source: Grafana Tempo docs, "Manage trace ingestion"
 * (https://grafana.com/docs/tempo/next/operations/manage-trace-ingestion/), which derives about
 * 30,000 spans/s per distributor from its 15 MB/s rate limit with it.
 */
export const TEMPO_BYTES_PER_SPAN = 500;

/**
 * Tempo's resources per MB/s of spans, from its sizing guide: a distributor (2 CPU, 2 GB) per
 * 10 MB/s, an ingester (2.5 CPU, 4-20 GB) per 3-5 MB/s, a querier (4-20 GB) per 1-2 MB/s. The
 * monolithic pod runs them all: CPU 2/10 + 2.5/3 ≈ 1.03 per MB/s (the querier's CPU "depends on
 * queries"), memory 2/10 + 4/3 + 4/2 ≈ 3.5 GB per MB/s (the low ends, the busy ends of the
 * ranges). One ingester's worth (3 MB/s) is where the guide adds a second: beyond it the plan
 * warns that Tempo's distributed mode (with Kafka) is the answer.
 * Source: Grafana Tempo docs, "Size the cluster" (https://grafana.com/docs/tempo/latest/setup/size/).
 */
export const TEMPO_CORES_PER_MB_PER_SECOND = 2 / 10 + 2.5 / 3;
export const TEMPO_MEMORY_PER_MB_PER_SECOND = (2 / 10 + 4 / 3 + 4 / 2) * 1e9;
export const TEMPO_MONOLITHIC_MB_PER_SECOND = 3;

/**
 * Tempo's volume in monolithic mode on its local backend: the spans' bytes over the retention,
 * at their size on the wire. Tempo's blocks are compressed Parquet, so this is an upper bound;
 * upstream's sizing guide names retention among the factors without a figure per byte.
 */
export const TEMPO_STORED_BYTES_PER_SPAN = TEMPO_BYTES_PER_SPAN;

/**
 * The smallest volume the plan asks for: the 10Gi this stack's stores default to, so that a
 * small load never shrinks a volume below what the component would have claimed.
 */
export const MIN_VOLUME_BYTES = 10 * GiB;

/**
 * The collector, per node: 1 CPU core and 120 MiB of memory per MiB/s of logs it tails (Alloy
 * as a DaemonSet). Alloy's constant per-node overhead has no figure upstream ("can be higher
 * [...] due to the constant overhead of running Alloy on each node"): ours is the 50m / 128Mi
 * this stack's collector requests by default. Alloy does not scrape metrics here (Prometheus
 * does), so its per-series figures do not apply; traces have no figure upstream.
 * Source: Grafana Alloy docs, "Estimate Grafana Alloy resource usage", Loki logs
 * (https://grafana.com/docs/alloy/latest/introduction/estimate-resource-usage/).
 */
export const ALLOY_CORES_PER_MIB_PER_SECOND = 1;
export const ALLOY_MEMORY_PER_MIB_PER_SECOND = 120 * MiB;
export const ALLOY_BASE = { cores: 0.05, memory: 128 * MiB };

/**
 * Thanos Store Gateway: at most its index cache (`--index-cache-size`, default 250MB) and its
 * chunk pool (`--chunk-pool-size`, default 2GB) in memory, and on its volume about 6 MB of index
 * per block, up to 30 MB for high-cardinality blocks. Blocks: one stream per Prometheus replica,
 * compacted up to two weeks, kept 30 days raw, 180 days at 5m and a year at 1h (the Compactor's
 * retention in this stack): ⌈30/14⌉ + ⌈180/14⌉ + ⌈365/14⌉ = 43 per stream.
 * Sources: Thanos docs, Store (https://thanos.io/tip/components/store.md/) and its flags.
 */
export const THANOS_STORE_MEMORY_BYTES = 250e6 + 2e9;
export const THANOS_INDEX_BYTES_PER_BLOCK = 30e6;
export const THANOS_BLOCKS_PER_STREAM = Math.ceil(30 / 14) + Math.ceil(180 / 14) + Math.ceil(365 / 14);

/**
 * Thanos Compactor: about 100 GB of local disk "for a medium bucket" to keep working as the
 * compacted ranges grow, and the CPU cores of `--compact.concurrency` (default 1). It downloads a
 * compaction's source blocks and writes the result: the largest, two weeks of one stream, needs
 * twice two weeks of samples at Prometheus' bytes per sample; the plan takes the larger.
 * Source: Thanos docs, Compactor (https://thanos.io/tip/components/compact.md/).
 */
export const THANOS_COMPACTOR_MIN_BYTES = 100 * GiB;
export const THANOS_COMPACTION_SECONDS = 14 * DAY;
export const THANOS_COMPACTOR_CORES = 1;

/** Prometheus' HA pair (kube-prometheus runs two; so does this stack's Prometheus). */
export const PROMETHEUS_REPLICAS = 2;
/** Thanos Query behind Grafana: two, so that a node drain keeps it up. */
export const THANOS_QUERY_REPLICAS = 2;

export const UNITS = { KiB, MiB, GiB, DAY } as const;
