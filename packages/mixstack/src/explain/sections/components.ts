import type { ComponentView, ContainerView, ExplainModel, WorkloadView } from '../model.js';
import { code, escapeHtml, type Html, none, plural, table } from './html.js';

const resources = (c: ContainerView) =>
  [
    `CPU ${c.requests.cpu ?? '–'}${c.limits.cpu ? ` (limit ${c.limits.cpu})` : ''}`,
    `memory ${c.requests.memory ?? '–'}${c.limits.memory ? ` (limit ${c.limits.memory})` : ''}`,
  ].join(', ');

function workloadTable(workloads: readonly WorkloadView[]): Html {
  const rows = workloads.flatMap((w) =>
    w.containers.map((c, index) => [
      index === 0 ? { html: `${escapeHtml(w.kind)} ${code(`${w.namespace}/${w.name}`)}` } : '',
      index === 0 ? (w.replicas === undefined ? 'one per node' : w.replicas) : '',
      `${c.name}${c.init ? ' (init)' : ''}`,
      { html: code(c.image) },
      resources(c),
    ]),
  );
  return `<div class="scroll">${table(['workload', 'replicas', 'container', 'image', 'requests (limits)'], rows, { caption: 'Workloads' })}</div>`;
}

function storageTable(component: ComponentView): Html {
  const rows = component.workloads.flatMap((w) =>
    w.storage.map((s) => [
      { html: code(`${w.namespace}/${w.name}`) },
      s.name,
      s.size ?? '–',
      s.storageClass ?? "the cluster's default",
      w.retention ?? component.retention ?? '–',
    ]),
  );
  return table(['workload', 'claim', 'size', 'StorageClass', 'retention'], rows, { caption: 'Storage' });
}

function serviceTable(component: ComponentView): Html {
  const rows = component.services.map((s) => [
    { html: code(`${s.namespace}/${s.name}`) },
    s.type,
    {
      html: s.ports
        .map(
          (p) =>
            `${escapeHtml(p.name || '(unnamed)')} ${p.port}/${escapeHtml(p.protocol)}${p.targetPort && p.targetPort !== String(p.port) && p.targetPort !== p.name ? ` → ${escapeHtml(p.targetPort)}` : ''}`,
        )
        .join('<br>'),
    },
  ]);
  return table(['Service', 'type', 'ports'], rows, { caption: 'Services' });
}

function componentArticle(component: ComponentView): Html {
  const kinds = Object.entries(component.kinds)
    .map(([kind, count]) => `${kind} ${count}`)
    .join(', ');
  const facts: string[] = [];
  if (component.roles.length > 0) facts.push(`<li>roles: ${component.roles.map(code).join(', ')}</li>`);
  if (component.retention !== undefined) facts.push(`<li>retention: ${code(component.retention)}</li>`);
  if (component.externalUrl) facts.push(`<li>external URL: ${code(component.externalUrl)}</li>`);
  for (const b of component.buckets)
    facts.push(
      `<li>bucket ${code(b.bucket)} (${escapeHtml(b.id)}, ${escapeHtml(b.access)}) for ServiceAccount ${code(b.serviceAccount)}</li>`,
    );
  return `<article class="component" id="component-${escapeHtml(component.name)}" data-objects="${component.objects}" data-workloads="${component.workloads.length}">
<h3>${escapeHtml(component.name)}</h3>
<p class="muted">${escapeHtml(plural(component.objects, 'object'))}: ${escapeHtml(kinds)}</p>
${facts.length > 0 ? `<ul>${facts.join('')}</ul>` : ''}
${component.workloads.length > 0 ? workloadTable(component.workloads) : ''}
${storageTable(component)}
${serviceTable(component)}
</article>`;
}

function namespacesTable(model: ExplainModel): Html {
  return table(
    ['namespace', 'enforce', 'audit', 'warn'],
    model.namespaces.map((n) => [
      { html: code(n.name) },
      n.enforce ?? 'not set',
      n.audit ?? 'not set',
      n.warn ?? 'not set',
    ]),
  );
}

function exceptionsList(model: ExplainModel): Html {
  if (model.exceptions === undefined)
    return none(
      'The safety exceptions are not shown: this page was made from a render result without its stack.',
    );
  if (model.exceptions.length === 0)
    return none('No safety exception: every object passes every safety check.');
  return table(
    ['object', 'check', 'reason', 'added by'],
    model.exceptions.map((e) => [{ html: code(e.address) }, { html: code(e.check) }, e.reason, e.source]),
  );
}

/** Components: workloads, storage and Services of each, then namespaces and safety exceptions. */
export function componentsSection(model: ExplainModel): Html {
  const { counts } = model;
  return `<section id="components" data-components="${counts.components}" data-objects="${counts.objects}" data-files="${counts.files}" data-workloads="${counts.workloads}" data-services="${counts.services}" data-namespaces="${counts.namespaces}"${counts.exceptions === undefined ? '' : ` data-exceptions="${counts.exceptions}"`}>
<h2>Components</h2>
<p>${escapeHtml(plural(counts.components, 'component'))}, ${escapeHtml(plural(counts.objects, 'object'))} in ${escapeHtml(plural(counts.files, 'file'))} (the kustomization included), ${escapeHtml(plural(counts.workloads, 'workload'))}, ${escapeHtml(plural(counts.services, 'Service'))}.</p>
${model.components.length > 0 ? model.components.map(componentArticle).join('\n') : none('The stack has no component.')}
<h3 id="namespaces">Namespaces and their Pod Security level</h3>
${model.namespaces.length > 0 ? namespacesTable(model) : none('The stack renders no Namespace.')}
<h3 id="exceptions">Named safety exceptions</h3>
${exceptionsList(model)}
</section>`;
}
