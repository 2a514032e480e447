import { describe, expect, it } from 'vitest';
import { renderInlineMarkdown, renderTaskMarkdown } from '../../src/lib/exercise-markdown.ts';

describe('the exercise Markdown renderer', () => {
  it.each([
    ['Bring up `eth1`.', 'Bring up <code>eth1</code>.'],
    ['Use **10.50.0.10/16** now', 'Use <strong>10.50.0.10/16</strong> now'],
    ['`a **b**`', '<code>a **b**</code>'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['`<b>` & "q"', '<code>&lt;b&gt;</code> &amp; &quot;q&quot;'],
  ])('renders %j', (input, html) => {
    expect(renderInlineMarkdown(input)).toBe(html);
  });

  it('wraps blank-line separated paragraphs and joins wrapped lines', () => {
    expect(renderTaskMarkdown('One\\nline.\n\nTwo.'.replace('\\n', '\n'))).toBe('<p>One line.</p>\n<p>Two.</p>');
    expect(renderTaskMarkdown('Build:\n\n- a bridge `br0`;\n- **two** hosts.')).toBe('<p>Build:</p>\n<ul><li>a bridge <code>br0</code>;</li><li><strong>two</strong> hosts.</li></ul>');
  });
});
