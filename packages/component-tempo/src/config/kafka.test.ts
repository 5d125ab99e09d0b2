import { describe, expect, test } from 'vitest';
import { hostAndPort, kafkaDestination, kafkaSettings } from './kafka.js';

describe("Kafka's address", () => {
  test.each<[string, unknown]>([
    ['kafka.kafka.svc:9092', [{ namespace: 'kafka' }]],
    ['my-cluster-kafka-bootstrap.strimzi.svc.cluster.local:9093', [{ namespace: 'strimzi' }]],
    ['kafka:9092', [{ namespace: 'monitoring' }]],
    ['10.0.12.7:9094', [{ cidr: '10.0.12.7/32' }]],
    // Two labels could be a Service and its namespace or a domain: the policy cannot tell, so any address.
    ['kafka.kafka:9092', undefined],
    ['b-1.msk.eu-west-1.amazonaws.com:9098', undefined],
  ])('%s: the NetworkPolicy destination', (address, destination) => {
    expect(kafkaDestination(address, 'monitoring')).toEqual(destination);
  });

  test('its host and port', () => {
    expect(hostAndPort('kafka.kafka.svc:9092')).toEqual({ host: 'kafka.kafka.svc', port: 9092 });
    expect(hostAndPort('10.0.12.7:9094')).toEqual({ host: '10.0.12.7', port: 9094 });
  });

  test('the settings: the topic and partitions default, no address is no distributed mode', () => {
    expect(kafkaSettings({ address: 'kafka:9092' })).toEqual({
      address: 'kafka:9092',
      topic: 'tempo-traces',
      partitions: 3,
    });
    expect(kafkaSettings({ address: 'kafka:9092', topic: 'traces', partitions: 12 })).toEqual({
      address: 'kafka:9092',
      topic: 'traces',
      partitions: 12,
    });
    expect(kafkaSettings({ partitions: 3 })).toBeUndefined();
    expect(kafkaSettings(undefined)).toBeUndefined();
  });
});
