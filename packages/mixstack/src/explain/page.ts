/**
 * `explainPage`: one self-contained HTML5 document that shows what a rendered stack is. It loads
 * nothing (inline CSS, inline SVG, no script, no font or image by URL; the only web addresses
 * are the alerts' runbook links, as plain `<a href>`), and the same render result always gives
 * the same bytes (no timestamp; every list sorted by the model).
 *
 * Machine-checkable counts, for tests and tools (all decimal integers):
 * - `<section id="components">`: `data-components` (components with objects, as `mixstack build`
 *   lists them), `data-objects` (`summary.objects`), `data-files` (`summary.files`),
 *   `data-workloads` (Deployments, StatefulSets, DaemonSets, Prometheus and Alertmanager
 *   resources), `data-services` (Service objects), `data-namespaces` (Namespace objects),
 *   `data-exceptions` (named safety exceptions; absent when the page was made without the stack).
 *   Each `<article class="component" id="component-<name>">` has `data-objects` and `data-workloads`.
 * - `<section id="resources">`: what the objects request, added up (`resources.ts`): `data-pods`
 *   (pods of Deployments, StatefulSets, Prometheus and Alertmanager, replicas counted),
 *   `data-cpu-requests` and `data-cpu-limits` (millicores), `data-memory-requests` and
 *   `data-memory-limits` (bytes), the same per node for DaemonSets (`data-node-pods`,
 *   `data-node-cpu-requests`, `data-node-memory-requests`, `data-node-memory-limits`), and
 *   `data-storage` (bytes) over `data-claims` claims. When lib-sizing sized the stack, its plan
 *   is in `<div class="sizing" data-sizing="<level>">`.
 * - `<section id="signals">`: `data-datasources`, `data-links` (correlation links between
 *   datasources), `data-pipelines` (collector pipelines), `data-scrape-targets` (ServiceMonitor,
 *   PodMonitor, Probe and ScrapeConfig objects).
 * - `<section id="alerting">`: `data-alerts` (`summary.alerts.total`), `data-alerts-<severity>`
 *   per severity (`summary.alerts.bySeverity`, e.g. `data-alerts-critical`), `data-log-alerts`
 *   (alerting rules over logs, not in the summary's total), `data-recording-rules`,
 *   `data-mixins`, `data-receivers`, `data-routes` (routes of the routing tree, the root
 *   included), `data-inhibit-rules`. Each `<div class="alert-group">` has `data-mixin`,
 *   `data-severity` and `data-alerts`.
 * - `<section id="dashboards">`: `data-dashboards` (`summary.dashboards`), `data-folders`,
 *   `data-panels` (panels inside rows included, rows not counted). Each `<div class="folder">`
 *   has `data-folder` (its title), `data-dashboards` and `data-panels`.
 * - `<section id="platform">`: `data-notices` (`summary.notices`); each notice is an
 *   `<li data-notice="<id>">`.
 */
import type { RenderResult } from '@mixstack/core';
import { type ExplainOptions, explainModel } from './model.js';
import { alertingSection } from './sections/alerting.js';
import { componentsSection } from './sections/components.js';
import { dashboardsSection } from './sections/dashboards.js';
import { escapeHtml } from './sections/html.js';
import { platformSection } from './sections/platform.js';
import { resourcesSection } from './sections/resources.js';
import { signalsSection } from './sections/signals.js';
import { STYLES } from './styles.js';

export type { ExplainOptions } from './model.js';

/** The sections in page order: id and heading, for the table of contents. */
const SECTIONS = [
  ['components', 'Components'],
  ['resources', 'Resources'],
  ['signals', 'Signals and correlation'],
  ['alerting', 'Alerting'],
  ['dashboards', 'Dashboards'],
  ['platform', 'Platform notes'],
] as const;

/** The complete explain page of a render result: deterministic, self-contained HTML5. */
export function explainPage(result: RenderResult, options: ExplainOptions = {}): string {
  const model = explainModel(result, options);
  const title = `mixstack: the stack in namespace ${model.namespace}`;
  const { counts } = model;
  const toc = SECTIONS.map(([id, heading]) => `<li><a href="#${id}">${escapeHtml(heading)}</a></li>`).join(
    '',
  );
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="mixstack explain">
<title>${escapeHtml(title)}</title>
<style>${STYLES}</style>
</head>
<body>
<header class="page">
<h1>${escapeHtml(title)}</h1>
<p class="muted">What <code>mixstack build</code> renders for this stack: ${counts.objects} objects in ${counts.files} files, ${counts.alerts} alerts, ${counts.recordingRules} recording rules, ${counts.dashboards} dashboards, ${counts.mixins} mixins.</p>
<nav class="toc" aria-label="Sections"><ul>${toc}</ul></nav>
</header>
<main>
${componentsSection(model)}
${resourcesSection(model)}
${signalsSection(model)}
${alertingSection(model)}
${dashboardsSection(model)}
${platformSection(model)}
</main>
</body>
</html>
`;
}
