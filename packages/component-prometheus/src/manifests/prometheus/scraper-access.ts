import type { MixstackErrorDetails, ScraperAccessRule, ScrapeTarget } from '@mixstack/core';
import type { IPolicyRule } from 'kubernetes-models/rbac.authorization.k8s.io/v1/PolicyRule';

/**
 * The RBAC rules the stack's scrape targets ask for (`ScrapeTarget.access`: targets behind the
 * API server, such as EKS's proxied control-plane metrics), for Prometheus's ClusterRole.
 *
 * A contribution must never turn the scraper into a writer: only the read verbs are granted,
 * never a wildcard, never Secrets. A rule that asks for more is reported, naming the target,
 * and left out. The rules are normalized (each list sorted, without duplicates), then sorted
 * and de-duplicated, so that the ClusterRole has the same bytes whatever the order in which
 * parts contributed their targets.
 */

/** The verbs a scraper may be granted: reading, never writing. */
export const SCRAPER_VERBS: readonly string[] = ['get', 'list', 'watch'];

type Problem = MixstackErrorDetails;

const FIELDS = ['apiGroups', 'resources', 'nonResourceURLs', 'verbs'] as const;

/** Where the problems point: the object the rules end up in. */
const CLUSTER_ROLE_ADDRESS = 'prometheus/clusterRole';

const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

const normalized = (list: readonly string[]): string[] => [...new Set(list)].sort();

/** The problems of one rule, each naming the target, the field, the value and the fix. */
function ruleProblems(id: string, index: number, rule: unknown): Problem[] {
  const path = `scrapeTargets.${id}.access.${index}`;
  const problem = (
    field: string | undefined,
    value: unknown,
    message: string,
    hint: string,
    code: Problem['code'] = 'SCHEMA',
  ): Problem => ({
    code,
    message: `scrape target "${id}": ${message}`,
    address: CLUSTER_ROLE_ADDRESS,
    path: field ? `${path}.${field}` : path,
    value,
    hint,
  });
  if (rule === null || typeof rule !== 'object' || Array.isArray(rule))
    return [
      problem(
        undefined,
        rule,
        'an access rule must be an object',
        'contribute rules such as { apiGroups: [""], resources: ["nodes/metrics"], verbs: ["get"] }',
      ),
    ];
  const fields = rule as Record<string, unknown>;
  const problems: Problem[] = [];
  for (const field of Object.keys(fields).sort()) {
    if (!(FIELDS as readonly string[]).includes(field))
      problems.push(
        problem(
          field,
          fields[field],
          `an access rule has the unknown field "${field}"`,
          `use only ${FIELDS.join(', ')} (the scraper reads what it scrapes; name no single objects)`,
        ),
      );
  }
  for (const field of FIELDS) {
    const value = fields[field];
    if (value === undefined) continue;
    if (!isStringList(value) || value.length === 0) {
      problems.push(
        problem(
          field,
          value,
          `${field} must be a non-empty list of strings`,
          `list the ${field} the target needs`,
        ),
      );
      continue;
    }
    if (value.includes('*') || (field === 'nonResourceURLs' && value.some((url) => url.includes('*'))))
      problems.push(
        problem(
          field,
          value,
          `an access rule grants a wildcard in ${field}`,
          `list exactly the ${field} the target needs: a contribution must not widen the scraper's access`,
          'SAFETY',
        ),
      );
  }
  const { verbs, apiGroups, resources, nonResourceURLs } = fields;
  if (verbs === undefined)
    problems.push(
      problem('verbs', verbs, 'an access rule needs verbs', 'add verbs: ["get"] (or list, watch)'),
    );
  else if (isStringList(verbs)) {
    const writes = verbs.filter((verb) => verb !== '*' && !SCRAPER_VERBS.includes(verb));
    if (writes.length > 0)
      problems.push(
        problem(
          'verbs',
          verbs,
          `an access rule grants ${writes.join(', ')}, which is not reading`,
          `grant only ${SCRAPER_VERBS.join(', ')}: the scraper must not gain write access through a contribution`,
          'SAFETY',
        ),
      );
  }
  const forResources = apiGroups !== undefined || resources !== undefined;
  if (forResources && nonResourceURLs !== undefined)
    problems.push(
      problem(
        'nonResourceURLs',
        nonResourceURLs,
        'an access rule names both resources and nonResourceURLs',
        'split it into two rules: one with apiGroups and resources, one with nonResourceURLs',
      ),
    );
  else if (forResources && (apiGroups === undefined || resources === undefined))
    problems.push(
      problem(
        apiGroups === undefined ? 'apiGroups' : 'resources',
        undefined,
        'an access rule for resources needs both apiGroups and resources',
        apiGroups === undefined
          ? 'add apiGroups (`[""]` for the core group)'
          : 'add the resources, such as ["kcm/metrics"]',
      ),
    );
  else if (!forResources && nonResourceURLs === undefined)
    problems.push(
      problem(
        undefined,
        rule,
        'an access rule names neither resources nor nonResourceURLs',
        'add apiGroups and resources, or nonResourceURLs such as ["/metrics"]',
      ),
    );
  if (
    isStringList(resources) &&
    resources.some((resource) => resource === 'secrets' || resource.startsWith('secrets/'))
  )
    problems.push(
      problem(
        'resources',
        resources,
        'an access rule grants reading Secrets',
        'scrape without reading Secrets: a scraper that reads them holds every credential of the cluster',
        'SAFETY',
      ),
    );
  return problems;
}

/** The rule as rendered: fields in PolicyRule order, each list sorted and without duplicates. */
function renderedRule(rule: ScraperAccessRule): IPolicyRule {
  return {
    ...(rule.apiGroups ? { apiGroups: normalized(rule.apiGroups) } : {}),
    ...(rule.resources ? { resources: normalized(rule.resources) } : {}),
    ...(rule.nonResourceURLs ? { nonResourceURLs: normalized(rule.nonResourceURLs) } : {}),
    verbs: normalized(rule.verbs),
  };
}

/** A total order of rendered rules (their JSON, whose field order `renderedRule` fixes). */
const ruleKey = (rule: IPolicyRule): string => JSON.stringify(rule);

/**
 * The access rules of every scrape target, valid ones only, sorted and de-duplicated; every
 * invalid rule is reported. Targets without `access` add nothing.
 */
export function scraperAccessRules(
  targets: Readonly<Record<string, ScrapeTarget | undefined>>,
  report: (problem: Problem) => void,
): IPolicyRule[] {
  const rules = new Map<string, IPolicyRule>();
  for (const id of Object.keys(targets).sort()) {
    const access = targets[id]?.access as unknown;
    if (access === undefined) continue;
    if (!Array.isArray(access)) {
      report({
        code: 'SCHEMA',
        message: `scrape target "${id}": access must be a list of RBAC rules`,
        address: CLUSTER_ROLE_ADDRESS,
        path: `scrapeTargets.${id}.access`,
        value: access,
        hint: 'contribute access: [{ apiGroups: ["metrics.eks.amazonaws.com"], resources: ["kcm/metrics"], verbs: ["get"] }]',
      });
      continue;
    }
    access.forEach((rule: unknown, index) => {
      const problems = ruleProblems(id, index, rule);
      for (const problem of problems) report(problem);
      if (problems.length > 0) return;
      const rendered = renderedRule(rule as ScraperAccessRule);
      rules.set(ruleKey(rendered), rendered);
    });
  }
  return [...rules.keys()].sort().map((key) => rules.get(key)!);
}
