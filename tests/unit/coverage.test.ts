/**
 * docs/coverage.md maps every source-table row to lessons and exercises. A row is taught where
 * the named lesson shows its term as a whole term (not inside a longer word: the `lo` row is
 * not taught by "local"), and graded where the named exercise's own files (task, scripts,
 * grader) use that term.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lessonIdFromPath } from '../../src/schemas/lesson.ts';

const lessonFiles = new Map(readdirSync('content/lessons').map((f) => [lessonIdFromPath(f), `content/lessons/${f}`]));
const HEADERS = ['Router', 'Type', 'Distribution', 'Command', 'Step', 'Hook', 'Path', 'Layer', 'Topic'];
const rows = readFileSync('docs/coverage.md', 'utf8')
  .split('\n')
  .filter((line) => line.startsWith('| ') && !line.startsWith('| ---'))
  .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()))
  .filter((cells) => !HEADERS.includes(cells[0]!));

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** True if `term` occurs in `text` with no word character or dash glued to either end. */
export function showsWholeTerm(text: string, term: string): boolean {
  return new RegExp(`(?<![\\w-])${escape(term)}(?![\\w-])`).test(text);
}

function lessonText(lesson: string): string {
  const file = lessonFiles.get(lesson);
  if (!file) throw new Error(`lesson ${lesson} does not exist (docs/coverage.md names it)`);
  return readFileSync(file, 'utf8') + (lesson === 'translation-table' ? readFileSync('content/tables/router-cli.json', 'utf8') : '');
}

/** Everything an exercise is made of: its task and data, its scripts and its grader. */
function exerciseText(id: string): string {
  const dir = `exercises/${id}`;
  if (!existsSync(`${dir}/exercise.json`)) throw new Error(`exercise ${id} does not exist (docs/coverage.md names it)`);
  const files = [`${dir}/exercise.json`, `${dir}/setup.sh`, `${dir}/solution.sh`, `graders/${id}.ts`];
  for (const sub of ['alternatives', 'wrong']) {
    if (existsSync(join(dir, sub))) files.push(...readdirSync(join(dir, sub)).map((f) => join(dir, sub, f)));
  }
  return files.filter((f) => existsSync(f)).map((f) => readFileSync(f, 'utf8')).join('\n');
}

const split = (cell: string) => cell.split(',').map((s) => s.trim()).filter(Boolean);

describe('showsWholeTerm', () => {
  it.each([
    ['ip link set lo up', 'lo', true],
    ['the local table', 'lo', false],
    ['ip -br addr show', 'ip -br addr show', true],
    ['ip -br addr showing', 'ip -br addr show', false],
    ['`conntrack -L`', 'conntrack', true],
    ['nf_conntrack_max', 'conntrack', false],
    ['see /etc/network/interfaces.', '/etc/network/interfaces', true],
  ])('%j shows %j: %s', (text, term, expected) => expect(showsWholeTerm(text, term)).toBe(expected));
});

describe('the coverage table', () => {
  it('lists the rows of every source table (48 when this test was written)', () => expect(rows.length).toBeGreaterThanOrEqual(48));

  it.each(rows.map((cells) => ({ row: cells[0]!, term: cells[1]!.replace(/^`|`$/g, ''), lessons: cells[2]!, exercises: cells[3]! })))(
    '$row: taught and graded where it says',
    ({ term, lessons, exercises }) => {
      expect(split(lessons).length, 'every row names a lesson').toBeGreaterThan(0);
      for (const lesson of split(lessons)) {
        expect(showsWholeTerm(lessonText(lesson), term), `lesson ${lesson} does not show "${term}" as a whole term`).toBe(true);
      }
      for (const exercise of split(exercises)) {
        expect(showsWholeTerm(exerciseText(exercise), term), `exercise ${exercise} never uses "${term}" (task, scripts or grader)`).toBe(true);
      }
    },
  );
});
