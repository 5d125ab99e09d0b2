import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  addNotice,
  alertsOf,
  createStack,
  type Mixin,
  type RenderResult,
  render,
  type Stack,
} from '@mixstack/core';
import { goldenDirectory } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { loadStack } from '../cli/load-entry.js';
import { defaultStack } from '../default-stack.js';
import { alloy, grafana, loki, prometheus, pyroscope, tempo } from '../index.js';
import { SIZING_NOTICE } from './model.js';
import { explainPage } from './page.js';

const here = dirname(fileURLToPath(import.meta.url));
const { expectGolden } = goldenDirectory(join(here, '__golden__'));
const GKE_EXAMPLE = resolve(here, '../../../../examples/gke/stack.ts');

const SECTION_IDS = ['components', 'resources', 'signals', 'alerting', 'dashboards', 'platform'];

/** Every runbook URL of the stack's alerts (the only web addresses the page may link to). */
function runbooksOf(result: RenderResult): Set<string> {
  const urls = new Set<string>();
  for (const mixin of Object.values(result.sections.mixins)) {
    const rules = [
      ...alertsOf(mixin).map((a) => a.rule),
      ...(mixin.logAlerts?.groups ?? []).flatMap((g) => g.rules),
    ];
    for (const rule of rules) if (rule.annotations?.runbook_url) urls.add(rule.annotations.runbook_url);
  }
  return urls;
}

const unescapeHtml = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

const scenarios: [string, () => Promise<Stack>][] = [
  ['default', async () => defaultStack()],
  ['gke', () => loadStack(GKE_EXAMPLE)],
];

describe.each(scenarios)('the explain page of the %s stack', async (name, load) => {
  const stack = await load();
  const result = render(stack);
  const page = explainPage(result, { stack });

  test('matches its golden file (UPDATE_GOLDEN=1 regenerates it)', () => {
    expectGolden(`${name}.html`, page);
  });

  test('is deterministic: the same result gives the same bytes, rendered again too', () => {
    expect(explainPage(result, { stack })).toBe(page);
    const again = render(stack);
    expect(explainPage(again, { stack })).toBe(page);
  });

  test('loads nothing: no script, stylesheet link, import or external url()', () => {
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<link/i);
    expect(page).not.toMatch(/@import/i);
    expect(page).not.toMatch(/<(img|iframe|object|embed|video|audio)\b/i);
    // The graph's arrowheads refer to a marker of the same SVG (`url(#id)`), nothing else.
    expect(page.match(/url\((?!#)/gi) ?? []).toEqual([]);
  });

  test('its only web addresses in attributes are runbook links in <a href>', () => {
    const runbooks = runbooksOf(result);
    expect(runbooks.size).toBeGreaterThan(0);
    const offending: string[] = [];
    let links = 0;
    for (const found of page.matchAll(/<([a-zA-Z][\w:-]*)\b([^>]*)>/g)) {
      const [, tag, attributes] = found;
      for (const attribute of attributes!.matchAll(/([\w:-]+)\s*=\s*"([^"]*)"/g)) {
        const [, attributeName, raw] = attribute;
        const value = unescapeHtml(raw!);
        if (!/https?:\/\//i.test(value)) continue;
        // The SVG namespace is a name, never fetched.
        if (attributeName === 'xmlns' && value === 'http://www.w3.org/2000/svg') continue;
        if (tag === 'a' && attributeName === 'href' && runbooks.has(value)) {
          links++;
          continue;
        }
        offending.push(`<${tag} ${attributeName}="${value}">`);
      }
    }
    expect(offending).toEqual([]);
    expect(links).toBeGreaterThan(0);
  });

  test('has every section, each with a heading and its counts', () => {
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(page.trimEnd().endsWith('</html>')).toBe(true);
    for (const id of SECTION_IDS) {
      expect(page).toMatch(new RegExp(`<section id="${id}"[^>]* data-[a-z-]+="\\d+"[^>]*>\\n<h2>`));
    }
    expect(page.match(/<section\b/g)).toHaveLength(SECTION_IDS.length);
    expect(page.match(/<section\b/g)?.length).toBe(page.match(/<\/section>/g)?.length);
    expect(page).toContain(`data-alerts="${result.summary.alerts.total}"`);
    expect(page).toContain(`data-objects="${result.summary.objects}"`);
  });
});

test('the page does not depend on the order of the parts', () => {
  const reversed = createStack({ namespace: 'monitoring' }, [
    alloy(),
    pyroscope(),
    tempo(),
    loki(),
    prometheus(),
    grafana(),
  ]);
  expect(explainPage(render(reversed), { stack: reversed })).toBe(
    explainPage(render(defaultStack()), { stack: defaultStack() }),
  );
});

test("a stack sized by lib-sizing shows its plan (the notice's text, escaped) under Resources", () => {
  const message =
    "Sized from load (lib-sizing): 1,000 series. Plan: prometheus/server 2 × cpu 100m, volume 10Gi (set prometheus({ storage: { size: '10Gi' } })).";
  const stack = addNotice(defaultStack(), '@test/lib', SIZING_NOTICE, { level: 'info', message });
  const page = explainPage(render(stack), { stack });
  const resources = page.slice(
    page.indexOf('<section id="resources"'),
    page.indexOf('<section id="signals"'),
  );
  expect(resources).toContain('<div class="sizing" data-sizing="info">');
  expect(resources).toContain(message.replace(/'/g, '&#39;'));
  expect(explainPage(render(defaultStack()))).not.toContain('class="sizing"');
});

describe('hostile names are shown as text, never as markup', () => {
  const result = render(defaultStack());
  const HOSTILE = '<script>alert(1)</script>';
  const evil: Mixin = {
    title: `<b>${HOSTILE}</b>`,
    prometheusAlerts: {
      groups: [
        {
          name: `group ${HOSTILE}`,
          rules: [
            {
              alert: 'Evil<img src=x onerror=alert(1)>',
              expr: 'vector(1)',
              labels: { severity: '"><script>' },
              annotations: { summary: `</td></tr>${HOSTILE}`, runbook_url: 'javascript:alert(1)' },
            },
          ],
        },
      ],
    },
    grafanaDashboards: { '"><x>.json': { title: HOSTILE, panels: [{ type: 'graph' }] } },
  };
  const hostile: RenderResult = {
    ...result,
    sections: {
      ...result.sections,
      mixins: { ...result.sections.mixins, evil },
      datasources: {
        ...result.sections.datasources,
        [HOSTILE]: { name: HOSTILE, type: '"><img src=x>', url: 'javascript:alert(1)' },
      },
    },
    summary: {
      ...result.summary,
      notices: [...result.summary.notices, { id: HOSTILE, level: 'warning', message: `run ${HOSTILE}` }],
    },
  };
  const page = explainPage(hostile);

  test('no tag or link comes from a name', () => {
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<img/i);
    expect(page).not.toMatch(/<b>/);
    expect(page).not.toMatch(/<x>/);
    expect(page).not.toMatch(/href="javascript:/i);
  });

  test('the names are there, escaped', () => {
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('Evil&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('&lt;b&gt;&lt;script&gt;');
    expect(page).toContain('data-severity="&quot;&gt;&lt;script&gt;"');
  });
});
