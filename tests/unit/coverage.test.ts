/**
 * docs/coverage.md maps every source-table row to lessons and exercises: each named lesson
 * exists and shows the row's text, and each named exercise exists.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lessonIdFromPath } from '../../src/schemas/lesson.ts';

const lessonFiles = new Map(readdirSync('content/lessons').map((f) => [lessonIdFromPath(f), `content/lessons/${f}`]));
const rows = readFileSync('docs/coverage.md', 'utf8')
  .split('\n')
  .filter((line) => line.startsWith('| ') && !line.startsWith('| ---'))
  .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()))
  .filter((cells) => !['Router', 'Type', 'Distribution', 'Command', 'Step', 'Hook', 'Path', 'Layer'].includes(cells[0]!));

describe('the coverage table', () => {
  it('has rows', () => expect(rows.length).toBeGreaterThan(40));

  it.each(rows.map((cells) => ({ row: cells[0]!, shown: cells[1]!.replace(/^`|`$/g, ''), lessons: cells[2]!, exercises: cells[3]! })))(
    '$row: taught and graded where it says',
    ({ shown, lessons, exercises }) => {
      const named = lessons.split(',').map((s) => s.trim()).filter(Boolean);
      expect(named.length).toBeGreaterThan(0);
      for (const lesson of named) {
        const file = lessonFiles.get(lesson);
        expect(file, `lesson ${lesson} does not exist`).toBeDefined();
        const text = readFileSync(file!, 'utf8') + (lesson === 'translation-table' ? readFileSync('content/tables/router-cli.json', 'utf8') : '');
        expect(text.includes(shown), `lesson ${lesson} does not show "${shown}"`).toBe(true);
      }
      for (const exercise of exercises.split(',').map((s) => s.trim()).filter(Boolean)) {
        expect(existsSync(`exercises/${exercise}/exercise.json`), `exercise ${exercise} does not exist`).toBe(true);
      }
    },
  );
});
