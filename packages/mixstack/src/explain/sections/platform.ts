import type { ExplainModel } from '../model.js';
import { code, escapeHtml, type Html, none, plural } from './html.js';

/** Platform notes: the build summary's notices, as `mixstack build` prints them, in full. */
export function platformSection(model: ExplainModel): Html {
  const notices = model.notices.map(
    (n) =>
      `<li data-notice="${escapeHtml(n.id)}"><span class="level-${escapeHtml(n.level)}">${n.level === 'warning' ? 'warning' : 'note'}</span> ${code(n.id)}<pre class="notice">${escapeHtml(n.message)}</pre></li>`,
  );
  return `<section id="platform" data-notices="${model.counts.notices}">
<h2>Platform notes</h2>
<p>${escapeHtml(plural(model.counts.notices, 'notice'))} of the build summary: what is left out and why, what to run first.</p>
${notices.length > 0 ? `<ul class="notices">\n${notices.join('\n')}\n</ul>` : none('The build has no notice.')}
</section>`;
}
