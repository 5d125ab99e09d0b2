import {
  addScrapeTarget,
  createStack,
  definePart,
  type MixstackErrorDetails,
  type Part,
  render,
  type ScraperAccessRule,
  validateStack,
} from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { prometheus, prometheusServer } from '../../index.js';
import { scraperAccessRules } from './scraper-access.js';

/** EKS's control-plane metrics, proxied by the API server. */
const EKS_RULE: ScraperAccessRule = {
  apiGroups: ['metrics.eks.amazonaws.com'],
  resources: ['kcm/metrics', 'ksh/metrics'],
  verbs: ['get'],
};

/** A scrape target that needs `access`, as a platform part would contribute it. */
const targetWith = (id: string, access: unknown): Part =>
  definePart(`target ${id}`, (stack) =>
    addScrapeTarget(stack, 'test-platform', id, {
      namespace: 'default',
      selector: { component: 'apiserver' },
      endpoints: [{ port: 'https', scheme: 'https' }],
      access: access as ScraperAccessRule[],
    }),
  );

type Rule = Record<string, string[]>;
const clusterRoleRules = (...parts: Part[]): Rule[] => {
  const found = render(createStack({}, [prometheusServer(), ...parts])).objects.find(
    (o) => o.address === 'prometheus/clusterRole',
  );
  return (found!.object as unknown as { rules: Rule[] }).rules;
};

describe("the scrape targets' access in Prometheus's ClusterRole", () => {
  test('a target behind the API server gets its rule in the ClusterRole, after the own rules', () => {
    const before = clusterRoleRules();
    const rules = clusterRoleRules(targetWith('eks-control-plane', [EKS_RULE]));
    expect(rules.slice(0, before.length)).toEqual(before);
    expect(rules.slice(before.length)).toEqual([EKS_RULE]);
  });

  test('without access, the ClusterRole is what it was: no rule added', () => {
    const rules = clusterRoleRules();
    expect(clusterRoleRules(targetWith('plain', undefined))).toEqual(rules);
    expect(clusterRoleRules(targetWith('empty', []))).toEqual(rules);
  });

  test('the same rules from parts in any order give the same bytes, sorted and without duplicates', () => {
    const a = targetWith('a', [EKS_RULE, { nonResourceURLs: ['/readyz', '/livez'], verbs: ['get'] }]);
    // The same rule again, its lists in another order and repeated.
    const b = targetWith('b', [{ ...EKS_RULE, resources: ['ksh/metrics', 'kcm/metrics', 'kcm/metrics'] }]);
    const c = targetWith('c', [
      { apiGroups: ['metrics.k8s.io'], resources: ['nodes', 'pods'], verbs: ['list', 'get'] },
    ]);
    const file = (...parts: Part[]) =>
      render(createStack({}, [...parts])).files.get('prometheus-clusterRole.yaml');
    const orders = [
      [prometheus(), a, b, c],
      [c, b, prometheus(), a],
      [b, a, c, prometheus()],
    ];
    const files = orders.map((parts) => file(...parts));
    expect(new Set(files).size).toBe(1);
    const added = clusterRoleRules(a, b, c).slice(clusterRoleRules().length);
    expect(added).toEqual([
      { apiGroups: ['metrics.eks.amazonaws.com'], resources: ['kcm/metrics', 'ksh/metrics'], verbs: ['get'] },
      { apiGroups: ['metrics.k8s.io'], resources: ['nodes', 'pods'], verbs: ['get', 'list'] },
      { nonResourceURLs: ['/livez', '/readyz'], verbs: ['get'] },
    ]);
  });

  test('a rule the ClusterRole grants already is not repeated', () => {
    const own = clusterRoleRules();
    expect(
      clusterRoleRules(
        targetWith('kubelets', [{ apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] }]),
      ),
    ).toEqual(own);
  });

  test('applies with a targetNamespaces list too (the rules are cluster-wide)', () => {
    const result = render(
      createStack({}, [prometheusServer({ targetNamespaces: ['shop'] }), targetWith('eks', [EKS_RULE])]),
    );
    const role = result.objects.find((o) => o.address === 'prometheus/clusterRole')!.object as unknown as {
      rules: Rule[];
    };
    expect(role.rules).toContainEqual(EKS_RULE);
  });
});

