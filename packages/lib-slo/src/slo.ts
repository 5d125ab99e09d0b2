import {
  addMixin,
  addPatch,
  addProblems,
  definePart,
  type Mixin,
  MixstackError,
  options,
  type Part,
  type Sections,
} from '@mixstack/core';
import {
  isSpanMetricsSli,
  type ResolvedSlo,
  resolveSpec,
  type SloSpec,
  SOURCE,
  sloSchema,
} from './config.js';
import { DASHBOARD_FILE, DASHBOARD_MIXIN, DASHBOARD_TITLE, dashboardWithSlo } from './dashboard.js';
import { rulesOf } from './rules.js';

/** The mixin of one SLO: `slo-<name>`, its folder in `mixstack mixins` and its rules' address for lib-rules. */
export const mixinName = (name: string): string => `slo-${name}`;

/** Where the problems of `slo()` are reported: `slo`, or `slo/<name>` once the name is known. */
const addressOf = (spec: unknown): string => {
  const name = (spec as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' && name !== '' ? `slo/${name}` : 'slo';
};

/** The component that writes span metrics (its metrics generator): a span-metrics SLI needs it. */
const TEMPO = 'tempo';

/** The mixin of a resolved SLO, against the final values and the stack. */
function sloMixin(slo: ResolvedSlo, multiCluster: boolean, has: (component: string) => boolean): Mixin {
  if (isSpanMetricsSli(slo.sli) && !has(TEMPO)) {
    throw new MixstackError({
      code: 'INVALID_OPTION',
      message: `the SLO ${slo.name} counts span metrics, and the stack has no Tempo to write them: its rules would never see a series`,
      address: `slo/${slo.name}`,
      path: 'sli',
      value: slo.sli,
      hint: 'add tempo() from @mixstack/component-tempo (its metrics generator writes the span metrics), or use an SLI over your own metrics: { errors, total } or { histogram, threshold }',
    });
  }
  const { records, alerts } = rulesOf(slo, multiCluster);
  return {
    // No dashboards here (a mixin's title names its dashboards' folder): the SLO's row is in the "SLOs" dashboard.
    title: `SLO ${slo.name}`,
    prometheusRules: { groups: records },
    prometheusAlerts: { groups: alerts },
  };
}

/** The sections with the SLO's row added to the "SLOs" dashboard (the mixin `slo`, created by the first SLO). */
function withDashboardRow(
  sections: Sections,
  slo: ResolvedSlo,
  has: (component: string) => boolean,
): Sections {
  const mixin = sections.mixins[DASHBOARD_MIXIN];
  const dashboard = dashboardWithSlo(mixin?.grafanaDashboards?.[DASHBOARD_FILE], slo, {
    traces: has(TEMPO),
    logs: has('loki'),
  });
  return {
    ...sections,
    mixins: {
      ...sections.mixins,
      [DASHBOARD_MIXIN]: {
        ...mixin,
        title: DASHBOARD_TITLE,
        grafanaDashboards: { ...mixin?.grafanaDashboards, [DASHBOARD_FILE]: dashboard },
      },
    },
  };
}

/**
 * One SLO as a part: the mixin `slo-<name>` with the error ratios over every burn-rate window
 * and the SLO window, the error budget remaining, the four multi-window multi-burn-rate alerts
 * of the Google SRE Workbook (`SLOErrorBudgetBurn`, page and ticket), and a row in the
 * dashboard "SLOs" (the mixin `slo`, shared by every SLO of the stack). The rules flow through
 * the stack like any mixin's: lib-rules can patch them, Alertmanager routes them by their
 * `slo`, `service` and `team` labels, and `mixstack mixins` exports them.
 *
 * The mixin is resolved against the final stack, so the order of the parts does not matter: a
 * span-metrics SLI reports a problem when the stack has no Tempo, and the dashboard links to
 * the service's traces and logs when Tempo and Loki are there. Every problem of the spec is
 * recorded when the part is applied, none thrown.
 *
 * ```ts
 * slo({
 *   name: 'checkout-availability',
 *   service: 'checkout',
 *   objective: 99.9,
 *   sli: { errors: 'http_requests_total{job="checkout", code=~"5.."}', total: 'http_requests_total{job="checkout"}' },
 * })
 * ```
 */
export function slo(spec: SloSpec): Part {
  const address = addressOf(spec);
  const parsed = options.parseOptionsCollecting(sloSchema, spec, address);
  return definePart('slo', (stack) => {
    if (parsed.problems.length > 0 || parsed.value === undefined) return addProblems(stack, parsed.problems);
    const resolved = resolveSpec(parsed.value);
    const withRules = addMixin(stack, SOURCE, mixinName(resolved.name), (values, view) =>
      sloMixin(resolved, values.common.multiCluster ?? false, (component) => view.has(component)),
    );
    // A patch per SLO, applied in the order of the ids (the SLOs' names), not of the parts; before
    // lib-rules' edits (order 1000), so that they can drop or change the dashboard too.
    return addPatch(withRules, {
      id: `${SOURCE}/dashboard/${resolved.name}`,
      source: SOURCE,
      target: 'sections',
      apply: (sections, { stack: view }) =>
        withDashboardRow(sections, resolved, (component) => view.has(component)),
    });
  });
}
