/**
 * The contracts packages meet on. A component publishes, as typed data, what
 * others may adjust or need to know: its containers and their resources, its Services, the
 * buckets its pods use, the roles it plays for network clients. Addons, platforms and libs act
 * on that data through the functions of `contract-parts.ts`, never through a component's own
 * value paths, so a new component gets `setResources`, Workload Identity and Grafana's network
 * access without a change to the packages that provide them.
 */

import type { InputFiles } from './inputs.js';

/** CPU and memory of one container (safe by default: requests for both, a memory limit). */
export interface ContainerResources {
  requests: {
    /** @default per container */
    cpu: string;
    /** @default per container */
    memory: string;
  };
  limits: {
    /** @default per container */
    memory: string;
    /**
     * No CPU limit by default: a CPU limit throttles a busy process while the node has idle
     * CPU; the request already guarantees its share.
     * @default undefined
     */
    cpu?: string;
  };
}

/** An adjustment of a container's resources: any of its fields. */
export interface ContainerResourcesAdjustment {
  requests?: { cpu?: string; memory?: string };
  limits?: { cpu?: string; memory?: string };
}

/** A Service a component renders, for whoever connects to it (an Ingress, a datasource, a link). */
export interface ServiceContract {
  /** The Service object's address, `component/key`, for a platform's documented patch (annotations). */
  address: string;
  name: string;
  namespace: string;
  /** The port number clients use. */
  port: number;
  /** The port's name in the Service. */
  portName: string;
  scheme: 'http' | 'https';
  /** A path that answers 200 when the component is ready (load-balancer health checks). @default undefined */
  healthPath?: string;
  /**
   * Labels of the pods behind the Service (its selector): a client's NetworkPolicy allows
   * egress to these pods, since a policy sees the pod a Service forwards to, never the Service.
   */
  podLabels: Readonly<Record<string, string>>;
  /** The pods' port the Service forwards `port` to. @default port */
  podPort?: number;
}

/** One bucket a component's pods use (the object-storage contract). */
export interface BucketClaim {
  /** The bucket's name. */
  bucket: string;
  /** The Kubernetes ServiceAccount the pods run as; the component renders it. */
  serviceAccount: {
    name: string;
    /** @default the stack's namespace */
    namespace?: string;
  };
  /** `readWrite`: read, write, delete objects (compactors delete). `read`: read only. */
  access: 'readWrite' | 'read';
}

/**
 * What a component plays for others, so that clients can reach it without naming it:
 * `datasource` (Grafana queries it), `metrics` (Prometheus scrapes it), `ingest` (the stack's
 * collector sends it what a pipeline gathers), `alerts` (it receives alerts: Alertmanager, at
 * the Service it publishes as `web`), `collector` (it renders the stack's collector pipelines),
 * `remote-write` (it takes Prometheus remote writes, with exemplars, at the Service it
 * publishes as `web`, path `/api/v1/write`: a trace store's span metrics go there).
 */
export type ComponentRole = 'datasource' | 'metrics' | 'ingest' | 'alerts' | 'collector' | 'remote-write';

/**
 * A value a component's options set and others may adjust (a workload's replicas, how long it
 * keeps data), with where its options set it: an adjustment made in a weaker layer than the
 * one that set the option leaves the option as it was set (what the user passes wins over a
 * platform's profile).
 */
export interface Adjustable<T> {
  value: T;
  /** The option's path in the component's values, dot-separated (`replicas`, `server.retention`). */
  option: string;
}

/**
 * The sizing of one component (a sizing lib's plan, `sizeComponents`): its workloads' replicas,
 * its containers' resources, its retention, by the ids and container names it publishes. Unlike
 * an adjustment (`adjustReplicas`), what it names need not be there: a component the stack does
 * not have, a workload or container the component does not publish (a part of it turned off,
 * such as Thanos' Store Gateway in a stack that only ships blocks), a retention of a component
 * that keeps none, are skipped, since a plan sized from load covers everything it knows of,
 * whatever the stack composes. Invalid values are problems. Each value applies, like the
 * stack-wide sizing, only over what layers weaker than its own set; the caps of a
 * `StackSizing` in a stronger layer still bound it.
 */
export interface ComponentSizing {
  /** Replicas by workload id (`server`). @default undefined (as the component says) */
  replicas?: Record<string, number>;
  /** Resources by container name, merged over what the component says. @default undefined */
  resources?: Record<string, ContainerResourcesAdjustment>;
  /** How long it keeps data (a Prometheus duration, `15d`). @default undefined (as the component says) */
  retention?: string;
}

/**
 * Stack-wide sizing, for a platform's profile (k3s's `edge`) or a sizing lib: it applies to
 * every component's published replicas, container requests and retention, except where the
 * component's own option or a per-component adjustment was set in the same or a stronger layer.
 */
export interface StackSizing {
  /** Every workload's replicas, at most. @default undefined (as the components say) */
  maxReplicas?: number;
  /**
   * Factor on every container's CPU and memory requests (limits stay): `0.5` halves them,
   * rounded up to a whole millicore and mebibyte. @default undefined (1)
   */
  requestsFactor?: number;
  /** Every component's retention, at most (a Prometheus duration, `7d`). @default undefined (as the components say) */
  maxRetention?: string;
}

