import type { ExplainModel } from '../model.js';
import type { PodsTotal, ResourceTotals } from '../resources.js';
import { code, escapeHtml, type Html, none, plural, table } from './html.js';

const GiB = 1024 ** 3;
const cores = (millicores: number) => (millicores === 0 ? '–' : `${(millicores / 1000).toFixed(2)}`);
const gib = (bytes: number) => (bytes === 0 ? '–' : `${(bytes / GiB).toFixed(2)} GiB`);
const pods = (total: PodsTotal) =>
  `${total.pods} (CPU ${cores(total.requests.cpu)}, memory ${gib(total.requests.memory)}${total.limits.memory > 0 ? `, limit ${gib(total.limits.memory)}` : ''})`;

function row(label: Html, t: ResourceTotals) {
  return [
    { html: label },
    t.replicated.pods,
    cores(t.replicated.requests.cpu),
    cores(t.replicated.limits.cpu),
    gib(t.replicated.requests.memory),
    gib(t.replicated.limits.memory),
    t.perNode.pods > 0 ? pods(t.perNode) : '–',
    t.claims > 0 ? `${gib(t.storage)} (${plural(t.claims, 'claim')})` : '–',
  ];
}

/** The `data-*` totals of the section: integers (millicores, bytes), for tests and tools. */
function dataAttributes(t: ResourceTotals): string {
  const values: [string, number][] = [
    ['pods', t.replicated.pods],
    ['cpu-requests', t.replicated.requests.cpu],
    ['cpu-limits', t.replicated.limits.cpu],
    ['memory-requests', t.replicated.requests.memory],
    ['memory-limits', t.replicated.limits.memory],
    ['node-pods', t.perNode.pods],
    ['node-cpu-requests', t.perNode.requests.cpu],
    ['node-memory-requests', t.perNode.requests.memory],
    ['node-memory-limits', t.perNode.limits.memory],
    ['storage', t.storage],
    ['claims', t.claims],
  ];
  return values.map(([name, value]) => ` data-${name}="${value}"`).join('');
}

function sizingPlan(model: ExplainModel): Html {
  const { sizing } = model.resources;
  if (!sizing)
    return none(
      'Not sized from load: the requests and replicas are the components’ own (lib-sizing’s sizing() plans them from the expected series, logs and spans).',
    );
  return `<div class="sizing" data-sizing="${escapeHtml(sizing.level)}"><p><span class="level-${escapeHtml(sizing.level)}">${sizing.level === 'warning' ? 'warning' : 'note'}</span> The plan lib-sizing made from the load (its notice ${code('lib-sizing-plan')}):</p><pre class="notice">${escapeHtml(sizing.summary)}</pre></div>`;
}

/** Resources: what the rendered objects ask of the cluster, per component and in total, and the sizing plan. */
export function resourcesSection(model: ExplainModel): Html {
  const { total, components } = model.resources;
  const headers = [
    'component',
    'pods',
    'CPU requests',
    'CPU limits',
    'memory requests',
    'memory limits',
    'per node (DaemonSet pods)',
    'storage',
  ];
  const rows = [
    ...components.map((c) => row(code(c.component ?? ''), c)),
    row('<strong>total</strong>', total),
  ];
  return `<section id="resources"${dataAttributes(total)}>
<h2>Resources</h2>
<p>What the rendered objects request, added up: ${escapeHtml(plural(total.replicated.pods, 'pod'))} of Deployments, StatefulSets, Prometheus and Alertmanager (containers × replicas) ask for ${escapeHtml(cores(total.replicated.requests.cpu))} CPU and ${escapeHtml(gib(total.replicated.requests.memory))} of memory; DaemonSets run one pod on each node, ${escapeHtml(plural(total.perNode.pods, 'pod'))} per node asking for ${escapeHtml(cores(total.perNode.requests.cpu))} CPU and ${escapeHtml(gib(total.perNode.requests.memory))}; volumes claim ${escapeHtml(gib(total.storage))}. CPU in cores. Containers an operator injects at run time are not in the manifests, so not here.</p>
${components.length > 0 ? `<div class="scroll">${table(headers, rows, { caption: 'Requests, limits and storage' })}</div>` : none('The stack renders no workload.')}
<h3 id="sizing">Sizing from load</h3>
${sizingPlan(model)}
</section>`;
}
