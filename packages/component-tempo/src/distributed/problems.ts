import { MixstackError } from '@mixstack/core';
import { kafkaSettings, type TempoKafka } from '../config/kafka.js';

/**
 * Distributed mode with trace blocks on a volume: refused. The block-builders write blocks that
 * the queriers, the query-frontends and the backend workers read, each from its own pod; a
 * volume is mounted by one pod, so the blocks must be in a bucket.
 */
export function distributedStorageProblems(
  values: { kafka?: TempoKafka | undefined },
  store: string,
  address: string,
): MixstackError[] {
  if (!kafkaSettings(values.kafka) || store !== 'local') return [];
  return [
    new MixstackError({
      code: 'INVALID_OPTION',
      message:
        "Tempo's distributed mode (kafka) keeps trace blocks in object storage: the block-builders write them and the queriers and backend workers read them from their own pods, and a volume belongs to one pod",
      address,
      path: 'objectStorage.type',
      value: store,
      hint: 'pass objectStorage: { type: "gcs", bucket: "acme-prod-tempo" } (or "s3" with a region), or use a platform that sets the stack\'s object storage (gke({ workloadIdentity: true })); or leave kafka out for Tempo in monolithic mode',
    }),
  ];
}

/**
 * The live-stores and block-builders as the stack resolved them: both own one Kafka partition
 * per pod, by ordinal, so they must be as many. An adjustment of one and not the other leaves
 * partitions without a block-builder (never written to the bucket) or without a live-store
 * (not written at all: distributors write only to partitions a live-store owns).
 */
export function resolvedPartitionProblems(
  replicas: Readonly<Record<string, number>>,
  values: { kafka?: TempoKafka | undefined },
  address: string,
): MixstackError[] {
  const kafka = kafkaSettings(values.kafka);
  const { liveStore, blockBuilder } = replicas;
  if (!kafka || liveStore === undefined || blockBuilder === undefined || liveStore === blockBuilder)
    return [];
  return [
    new MixstackError({
      code: 'INVALID_OPTION',
      message: `Tempo's live-stores (${liveStore}) and block-builders (${blockBuilder}) are adjusted apart by adjustReplicas or the stack's sizing (kafka.partitions: ${kafka.partitions}): each owns the Kafka partition of its ordinal, so they must be as many`,
      address,
      path: 'kafka.partitions',
      value: { liveStore, blockBuilder },
      hint: 'adjust the workloads "liveStore" and "blockBuilder" together, or remove the adjustment and pass kafka: { partitions } (the topic needs at least as many partitions)',
    }),
  ];
}
