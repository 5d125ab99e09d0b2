import { type GraphEdge, type GraphNode, graphSvg } from '../graph.js';
import type { ExplainModel } from '../model.js';
import { code, escapeHtml, type Html, none, plural, table } from './html.js';

/**
 * The datasources and their correlation links as a graph. A link to a uid the stack does not
 * provision (a user's own datasource) is drawn to a node of kind `missing`, rather than left out.
 */
function correlationGraph(model: ExplainModel): Html {
  const known = new Set(model.datasources.map((d) => d.uid));
  const nodes: GraphNode[] = model.datasources.map((d) => ({ id: d.uid, label: d.name, kind: d.signal }));
  for (const uid of new Set(model.links.map((l) => l.to)))
    if (!known.has(uid)) nodes.push({ id: uid, label: `${uid} (not in the stack)`, kind: 'missing' });
  const edges: GraphEdge[] = model.links.map((l) => ({ from: l.from, to: l.to, label: l.kind }));
  return `<figure class="graph">${graphSvg(nodes, edges, { title: 'Datasources and their correlation links' })}<figcaption class="muted">Datasources (boxes, coloured by signal) and the links Grafana offers between them.</figcaption></figure>`;
}

function datasourceTable(model: ExplainModel): Html {
  return table(
    ['uid', 'name', 'type', 'signal', 'URL'],
    model.datasources.map((d) => [
      { html: `${code(d.uid)}${d.isDefault ? ' <span class="badge">default</span>' : ''}` },
      d.name,
      d.type,
      d.signal,
      { html: d.url ? code(d.url) : '–' },
    ]),
    { caption: 'Datasources' },
  );
}

function linkTable(model: ExplainModel): Html {
  return table(
    ['from', 'to', 'link', 'setting'],
    model.links.map((l) => [{ html: code(l.from) }, { html: code(l.to) }, l.kind, { html: code(l.via) }]),
    { caption: 'Correlation links' },
  );
}

function pipelineTable(model: ExplainModel): Html {
  return table(
    ['pipeline', 'signal', 'collects', 'sends to'],
    model.pipelines.map((p) => [
      { html: code(p.id) },
      p.signal,
      { html: p.collects.map(escapeHtml).join('<br>') || '–' },
      { html: `${code(p.destination)}<br><span class="muted">Service ${escapeHtml(p.service)}</span>` },
    ]),
  );
}

function scrapeTable(model: ExplainModel): Html {
  return `<div class="scroll">${table(
    ['object', 'kind', 'endpoints', 'namespaces'],
    model.scrapeTargets.map((t) => [
      { html: code(`${t.namespace}/${t.name}`) },
      t.kind,
      { html: t.endpoints.map(code).join(' ') || '–' },
      t.selector || 'its own',
    ]),
  )}</div>`;
}

/** Signals and correlation: datasources and their links, the collector's pipelines, scrape targets. */
export function signalsSection(model: ExplainModel): Html {
  const { counts } = model;
  return `<section id="signals" data-datasources="${counts.datasources}" data-links="${counts.links}" data-pipelines="${counts.pipelines}" data-scrape-targets="${counts.scrapeTargets}">
<h2>Signals and correlation</h2>
<p>${escapeHtml(plural(counts.datasources, 'datasource'))}, ${escapeHtml(plural(counts.links, 'correlation link'))}, ${escapeHtml(plural(counts.pipelines, 'collector pipeline'))}, ${escapeHtml(plural(counts.scrapeTargets, 'scrape target'))}.</p>
<h3 id="datasources">Datasources and links</h3>
${model.datasources.length > 0 ? `${correlationGraph(model)}\n${datasourceTable(model)}\n${linkTable(model)}` : none('The stack provisions no Grafana datasource.')}
<h3 id="pipelines">Collector pipelines</h3>
${model.pipelines.length > 0 ? pipelineTable(model) : none('No package asks the collector to gather anything.')}
<h3 id="scrape-targets">Scrape targets</h3>
${model.scrapeTargets.length > 0 ? scrapeTable(model) : none('Nothing is scraped: the stack renders no ServiceMonitor, PodMonitor, Probe or ScrapeConfig.')}
</section>`;
}
