import {
  addCheck,
  addMixin,
  addNotice,
  addScrapeTarget,
  type Mixin,
  type Stack,
  type Values,
  withoutJobs,
} from '@mixstack/core';
import { oneCompactorPerBucket } from './compactor-check.js';
import { objectStorage, type ThanosValues } from './config.js';
import { withQueryDatasource } from './grafana/datasource.js';
import { JOBS, type ThanosPart } from './jobs.js';
import { COMPONENT, WORKLOADS } from './manifests/context.js';
import { partScrapeTarget } from './manifests/scrape-targets.js';
import { MIXIN_NAME, thanosMixin } from './mixin/mixin.js';
import { withSidecar } from './sidecar/sidecar.js';
import { SOURCE } from './source.js';

/** The component's own values as a contribution sees them (the layers merged, not yet parsed). */
function ownValues(values: Values): Partial<ThanosValues> {
  return (values[COMPONENT] as Partial<ThanosValues> | undefined) ?? {};
}

/** Whether a part runs, from the merged values (every part is on unless a layer turned it off). */
export function partOn(values: Values, part: ThanosPart): boolean {
  return (ownValues(values)[part] as { enabled?: unknown } | undefined)?.enabled !== false;
}

/**
 * The mixin without what a part turned off can never feed: its alerts, records and panels select
 * its job (core's `withoutJobs`), and would otherwise fire on or show a part that is not there.
 */
export function mixinFor(values: Values): Mixin {
  const off = (Object.keys(JOBS) as ThanosPart[]).filter((part) => !partOn(values, part)).map((p) => JOBS[p]);
  const mixin = thanosMixin();
  return off.length === 0 ? mixin : (withoutJobs({ [MIXIN_NAME]: mixin }, off).mixins[MIXIN_NAME] ?? mixin);
}

/** Whether the blocks go to a directory of each pod (`filesystem`): the option, else the stack's object storage. */
function onFilesystem(values: Values): boolean {
  const own = ownValues(values);
  return objectStorage.storeOf({ objectStorage: own.objectStorage ?? {} }, values.common) === 'filesystem';
}

/**
 * What comes with Thanos, left out when it is turned off: its mixin (without the jobs of parts
 * turned off), a scrape target per running part, the one-Compactor-per-bucket check, a notice
 * when the blocks stay on the pods' own volumes, the sidecar in the stack's Prometheus and
 * Grafana's datasource through Query (`sidecar/`, `grafana/`).
 */
export function withThanosContributions(stack: Stack): Stack {
  let next = addMixin(stack, SOURCE, MIXIN_NAME, (values, view) =>
    view.has(COMPONENT) ? mixinFor(values) : undefined,
  );
  for (const part of WORKLOADS)
    next = addScrapeTarget(next, SOURCE, JOBS[part], (values, view) =>
      view.has(COMPONENT) && partOn(values, part)
        ? partScrapeTarget(values.common.namespace, part)
        : undefined,
    );
  next = addCheck(next, oneCompactorPerBucket);
  next = addNotice(next, SOURCE, 'thanos-filesystem', (values, view) => {
    const readsBucket = (['store', 'compact', 'sidecar'] as const).some((part) => partOn(values, part));
    if (!view.has(COMPONENT) || !readsBucket || !onFilesystem(values)) return undefined;
    return {
      level: 'warning',
      message:
        'Thanos keeps its blocks in a directory of each pod (objectStorage type "filesystem"): for tests only, since no part sees the blocks of another (the sidecar uploads where the Store Gateway never reads). Pass thanos({ objectStorage: { type: "gcs", bucket: "acme-prod-thanos" } }) (or "s3"), or a platform that sets the object storage (gke({ workloadIdentity }))',
    };
  });
  next = withSidecar(next);
  return withQueryDatasource(next);
}
