import type { MixstackError, RenderSummary } from '@mixstack/core';
import { describeValue } from '@mixstack/core';

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** The short human summary of a build. */
export function formatSummary(
  summary: RenderSummary,
  what: string,
  ms: number,
  options: { stream?: boolean } = {},
): string {
  // Printed as one YAML stream, no file is written: the summary does not count files.
  const where = options.stream ? 'in one YAML stream on stdout' : `in ${plural(summary.files, 'file')}`;
  const lines = [`${what}: ${plural(summary.objects, 'object')} ${where} (${seconds(ms)})`];
  const components = Object.keys(summary.byComponent).sort();
  const width = Math.max(0, ...components.map((c) => c.length));
  for (const component of components) {
    const kinds = summary.byComponent[component]!;
    const text = Object.keys(kinds)
      .sort()
      .map((kind) => `${kind} ${kinds[kind]}`)
      .join(', ');
    lines.push(`  ${component.padEnd(width)}  ${text}`);
  }
  const severities = Object.entries(summary.alerts.bySeverity)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([severity, count]) => `${severity} ${count}`)
    .join(', ');
  lines.push(
    `  alerts: ${summary.alerts.total}${severities ? ` (${severities})` : ''}, recording rules: ${summary.recordingRules}, dashboards: ${summary.dashboards}, mixins: ${summary.mixins.length}`,
  );
  for (const notice of summary.notices)
    lines.push(`  ${notice.level === 'warning' ? 'warning' : 'note'}: ${notice.message}`);
  return `${lines.join('\n')}\n`;
}

/** One clear paragraph: what is wrong, where, and how to fix it. */
export function formatError(error: MixstackError): string {
  const where = [error.address, error.path && `field ${error.path}`].filter(Boolean).join(', ');
  const got = error.value !== undefined ? ` (got ${describeValue(error.value)})` : '';
  const also = error.related.length > 0 ? `\n  also involved: ${error.related.join(', ')}` : '';
  return `error [${error.code}]${where ? ` in ${where}` : ''}: ${error.reason}${got}.${also}\n  fix: ${error.hint}\n`;
}
