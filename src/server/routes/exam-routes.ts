/**
 * The exam-session routes. Instructors open sessions and read their results (only their own
 * sessions, and give a sitting a link that continues it on another computer); anyone with a
 * session's link reads what it is and starts a sitting; a candidate's token reaches only its own
 * sitting: read it, upload a task's state, fetch the server's copy of one, submit.
 *
 * The two upload routes carry VM states (MBs, compressed) and have their own body limit,
 * EXAM_UPLOAD_BYTES: app.ts mounts examUploadRoutes before the API's 64 KiB limit.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { SSEStreamingApi } from 'hono/streaming';
import { z } from 'zod';
import { examSessionCodeSchema, openExamSessionSchema, startSittingSchema, submitSittingSchema } from '../exam-schemas.ts';
import { sessionResults } from '../services/exam-grades.ts';
import { sessionResultsCsv } from '../services/exam-results-csv.ts';
import { examLinks } from '../services/exam-links.ts';
import {
  examSessionByCode,
  examSessionForInstructor,
  examSessionTopic,
  examSessionView,
  listExamSessions,
  openExamSession,
  saveTaskState,
  sittingView,
  startSitting,
  submitSitting,
} from '../services/exam-sessions.ts';
import { ServiceError } from '../services/errors.ts';
import { moveSittingForInstructor, taskStateOf } from '../services/sitting-moves.ts';
import { instructorAccess, publicAccess } from './access.ts';
import type { AppEnv, AppOptions, Limits } from './env.ts';
import { candidateAccess, type ExamEnv } from './exam-access.ts';
import { rateLimit } from './rate-limit.ts';
import { readTaskStateUpload } from './task-state-body.ts';
import { wakeableStream } from './stream.ts';
import { validate } from './validate.ts';

/** Largest task-state upload or submitted bundle: a task's state is a few MB gzipped, a third more in base64. */
export const EXAM_UPLOAD_BYTES = 48 * 1024 * 1024;

const sessionParam = z.object({ session: examSessionCodeSchema });
const sittingParam = z.object({ session: examSessionCodeSchema, sitting: z.coerce.number().int().positive() });
const taskParam = z.object({ task: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'A task id is lower-case words joined by hyphens.' }) });

const uploadLimit = bodyLimit({
  maxSize: EXAM_UPLOAD_BYTES,
  onError: () => {
    throw new ServiceError(413, 'upload-too-large', `The upload is larger than ${EXAM_UPLOAD_BYTES / 1024 / 1024} MiB, more than any task's VM state should be. Reload the exam page and try again; if it repeats, tell your instructor.`);
  },
});

/** Saving a task's state and submitting: the candidate's token, and the larger body limit. */
export function examUploadRoutes(options: AppOptions): Hono<AppEnv> {
  const { ctx } = options;
  const asCandidate = candidateAccess(ctx);
  const routes = new Hono<ExamEnv>()
    .put('/exam-sitting/tasks/:task/state', asCandidate, uploadLimit, validate('param', taskParam), async (c) => {
      const saved = await saveTaskState(ctx, c.var.sitting, c.req.valid('param').task, await readTaskStateUpload(c.req));
      return c.json({ ...saved, serverNow: ctx.now() });
    })
    .post('/exam-sitting/submit', asCandidate, uploadLimit, validate('json', submitSittingSchema), async (c) => {
      const { submittedAt } = await submitSitting(ctx, c.var.sitting, c.req.valid('json').bundle);
      return c.json({ submittedAt, serverNow: ctx.now() });
    });
  return routes as unknown as Hono<AppEnv>;
}

export function examRoutes(options: AppOptions, limits: Limits, clientKey: (c: Context) => string, baseUrl: (c: Context) => string): Hono<AppEnv> {
  const { ctx } = options;
  const asInstructor = instructorAccess(ctx);
  const asCandidate = candidateAccess(ctx);
  const mine = (c: Context<ExamEnv>, code: string) => examSessionForInstructor(ctx, code, c.var.session.instructor.id);
  const routes = new Hono<ExamEnv>()
    .get('/exam-sessions', asInstructor, async (c) => c.json({ sessions: await listExamSessions(ctx, c.var.session.instructor.id) }))
    .post('/exam-sessions', asInstructor, validate('json', openExamSessionSchema), async (c) => {
      const row = await openExamSession(ctx, c.var.session.instructor.id, c.req.valid('json'));
      return c.json({ ...examLinks(baseUrl(c), row.code), ...examSessionView(row) }, 201);
    })
    .get('/exam-sessions/:session', asInstructor, validate('param', sessionParam), async (c) => {
      const session = await mine(c, c.req.valid('param').session);
      return c.json({ ...examSessionView(session), sittings: await sessionResults(ctx, session) });
    })
    .get('/exam-sessions/:session/results.csv', asInstructor, validate('param', sessionParam), async (c) => {
      const session = await mine(c, c.req.valid('param').session);
      c.header('content-type', 'text/csv; charset=utf-8');
      c.header('content-disposition', `attachment; filename="exam-${session.exam_id}-${session.code}.csv"`);
      return c.body(await sessionResultsCsv(ctx, session));
    })
    .get('/exam-sessions/:session/stream', asInstructor, validate('param', sessionParam), async (c) => {
      const session = await mine(c, c.req.valid('param').session);
      let sent = 0;
      const sendResults = async (stream: SSEStreamingApi) => {
        await stream.writeSSE({ event: 'results', id: String(++sent), data: JSON.stringify({ sittings: await sessionResults(ctx, session) }) });
      };
      return wakeableStream(c, ctx, examSessionTopic(session.id), `[exams] results stream of ${session.code}`, sendResults);
    })
    // A link that continues the sitting on another computer; the browser it ran in saves nothing more of it.
    .post('/exam-sessions/:session/sittings/:sitting/move', asInstructor, validate('param', sittingParam), async (c) => {
      const { session, sitting } = c.req.valid('param');
      const moved = await moveSittingForInstructor(ctx, c.var.session.instructor.id, session, sitting);
      return c.json({ candidate: moved.candidate, movedAt: moved.movedAt, resumeUrl: `${examLinks(baseUrl(c), session).sitUrl}#resume=${moved.token}` });
    })
    .get('/exam-sessions/:session/info', publicAccess, validate('param', sessionParam), async (c) => c.json(examSessionView(await examSessionByCode(ctx, c.req.valid('param').session))))
    .post('/exam-sessions/:session/sittings', publicAccess, rateLimit(limits.joins, 'exam starts from your address', clientKey), validate('param', sessionParam), validate('json', startSittingSchema), async (c) => {
      const { name, accessCode } = c.req.valid('json');
      return c.json(await startSitting(ctx, c.req.valid('param').session, name, accessCode), 201);
    })
    .get('/exam-sitting', asCandidate, async (c) => c.json(await sittingView(ctx, c.var.sitting.row, c.var.sitting.session)))
    // The server's copy of a task, for a browser taking the sitting up: the gzipped state as uploaded, its raw digest and size in headers.
    .get('/exam-sitting/tasks/:task/state', asCandidate, validate('param', taskParam), async (c) => {
      const saved = await taskStateOf(ctx, c.var.sitting, c.req.valid('param').task);
      c.header('content-type', 'application/gzip');
      c.header('cache-control', 'no-store');
      c.header('x-state-sha256', saved.sha256);
      c.header('x-state-bytes', String(saved.bytes));
      c.header('x-saved-at', String(saved.savedAt));
      return c.body(saved.gzipped as Uint8Array<ArrayBuffer>);
    });
  return routes as unknown as Hono<AppEnv>;
}