describe('refused access rules', () => {
  const problemsOf = (access: unknown) =>
    validateStack(createStack({}, [prometheusServer(), targetWith('eks-control-plane', access)])).map(
      (problem) => ({
        code: problem.code,
        address: problem.address,
        path: problem.path,
        message: problem.reason,
      }),
    );

  test.each<[string, unknown, string, string, RegExp]>([
    [
      'a write verb',
      [{ ...EKS_RULE, verbs: ['get', 'create'] }],
      'SAFETY',
      'verbs',
      /grants create, which is not reading/,
    ],
    ['a wildcard verb', [{ ...EKS_RULE, verbs: ['*'] }], 'SAFETY', 'verbs', /wildcard in verbs/],
    [
      'a wildcard resource',
      [{ ...EKS_RULE, resources: ['*'] }],
      'SAFETY',
      'resources',
      /wildcard in resources/,
    ],
    [
      'a wildcard URL',
      [{ nonResourceURLs: ['/metrics/*'], verbs: ['get'] }],
      'SAFETY',
      'nonResourceURLs',
      /wildcard in nonResourceURLs/,
    ],
    ['no verbs', [{ ...EKS_RULE, verbs: [] }], 'SCHEMA', 'verbs', /non-empty list/],
    [
      'Secrets',
      [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }],
      'SAFETY',
      'resources',
      /reading Secrets/,
    ],
    [
      'resources without apiGroups',
      [{ resources: ['kcm/metrics'], verbs: ['get'] }],
      'SCHEMA',
      'apiGroups',
      /needs both apiGroups and resources/,
    ],
    [
      'both resources and URLs',
      [{ ...EKS_RULE, nonResourceURLs: ['/metrics'] }],
      'SCHEMA',
      'nonResourceURLs',
      /both resources and nonResourceURLs/,
    ],
    [
      'named objects',
      [{ ...EKS_RULE, resourceNames: ['x'] }],
      'SCHEMA',
      'resourceNames',
      /unknown field "resourceNames"/,
    ],
  ])('%s', (_name, access, code, field, message) => {
    const problems = problemsOf(access);
    expect(problems).toContainEqual({
      code,
      address: 'prometheus/clusterRole',
      path: `scrapeTargets.eks-control-plane.access.0.${field}`,
      message: expect.stringMatching(message),
    });
    // The message names the target, so that the platform that contributed it is found.
    for (const problem of problems) expect(problem.message).toContain('scrape target "eks-control-plane"');
  });

  test('a rule that names nothing, and access that is not a list', () => {
    expect(problemsOf([{ verbs: ['get'] }])).toEqual([
      {
        code: 'SCHEMA',
        address: 'prometheus/clusterRole',
        path: 'scrapeTargets.eks-control-plane.access.0',
        message:
          'scrape target "eks-control-plane": an access rule names neither resources nor nonResourceURLs',
      },
    ]);
    expect(problemsOf(EKS_RULE)).toEqual([
      {
        code: 'SCHEMA',
        address: 'prometheus/clusterRole',
        path: 'scrapeTargets.eks-control-plane.access',
        message: 'scrape target "eks-control-plane": access must be a list of RBAC rules',
      },
    ]);
  });

  test('each problem says how to fix it and shows the value', () => {
    const reported: MixstackErrorDetails[] = [];
    const rules = scraperAccessRules(
      {
        eks: {
          namespace: 'default',
          selector: {},
          endpoints: [{ port: 'https' }],
          access: [{ ...EKS_RULE, verbs: ['get', 'delete'] }, EKS_RULE],
        },
      },
      (problem) => reported.push(problem),
    );
    expect(reported).toEqual([
      expect.objectContaining({
        path: 'scrapeTargets.eks.access.0.verbs',
        value: ['get', 'delete'],
        hint: expect.stringContaining('grant only get, list, watch'),
      }),
    ]);
    // The refused rule is left out; the sound one stays.
    expect(rules).toEqual([EKS_RULE]);
  });

  test('a valid rule is no problem', () => {
    expect(
      problemsOf([EKS_RULE, { nonResourceURLs: ['/metrics'], verbs: ['get', 'list', 'watch'] }]),
    ).toEqual([]);
  });
});
