/**
 * A small, safe Markdown renderer for exercise tasks and hints: paragraphs (blank-line
 * separated), bulleted lists ("- " at the start of lines), `code` and **bold**. Everything else is text; all text is HTML-escaped first,
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

/** Blocks of inline Markdown: a block whose lines start with "- " is a <ul>, any other a <p>. */
export function renderTaskMarkdown(text: string): string {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((block) => {
      const lines = block.trim().split(/\n/);
      if (lines.every((line) => /^\s*- /.test(line))) {
        return `<ul>${lines.map((line) => `<li>${renderInlineMarkdown(line.replace(/^\s*- /, '').trim())}</li>`).join('')}</ul>`;
      }
      return `<p>${renderInlineMarkdown(block.trim().replace(/\s*\n\s*/g, ' '))}</p>`;
    })
    .join('\n');
}
