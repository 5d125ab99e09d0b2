/**
 * The few HTML helpers every section uses. Every text that reaches the page goes through
 * `escapeHtml` (names come from users' stacks: a receiver or alert may be called `<script>`),
 * so no section ever concatenates raw text into markup.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text (or an attribute value) made safe for HTML. */
export function escapeHtml(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

/** Markup, already escaped: what the section renderers return and join. */
export type Html = string;

/** A table with a header row; `cells` are escaped text unless given as `{ html }`. */
export function table(
  headers: readonly string[],
  rows: readonly (readonly (string | number | { html: Html })[])[],
  options: { caption?: string; className?: string } = {},
): Html {
  if (rows.length === 0) return '';
  const cell = (value: string | number | { html: Html }) =>
    typeof value === 'object' ? value.html : escapeHtml(value);
  const head = headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${row.map((value) => `<td>${cell(value)}</td>`).join('')}</tr>`)
    .join('\n');
  const caption = options.caption ? `<caption>${escapeHtml(options.caption)}</caption>` : '';
  const className = options.className ? ` class="${escapeHtml(options.className)}"` : '';
  return `<table${className}>${caption}<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`;
}

/** Inline code. */
export const code = (text: string | number): Html => `<code>${escapeHtml(text)}</code>`;

/** A paragraph saying a part of the stack is absent, so an empty section never looks broken. */
export const none = (text: string): Html => `<p class="none">${escapeHtml(text)}</p>`;

/** `count noun(s)`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
