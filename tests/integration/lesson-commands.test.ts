/**
 * Every command a lesson offers to run (each <Cmd run> and each translation-table row), run in
 * the guest in page order, the way a learner pressing Run would: each must succeed, or fail where
 * the lesson says it will. Once per lesson from its own lab (a fresh VM, or the earlier lessons
 * its frontmatter names, replayed as "Set up this lesson's lab" does), and once as the whole
 * course in one VM, lesson after lesson with no reset, as a learner who goes in order does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labPlan } from '../../src/lib/lab.ts';
import { outcomeProblem, replayCommands, runLessonCommand } from '../../src/lib/lab-replay.ts';
import { lessonCommands, type LessonCommand } from '../../src/schemas/lesson-commands.ts';
import { lessonIdFromPath } from '../../src/schemas/lesson.ts';
import type { Machine } from '../../src/vm/machine.ts';
import { courseLessons, table } from './course-lessons.ts';
import { startFromSnapshot } from './vm-helpers.ts';

let machine: Machine;
beforeAll(async () => {
  machine = await startFromSnapshot();
});
afterAll(async () => {
  await machine?.destroy();
});

const lessons = readdirSync('content/lessons').filter((f) => f.endsWith('.mdx')).sort();

/** Runs each command and returns, for each whose outcome is not what the lesson says, why. */
async function runAll(commands: LessonCommand[]): Promise<string[]> {
  const failures: string[] = [];
  for (const command of commands) {
    const problem = outcomeProblem(command, await runLessonCommand(machine, command.command));
    if (problem) failures.push(`${command.source}: ${problem}`);
  }
  return failures;
}

describe.each(lessons)('lesson %s', (file) => {
  const commands = lessonCommands(readFileSync(`content/lessons/${file}`, 'utf8'), table);
  const lab = labPlan(lessonIdFromPath(file), courseLessons(), table);

  it(`runs its ${commands.length} commands in order from its lab, each as the lesson says`, async () => {
    await machine.reset();
    await replayCommands(machine, lab.commands);
    expect(await runAll(commands)).toEqual([]);
  }, 600_000);
});

describe('the whole course in one VM, in course order, with no reset between lessons', () => {
  const course = courseLessons();
  let started = false;

  it.each(course.map((lesson) => [lesson.file, lesson] as const))('%s: every command works after the lessons before it', async (_file, lesson) => {
    if (!started) await machine.reset();
    started = true;
    const failures = await runAll(lessonCommands(lesson.body, table));
    expect(failures, `after lessons 1-${lesson.data.order - 1} in this VM`).toEqual([]);
  }, 600_000);
});
