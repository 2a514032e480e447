import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { graders } from '../../graders/index.ts';
import { lintExercises } from '../../src/exercises/lint.ts';
import { exercisesDir } from '../../src/exercises/load.ts';

const copies: string[] = [];
function copyOfExercises(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stacklab-exercises-'));
  cpSync(exercisesDir, dir, { recursive: true });
  copies.push(dir);
  return dir;
}
afterEach(() => copies.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the author lint', () => {
  it('finds nothing wrong with the exercises in the repository', () => {
    expect(lintExercises(Object.keys(graders))).toEqual([]);
  });

  it('refuses an orphan file, an empty hint, and an exercise without a grader', () => {
    const dir = copyOfExercises();
    writeFileSync(join(dir, 'eth1-up/notes.sh'), 'echo forgotten\n');
    const definition = join(dir, 'netns-red-blue/exercise.json');
    const json = JSON.parse(readFileSync(definition, 'utf8'));
    writeFileSync(definition, JSON.stringify({ ...json, hints: [''] }));
    const problems = lintExercises(['eth1-up'], dir);
    expect(problems).toContainEqual(expect.stringMatching(/eth1-up: notes\.sh is not named in exercise\.json/));
    expect(problems).toContainEqual(expect.stringMatching(/netns-red-blue.*not a valid exercise[\s\S]*hints/));
    // Only eth1-up was named as graded: every other valid exercise is reported, with the fix.
    expect(problems).toContain('bridge-three has no grader: add graders/bridge-three.ts and list it in graders/index.ts.');
    expect(problems.filter((p) => p.startsWith('eth1-up has no grader'))).toEqual([]);
  });

  it('refuses a grader for an exercise that does not exist and an exercise folder named differently from its id', () => {
    const dir = copyOfExercises();
    cpSync(join(dir, 'eth1-up'), join(dir, 'eth1-up-copy'), { recursive: true });
    const problems = lintExercises([...Object.keys(graders), 'ghost'], dir);
    expect(problems).toContainEqual(expect.stringMatching(/says its id is 'eth1-up', but its folder is 'eth1-up-copy'/));
    expect(problems).toContain('graders/ghost.ts grades an exercise that does not exist.');
  });

  it('refuses an exercise whose lesson does not exist or does not embed it', () => {
    const dir = copyOfExercises();
    const definition = join(dir, 'eth1-up/exercise.json');
    writeFileSync(definition, JSON.stringify({ ...JSON.parse(readFileSync(definition, 'utf8')), lesson: 'no-such-lesson' }));
    const moved = join(dir, 'netns-red-blue/exercise.json');
    writeFileSync(moved, JSON.stringify({ ...JSON.parse(readFileSync(moved, 'utf8')), lesson: 'translation-table' }));
    const problems = lintExercises(Object.keys(graders), dir);
    expect(problems).toContain("eth1-up belongs to lesson 'no-such-lesson', but there is no content/lessons/NN-no-such-lesson.mdx.");
    expect(problems).toContain("netns-red-blue belongs to lesson 'translation-table', but that lesson's frontmatter does not list it in exercises.");
  });
});
