import {
  boolean,
  dnsLabel,
  labels,
  nonEmptyString,
  object,
  oneOf,
  storageClassName,
  string,
} from './schema.js';

/** An AWS region: `eu-west-1`, `us-gov-west-1`, `cn-north-1`. */
const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const REGISTRY = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;

/** Validates the common values passed to `createStack`. */
export const commonOptionsSchema = object({
  namespace: dnsLabel(),
  createNamespace: boolean(),
  cluster: string({
    pattern: /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/,
    maxLength: 63,
    expected: 'a cluster name (letters, digits, "-", "_" and ".", at most 63 characters)',
  }),
  multiCluster: boolean(),
  labels: labels(),
  imageRegistry: string({
    pattern: REGISTRY,
    expected: 'a registry host with an optional path, such as "registry.example.com/mirror"',
    hint: 'pass only the registry and path, without a scheme or trailing slash',
  }),
  platform: nonEmptyString(),
  storageClass: storageClassName(),
  managedControlPlane: boolean(),
  platformScrapesControlPlane: boolean(),
  clusterDns: oneOf(['coredns', 'kube-dns'] as const),
  objectStorage: oneOf(['gcs', 's3', 'azure', 'filesystem'] as const),
  objectStorageRegion: string({ pattern: AWS_REGION, expected: 'an AWS region such as "eu-west-1"' }),
});
