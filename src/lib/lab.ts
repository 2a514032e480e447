/**
 * A lesson's lab: the VM state it starts from (its frontmatter's `lab`), as the list of
 * commands that build it from the snapshot. `fresh` needs none; `{ after: [ids] }` needs the
 * Run commands of those lessons, each preceded by its own lab, in order. Pure, so the page
 * (at build time) and the lesson-commands test compute the same list.
 *
 * @example labPlan('persistent-configuration', lessons, table).commands.length // lesson 1's Run commands
 */
import { lessonCommands, type LessonCommand } from '../schemas/lesson-commands.ts';
import type { LessonFrontmatter } from '../schemas/lesson.ts';
import type { TranslationTable } from '../schemas/translation-table.ts';

/** A lesson as the content collection gives it: id, frontmatter and raw MDX. */
export interface LabLesson {
  id: string;
  data: Pick<LessonFrontmatter, 'title' | 'order' | 'lab'>;
  body?: string;
}

/** One command of a lab set-up, with the lesson it comes from. */
export interface LabCommand extends LessonCommand {
  lesson: number;
}

export interface LabPlan {
  /** The lessons whose commands build the lab, in the order they run (empty for a fresh lab). */
  lessons: { id: string; title: string; order: number }[];
  commands: LabCommand[];
}

export function labPlan(id: string, lessons: readonly LabLesson[], tables: (name: string) => TranslationTable): LabPlan {
  const byId = new Map(lessons.map((lesson) => [lesson.id, lesson]));
  const chain: LabLesson[] = [];
  const visit = (lesson: LabLesson) => {
    if (lesson.data.lab === 'fresh') return;
    for (const earlierId of lesson.data.lab.after) {
      const earlier = byId.get(earlierId);
      if (!earlier) {
        throw new Error(`Lesson "${lesson.id}" has lab: { after: [${earlierId}] }, which is not a lesson. Expected one of: ${[...byId.keys()].join(', ')}.`);
      }
      if (earlier.data.order >= lesson.data.order) {
        throw new Error(
          `Lesson "${lesson.id}" (order ${lesson.data.order}) has lab: { after: [${earlierId}] }, but "${earlierId}" comes later in the course (order ${earlier.data.order}). A lab can only build on earlier lessons.`,
        );
      }
      if (chain.includes(earlier)) continue;
      visit(earlier);
      chain.push(earlier);
    }
  };
  const lesson = byId.get(id);
  if (!lesson) throw new Error(`There is no lesson "${id}" to plan a lab for. Expected one of: ${[...byId.keys()].join(', ')}.`);
  visit(lesson);
  return {
    lessons: chain.map((earlier) => ({ id: earlier.id, title: earlier.data.title, order: earlier.data.order })),
    commands: chain.flatMap((earlier) => {
      if (earlier.body === undefined) throw new Error(`Lesson "${earlier.id}" has no MDX body to take its Run commands from.`);
      return lessonCommands(earlier.body, tables).map(({ command, fails, source }) => ({ command, fails, source, lesson: earlier.data.order }));
    }),
  };
}
