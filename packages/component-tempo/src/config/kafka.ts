import { type AdmittedClient, MixstackError, options } from '@mixstack/core';

/**
 * The user's Kafka, for Tempo 3's distributed mode: distributors write every span to a topic,
 * and the block-builders, live-stores and metrics-generators read it from there. This package
 * does not deploy Kafka (nor Redpanda, nor WarpStream): it points Tempo at the one the user runs.
 */
export interface TempoKafka {
  /**
   * The bootstrap address, `host:port`: a Service of the cluster (`kafka.kafka.svc:9092`, which
   * also lets the NetworkPolicy name the namespace), an IPv4 address, or a host outside the
   * cluster. Required: without it `kafka` is refused (Tempo would dial `localhost:9092`).
   * @default undefined
   */
  address?: string;
  /**
   * The topic of the traces. An auto-created one gets `partitions` partitions.
   * @default 'tempo-traces'
   */
  topic?: string;
  /**
   * How many partitions Tempo writes to and reads from: one block-builder and one live-store
   * per partition (each owns the partition of its ordinal). The topic must have at least as
   * many. Published as the replicas of the workloads `blockBuilder` and `liveStore`.
   * @default 3
   */
  partitions?: number;
}

/** The Kafka settings with the defaults filled in. */
export interface KafkaSettings {
  address: string;
  topic: string;
  partitions: number;
}

export const DEFAULT_TOPIC = 'tempo-traces';
export const DEFAULT_PARTITIONS = 3;

/** The address the hints show: a Kafka in the cluster's `kafka` namespace. */
export const EXAMPLE_ADDRESS = 'kafka.kafka.svc:9092';

/** The settings of `kafka` (undefined: monolithic mode). */
export function kafkaSettings(kafka: TempoKafka | undefined): KafkaSettings | undefined {
  if (!kafka?.address) return undefined;
  return {
    address: kafka.address,
    topic: kafka.topic ?? DEFAULT_TOPIC,
    partitions: kafka.partitions ?? DEFAULT_PARTITIONS,
  };
}

const LABEL = '[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?';
const ADDRESS = new RegExp(`^(?<host>${LABEL}(\\.${LABEL})*):(?<port>\\d{1,5})$`);
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
/** A Service of the cluster: `<service>.<namespace>.svc`, optionally with the cluster domain. */
const SERVICE_HOST = new RegExp(`^${LABEL}\\.(?<namespace>${LABEL})\\.svc(\\.cluster\\.local)?$`);

/** The host and port of an address that passed the schema. */
export function hostAndPort(address: string): { host: string; port: number } {
  const match = ADDRESS.exec(address);
  return { host: match?.groups?.host ?? address, port: Number(match?.groups?.port ?? 0) };
}

function addressProblem(address: string): string | undefined {
  const { host, port } = hostAndPort(address);
  if (port < 1 || port > 65535) return `the port of "${address}" is not from 1 to 65535`;
  const ip = IPV4.exec(host);
  if (ip?.slice(1).some((octet) => Number(octet) > 255))
    return `"${host}" is no IPv4 address (octets go up to 255)`;
  return undefined;
}

/**
 * Where the NetworkPolicies let Tempo's Kafka clients connect, from the address alone:
 * - a Service of the cluster (`kafka.kafka.svc:9092`): every pod of its namespace on the port
 *   (the brokers the bootstrap Service names run there, and their pod labels are the Kafka
 *   operator's, not known here); a single name (`kafka:9092`) is in the stack's namespace;
 * - an IPv4 address: that address on the port;
 * - any other host (a managed Kafka outside the cluster): any address on the port, since its
 *   brokers answer on addresses no policy could name.
 */
export function kafkaDestination(address: string, stackNamespace: string): AdmittedClient[] | undefined {
  const { host } = hostAndPort(address);
  const namespace = SERVICE_HOST.exec(host)?.groups?.namespace;
  if (namespace) return [{ namespace }];
  if (!host.includes('.')) return [{ namespace: stackNamespace }];
  if (IPV4.test(host)) return [{ cidr: `${host}/32` }];
  return undefined;
}

/** Why `kafka` needs an address, for its problem. */
const NO_ADDRESS =
  "Tempo's distributed mode writes every span to Kafka and reads it back from there, and this package does not deploy Kafka: it needs the address of yours";

/**
 * The `kafka` option: the address (`host:port`), the topic, the partitions. Given without an
 * address it is refused at `kafka.address`, with the reason and the fix.
 */
export function kafkaSchema(): options.Schema<TempoKafka> {
  const fields = options.object(
    {
      address: options.check(
        options.string({
          pattern: ADDRESS,
          expected: `a Kafka bootstrap address host:port such as "${EXAMPLE_ADDRESS}"`,
        }),
        addressProblem,
        `pass the address of one broker or of the bootstrap Service, such as "${EXAMPLE_ADDRESS}"`,
      ),
      topic: options.string({
        pattern: /^[A-Za-z0-9._-]{1,249}$/,
        expected: `a Kafka topic name such as "${DEFAULT_TOPIC}" (letters, digits, ".", "_" and "-")`,
      }),
      partitions: options.integer({ min: 1, max: 1000 }),
    },
    `Kafka settings such as { address: "${EXAMPLE_ADDRESS}" }`,
  ) as options.Schema<TempoKafka>;
  return {
    expected: fields.expected,
    parse(value, at) {
      const parsed = fields.parse(value, at);
      if (value !== null && typeof value === 'object' && (value as TempoKafka).address === undefined) {
        throw new MixstackError({
          code: 'INVALID_OPTION',
          message: NO_ADDRESS,
          address: at.address,
          path: [...at.path, 'address'].join('.'),
          value: (value as TempoKafka).address,
          hint: `pass kafka: { address: "${EXAMPLE_ADDRESS}" } (your Kafka's bootstrap address), or leave kafka out for Tempo in monolithic mode (one pod, no Kafka)`,
        });
      }
      return parsed;
    },
  };
}
