/**
 * The candidate's side of the exam-session API: start a sitting (the token is kept in
 * localStorage, one per session, so a reload resumes it), read it, upload a task's state,
 * submit the bundle. Each failure is an Error whose message is the server's sentence.
 */
import { z } from 'zod';
import type { Bundle } from '../../exams/schema.ts';
import type { Answers } from '../../exercises/answers.ts';
import { examSessionSchema, sittingViewSchema, type ExamSessionView, type SittingView, type TaskStateMeta } from '../../server/exam-schemas.ts';
import type { GzippedState } from '../exercise-states.ts';
import { localTimes } from '../format-time.ts';
import { multipartBody } from './multipart-body.ts';

export const candidateKey = (session: string) => `stacklab:exam-session:${session}`;
const storedSchema = z.object({ token: z.string().startsWith('sxc_'), session: z.string() });
export type CandidateToken = z.infer<typeof storedSchema>;

/** The server refused: status, code and its sentence. */
export class ExamServerError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function refusal(response: Response): Promise<ExamServerError> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    return new ExamServerError(response.status, body.error?.code ?? 'error', body.error?.message ? localTimes(body.error.message) : `The server answered ${response.status}.`);
  } catch {
    return new ExamServerError(response.status, 'error', `The server answered ${response.status} ${response.statusText}; try again in a moment.`);
  }
}

async function call<T>(path: string, init: RequestInit, schema?: z.ZodType<T>, base = ''): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, init);
  } catch {
    throw new ExamServerError(0, 'offline', 'The exam server cannot be reached; check your connection. Your work is kept in this browser meanwhile.');
  }
  if (!response.ok) throw await refusal(response);
  const json = (await response.json()) as unknown;
  return schema ? schema.parse(json) : (json as T);
}

const bearer = (token: CandidateToken) => ({ authorization: `Bearer ${token.token}` });
const jsonHeaders = { 'content-type': 'application/json' };

export function readCandidate(storage: Pick<Storage, 'getItem'> | undefined, session: string): CandidateToken | undefined {
  try {
    const parsed = storedSchema.safeParse(JSON.parse(storage?.getItem(candidateKey(session)) ?? 'null'));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export const sessionInfo = (session: string, base = '') => call<ExamSessionView>(`/api/exam-sessions/${encodeURIComponent(session)}/info`, {}, examSessionSchema, base);

export async function startSitting(session: string, name: string, accessCode: string | undefined, storage: Pick<Storage, 'setItem'> | undefined, base = ''): Promise<{ token: CandidateToken; sitting: SittingView }> {
  const body = await call<{ token: string; sitting: unknown }>(`/api/exam-sessions/${encodeURIComponent(session)}/sittings`, { method: 'POST', headers: jsonHeaders, body: JSON.stringify({ name, ...(accessCode ? { accessCode } : {}) }) }, undefined, base);
  const token = { token: body.token, session };
  storage?.setItem(candidateKey(session), JSON.stringify(token));
  return { token, sitting: sittingViewSchema.parse(body.sitting) };
}

export const readSitting = (token: CandidateToken, base = '') => call<SittingView>('/api/exam-sitting', { headers: bearer(token) }, sittingViewSchema, base);

/**
 * A task's autosaved state, with the image it ran on and an answer exercise's answers as typed
 * so far. The state goes as the gzipped bytes the browser stores, in a multipart body beside the
 * rest (`meta`, JSON): no base64 to make on the page's thread, and a quarter fewer bytes. The
 * body is one array of bytes, not FormData with a Blob (multipart-body.ts says why).
 */
export function uploadTaskState(token: CandidateToken, taskId: string, state: GzippedState, { imageBuild, answers }: { imageBuild?: string; answers?: Answers }, base = '') {
  const meta: TaskStateMeta = { sha256: state.sha256, bytes: state.bytes, ...(imageBuild ? { imageBuild } : {}), ...(answers ? { answers } : {}) };
  const { body, contentType } = multipartBody([
    { name: 'meta', type: 'application/json', data: JSON.stringify(meta) },
    { name: 'state', filename: 'state.gz', type: 'application/gzip', data: state.gzipped },
  ]);
  return call<{ savedAt: number; serverNow: number }>(`/api/exam-sitting/tasks/${encodeURIComponent(taskId)}/state`, { method: 'PUT', headers: { 'content-type': contentType, ...bearer(token) }, body }, undefined, base);
}

export const submitBundle = (token: CandidateToken, bundle: Bundle, base = '') =>
  call<{ submittedAt: number; serverNow: number }>('/api/exam-sitting/submit', { method: 'POST', headers: { ...jsonHeaders, ...bearer(token) }, body: JSON.stringify({ bundle }) }, undefined, base);

/** The server's copy of a task's state, as uploaded: the gzipped bytes, and the raw state's sha256 and length. */
export async function fetchTaskState(token: CandidateToken, taskId: string, base = ''): Promise<{ gzipped: ArrayBuffer; sha256: string; bytes: number; savedAt: number }> {
  let response: Response;
  try {
    response = await fetch(`${base}/api/exam-sitting/tasks/${encodeURIComponent(taskId)}/state`, { headers: bearer(token), cache: 'no-store' });
  } catch {
    throw new ExamServerError(0, 'offline', 'The exam server cannot be reached; check your connection.');
  }
  if (!response.ok) throw await refusal(response);
  const sha256 = response.headers.get('x-state-sha256') ?? '';
  const bytes = Number(response.headers.get('x-state-bytes'));
  return { gzipped: await response.arrayBuffer(), sha256, bytes, savedAt: Number(response.headers.get('x-saved-at')) };
}
