/**
 * Answer exercises: the learner reads something only the live VM knows (the port a bridge
 * learned a MAC on, the handle of the rule that drops a flow) and types it into the exercise.
 * The Check sends the answers with the grader (src/grading/grader.ts, graderFor), whose checks
 * compare them with the state collected at that moment, never with a stored answer.
 *
 * A solution, alternative or wrong attempt of an answer exercise is a script that finds the
 * answers in the guest, as a learner would, and prints them as a JSON object on its last line;
 * the proof grades with those (parseAnswerLine).
 *
 * @example
 * questionsSchema.parse([{ id: 'port', prompt: 'Which port of br0 learned it?' }]);
 * parseAnswerLine('...\n{"port":"p3"}\n', questions); // { port: 'p3' }
 */
import { z } from 'zod';

export const questionSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a question id is lower-case words joined by hyphens, e.g. port or rule-handle').describe('The key of its answer, stable: stored answers are keyed on it'),
  prompt: z.string().min(10).describe('The question as the learner reads it, in Markdown (inline)'),
  placeholder: z.string().min(1).optional().describe('An example of the answer\'s form shown in the empty field, never the answer'),
});
export type Question = z.infer<typeof questionSchema>;

export const questionsSchema = z
  .array(questionSchema)
  .min(1, 'an answer exercise asks at least one question')
  .refine((questions) => new Set(questions.map((q) => q.id)).size === questions.length, 'two questions have the same id');

/** Longest answer kept: an answer is a port name, a MAC, a handle; more is a paste gone wrong. */
export const ANSWER_MAX_LENGTH = 200;

/** The learner's answers, by question id; a missing or blank one is unanswered. */
export const answersSchema = z.record(z.string(), z.string().max(ANSWER_MAX_LENGTH, `an answer is at most ${ANSWER_MAX_LENGTH} characters`));
export type Answers = z.infer<typeof answersSchema>;

/** The answers to `questions` only, each trimmed; an unknown key is dropped, a missing one is ''. */
export function answersFor(questions: readonly Question[], given: Answers | undefined): Answers {
  return Object.fromEntries(questions.map((q) => [q.id, (given?.[q.id] ?? '').trim()]));
}

/**
 * The answers a script printed: a JSON object of strings on its last non-empty line. Throws,
 * naming what was printed, when there is none or it names no question (an author's error).
 */
export function parseAnswerLine(stdout: string, questions: readonly Question[]): Answers {
  const last = stdout.trimEnd().split('\n').at(-1) ?? '';
  let json: unknown;
  try {
    json = JSON.parse(last);
  } catch {
    throw new Error(`an answer script must print its answers as a JSON object on its last line, e.g. {"${questions[0]?.id ?? 'id'}":"..."}; its last line was ${JSON.stringify(last)}`);
  }
  const parsed = answersSchema.safeParse(json);
  if (!parsed.success) throw new Error(`the answers line ${last} is not an object of strings: ${z.prettifyError(parsed.error)}`);
  const unknown = Object.keys(parsed.data).filter((key) => !questions.some((q) => q.id === key));
  if (unknown.length > 0) throw new Error(`the answers line names ${unknown.join(', ')}, which ${unknown.length === 1 ? 'is' : 'are'} not a question (${questions.map((q) => q.id).join(', ')})`);
  return answersFor(questions, parsed.data);
}

/** The answers a solution, alternative or wrong attempt printed; undefined for an exercise that asks nothing. */
export const answersOfRun = (exercise: { questions?: readonly Question[] }, stdout: string): Answers | undefined =>
  exercise.questions ? parseAnswerLine(stdout, exercise.questions) : undefined;
