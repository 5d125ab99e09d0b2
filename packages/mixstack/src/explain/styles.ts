/**
 * The page's one stylesheet, inline (the page loads nothing). System fonts only: a web font
 * would be a download. Readable on a laptop (a centred column, tables that scroll sideways
 * rather than overflow), and printable: no fixed or sticky element, each section on a new
 * page, links' targets kept in the text. The graph's colours are here too: graph.ts writes
 * only the classes (`node node-<kind>`, `edge`).
 */
export const STYLES = `
:root {
  --text: #1f2328; --muted: #59636e; --line: #d1d9e0; --band: #f6f8fa; --accent: #0b5cad;
  --metrics: #e6522c; --logs: #f2b705; --traces: #2f7ed8; --profiles: #8e44ad; --alerts: #c0392b; --other: #59636e;
}
* { box-sizing: border-box; }
html { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--text); background: #fff; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem 2rem 4rem; }
header.page { border-bottom: 2px solid var(--line); margin-bottom: 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin: 2.5rem 0 .75rem; padding-bottom: .25rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
h4 { font-size: .95rem; margin: 1rem 0 .25rem; }
p, ul, ol { margin: .4rem 0; }
nav.toc ul { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; list-style: none; padding: 0; }
a { color: var(--accent); }
code { font: .85em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--band); padding: 0 .2em; border-radius: 3px; overflow-wrap: anywhere; }
.muted, .none { color: var(--muted); }
dl.counts { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; margin: .5rem 0 1rem; }
dl.counts div { display: flex; gap: .35rem; align-items: baseline; }
dl.counts dt { color: var(--muted); }
dl.counts dd { margin: 0; font-weight: 600; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
thead th { background: var(--band); }
article.component { border: 1px solid var(--line); border-radius: 6px; padding: .25rem 1rem .5rem; margin: 1rem 0; break-inside: avoid-page; }
article.component h3 { margin-top: .75rem; }
.routes .routes, ul.routes { list-style: none; padding-left: 1.25rem; border-left: 2px solid var(--line); }
ul.routes { padding-left: .75rem; list-style: none; }
.routes li { margin: .3rem 0; }
.badge { display: inline-block; font-size: .75rem; padding: 0 .4em; border-radius: 3px; background: var(--band); border: 1px solid var(--line); }
.sev-critical { border-color: var(--alerts); color: var(--alerts); }
.sev-warning { border-color: #b7791f; color: #8a5a00; }
.level-warning { color: #8a5a00; font-weight: 600; }
pre.notice { white-space: pre-wrap; overflow-wrap: anywhere; font: .85rem/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--band); padding: .5rem .75rem; border-radius: 4px; margin: .25rem 0 .75rem; }
details > summary { cursor: pointer; }
figure.graph { margin: 1rem 0; overflow-x: auto; }
figure.graph svg { max-width: 100%; height: auto; font: 12px system-ui, sans-serif; }
.node rect { fill: #fff; stroke: var(--other); stroke-width: 1.5; }
.node text { fill: var(--text); }
.node-metrics rect { stroke: var(--metrics); fill: #fdeee9; }
.node-logs rect { stroke: var(--logs); fill: #fff8e1; }
.node-traces rect { stroke: var(--traces); fill: #eaf2fb; }
.node-profiles rect { stroke: var(--profiles); fill: #f4ecf7; }
.node-alerts rect { stroke: var(--alerts); fill: #fbeceb; }
.edge path, .edge line, .edge polyline { stroke: var(--muted); fill: none; stroke-width: 1.3; }
.edge text { fill: var(--muted); }
.edge-label { paint-order: stroke; stroke: #fff; stroke-width: 9px; stroke-linejoin: round; }
.arrowhead { fill: var(--muted); }
.node-missing rect { stroke-dasharray: 4 3; fill: var(--band); }
@media print {
  html { font-size: 11pt; }
  body { max-width: none; padding: 0; }
  nav.toc { display: none; }
  section { break-before: page; }
  section:first-of-type { break-before: auto; }
  h2, h3, h4 { break-after: avoid-page; }
  tr, li, pre.notice { break-inside: avoid; }
  .scroll { overflow: visible; }
  details > * { display: block; }
}
`;
