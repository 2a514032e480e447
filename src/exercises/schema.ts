/**
 * exercises/<id>/exercise.json: an exercise as data. Its scripts sit beside it
 * (setup.sh, solution.sh, alternatives/*.sh, wrong/*.sh) and its grader is graders/<id>.ts.
 */
import { z } from 'zod';
import { slugSchema } from '../schemas/lesson.ts';
import { questionsSchema } from './answers.ts';
import { parametersSchema } from './parameters.ts';

/** The shape of every id in the course (src/schemas/lesson.ts): lower-case words joined by hyphens. */
export const exerciseIdSchema = slugSchema.describe('Stable id; progress is keyed on it, so it never changes and never depends on position');

export const wrongAttemptSchema = z.object({
  file: z.string().regex(/^wrong\/[^/]+\.sh$/).describe('A script under wrong/ that does the task wrong in one way'),
  fails: z.string().min(1).describe('The id of the check that must fail for it'),
  message: z.string().min(1).describe('A regular expression the failing check\'s message must match'),
});

export const exerciseSchema = z.object({
  id: exerciseIdSchema,
  title: z.string().min(3),
  difficulty: z.enum(['intro', 'core', 'stretch']),
  task: z.string().min(20).describe('What the learner must build, in Markdown'),
  hints: z.array(z.string().min(10)).min(1, 'an exercise needs at least one hint').describe('Revealed one at a time'),
  alternatives: z.array(z.string().regex(/^alternatives\/[^/]+\.sh$/)).min(1, 'an exercise needs at least one alternative solution'),
  wrongAttempts: z.array(wrongAttemptSchema).min(1, 'record at least one wrong attempt and the check it must fail'),
  sharedLab: slugSchema
    .optional()
    .describe('A lab in labs/<name>.json the set-up starts from (src/exercises/shared-labs.ts); setup.sh then holds only what this exercise changes'),
  parameters: parametersSchema
    .optional()
    .describe('Values drawn from a seed (exams); task and hints use {{name}}, scripts $NAME, the grader a values object'),
  questions: questionsSchema
    .optional()
    .describe('An answer exercise (src/exercises/answers.ts): the learner types what the VM shows, and the grader compares it with the live state at Check time; its solution, alternatives and wrong attempts print their answers as JSON on their last line'),
});
export type ExerciseDefinition = z.infer<typeof exerciseSchema>;
