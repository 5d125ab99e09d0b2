/**
 * The explain page in a real browser (Debian's headless Chromium): it loads nothing, logs no
 * error, shows every section with the numbers of the rendered stack (counted here from the
 * render result itself, not from the page's model), links only runbooks that exist in
 * docs/runbooks/, fits a laptop screen, prints, and is photographed per scenario.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RenderResult, render, type Stack } from '@mixstack/core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadStack } from '../cli/load-entry.js';
import { readInputs } from '../cli/read-inputs.js';
import { defaultStack } from '../default-stack.js';
import {
  isPng,
  LAPTOP_VIEWPORT,
  launchChromium,
  openPage,
  type PageVisit,
  screenshot,
} from './browser.test-helpers.js';
import { explainPage } from './page.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const RUNBOOKS = join(repoRoot, 'docs/runbooks');
/** Where mixstack's alerts point their runbook_url: the repository's docs/runbooks/ on GitHub. */
const RUNBOOK_PREFIX = 'https://github.com/mixstack/mixstack/blob/main/docs/runbooks/';

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Prometheus', 'Alertmanager']);
const SCRAPE_KINDS = new Set(['ServiceMonitor', 'PodMonitor', 'Probe', 'ScrapeConfig']);

/** The scenarios: how the CLI gets each stack (the default one, or a module loaded like `mixstack build` does). */
const scenarios: { name: string; stack: () => Promise<{ stack: Stack; baseDir: string }> }[] = [
  { name: 'default', stack: async () => ({ stack: defaultStack(), baseDir: repoRoot }) },
  {
    name: 'gke',
    stack: async () => {
      const entry = join(repoRoot, 'examples/gke/stack.ts');
      return { stack: await loadStack(entry), baseDir: dirname(entry) };
    },
  },
];

/** Pods and claims of a render result: replicas of each workload, DaemonSets once (per node). */
function resourcesCounted(result: RenderResult) {
  let pods = 0;
  let nodePods = 0;
  let claims = 0;
  for (const { object } of result.objects) {
    const spec = (object as unknown as { spec?: Record<string, unknown> }).spec ?? {};
    const replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
    if (object.kind === 'DaemonSet') nodePods++;
    else if (WORKLOAD_KINDS.has(object.kind)) pods += replicas;
    if (object.kind === 'PersistentVolumeClaim') claims++;
    const templates = Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates.length : 0;
    const operatorClaim = (spec.storage as { volumeClaimTemplate?: unknown } | undefined)?.volumeClaimTemplate
      ? 1
      : 0;
    claims += replicas * (templates + operatorClaim);
  }
  return { pods, 'node-pods': nodePods, claims };
}

/** The numbers of a render result, counted here from its objects and sections. */
function expectedCounts(result: RenderResult) {
  const count = (kinds: Set<string>) => result.objects.filter(({ object }) => kinds.has(object.kind)).length;
  const objectsOf: Record<string, number> = {};
  for (const { component } of result.objects) objectsOf[component] = (objectsOf[component] ?? 0) + 1;
  const mixins = Object.values(result.sections.mixins);
  const alerts = mixins.flatMap((m) => (m.prometheusAlerts?.groups ?? []).flatMap((g) => g.rules));
  const logAlerts = mixins.flatMap((m) => (m.logAlerts?.groups ?? []).flatMap((g) => g.rules));
  const bySeverity: Record<string, number> = {};
  for (const rule of alerts) {
    const severity = rule.labels?.severity ?? 'none';
    bySeverity[severity] = (bySeverity[severity] ?? 0) + 1;
  }
  return {
    components: {
      components: Object.keys(objectsOf).length,
      objects: result.objects.length,
      files: result.files.size,
      workloads: count(WORKLOAD_KINDS),
      services: count(new Set(['Service'])),
      namespaces: count(new Set(['Namespace'])),
    },
    objectsOf,
    signals: {
      datasources: Object.keys(result.sections.datasources).length,
      pipelines: Object.keys(result.sections.collectorPipelines).length,
      'scrape-targets': count(SCRAPE_KINDS),
    },
    alerting: {
      alerts: alerts.length,
      'log-alerts': logAlerts.length,
      'recording-rules': mixins.reduce(
        (n, m) => n + (m.prometheusRules?.groups ?? []).flatMap((g) => g.rules).length,
        0,
      ),
      ...Object.fromEntries(
        Object.entries(bySeverity).map(([severity, n]) => [`alerts-${severity.toLowerCase()}`, n]),
      ),
    },
    dashboards: mixins.reduce((n, m) => n + Object.keys(m.grafanaDashboards ?? {}).length, 0),
    notices: Object.keys(result.sections.notices).sort(),
    resources: resourcesCounted(result),
    runbooks: alerts.concat(logAlerts).filter((rule) => rule.annotations?.runbook_url).length,
  };
}

