/**
 * Exams as data (exams/<id>.json) and what an exam produces: the exam report and the results
 * bundle a candidate downloads at the end. Browser-safe: the site and the Node re-grader
 * share these schemas, and the types are derived from them.
 */
import { z } from 'zod';
import { answersSchema } from '../exercises/answers.ts';
import { reportSchema } from '../grading/report.ts';

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case words joined by hyphens');

export const examTaskSchema = z.strictObject({
  id: slug.describe('Stable within the exam: the parameters are drawn from "<seed>/<task id>"'),
  exercise: slug.describe('The exercise this task uses; its grader scores it'),
  weight: z.number().positive().describe('Points for a full score on this task'),
});

export const examSchema = z.strictObject({
  id: slug,
  version: z.int().positive().describe('Raise it whenever tasks, weights or the pass mark change; a bundle names the version it was taken under'),
  title: z.string().min(3),
  summary: z.string().min(10),
  timeLimitMinutes: z.number().positive(),
  passPercent: z.number().min(0).max(100),
  tasks: z.array(examTaskSchema).min(1),
});
export type Exam = z.infer<typeof examSchema>;
export type ExamTask = z.infer<typeof examTaskSchema>;

export const examTaskResultSchema = z.object({
  id: z.string(),
  exercise: z.string(),
  weight: z.number(),
  /** Points earned: weight times the grader's score over its maximum. */
  points: z.number().nonnegative(),
  /** The grader's report; null when the task was never started (no points). */
  report: reportSchema.nullable(),
});

export const examReportSchema = z.object({
  points: z.number().nonnegative(),
  maximum: z.number().positive(),
  percent: z.number().min(0).max(100),
  passed: z.boolean(),
  tasks: z.array(examTaskResultSchema),
});
export type ExamReport = z.infer<typeof examReportSchema>;

const parameterValuesSchema = z.record(z.string(), z.union([z.string(), z.number()]));

export const BUNDLE_FORMAT = 'stacklab-exam-bundle';

export const bundleTaskSchema = z.object({
  id: z.string(),
  exercise: z.string(),
  values: parameterValuesSchema,
  /** An answer exercise's answers as the candidate submitted them: the re-grade grades these against the saved state. */
  answers: answersSchema.optional(),
  /** The task's VM state as v86 saved it, gzip-compressed, base64; null if never started. */
  state: z
    .object({
      encoding: z.literal('gzip+base64'),
      sha256: z.string().regex(/^[0-9a-f]{64}$/).describe('Of the uncompressed state'),
      bytes: z.int().positive().describe('Size of the uncompressed state'),
      data: z.string().min(1),
    })
    .nullable(),
});

export const bundleSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  formatVersion: z.literal(1),
  exam: z.object({ id: z.string(), version: z.int().positive() }),
  /** The guest image build the states were saved from (image.json's build); a state only restores on its own build. */
  image: z.object({ build: z.string().min(1) }).optional(),
  seed: z.string().min(1),
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime(),
  submittedBy: z.enum(['candidate', 'timer']),
  tasks: z.array(bundleTaskSchema).min(1),
  /** What the browser computed; the re-grade recomputes it and says whether they agree. */
  browserReport: examReportSchema,
});
export type Bundle = z.infer<typeof bundleSchema>;
export type BundleTask = z.infer<typeof bundleTaskSchema>;
