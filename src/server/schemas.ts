/**
 * The classroom API's request and response shapes: the single source of their types, for the
 * server's validation and (later) the browser's client. Every request body is parsed by one of
 * these; a body that does not fit gets a 400 naming the field.
 */
import { z } from 'zod';
import { slugSchema } from '../schemas/lesson.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const time = z.iso.datetime({ offset: true });

export const workshopCodeSchema = z.string().regex(/^[A-Z2-9]{6}$/, { error: 'A workshop code is 6 letters and digits, like "K7MQ2X".' });

export const createWorkshopSchema = z
  .strictObject({
    title: text(120),
    exercises: z.array(slugSchema).max(100).default([]),
    lessons: z.array(slugSchema).max(100).default([]),
    startsAt: time.optional(),
    endsAt: time.optional(),
    stuckMinutes: z.number().int().min(1).max(240).default(10),
    stuckFailures: z.number().int().min(2).max(50).default(3),
  })
  .refine((w) => !w.startsAt || !w.endsAt || Date.parse(w.startsAt) < Date.parse(w.endsAt), { error: 'endsAt must be after startsAt.', path: ['endsAt'] });
export type CreateWorkshop = z.input<typeof createWorkshopSchema>;

export const workshopSettingsSchema = z.strictObject({
  stuckMinutes: z.number().int().min(1).max(240).optional(),
  stuckFailures: z.number().int().min(2).max(50).optional(),
  /** When the workshop closes to new learners (those in it keep working): a moment, 'now' (the server's clock), or null to open it again. */
  endsAt: z.union([time, z.literal('now')]).nullable().optional(),
});
export type WorkshopSettings = z.infer<typeof workshopSettingsSchema>;

export const joinSchema = z.strictObject({ name: text(60) });

export const loginSchema = z.strictObject({ email: z.email().max(200), password: z.string().min(1).max(200) });

export const createInstructorSchema = z.strictObject({
  email: z.email().max(200),
  password: z.string().min(12, { error: 'A password needs at least 12 characters.' }).max(200),
  admin: z.boolean().default(false),
});

export const checkStatusSchema = z.enum(['pass', 'fail', 'skip', 'error']);

/** What a learner's tab reports. `key` is the idempotency key: the same key is stored once. */
const eventBase = { key: z.string().regex(/^[A-Za-z0-9_-]{8,80}$/, { error: 'key must be 8-80 letters, digits, "-" or "_".' }) };
export const learnerEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...eventBase, type: z.literal('exercise-started'), exercise: slugSchema }),
  z.strictObject({
    ...eventBase,
    type: z.literal('check-report'),
    exercise: slugSchema,
    status: z.enum(['pass', 'fail', 'error']),
    score: z.number().int().min(0).max(10_000),
    max: z.number().int().min(0).max(10_000),
    /** The score and maximum without the checks the exercise's set-up satisfies (earnedScore); a tab of an older build omits it, and its whole score counts. */
    earned: z.strictObject({ score: z.number().int().min(0).max(10_000), max: z.number().int().min(0).max(10_000) }).optional(),
    checks: z.array(z.strictObject({ id: z.string().min(1).max(80), title: z.string().max(200).optional(), status: checkStatusSchema })).max(100),
  }),
  z.strictObject({ ...eventBase, type: z.literal('hint-shown'), exercise: slugSchema, hint: z.number().int().min(0).max(100) }),
  z.strictObject({ ...eventBase, type: z.literal('solution-revealed'), exercise: slugSchema }),
  z.strictObject({ ...eventBase, type: z.literal('lesson-viewed'), lesson: slugSchema }),
  z.strictObject({ ...eventBase, type: z.literal('hand-raised'), message: z.string().trim().max(500).default('') }),
  z.strictObject({ ...eventBase, type: z.literal('left') }),
]);
export type LearnerEvent = z.output<typeof learnerEventSchema>;
export type LearnerEventInput = z.input<typeof learnerEventSchema>;

/**
 * A learner's own Check results (GET /api/learner/results), per exercise they checked: the best
 * score, its maximum, and when a Check first passed. The same fields the browser's progress keeps
 * (src/lib/progress-store.ts), so a browser the learner carries on in marks them too.
 */
export const learnerResultsSchema = z.strictObject({
  exercises: z.record(
    slugSchema,
    z.strictObject({ bestScore: z.number().int().min(0), maximum: z.number().int().min(0), doneAt: z.iso.datetime().optional() }),
  ),
});
export type LearnerResults = z.output<typeof learnerResultsSchema>;

/** A batch, so a tab back online sends its queue in a few requests. */
export const learnerEventsSchema = z.strictObject({ events: z.array(learnerEventSchema).min(1).max(50) });

export const broadcastSchema = z.strictObject({ message: text(1000) });

export const afterQuerySchema = z.object({ after: z.coerce.number().int().min(0).optional() });

/** The error code of a one-time log-in link that was used already or has expired. */
export const LOGIN_LINK_SPENT = 'login-link-spent';
/** The query parameter with which a spent log-in link leads to its page, which then says why it asks for a password. */
export const LOGIN_NOTICE_PARAM = 'login';