/** What a component publishes, computed from its final values. */
export interface ComponentContracts {
  /** Its containers by name (as rendered), with the resources its options give them. */
  containers?: Readonly<Record<string, ContainerResources>>;
  /**
   * The option path of each container's resources (`resources`, `rbacProxy.resources`), so that
   * an adjustment or a stack-wide sizing in a weaker layer leaves what the user set.
   * @default undefined (every adjustment applies)
   */
  resourceOptions?: Readonly<Record<string, string>>;
  /**
   * Its workloads' replica counts by an id of its choice (`server`), with the option that sets
   * each: profiles and sizing adjust them (`adjustReplicas`, `setSizing`); the component renders
   * what render resolved (`ResolvedContracts.replicas`), its PodDisruptionBudget and spread with it.
   * @default none
   */
  replicas?: Readonly<Record<string, Adjustable<number>>>;
  /**
   * How long it keeps data (a Prometheus duration), with the option that sets it; adjusted by
   * `adjustRetention` and `setSizing`, rendered from `ResolvedContracts.retention`. @default none
   */
  retention?: Adjustable<string>;
  /** Its Services by an id of its choice (`http`, `grpc`). */
  services?: Readonly<Record<string, ServiceContract>>;
  /** The buckets its pods use, by an id of its choice (`chunks`). */
  buckets?: Readonly<Record<string, BucketClaim>>;
  /** What it is for its network clients. */
  roles?: readonly ComponentRole[];
  /**
   * The URL it is reached at from outside the cluster, when its own options set one (a user's
   * `rootUrl`); otherwise the one a platform records with `setExternalUrl`. @default undefined
   */
  externalUrl?: string;
}

/**
 * Pods (or addresses) allowed to reach components through their NetworkPolicies. A client
 * names what it reaches; each component admits the clients that reach it on its own ports.
 */
export interface NetworkClient {
  /** Labels of the client pods. @default undefined (with `namespace`: every pod of it) */
  podLabels?: Record<string, string>;
  /** Namespace of the client pods. @default the stack's namespace (unless `namespaceLabels` or `cidr` is given) */
  namespace?: string;
  /** Labels of the client pods' namespaces, for clients in several namespaces. @default undefined */
  namespaceLabels?: Record<string, string>;
  /** An address range instead of pods (load balancers, health checkers). @default undefined */
  cidr?: string;
  /** Ranges inside `cidr` that are not admitted. @default undefined */
  except?: string[];
  /** Component names, or `@datasource` / `@metrics` for every component that plays that role. */
  reaches: readonly string[];
}

/** A network client as the component it reaches sees it (what it reaches already decided). */
export type AdmittedClient = Omit<NetworkClient, 'reaches'>;

/** The child route of Alertmanager's root: receiver and grouping, which an addon may set. */
export interface RootRoute {
  /** The receiver of alerts no child route takes. */
  receiver?: string;
  groupBy?: string[];
  groupWait?: string;
  groupInterval?: string;
  repeatInterval?: string;
}

/**
 * The core-owned part of the values tree (`values.contracts`) where adjustments are written,
 * each in the layer of whoever makes it, so that precedence (what the user passes wins) holds
 * for them as for any value.
 */
export interface ContractValues {
  /** Resource adjustments by component, then container. */
  resources?: Record<string, Record<string, ContainerResourcesAdjustment>>;
  /** External URLs by component (a platform's Ingress, a user's proxy). */
  externalUrls?: Record<string, string>;
  /** Alertmanager's root route. */
  rootRoute?: RootRoute;
  /** Replica adjustments by component, then workload id. */
  replicas?: Record<string, Record<string, number>>;
  /** Retention adjustments by component. */
  retention?: Record<string, string>;
  /** Stack-wide sizing (`setSizing`), and per component (`sizeComponents`) under `components`. */
  sizing?: StackSizing & { components?: Record<string, ComponentSizing> };
}

/** The status of an input the stack requested, once rendering knows what was given. */
export type InputStatus = 'provided' | 'missing';

/** A component's contracts as render resolved them: adjustments applied, clients decided. */
export interface ResolvedContracts {
  readonly name: string;
  /** False when the component is in the stack and turned off (`enabled: false`). */
  readonly enabled: boolean;
  readonly containers: Readonly<Record<string, ContainerResources>>;
  /** Its workloads' replicas, with adjustments and sizing applied, by the ids it published. */
  readonly replicas: Readonly<Record<string, number>>;
  /** Its retention, with adjustments and sizing applied (`undefined`: it published none). */
  readonly retention?: string;
  readonly services: Readonly<Record<string, ServiceContract>>;
  readonly buckets: Readonly<Record<string, BucketClaim>>;
  readonly roles: readonly ComponentRole[];
  /**
   * The clients that reach it, by client name. A client of pods always names its namespace
   * (the stack's when the client gave none), so that a policy matches namespace and labels.
   */
  readonly networkClients: Readonly<Record<string, AdmittedClient>>;
  /**
   * How each client of `networkClients` reaches it: the roles (`metrics`, `datasource`) it
   * reaches it through, and `direct` when the client names the component. A component with
   * several ports admits each client on the ports of the roles it comes through.
   */
  readonly networkClientRoles: Readonly<Record<string, readonly (ComponentRole | 'direct')[]>>;
  /** Its external URL: its own option, else what a platform recorded (`setExternalUrl`). */
  readonly externalUrl?: string;
}

/** What lazy contributions, patches and build functions may ask of the stack. */
export interface StackView {
  /** Every component in the stack, turned off or not, by name. */
  readonly components: Readonly<Record<string, ResolvedContracts>>;
  /** Whether the stack has the component and it is not turned off. */
  has(component: string): boolean;
  /** Whether the input was given to render (`undefined`: the stack requests no such input). */
  input(id: string): InputStatus | undefined;
  /**
   * The contents of an input given to render (`undefined` while it is not): for section entries
   * made of the user's files, such as an upstream mixin's folder (`@mixstack/lib-mixins`). The
   * part stays pure: the same files give the same entry.
   */
  inputFiles(id: string): InputFiles | undefined;
  /** Alertmanager's root route, as the layers set it. */
  readonly rootRoute: RootRoute;
}
