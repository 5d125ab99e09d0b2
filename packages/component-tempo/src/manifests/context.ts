import {
  type AdmittedClient,
  type BuildContext,
  type CommonValues,
  type ContainerResources,
  componentsPlaying,
  type ServiceContract,
  type StackView,
} from '@mixstack/core';
import { type ComponentLabels, image, objectLabels, selectorLabels, serviceUrl } from '@mixstack/kit';
import { type KafkaSettings, kafkaSettings } from '../config/kafka.js';
import { REMOTE_WRITE_PATH } from '../config/tempo-config.js';
import { objectStorage, type TempoSettings, type TempoValues } from '../config.js';

/** The component's name in the stack: its values key, and the prefix of its addresses and files. */
export const COMPONENT = 'tempo';
/** The Kubernetes name of its objects, of its Service (`tempo.<namespace>.svc`) and of its container. */
export const NAME = 'tempo';
/** The id of its StatefulSet among the workloads whose replicas it publishes. */
export const WORKLOAD = 'tempo';
/** Port names in the pod and the Service. */
export const HTTP_PORT_NAME = 'http';
export const GRPC_PORT_NAME = 'grpc';
export const OTLP_GRPC_PORT_NAME = 'otlp-grpc';
export const OTLP_HTTP_PORT_NAME = 'otlp-http';

/** Tempo's user in its image (`tempo`, uid and gid 10001). */
export const TEMPO_UID = 10001;

/** The recommended labels; the selector labels carry no version (a StatefulSet's selector is immutable). */
export const componentLabels = (imageReference: string): ComponentLabels => ({
  name: NAME,
  component: 'trace-store',
  image: imageReference,
});

/** The labels of Tempo's pod, for selectors and for others' NetworkPolicies (the version left out). */
export const tempoSelector = (): Record<string, string> => selectorLabels(componentLabels(''));

/**
 * The `web` Service of the running component that takes Prometheus remote writes (the
 * `remote-write` role), if any: where the metrics generator sends span metrics. The first by
 * name when several do, so that the order of the parts changes nothing.
 */
export function remoteWriteService(stack: StackView): ServiceContract | undefined {
  return componentsPlaying(stack, 'remote-write').find((component) => component.services.web)?.services.web;
}

/** The remote-write endpoint of a metrics store's `web` Service. */
export const remoteWriteUrl = (service: ServiceContract): string =>
  `${serviceUrl(service)}${REMOTE_WRITE_PATH}`;

/** What every manifest function reads: the final values, and what is derived from them once. */
export interface TempoContext {
  /** The final values, with the replicas and the retention as the stack resolved them (adjustments, sizing). */
  values: TempoValues;
  settings: TempoSettings;
  common: CommonValues;
  namespace: string;
  /** The image with the stack's `imageRegistry` applied. */
  image: string;
  labels: Record<string, string>;
  selector: Record<string, string>;
  /** The container's resources as the contract resolved them: the options, then adjustments of other packages. */
  resources: ContainerResources;
  /** The clients the stack's network contract sends here (Grafana, the scraper, the collector), by name. */
  clients: Readonly<Record<string, AdmittedClient>>;
  /** How each client reaches it: the roles it comes through, or `direct`. */
  clientRoles: Readonly<Record<string, readonly string[]>>;
  /** The metrics store the generator writes span metrics to, when the stack has one. */
  remoteWrite?: ServiceContract;
  /** The user's Kafka: Tempo runs in distributed mode (undefined: monolithic). */
  kafka?: KafkaSettings;
  /** Every container's resources as the contract resolved them (distributed mode: one per workload). */
  containers: Readonly<Record<string, ContainerResources>>;
  /** Every workload's replicas as the contract resolved them, by workload id. */
  replicas: Readonly<Record<string, number>>;
}

export function contextOf(ctx: BuildContext<TempoValues>): TempoContext {
  const labels = componentLabels(ctx.values.image);
  const remoteWrite = remoteWriteService(ctx.stack);
  const kafka = kafkaSettings(ctx.values.kafka);
  // What render resolved replaces the options, so that the StatefulSet and every
  // `block_retention` of the configuration follow what is rendered.
  const values: TempoValues = {
    ...ctx.values,
    replicas: ctx.contracts.replicas[WORKLOAD] ?? ctx.values.replicas,
    retention: ctx.contracts.retention ?? ctx.values.retention,
  };
  return {
    values,
    settings: objectStorage.settingsOf(values, ctx.common),
    common: ctx.common,
    namespace: ctx.common.namespace,
    image: image(ctx.values.image, ctx.common),
    labels: objectLabels(labels),
    selector: selectorLabels(labels),
    resources: ctx.contracts.containers[NAME] ?? ctx.values.resources,
    clients: ctx.contracts.networkClients,
    clientRoles: ctx.contracts.networkClientRoles,
    ...(remoteWrite ? { remoteWrite } : {}),
    ...(kafka ? { kafka } : {}),
    containers: ctx.contracts.containers,
    replicas: ctx.contracts.replicas,
  };
}