/** A section's `data-*` counts, as numbers, by attribute name without the `data-` prefix. */
async function sectionCounts(visit: PageVisit, id: string): Promise<Record<string, number>> {
  return visit.page.$eval(`section#${id}`, (section) =>
    Object.fromEntries(
      [...section.attributes]
        .filter((a) => a.name.startsWith('data-'))
        .map((a) => [a.name.slice('data-'.length), Number(a.value)]),
    ),
  );
}

const sumOf = (visit: PageVisit, selector: string, attribute: string) =>
  visit.page.$$eval(
    selector,
    (elements, name) => elements.reduce((n, e) => n + Number(e.getAttribute(name)), 0),
    attribute,
  );

let browser: Browser;
let work: string;

beforeAll(async () => {
  browser = await launchChromium();
  work = mkdtempSync(join(tmpdir(), 'mixstack-explain-browser-'));
});

afterAll(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.each(scenarios)('the explain page of the $name stack in Chromium', ({ name, stack: load }) => {
  let result: RenderResult;
  let expected: ReturnType<typeof expectedCounts>;
  let visit: PageVisit;

  beforeAll(async () => {
    const { stack, baseDir } = await load();
    result = render(stack, { inputs: readInputs(stack, baseDir, {}) });
    expected = expectedCounts(result);
    const file = join(work, `${name}.html`);
    writeFileSync(file, explainPage(result, { stack }));
    visit = await openPage(browser, file);
  });

  afterAll(async () => {
    await visit?.page.context().close();
  });

  test('loads nothing and logs no error', () => {
    expect(visit.requests).toEqual([]);
    expect(visit.consoleErrors).toEqual([]);
    expect(visit.pageErrors).toEqual([]);
  });

  test('shows every section, in order, each with its heading', async () => {
    const sections = await visit.page.$$eval('main > section', (all) =>
      all.map((s) => ({
        id: s.id,
        heading: s.querySelector('h2')?.textContent ?? '',
        height: s.getBoundingClientRect().height,
      })),
    );
    expect(sections.map((s) => s.id)).toEqual([
      'components',
      'resources',
      'signals',
      'alerting',
      'dashboards',
      'platform',
    ]);
    for (const section of sections) {
      expect(section.heading, section.id).not.toBe('');
      expect(section.height, section.id).toBeGreaterThan(0);
    }
    // The table of contents leads to each of them.
    const toc = await visit.page.$$eval('nav a', (links) => links.map((a) => a.getAttribute('href')));
    expect(toc).toEqual(sections.map((s) => `#${s.id}`));
  });

  test('components: the numbers of the rendered stack, one article per component', async () => {
    const counts = await sectionCounts(visit, 'components');
    expect(counts).toMatchObject(expected.components);
    // The same numbers `mixstack build` prints.
    expect(counts.objects).toBe(result.summary.objects);
    expect(counts.components).toBe(Object.keys(result.summary.byComponent).length);
    const articles = await visit.page.$$eval('#components article.component', (all) =>
      all.map((a) => [a.id.replace(/^component-/, ''), Number(a.getAttribute('data-objects'))]),
    );
    expect(Object.fromEntries(articles)).toEqual(expected.objectsOf);
    expect(await sumOf(visit, '#components article.component', 'data-workloads')).toBe(
      expected.components.workloads,
    );
  });

  test('signals: datasources, pipelines and scrape targets; the graph draws every datasource and link', async () => {
    const counts = await sectionCounts(visit, 'signals');
    expect(counts).toMatchObject(expected.signals);
    const graph = await visit.page.$$eval('#signals svg g.node', (nodes) =>
      nodes.map((node) => {
        const rect = node.querySelector('rect')!.getBBox();
        const text = node.querySelector('text')!.getBBox();
        return {
          id: node.getAttribute('data-id'),
          fits: text.width <= rect.width && text.height <= rect.height,
        };
      }),
    );
    const uids = Object.keys(result.sections.datasources);
    expect(graph.map((n) => n.id)).toEqual(expect.arrayContaining(uids));
    // dagre sized each box from an estimate of its label; in the browser the label must fit.
    for (const node of graph) expect(node.fits, `label of ${node.id} fits its box`).toBe(true);
    // Every row of the links table is an arrow; links that differ only in their setting (two
    // derived fields from logs to traces) share one arrow.
    const rows = await visit.page.$$eval('#signals table', (tables) => {
      const links = tables.find((t) => t.caption?.textContent === 'Correlation links');
      return [...(links?.querySelectorAll('tbody tr') ?? [])].map((tr) =>
        [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent),
      );
    });
    expect(rows).toHaveLength(counts.links!);
    const arrows = await visit.page.$$eval('#signals svg g.edge', (edges) =>
      edges.map((e) => [
        e.getAttribute('data-from'),
        e.getAttribute('data-to'),
        e.querySelector('text')?.textContent,
      ]),
    );
    const key = (link: (string | null | undefined)[]) => link.join(' ');
    expect(arrows.map(key).sort()).toEqual([...new Set(rows.map(key))].sort());
  });

  test('alerting: the alerts per severity, and every alert row under its mixin', async () => {
    const counts = await sectionCounts(visit, 'alerting');
    expect(counts).toMatchObject(expected.alerting);
    expect(counts.alerts).toBe(result.summary.alerts.total);
    expect(counts['recording-rules']).toBe(result.summary.recordingRules);
    // Every alert (over metrics or logs) is in one group, and each group shows its rows.
    expect(await sumOf(visit, '#alerting .alert-group', 'data-alerts')).toBe(
      expected.alerting.alerts + expected.alerting['log-alerts'],
    );
    const rows = await visit.page.$$eval('#alerting .alert-group', (groups) =>
      groups.map((g) => [Number(g.getAttribute('data-alerts')), g.querySelectorAll('tbody tr').length]),
    );
    for (const [declared, shown] of rows) expect(shown).toBe(declared);
  });

  test('every runbook link leads to a file in docs/runbooks/', async () => {
    const links = await visit.page.$$eval('#alerting a', (anchors) =>
      anchors.filter((a) => a.textContent === 'runbook').map((a) => a.getAttribute('href') ?? ''),
    );
    expect(links).toHaveLength(expected.runbooks);
    expect(links.length).toBeGreaterThan(0);
    const missing = [...new Set(links)].filter((href) => {
      if (!href.startsWith(RUNBOOK_PREFIX)) return true;
      const file = decodeURIComponent(href.slice(RUNBOOK_PREFIX.length).replace(/#.*$/, ''));
      return file.includes('/') || !existsSync(join(RUNBOOKS, file));
    });
    expect(missing).toEqual([]);
  });

  test('dashboards: the number of the rendered stack, split by folder', async () => {
    const counts = await sectionCounts(visit, 'dashboards');
    expect(counts.dashboards).toBe(expected.dashboards);
    expect(counts.dashboards).toBe(result.summary.dashboards);
    expect(await sumOf(visit, '#dashboards .folder', 'data-dashboards')).toBe(expected.dashboards);
    expect(await sumOf(visit, '#dashboards .folder', 'data-panels')).toBe(counts.panels);
  });

  test('resources: pods with their replicas, DaemonSet pods per node, claims; a total row', async () => {
    const counts = await sectionCounts(visit, 'resources');
    expect(counts).toMatchObject(expected.resources);
    for (const field of ['cpu-requests', 'memory-requests', 'memory-limits', 'storage'])
      expect(counts[field], field).toBeGreaterThan(0);
    const lastRow = await visit.page.$$eval('#resources tbody tr', (rows) => rows.at(-1)?.textContent ?? '');
    expect(lastRow).toMatch(/^total/);
  });

  test("platform: every notice of the build's summary", async () => {
    const counts = await sectionCounts(visit, 'platform');
    expect(counts.notices).toBe(result.summary.notices.length);
    const shown = await visit.page.$$eval('#platform [data-notice]', (items) =>
      items.map((i) => i.getAttribute('data-notice')),
    );
    expect(shown.sort()).toEqual(expected.notices);
  });

  test('reads on a laptop screen without scrolling sideways, and prints', async () => {
    const width = await visit.page.$eval('html', (html) => html.scrollWidth);
    expect(width).toBeLessThanOrEqual(LAPTOP_VIEWPORT.width);
    await visit.page.emulateMedia({ media: 'print' });
    try {
      const hidden = await visit.page.$$eval('main > section', (all) =>
        all.filter((s) => s.getBoundingClientRect().height === 0).map((s) => s.id),
      );
      expect(hidden).toEqual([]);
      const pdf = await visit.page.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await visit.page.emulateMedia({ media: 'screen' });
    }
  });

  test('is photographed: a full-page PNG under the test output', async () => {
    const path = await screenshot(visit.page, `explain-${name}`);
    expect(isPng(path)).toBe(true);
  });
});
