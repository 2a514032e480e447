/**
 * The instructor's exam sessions (/exams/session-results/ without a session): the sessions they
 * opened, newest first, each linking to its results, and the form that opens a new one (the
 * exam, its time limit, an access code, when sittings may start, the candidates' names), as
 * `npx stacklab exam open` does. The form's exam list is rendered by the page at build time.
 */
import type { ExaminerSessionView, LmsScoreCounts, SittingCounts } from '../../server/exam-schemas.ts';
import { errorMessage } from '../classroom/client.ts';
import { el } from '../element.ts';

/** A session's opening or closing, in the browser's time zone, with its day (sessions are opened days ahead). */
const when = (ms: number) => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** How a session's sittings stand, in words: "3 sittings: 1 in progress, 2 graded". */
export function sittingsLine({ inProgress, grading, graded, notGraded }: SittingCounts): string {
  const total = inProgress + grading + graded + notGraded;
  if (total === 0) return 'no sittings yet';
  const parts = [[inProgress, 'in progress'], [grading, 'being graded'], [graded, 'graded'], [notGraded, 'could not be graded']] as const;
  return `${total} sitting${total === 1 ? '' : 's'}: ${parts.filter(([n]) => n > 0).map(([n, words]) => `${n} ${words}`).join(', ')}`;
}

/** Where its scores stand with the LMS gradebook: "LMS gradebook: 4 scores sent, 1 waiting to be sent, 1 not sent (retry it on the results page)". */
export function lmsLine({ posted, pending, gaveUp }: LmsScoreCounts): string {
  const parts = [`${posted} score${posted === 1 ? '' : 's'} sent`];
  if (pending > 0) parts.push(`${pending} waiting to be sent`);
  if (gaveUp > 0) parts.push(`${gaveUp} not sent (retry ${gaveUp === 1 ? 'it' : 'them'} on the results page)`);
  return `LMS gradebook: ${parts.join(', ')}`;
}

/** One line per session: its exam and id (a link to its results), time limit, what is needed to sit, how its sittings stand, and its LMS scores. */
export function sessionItem(s: ExaminerSessionView): HTMLLIElement {
  const facts = [`${s.timeLimitMinutes} min`];
  if (s.opensAt !== null) facts.push(`opens ${when(s.opensAt)}`);
  if (s.closesAt !== null) facts.push(`closes ${when(s.closesAt)}`);
  if (s.needsAccessCode) facts.push('access code');
  if (s.candidateList) facts.push('named candidates only');
  facts.push(sittingsLine(s.sittings));
  const link = el('a', { href: `?s=${s.session}` }, `${s.exam.title}: session ${s.session}`);
  // A page load, not the site's client-side navigation: the page boots for the session in its address.
  link.setAttribute('data-astro-reload', '');
  const lms = s.lms ? `; ${lmsLine(s.lms)}` : '';
  return el('li', {}, link, ` (${facts.join(', ')}${lms})`);
}

/**
 * What the form asks the server for: only what was filled in. Times typed in the browser's
 * local time (datetime-local) are sent as instants; names one per line.
 */
export function openSessionRequest(data: FormData): Record<string, unknown> {
  const text = (field: string) => String(data.get(field) ?? '').trim();
  const request: Record<string, unknown> = { exam: text('exam') };
  if (text('minutes')) request.minutes = Number(text('minutes'));
  if (text('accessCode')) request.accessCode = text('accessCode');
  if (text('opensAt')) request.opensAt = new Date(text('opensAt')).toISOString();
  if (text('closesAt')) request.closesAt = new Date(text('closesAt')).toISOString();
  const candidates = text('candidates').split('\n').map((name) => name.trim()).filter(Boolean);
  if (candidates.length > 0) request.candidates = candidates;
  return request;
}

/** Lists `sessions` in `list` and makes `form` open a new one, going to its results page once opened. */
export function showSessions(list: HTMLElement, form: HTMLFormElement, sessions: ExaminerSessionView[], csrfToken: () => Promise<string>): void {
  list.replaceChildren(sessions.length === 0 ? el('p', {}, 'You have opened no exam sessions yet.') : el('ul', {}, ...sessions.map(sessionItem)));
  const error = form.querySelector<HTMLElement>('[role="alert"]')!;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const opened = await fetch('/api/exam-sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': await csrfToken() },
      body: JSON.stringify(openSessionRequest(new FormData(form))),
    });
    if (!opened.ok) return void (error.textContent = `The session was not opened: ${await errorMessage(opened)}`);
    const { session } = (await opened.json()) as { session: string };
    location.search = `?s=${session}`;
  });
}
