/**
 * The learner's side of the classroom API: joining (the membership is kept in localStorage,
 * so every page of the site reports to the workshop), sending queued events, answering a
 * terminal peek and relaying its frames.
 */
import { z } from 'zod';
import { learnerPeekSchema, learnerResultsSchema, peekStateSchema, streamEventSchema, workshopSchema, type LearnerEventInput, type LearnerResults, type PeekState, type StreamEvent } from '../../server/schemas.ts';
import { localTimes } from '../format-time.ts';
import type { FrameOutcome, PeekFrameOut } from './peek-relay.ts';
import type { SendOutcome } from './queue.ts';

export const MEMBERSHIP_KEY = 'stacklab:classroom';

const membershipSchema = z.object({ code: z.string(), title: z.string(), token: z.string(), name: z.string(), learnerId: z.number() });
export type Membership = z.infer<typeof membershipSchema>;

const joinResponseSchema = z.object({ token: z.string(), learner: z.object({ id: z.number(), name: z.string() }), workshop: workshopSchema });
const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export function readMembership(storage: Pick<Storage, 'getItem'> | undefined): Membership | undefined {
  try {
    const parsed = membershipSchema.safeParse(JSON.parse(storage?.getItem(MEMBERSHIP_KEY) ?? 'null'));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** What a page that needs the API says where the site is served as static files (no API answers its calls). */
export const NO_SERVER_MESSAGE =
  'No Stacklab server answers here: this site is served as static files. Workshops and exam sessions need the Stacklab server (npm start, see the README); lessons and exams on their own work without it.';

/** The message of an API error answer; for a "not found" that is not the API's, that no server answers; else what the status says. */
export async function errorMessage(response: Response): Promise<string> {
  const body = errorSchema.safeParse(await response.json().catch(() => undefined));
  if (body.success) return localTimes(body.data.error.message);
  return response.status === 404 || response.status === 405 ? NO_SERVER_MESSAGE : `The server answered ${response.status}.`;
}

/** `base` is '' in the browser (same origin); tests pass the server's URL. */
export async function joinWorkshop(code: string, name: string, storage: Pick<Storage, 'setItem'> | undefined, base = ''): Promise<Membership> {
  const response = await fetch(`${base}/api/workshops/${encodeURIComponent(code.trim().toUpperCase())}/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  if (response.status !== 201) throw new Error(await errorMessage(response));
  const joined = joinResponseSchema.parse(await response.json());
  const membership: Membership = { code: joined.workshop.code, title: joined.workshop.title, token: joined.token, name: joined.learner.name, learnerId: joined.learner.id };
  storage?.setItem(MEMBERSHIP_KEY, JSON.stringify(membership));
  return membership;
}

const learnerResponseSchema = joinResponseSchema.omit({ token: true });

/**
 * Takes up the instructor's rejoin link (…/classroom/join/?code=…#rejoin=slt_…): the same
 * learner, progress and all, from this browser. The token is checked with the server before it
 * is kept; a refused one throws with the server's sentence.
 */
export async function rejoinWithToken(token: string, storage: Pick<Storage, 'setItem'> | undefined, base = ''): Promise<Membership> {
  const response = await fetch(`${base}/api/learner`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(await errorMessage(response));
  const { learner, workshop } = learnerResponseSchema.parse(await response.json());
  const membership: Membership = { code: workshop.code, title: workshop.title, token, name: learner.name, learnerId: learner.id };
  storage?.setItem(MEMBERSHIP_KEY, JSON.stringify(membership));
  return membership;
}

const auth = (membership: Pick<Membership, 'token'>) => ({ authorization: `Bearer ${membership.token}` });

/** The learner's own Check results as the server keeps them (best score, maximum, first pass), per exercise checked. */
export async function fetchCheckResults(membership: Pick<Membership, 'token'>, base = ''): Promise<LearnerResults> {
  const response = await fetch(`${base}/api/learner/results`, { headers: auth(membership) });
  if (!response.ok) throw new Error(await errorMessage(response));
  return learnerResultsSchema.parse(await response.json());
}

export async function sendEvents(membership: Membership, events: LearnerEventInput[], base = ''): Promise<SendOutcome> {
  let response: Response;
  try {
    response = await fetch(`${base}/api/learner/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth(membership) }, body: JSON.stringify({ events }) });
  } catch {
    return { kind: 'retry' };
  }
  if (response.ok) return { kind: 'accepted' };
  if (response.status === 401) return { kind: 'ended', message: await errorMessage(response) };
  if (response.status === 400 || response.status === 413) return { kind: 'rejected', message: await errorMessage(response) };
  return { kind: 'retry' };
}

const peekAnswerSchema = z.object({ peek: peekStateSchema });

/** The learner's open peek (asked for or active), or null; 'ended' when the token is no longer valid. */
export async function fetchOpenPeek(membership: Membership, base = ''): Promise<z.infer<typeof learnerPeekSchema>['peek'] | 'ended'> {
  const response = await fetch(`${base}/api/learner/peek`, { headers: auth(membership) });
  if (response.status === 401) return 'ended';
  if (!response.ok) throw new Error(await errorMessage(response));
  return learnerPeekSchema.parse(await response.json()).peek;
}

export async function answerPeek(membership: Membership, peekId: number, answer: 'accept' | 'decline' | 'stop', base = ''): Promise<PeekState> {
  const response = await fetch(`${base}/api/learner/peeks/${peekId}/${answer}`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth(membership) }, body: '{}' });
  if (!response.ok) throw new Error(await errorMessage(response));
  return peekAnswerSchema.parse(await response.json()).peek;
}

export async function postPeekFrame(membership: Membership, peekId: number, frame: PeekFrameOut, base = ''): Promise<FrameOutcome> {
  try {
    const response = await fetch(`${base}/api/learner/peeks/${peekId}/frames`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth(membership) }, body: JSON.stringify(frame) });
    if (response.ok) return 'ok';
    return response.status === 429 || response.status >= 500 ? 'retry' : 'over';
  } catch {
    return 'retry';
  }
}

export const learnerStreamHeaders = (membership: Membership) => auth(membership);
