/**
 * The author lint (`npm run exercises:check`): each problem an author can leave is named with
 * its fix. Every case breaks a copy of the tree in one way and expects exactly that sentence.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gradersDir, lessonsDir, lintExercises } from '../../src/exercises/lint.ts';
import { exercisesDir } from '../../src/exercises/load.ts';

const copies: string[] = [];
/** A copy of exercises/ (with the shared labs beside it), graders/ and content/lessons/ to break. */
function copyOfTree() {
  const root = mkdtempSync(join(tmpdir(), 'stacklab-lint-'));
  copies.push(root);
  const folders = { exercises: join(root, 'exercises'), graders: join(root, 'graders'), lessons: join(root, 'lessons') };
  cpSync(join(exercisesDir, '..', 'labs'), join(root, 'labs'), { recursive: true });
  cpSync(exercisesDir, folders.exercises, { recursive: true });
  cpSync(gradersDir, folders.graders, { recursive: true });
  cpSync(lessonsDir, folders.lessons, { recursive: true });
  return folders;
}
afterEach(() => copies.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const edit = (file: string, change: (text: string) => string) => writeFileSync(file, change(readFileSync(file, 'utf8')));

describe('the author lint', () => {
  it('finds nothing wrong with the exercises in the repository', () => {
    expect(lintExercises()).toEqual([]);
  });

  it('names an exercise without a grader, and nothing else', () => {
    const tree = copyOfTree();
    rmSync(join(tree.graders, 'bridge-three.ts'));
    expect(lintExercises(tree)).toEqual(['bridge-three has no grader: add graders/bridge-three.ts.']);
  });

  it('names a grader without an exercise, and nothing else', () => {
    const tree = copyOfTree();
    writeFileSync(join(tree.graders, 'ghost.ts'), 'export default {};\n');
    expect(lintExercises(tree)).toEqual(['graders/ghost.ts grades an exercise that does not exist: add exercises/ghost/ or delete the grader.']);
  });

  it('does not take the shared helpers in graders/lib/ for graders', () => {
    const tree = copyOfTree();
    writeFileSync(join(tree.graders, 'lib', 'another-helper.ts'), 'export const x = 1;\n');
    expect(lintExercises(tree)).toEqual([]);
  });

  it('names an exercise that no lesson shows, and nothing else', () => {
    const tree = copyOfTree();
    edit(join(tree.lessons, '01-translation-table.mdx'), (t) => t.replace('<Exercise id="eth1-up" />', ''));
    expect(lintExercises(tree)).toEqual(['eth1-up is in no lesson: add <Exercise id="eth1-up" /> to the lesson that teaches it (content/lessons/NN-<lesson>.mdx).']);
  });

  it('names an exercise that two lessons show', () => {
    const tree = copyOfTree();
    edit(join(tree.lessons, '02-namespaces-as-vrfs.mdx'), (t) => `${t}\n<Exercise id="eth1-up" />\n`);
    expect(lintExercises(tree)).toEqual(['eth1-up is shown by 2 lessons (translation-table, namespaces-as-vrfs); keep its <Exercise> line in one of them.']);
  });

  it('names a lesson tag that names no exercise', () => {
    const tree = copyOfTree();
    edit(join(tree.lessons, '05-bridges.mdx'), (t) => t.replace('<Exercise id="bridge-three" />', '<Exercise id="bridge-thre" />'));
    expect(lintExercises(tree)).toEqual([
      'bridge-three is in no lesson: add <Exercise id="bridge-three" /> to the lesson that teaches it (content/lessons/NN-<lesson>.mdx).',
      'content/lessons/05-bridges.mdx: <Exercise id="bridge-thre" /> names no exercise; add exercises/bridge-thre/ or correct the id.',
    ]);
  });

  it('refuses an orphan file and an invalid definition', () => {
    const tree = copyOfTree();
    writeFileSync(join(tree.exercises, 'eth1-up/notes.sh'), 'echo forgotten\n');
    edit(join(tree.exercises, 'netns-red-blue/exercise.json'), (t) => JSON.stringify({ ...JSON.parse(t), hints: [''] }));
    const problems = lintExercises(tree);
    expect(problems).toContainEqual(expect.stringMatching(/eth1-up: notes\.sh is not named in exercise\.json/));
    expect(problems).toContainEqual(expect.stringMatching(/netns-red-blue[\s\S]*hints/));
  });

  it('names a shared lab that does not exist', () => {
    const tree = copyOfTree();
    edit(join(tree.exercises, 'fix-netmask/exercise.json'), (t) => t.replace('"sharedLab": "troubleshooting"', '"sharedLab": "troubleshootin"'));
    expect(lintExercises(tree)).toEqual(['exercises/fix-netmask/exercise.json is not a valid exercise:\n  - sharedLab: expected a lab in labs/troubleshootin.json; there is none']);
  });

  it('refuses an exercise folder named differently from its id', () => {
    const tree = copyOfTree();
    cpSync(join(tree.exercises, 'eth1-up'), join(tree.exercises, 'eth1-up-copy'), { recursive: true });
    expect(lintExercises(tree)).toContainEqual(expect.stringMatching(/eth1-up-copy[\s\S]*'eth1-up'|eth1-up-copy.*eth1-up/));
  });
});
