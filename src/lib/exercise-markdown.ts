/**
 * A small, safe Markdown renderer for exercise tasks and hints: paragraphs (blank-line
 * separated), `code` and **bold**. Everything else is text; all text is HTML-escaped first,
 * so an exercise file can never inject markup.
 *
 * @example renderTaskMarkdown('Bring up `eth1`.') // '<p>Bring up <code>eth1</code>.</p>'
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** One line or paragraph of inline Markdown, without a wrapping <p>. */
export function renderInlineMarkdown(text: string): string {
  // Split on code spans first so ** inside code stays literal.
  return text
    .split(/(`[^`]+`)/)
    .map((part) => {
      if (/^`[^`]+`$/.test(part)) return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
      return escapeHtml(part).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');
    })
    .join('');
}

/** Paragraphs of inline Markdown, each in a <p>. */
export function renderTaskMarkdown(text: string): string {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => `<p>${renderInlineMarkdown(paragraph.trim().replace(/\s*\n\s*/g, ' '))}</p>`)
    .join('\n');
}
