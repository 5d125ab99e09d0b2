import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStack, isStack, type KubeObject, render, type Stack } from '@mixstack/core';
import { codeBlocks, importCode, readReadme, typecheckCode } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import * as api from './index.js';
import { hasSharedCrds, readSharedCrds, SHARED_SKIP_MESSAGE, testContributions } from './test-helpers.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..');
const README = readReadme(dir);
const [example] = codeBlocks(README, 'ts');

async function readmeStack(): Promise<Stack> {
  const module = await importCode(example!, dir);
  if (!isStack(module.default)) throw new Error('the README example does not export a stack');
  return module.default;
}

/** The rows of the markdown table that follows `heading`, as cells without backquotes. */
function table(heading: string): string[][] {
  const section = README.slice(README.indexOf(heading));
  const lines = section.split('\n');
  const start = lines.findIndex((line) => line.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  }
  return rows;
}

const unquote = (cell: string) => cell.replace(/`/g, '').replace(/\(\)$/, '');

interface Rule {
  alert?: string;
  record?: string;
  labels?: { severity?: string };
}
interface RuleGroup {
  name: string;
  rules: Rule[];
}

/** The rule groups of every PrometheusRule of a render, by mixin. */
function ruleGroups(objects: readonly { component: string; key: string; object: KubeObject }[]) {
  return objects
    .filter((o) => o.component === 'prometheusRules')
    .map((o) => ({
      key: o.key,
      groups: (o.object as unknown as { spec: { groups: RuleGroup[] } }).spec.groups,
    }));
}

describe('the README', () => {
  test('its example typechecks', () => {
    expect(typecheckCode({ example: example! }, dir)).toEqual([]);
  });

  test.skipIf(!hasSharedCrds)(
    `its example renders, with the retention, storage and the CRDs under setup/${hasSharedCrds ? '' : ` (${SHARED_SKIP_MESSAGE})`}`,
    async () => {
      const result = render(await readmeStack(), { inputs: { crds: readSharedCrds() } });
      const server = parse(result.files.get('prometheus-prometheus.yaml')!);
      expect(server.metadata.namespace).toBe('monitoring');
      expect(server.spec.retention).toBe('30d');
      expect(server.spec.storage.volumeClaimTemplate.spec.resources.requests.storage).toBe('100Gi');
      expect(server.spec.externalLabels).toMatchObject({ cluster: 'prod-eu' });
      // "They render into setup/prometheusOperator-<kind>CustomResourceDefinition.yaml": all ten.
      const crds = [...result.files.keys()].filter((path) =>
        /^setup\/prometheusOperator-[a-z][A-Za-z]*CustomResourceDefinition\.yaml$/.test(path),
      );
      expect(crds).toHaveLength(10);
    },
  );

  test('the commands it gives are the ones the build summary prints without CRDs', () => {
    expect(codeBlocks(README, 'sh')[0]).toContain(api.CRDS_PULL_COMMAND);
    const { summary } = render(createStack({}, [api.prometheus()]));
    const notice = summary.notices.find((n) => n.id === api.CRDS_NOTICE);
    expect(notice?.message).toContain(api.CRDS_PULL_COMMAND);
    expect(notice?.message).toContain("prometheus({ crds: { dir: 'crds' } })");
  });

  test('every part it names is exported, and every component of its table renders', () => {
    for (const part of [
      'prometheus',
      'prometheusOperator',
      'prometheusServer',
      'alertmanager',
      'nodeExporter',
      'kubeStateMetrics',
      'kubernetesControlPlane',
    ]) {
      expect(typeof (api as Record<string, unknown>)[part], part).toBe('function');
    }
    const rendered = new Set(
      // prometheusScrapeTargets renders the scrapeTargets other packages contribute.
      render(createStack({}, [api.prometheus(), testContributions()])).objects.map((o) => o.component),
    );
    const components = table('## Parts and objects').map(([component]) => unquote(component!));
    expect(components).toHaveLength(8);
    for (const component of components) expect(rendered, component).toContain(component);
  });

  test('the counts it gives are those of prometheus() with the default options', () => {
    const groups = ruleGroups(render(createStack({}, [api.prometheus()])).objects).flatMap((r) => r.groups);
    const alerts = groups.flatMap((g) => g.rules.filter((r) => r.alert));
    const recordRules = groups.flatMap((g) => g.rules.filter((r) => r.record));
    const severity = (level: string) => alerts.filter((r) => r.labels?.severity === level).length;
    const counted = {
      names: new Set(alerts.map((r) => r.alert)).size,
      rules: alerts.length,
      critical: severity('critical'),
      warning: severity('warning'),
      info: severity('info'),
      records: recordRules.length,
      groups: groups.length,
      alertGroups: groups.filter((g) => g.rules.some((r) => r.alert)).length,
      recordGroups: groups.filter((g) => g.rules.some((r) => r.record)).length,
    };
    const said =
      /(\d+) alert names in (\d+) rules \((\d+) critical, (\d+) warning, (\d+) info\) and (\d+)\s+recording rules, in (\d+) groups \((\d+) alerting, (\d+) recording\)/.exec(
        README.replace(/\s+/g, ' '),
      );
    expect(said, 'the sentence with the counts').not.toBeNull();
    const [, names, rules, critical, warning, info, records, all, alerting, recording] = said!.map(Number);
    expect(counted).toEqual({
      names,
      rules,
      critical,
      warning,
      info,
      records,
      groups: all,
      alertGroups: alerting,
      recordGroups: recording,
    });
  });

  test('its mixin table gives each mixin its groups and alert count', () => {
    const byMixin = new Map(
      ruleGroups(render(createStack({}, [api.prometheus()])).objects).map((r) => [r.key, r.groups]),
    );
    const rows = table('| mixin ');
    expect(rows).toHaveLength(7);
    for (const [mixin, , alertGroups, recordingGroups, count] of rows) {
      const name = unquote(mixin!);
      const key = name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
      const groups = byMixin.get(key) ?? [];
      const alerting = groups.filter((g) => g.rules.some((r) => r.alert)).map((g) => g.name);
      const recording = groups.filter((g) => g.rules.some((r) => r.record)).map((g) => g.name);
      // Group names in backquotes; what is in parentheses (alert or record names) is an aside.
      const listed = (cell: string) =>
        [...cell.replace(/\([^)]*\)/g, '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
      expect(alerting, `alert groups of ${name}`).toEqual(listed(alertGroups!));
      expect(recording, `recording groups of ${name}`).toEqual(listed(recordingGroups!));
      const names = new Set(groups.flatMap((g) => g.rules.filter((r) => r.alert).map((r) => r.alert)));
      expect(names.size, `alerts of ${name}`).toBe(Number(count));
    }
  });
});
