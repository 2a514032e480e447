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
}

const decodeEntities = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

export function lessonCommands(mdx: string, tables: (name: string) => TranslationTable): LessonCommand[] {
  const commands: LessonCommand[] = [];
  // Leave fenced code blocks out: they show text, they do not offer a Run button.
  const body = mdx.replace(/^```[\s\S]*?^```/gm, '');
  const tag = /<Cmd\b[^>]*?\brun=(?:"([^"]*)"|'([^']*)'|\{`([^`]*)`\}|\{"([^"]*)"\})[^>]*>|<TranslationTable\b[^>]*?\bdata="([^"]+)"[^>]*>/g;
  for (const match of body.matchAll(tag)) {
    const [, double, single, template, braced, table] = match;
    if (table) {
      for (const row of tables(table).rows) commands.push({ command: commandToRun(row), fails: row.fails === true, source: `table ${table}` });
    } else {
      commands.push({ command: decodeEntities(double ?? single ?? template ?? braced ?? ''), fails: /\sfails(?:\s|\/|>|=\{true\})/.test(match[0]), source: 'Cmd' });
    }
  }
  return commands;
}
