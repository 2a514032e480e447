/**
 * The exam-session API's request and response shapes (the single source of their types):
 * opening a session, starting a sitting, a task's autosaved state, and what the results say
 * about each sitting.
 */
import { z } from 'zod';
import { bundleTaskSchema, examReportSchema } from '../exams/schema.ts';
import { reportSchema } from '../grading/report.ts';
import { slugSchema } from '../schemas/lesson.ts';

const time = z.iso.datetime({ offset: true });
const name = z.string().trim().min(1).max(60);

/** A session's public id, in its sit and dashboard links. */
export const examSessionCodeSchema = z.string().regex(/^[A-Z2-9]{10}$/, { error: 'An exam session id is 10 letters and digits, like "K7MQ2XH4PA".' });

export const openExamSessionSchema = z
  .strictObject({
    exam: slugSchema,
    /** Overrides the exam's own time limit. */
    minutes: z.number().positive().max(24 * 60).optional(),
    opensAt: time.optional(),
    closesAt: time.optional(),
    accessCode: z.string().trim().min(4).max(40).optional(),
    /** Only these names may sit (compared without case); anyone with the link may without a list. */
    candidates: z.array(name).min(1).max(1000).optional(),
  })
  .refine((s) => !s.opensAt || !s.closesAt || Date.parse(s.opensAt) < Date.parse(s.closesAt), { error: 'The time until which sittings may start (closesAt) must be after the time they may start from (opensAt).', path: ['closesAt'] });
export type OpenExamSession = z.input<typeof openExamSessionSchema>;

export const startSittingSchema = z.strictObject({ name, accessCode: z.string().max(40).optional() });

/** One task's autosave: the state as the bundle encodes it, the values the browser drew (the seed's when absent), and its own grade of that state. */
export const taskStateUploadSchema = z.strictObject({
  state: bundleTaskSchema.shape.state.unwrap(),
  values: bundleTaskSchema.shape.values.optional(),
  /** An answer exercise's answers as typed so far (src/exercises/answers.ts). */
  answers: bundleTaskSchema.shape.answers,
  report: reportSchema.nullable().default(null),
  imageBuild: z.string().min(1).max(200).optional(),
});
export type TaskStateUpload = z.output<typeof taskStateUploadSchema>;

const uploadedState = bundleTaskSchema.shape.state.unwrap().shape;

/**
 * The same autosave as the browser sends it: a multipart body whose `state` part is the gzipped
 * state's bytes and whose `meta` part (JSON, this schema) is the rest, with the raw state's
 * sha256 and length. The server keeps it in the bundle's encoding (src/server/routes/task-state-body.ts).
 */
export const taskStateMetaSchema = taskStateUploadSchema.omit({ state: true }).extend({ sha256: uploadedState.sha256, bytes: uploadedState.bytes });
export type TaskStateMeta = z.input<typeof taskStateMetaSchema>;

/** The bundle is checked against bundleSchema by the service, whose refusal names what is wrong with it. */
export const submitSittingSchema = z.strictObject({ bundle: z.unknown() });

export const examSessionSchema = z.object({
  session: z.string(),
  exam: z.object({ id: z.string(), version: z.number(), title: z.string() }),
  timeLimitMinutes: z.number(),
  opensAt: z.number().nullable(),
  closesAt: z.number().nullable(),
  needsAccessCode: z.boolean(),
  candidateList: z.boolean(),
  tasks: z.array(z.object({ id: z.string(), exercise: z.string(), weight: z.number() })),
  passPercent: z.number(),
});
export type ExamSessionView = z.infer<typeof examSessionSchema>;

/** How a session's sittings stand, for its examiner's list of sessions. */
export const sittingCountsSchema = z.object({
  /** Started and not yet submitted. */
  inProgress: z.number(),
  /** Submitted, waiting for or in the re-grade. */
  grading: z.number(),
  graded: z.number(),
  /** Submitted, and the re-grade refused the bundle or failed: the results page says why. */
  notGraded: z.number(),
});
export type SittingCounts = z.infer<typeof sittingCountsSchema>;

/** Where a session's scores stand with the LMS gradebook: each LMS-launched graded sitting counted by its latest score post. */
export const lmsScoreCountsSchema = z.object({
  posted: z.number(),
  /** Waiting to be sent, or to be sent again after a refusal. */
  pending: z.number(),
  /** Every attempt failed: the results page offers a retry. */
  gaveUp: z.number(),
});
export type LmsScoreCounts = z.infer<typeof lmsScoreCountsSchema>;

/** A session in its examiner's list: what anyone with the link may know, how its sittings stand, and (null when none owes an LMS a score) its gradebook scores. */
export const examinerSessionSchema = examSessionSchema.extend({ sittings: sittingCountsSchema, lms: lmsScoreCountsSchema.nullable() });
export type ExaminerSessionView = z.infer<typeof examinerSessionSchema>;

export const gradeStatusSchema = z.enum(['sitting', 'queued', 'grading', 'graded', 'invalid', 'error']);

export const sittingViewSchema = z.object({
  id: z.number(),
  session: z.string(),
  candidate: z.string(),
  seed: z.string(),
  startedAt: z.number(),
  deadline: z.number(),
  /** A submission is taken until deadline + graceMs. */
  graceMs: z.number(),
  /** The server's clock when this was sent: the browser's countdown follows it. */
  serverNow: z.number(),
  submittedAt: z.number().nullable(),
  submittedBy: z.string().nullable(),
  /** The tasks the server holds a state of, and an answer exercise's answers saved with it: a browser taking the sitting up fetches each state. */
  savedTasks: z.array(z.object({ task: z.string(), savedAt: z.number(), answers: bundleTaskSchema.shape.answers })),
});
export type SittingView = z.infer<typeof sittingViewSchema>;

const pointsSchema = z.object({ points: z.number(), maximum: z.number(), percent: z.number(), passed: z.boolean() });

/** Where a sitting's authoritative score stands with the LMS that launched it (src/server/lti/score-outbox.ts). */
export const lmsScoreStatusSchema = z.object({
  status: z.enum(['posted', 'pending', 'gave-up']),
  attempts: z.number(),
  lastError: z.string().nullable(),
  postedAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
});
export type LmsScoreStatus = z.infer<typeof lmsScoreStatusSchema>;

export const sittingResultSchema = z.object({
  id: z.number(),
  candidate: z.string(),
  started: z.string(),
  submitted: z.string().nullable(),
  submittedBy: z.string().nullable(),
  status: gradeStatusSchema,
  attempts: z.number(),
  /** pass | fail from the authoritative re-grade; invalid when the bundle was refused; null before grading. */
  verdict: z.enum(['pass', 'fail', 'invalid']).nullable(),
  authoritative: pointsSchema.nullable(),
  claimed: pointsSchema.nullable(),
  agree: z.boolean().nullable(),
  differences: z.array(z.string()),
  /** Why the bundle was refused, or why grading failed. */
  reason: z.string().nullable(),
  findings: z.record(z.string(), z.array(z.string())),
  report: examReportSchema.nullable(),
  /** Null when no LMS launch opened the sitting (or it has no grade to post yet). */
  lms: lmsScoreStatusSchema.nullable(),
  /** When the sitting last moved to another browser (services/sitting-moves.ts), and by whom; null if it never did. */
  moved: z.object({ at: z.string(), by: z.enum(['instructor', 'lms']) }).nullable(),
});
export type SittingResult = z.infer<typeof sittingResultSchema>;