/** `path` (a path on this site, as `next` is) with the log-in notice added to its query. */
export function withLoginNotice(path: string, notice: string): string {
  const url = new URL(path, 'http://stacklab.invalid');
  url.searchParams.set(LOGIN_NOTICE_PARAM, notice);
  return `${url.pathname}${url.search}${url.hash}`;
}

export const tokenLoginQuerySchema = z.object({
  token: z.string().min(10).max(200),
  next: z.string().regex(/^\/(?!\/)[^\s\\]*$/, { error: 'next must be a path on this site.' }).default('/'),
});

/** Every event a stream carries, learners' and instructors' alike. */
export const streamEventSchema = z.object({
  id: z.number().int(),
  type: z.string(),
  learnerId: z.number().int().nullable(),
  at: z.number(),
  payload: z.record(z.string(), z.unknown()),
});
export type StreamEvent = z.infer<typeof streamEventSchema>;

export const exerciseProgressSchema = z.object({
  /** The best whole score, as the learner's own report shows it, and its maximum. */
  best: z.number(),
  max: z.number(),
  /** The best score the learner's work earned: without the checks the set-up already satisfies (what the heat shows and a gradebook counts). */
  earned: z.number(),
  earnedMax: z.number(),
  status: z.enum(['not-started', 'started', 'fail', 'pass', 'error']),
  failingCheck: z.object({ id: z.string(), title: z.string() }).nullable(),
  reports: z.number(),
  hints: z.number(),
  solutionRevealed: z.boolean(),
});
export type ExerciseProgress = z.infer<typeof exerciseProgressSchema>;

export const rosterRowSchema = z.object({
  id: z.number(),
  name: z.string(),
  joinedAt: z.number(),
  leftAt: z.number().nullable(),
  currentExercise: z.string().nullable(),
  currentLesson: z.string().nullable(),
  /** Milliseconds on the current exercise. */
  timeOnCurrent: z.number().nullable(),
  /** Milliseconds since the learner was last seen, when no page of theirs has been connected for PRESENCE_TIMEOUT_MS; null while here (and after leaving). */
  awayFor: z.number().nullable(),
  stuck: z.object({ reason: z.enum(['no-progress', 'same-check-failing']), detail: z.string() }).nullable(),
  exercises: z.record(z.string(), exerciseProgressSchema),
});
export type RosterRow = z.infer<typeof rosterRowSchema>;

export const handSchema = z.object({
  id: z.number(),
  learnerId: z.number(),
  learnerName: z.string(),
  message: z.string(),
  raisedAt: z.number(),
  acknowledgedAt: z.number().nullable(),
  resolvedAt: z.number().nullable(),
});
export type Hand = z.infer<typeof handSchema>;

export const checkSummarySchema = z.object({
  exercise: z.string(),
  check: z.string(),
  title: z.string(),
  failing: z.number(),
  checked: z.number(),
  room: z.number(),
});
export type CheckSummary = z.infer<typeof checkSummarySchema>;

export const workshopSchema = z.object({
  code: z.string(),
  title: z.string(),
  exercises: z.array(z.string()),
  lessons: z.array(z.string()),
  startsAt: z.number().nullable(),
  endsAt: z.number().nullable(),
  stuckMinutes: z.number(),
  stuckFailures: z.number(),
  createdAt: z.number(),
});
export type Workshop = z.infer<typeof workshopSchema>;

/** A workshop in its instructor's list: the workshop, and how many learners are in it (joined, not left). */
export const listedWorkshopSchema = workshopSchema.extend({ learners: z.number() });
export type ListedWorkshop = z.infer<typeof listedWorkshopSchema>;

export const dashboardSchema = z.object({
  workshop: workshopSchema,
  roster: z.array(rosterRowSchema),
  checks: z.array(checkSummarySchema),
  hands: z.array(handSchema),
  broadcasts: z.array(z.object({ id: z.number(), message: z.string(), at: z.number() })),
  /** Open the stream with ?after=lastEventId to get everything that happens next. */
  lastEventId: z.number(),
  /** The server's clock when the snapshot was taken: what the dashboard compares the workshop's times with. */
  now: z.number(),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

export const errorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** Terminal peek: the instructor asks for a learner's terminal; the learner's tab accepts, declines or stops. */
export const peekRequestSchema = z.strictObject({ learnerId: z.number().int().positive() });
export const peekStateSchema = z.object({
  id: z.number(),
  learnerId: z.number(),
  status: z.enum(['requested', 'active', 'declined', 'ended']),
  requestedAt: z.number(),
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
});
export type PeekState = z.infer<typeof peekStateSchema>;
/**
 * A frame of the learner's terminal output (text as the terminal received it); `reset` when it
 * is the screen so far; `rows` and `cols` when the learner's terminal has a new size.
 */
export const peekFrameSchema = z.strictObject({
  data: z.string().min(1).max(32 * 1024),
  reset: z.boolean().default(false),
  rows: z.number().int().min(2).max(500).optional(),
  cols: z.number().int().min(10).max(1000).optional(),
});
export type PeekFrameInput = z.input<typeof peekFrameSchema>;
export const learnerPeekSchema = z.object({ peek: peekStateSchema.extend({ instructor: z.string() }).nullable() });
