import { durationSeconds, MixstackError, options } from '@mixstack/core';

/** A store that runs as one pod and keeps data for a retention (Tempo's and Pyroscope's monoliths). */
export interface SinglePodStoreSpec {
  /** The product, in problems: `Tempo`. */
  product: string;
  /** What it keeps, in problems: `traces`. */
  keeps: string;
  /** Its workload id in the replicas contract, and the component's name: `tempo`. */
  workload: string;
  /** Why it runs one pod, for the option's problem and an adjustment's alike. */
  onePod: string;
  /** What scaling out would be instead, which the package does not deploy. */
  scaleOut: string;
  /** A retention to suggest: `7d`. */
  exampleRetention: string;
}

/** The retention and replicas of a single-pod store, the only values they are refused for. */
export interface StoreValues {
  replicas: number;
  retention: string;
}

/** What `defineSinglePodStore` gives a component. */
export interface SinglePodStore {
  /** The `retention` option: a duration of at least 1h. */
  retentionSchema: options.Schema<string>;
  /** The `replicas` option: 1, with the reason for anything else. */
  replicasSchema: options.Schema<number>;
  /** The same refusals for the values as the stack resolved them; `option` is what the options alone say. */
  resolvedProblems: (values: StoreValues, option: StoreValues, address: string) => MixstackError[];
}

/** Its smallest retention, in seconds: shorter would delete blocks before they are compacted. */
const MIN_RETENTION_SECONDS = 3600;

/**
 * The options and checks of a single-pod store's replicas and retention, defined once: the
 * schemas that refuse what the user passes, and `resolvedProblems`, which refuses the same when
 * the stack's adjustments or sizing made it (naming the adjustment, and the option to pass
 * instead, which a platform's sizing never shortens).
 */
export function defineSinglePodStore(spec: SinglePodStoreSpec): SinglePodStore {
  const tooShort = `${spec.product} keeps ${spec.keeps} at least 1h (and 0 would keep them forever)`;
  const retentionSchema = options.check(
    options.duration(),
    (value) => (durationSeconds(value) < MIN_RETENTION_SECONDS ? tooShort : undefined),
    `pass a retention of at least "1h", such as "${spec.exampleRetention}"`,
  );
  const replicasSchema = options.check(
    options.integer({ min: 1, max: 20 }),
    (value) => (value === 1 ? undefined : spec.onePod),
    `keep replicas: 1 and give the pod more resources; scaling out is ${spec.scaleOut}, which this package does not deploy`,
  );
  const resolvedProblems: SinglePodStore['resolvedProblems'] = (values, option, address) => {
    const problems: MixstackError[] = [];
    const problem = (path: string, value: unknown, message: string, hint: string) =>
      problems.push(new MixstackError({ code: 'INVALID_OPTION', message, address, path, value, hint }));
    if (values.replicas !== 1)
      problem(
        'replicas',
        values.replicas,
        `${spec.product}'s replicas (replicas: ${option.replicas}) are adjusted to ${values.replicas} by adjustReplicas or the stack's sizing: ${spec.onePod}`,
        `remove the adjustment of the workload "${spec.workload}" (${spec.product} stays at one pod: give it more resources instead); scaling out is ${spec.scaleOut}, which this package does not deploy`,
      );
    if (durationSeconds(values.retention) < MIN_RETENTION_SECONDS)
      problem(
        'retention',
        values.retention,
        `${spec.product}'s retention (retention: ${option.retention}) is adjusted to ${values.retention} by adjustRetention or the stack's sizing: ${tooShort}`,
        `adjust it to at least "1h" (the sizing's maxRetention too), or pass ${spec.workload}({ retention: "${option.retention}" }), which a platform's sizing does not shorten`,
      );
    return problems;
  };
  return { retentionSchema, replicasSchema, resolvedProblems };
}
