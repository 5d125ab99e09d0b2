import type { AlertGroupView, AlertView, ExplainModel, OverridesView, RouteView } from '../model.js';
import { code, escapeHtml, type Html, none, plural, table } from './html.js';

function routeItem(route: RouteView, root: boolean): Html {
  const matchers = root
    ? '<span class="muted">every alert</span>'
    : route.matchers.length > 0
      ? route.matchers.map(code).join(' ')
      : '<span class="muted">no matcher (takes every alert that reaches it)</span>';
  const extras = [
    route.continue ? '<span class="badge">continue</span>' : '',
    route.groupBy.length > 0
      ? `<span class="muted">grouped by ${route.groupBy.map(escapeHtml).join(', ')}</span>`
      : '',
  ]
    .filter(Boolean)
    .join(' ');
  const children =
    route.routes.length > 0
      ? `\n<ol class="routes">${route.routes.map((r) => routeItem(r, false)).join('\n')}</ol>`
      : '';
  return `<li>${matchers} → receiver ${code(route.receiver)}${extras ? ` ${extras}` : ''}${children}</li>`;
}

function routingTree(model: ExplainModel): Html {
  if (!model.routing)
    return none('The stack has no Alertmanager: alerts are evaluated, but nothing routes them.');
  return `<p class="muted">Alertmanager tries the child routes in this order; an alert stops at the first that matches unless it says <code>continue</code>, and stays with the parent when none matches.</p>
<ul class="routes">${routeItem(model.routing, true)}</ul>`;
}

function receiverTable(model: ExplainModel): Html {
  return table(
    ['receiver', 'integrations', 'Slack channels', 'alerts it receives'],
    model.receivers.map((r) => [
      { html: code(r.name) },
      r.integrations.map((i) => `${i.type} ×${i.count}`).join(', ') || 'none (drops what it receives)',
      {
        html:
          r.integrations
            .flatMap((i) => i.channels)
            .map(code)
            .join(' ') || '–',
      },
      {
        html:
          r.alerts.length > 0
            ? `<details><summary>${escapeHtml(plural(r.alerts.length, 'alert'))}</summary>${r.alerts.map(code).join(' ')}</details>`
            : '0',
      },
    ]),
  );
}

function inhibitTable(model: ExplainModel): Html {
  if (model.inhibitRules.length === 0) return none('No inhibit rule.');
  return table(
    ['rule', 'when an alert matches', 'it silences alerts matching', 'with equal labels'],
    model.inhibitRules.map((r) => [
      { html: code(r.id) },
      { html: r.source.map(code).join(' ') },
      { html: r.target.map(code).join(' ') },
      r.equal.join(', ') || '–',
    ]),
  );
}

/** A runbook URL becomes a link only when it is a web or relative address (never `javascript:`). */
function runbookLink(url: string | undefined): Html {
  if (!url) return '–';
  if (/^(https?:\/\/|\.{0,2}\/|#)/i.test(url) || !/^[a-z][a-z0-9+.-]*:/i.test(url))
    return `<a href="${escapeHtml(url)}">runbook</a>`;
  return code(url);
}

function alertRow(alert: AlertView): (string | { html: Html })[] {
  return [
    { html: `${code(alert.name)}${alert.evaluatedBy === 'logs' ? ' <span class="badge">logs</span>' : ''}` },
    alert.for ?? '0s',
    alert.summary ?? '–',
    { html: runbookLink(alert.runbookUrl) },
    { html: alert.receivers.map(code).join(' ') || '–' },
  ];
}

function alertGroup(group: AlertGroupView): Html {
  return `<div class="alert-group" data-mixin="${escapeHtml(group.mixin)}" data-severity="${escapeHtml(group.severity)}" data-alerts="${group.alerts.length}">
<h4>${escapeHtml(group.title)} <span class="badge sev-${escapeHtml(group.severity)}">${escapeHtml(group.severity)}</span> <span class="muted">${escapeHtml(plural(group.alerts.length, 'alert'))}</span></h4>
<div class="scroll">${table(['alert', 'for', 'summary', 'runbook', 'receivers'], group.alerts.map(alertRow))}</div>
</div>`;
}

function overridesBlock(overrides: OverridesView | undefined): Html {
  if (!overrides) return none('No lib-rules override: every mixin is as its package wrote it.');
  return `<p class="overrides">${escapeHtml(overrides.summary)}</p>`;
}

/** Alerting: the routing tree, receivers, inhibit rules, the alerts per mixin and severity, the overrides. */
export function alertingSection(model: ExplainModel): Html {
  const { counts } = model;
  const severities = Object.entries(counts.alertsBySeverity)
    .map(
      ([severity, count]) =>
        ` data-alerts-${escapeHtml(severity.toLowerCase().replace(/[^a-z0-9-]+/g, '-'))}="${count}"`,
    )
    .join('');
  const bySeverity = Object.entries(counts.alertsBySeverity)
    .map(([severity, count]) => `${severity} ${count}`)
    .join(', ');
  return `<section id="alerting" data-alerts="${counts.alerts}"${severities} data-log-alerts="${counts.logAlerts}" data-recording-rules="${counts.recordingRules}" data-mixins="${counts.mixins}" data-receivers="${counts.receivers}" data-routes="${counts.routes}" data-inhibit-rules="${counts.inhibitRules}">
<h2>Alerting</h2>
<p>${escapeHtml(plural(counts.alerts, 'alert'))}${bySeverity ? ` (${escapeHtml(bySeverity)})` : ''}${counts.logAlerts > 0 ? ` and ${escapeHtml(plural(counts.logAlerts, 'alert'))} over logs` : ''}, ${escapeHtml(plural(counts.recordingRules, 'recording rule'))}, from ${escapeHtml(plural(counts.mixins, 'mixin'))}; ${escapeHtml(plural(counts.receivers, 'receiver'))}, ${escapeHtml(plural(counts.routes, 'route'))}, ${escapeHtml(plural(counts.inhibitRules, 'inhibit rule'))}.</p>
<h3 id="routing">Routing tree</h3>
${routingTree(model)}
<h3 id="receivers">Receivers</h3>
${model.receivers.length > 0 ? receiverTable(model) : none('No receiver.')}
<p class="muted">Which alerts reach which receiver is decided from each alert's own labels (its rule's labels and its name); labels a series brings at run time can route it elsewhere.</p>
<h3 id="inhibit-rules">Inhibit rules</h3>
${inhibitTable(model)}
<h3 id="overrides">Overrides</h3>
${overridesBlock(model.overrides)}
<h3 id="alerts">Alerts per mixin and severity</h3>
${model.alerts.length > 0 ? model.alerts.map(alertGroup).join('\n') : none('The stack has no alert.')}
</section>`;
}
