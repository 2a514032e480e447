/**
 * The commands a lesson lets the learner run, in the order the page shows them: every
 * `<Cmd run="...">` (with `fails` when it is meant to fail) and, where a `<TranslationTable data="name">` stands, its rows' Run
 * commands. Pure, so the integration test can run each one in the guest.
 */
import { commandToRun, type TranslationTable } from './translation-table.ts';

export interface LessonCommand {
  command: string;
  /** True when the lesson means it to fail (a table row marked `fails`). */
  fails: boolean;
  /** Where it comes from, for messages: "Cmd" or "table router-cli". */
  source: string;
  /** The example output the page shows for it: a ```text block directly after the Cmd, nothing else between. */
  output?: string;
  /** Words after `text` on that block's fence (```text pid): extra values the block marks as varying. */
  outputMarks?: string[];
}

const decodeEntities = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

export function lessonCommands(mdx: string, tables: (name: string) => TranslationTable): LessonCommand[] {
  const commands: LessonCommand[] = [];
  // Fenced code blocks offer no Run button; a ```text block right after a Cmd is that command's example output.
  const tag = /^```([^\n]*)\n([\s\S]*?)^```|<Cmd\b[^>]*?\brun=(?:"([^"]*)"|'([^']*)'|\{`([^`]*)`\}|\{"([^"]*)"\})[^>]*>|<TranslationTable\b[^>]*?\bdata="([^"]+)"[^>]*>/gm;
  let cmdEnd = -1;
  for (const match of mdx.matchAll(tag)) {
    const [, fenceInfo, fenceText, double, single, template, braced, table] = match;
    if (fenceText !== undefined) {
      const last = commands.at(-1);
      const [lang, ...marks] = (fenceInfo ?? '').trim().split(/\s+/);
      if (last && cmdEnd >= 0 && lang === 'text' && mdx.slice(cmdEnd, match.index).trim() === '') {
        last.output = fenceText.replace(/\n$/, '');
        if (marks.length > 0) last.outputMarks = marks;
      }
    } else if (table) {
      for (const row of tables(table).rows) commands.push({ command: commandToRun(row), fails: row.fails === true, source: `table ${table}` });
    } else {
      commands.push({ command: decodeEntities(double ?? single ?? template ?? braced ?? ''), fails: /\sfails(?:\s|\/|>|=\{true\})/.test(match[0]), source: 'Cmd' });
    }
    cmdEnd = fenceText === undefined && !table ? match.index + match[0].length : -1;
  }
  return commands;
}
