import type { ExplainModel, FolderView } from '../model.js';
import { code, escapeHtml, type Html, none, plural, table } from './html.js';

function folderBlock(folder: FolderView): Html {
  const panels = folder.dashboards.reduce((n, d) => n + d.panels, 0);
  return `<div class="folder" data-folder="${escapeHtml(folder.title)}" data-dashboards="${folder.dashboards.length}" data-panels="${panels}">
<h3>${escapeHtml(folder.title)} <span class="muted">(${escapeHtml(plural(folder.dashboards.length, 'dashboard'))}, ${escapeHtml(plural(panels, 'panel'))}; mixin ${code(folder.mixin)})</span></h3>
${table(
  ['dashboard', 'file', 'uid', 'panels', 'rows'],
  folder.dashboards.map((d) => [
    d.title,
    { html: code(d.file) },
    { html: d.uid ? code(d.uid) : '–' },
    d.panels,
    d.rows,
  ]),
)}
</div>`;
}

/** Dashboards per Grafana folder (a mixin's title), with their panel counts. */
export function dashboardsSection(model: ExplainModel): Html {
  const { counts } = model;
  return `<section id="dashboards" data-dashboards="${counts.dashboards}" data-folders="${counts.folders}" data-panels="${counts.panels}">
<h2>Dashboards</h2>
<p>${escapeHtml(plural(counts.dashboards, 'dashboard'))} in ${escapeHtml(plural(counts.folders, 'folder'))}, ${escapeHtml(plural(counts.panels, 'panel'))} (panels inside rows included).</p>
${model.folders.length > 0 ? model.folders.map(folderBlock).join('\n') : none('The stack has no dashboard.')}
</section>`;
}
