/**
 * The results of an exam session for its instructor (/exams/session-results/?s=<session>): a
 * row per sitting (candidate, started, submitted, grading status, the authoritative score and
 * verdict, the browser's claim, agreement, and for a sitting launched from an LMS where its
 * score post stands, with a retry), and under it each task's checks. A sitting still running
 * offers a link that continues it on another computer. Live: the page re-draws on
 * each `results` event of the session's stream.
 */
import type { ExaminerSessionView, LmsScoreStatus, SittingResult } from '../../server/exam-schemas.ts';
import { errorMessage } from '../classroom/client.ts';
import { clockTime } from '../format-time.ts';
import { forgetLoginNotice, showInstructorLogin } from '../instructor-login.ts';
import { el } from '../element.ts';
import { keepPlace } from '../keep-place.ts';
import { showShareLink } from '../share-link.ts';

const score = (s: SittingResult['authoritative']) => (s ? `${s.points}/${s.maximum} (${s.percent}%)` : '–');
const time = (iso: string | null) => (iso ? clockTime(iso) : '–');

let csrf: Promise<string> | undefined;
/** The instructor session's CSRF token, which a POST needs. */
const csrfToken = () => (csrf ??= fetch('/api/auth/session').then(async (r) => ((await r.json()) as { csrfToken: string }).csrfToken));

/** Asks the server to send the sitting's score to the LMS again; the stream then shows the outcome. */
async function retryScore(session: string, sitting: number, button: HTMLButtonElement): Promise<void> {
  button.disabled = true;
  const response = await fetch(`/api/lti/exam-sessions/${encodeURIComponent(session)}/sittings/${sitting}/score-retry`, { method: 'POST', headers: { 'x-csrf-token': await csrfToken() } });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
    document.getElementById('exam-results-error')!.textContent = body.error?.message ?? `The server answered ${response.status}.`;
    button.disabled = false;
  }
}

/**
 * Gives the sitting a link that continues it on another computer (the candidate's laptop died),
 * once the instructor confirms: the browser the candidate was in stops saving at once. The link
 * is shown above the table, which the stream redraws.
 */
async function moveSitting(session: string, r: SittingResult, button: HTMLButtonElement): Promise<void> {
  if (!window.confirm(`Give ${r.candidate} a link that continues their exam on another computer? The browser they are working in now stops saving their work at once; their time runs on.`)) return;
  button.disabled = true;
  const error = document.getElementById('exam-results-error')!;
  const response = await fetch(`/api/exam-sessions/${encodeURIComponent(session)}/sittings/${r.id}/move`, { method: 'POST', headers: { 'x-csrf-token': await csrfToken() } });
  button.disabled = false;
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
    error.textContent = body.error?.message ?? `The server answered ${response.status}.`;
    return;
  }
  error.textContent = '';
  const { resumeUrl, candidate } = (await response.json()) as { resumeUrl: string; candidate: string };
  showResumeLink(candidate, resumeUrl);
}

/** The resume link, to copy and give to the candidate alone: whoever opens it works on their sitting. */
function showResumeLink(candidate: string, url: string): void {
  showShareLink(document.getElementById('exam-results-resume')!, {
    id: 'exam-results-resume-url',
    heading: `Link for ${candidate} to continue on another computer`,
    note: `Give it to ${candidate} alone: whoever opens it works on their exam. It opens their exam with the work the server last saved; the browser they were in saves nothing more. A new link replaces this one.`,
    label: 'Resume link',
    url,
  });
}

const movedBy = { instructor: 'your link', lms: 'a launch from the LMS' } as const;

/** The candidate's cell: their name, and where their sitting last moved to another browser. */
function candidateCell(r: SittingResult): HTMLElement {
  const cell = el('td', {}, r.candidate);
  if (r.moved) cell.append(el('br'), el('small', { className: 'moved' }, `continued in another browser at ${time(r.moved.at)} (${movedBy[r.moved.by]})`));
  return cell;
}

/** The grading cell; a sitting still running offers its link to continue on another computer. */
function statusCell(session: string, r: SittingResult): HTMLElement {
  const cell = el('td', { className: 'status' }, r.status);
  if (r.status !== 'sitting') return cell;
  const move = el('button', { type: 'button', className: 'button button-small move-sitting' }, 'Continue on another computer');
  // The visible words first (as voice control users say them), then whose exam.
  move.setAttribute('aria-label', `Continue on another computer: ${r.candidate}'s exam`);
  move.addEventListener('click', () => void moveSitting(session, r, move));
  move.dataset.place = `${r.id}:move`;
  cell.append(el('br'), move);
  return cell;
}

/** What the LMS column says of a sitting's score post (null: no LMS launched it), its last error, and whether it offers a retry. */
export function lmsStatusText(lms: LmsScoreStatus | null): { text: string; error: string | null; retry: boolean } {
  if (!lms) return { text: '–', error: null, retry: false };
  if (lms.status === 'posted') return { text: `posted ${time(lms.postedAt)}`, error: null, retry: false };
  const next = lms.status === 'pending' && lms.nextAttemptAt ? `, next try ${time(lms.nextAttemptAt)}` : '';
  return { text: `${lms.status === 'pending' ? 'pending' : 'gave up'} after ${lms.attempts} ${lms.attempts === 1 ? 'attempt' : 'attempts'}${next}`, error: lms.lastError, retry: true };
}

/** The LMS column: where the sitting's authoritative score stands with the LMS that launched it. */
function lmsCell(session: string, r: SittingResult): HTMLElement {
  const shown = lmsStatusText(r.lms);
  const cell = el('td', { className: 'lms' }, shown.text);
  if (r.lms) cell.dataset.lms = r.lms.status;
  if (shown.error) cell.append(el('br'), el('small', {}, shown.error));
  if (shown.retry) {
    const retry = el('button', { type: 'button', className: 'button button-small lms-retry' }, 'Retry now');
    retry.addEventListener('click', () => void retryScore(session, r.id, retry));
    retry.dataset.place = `${r.id}:retry`;
    cell.append(el('br'), retry);
  }
  return cell;
}

function details(r: SittingResult): HTMLElement {
  const box = el('div', { className: 'sitting-details' });
  if (r.reason) box.append(el('p', { className: 'reason' }, r.reason));
  if (r.differences.length > 0) box.append(el('ul', { className: 'differences' }, ...r.differences.map((d) => el('li', {}, d))));
  for (const task of r.report?.tasks ?? []) {
    const checks = task.report?.checks ?? [];
    box.append(
      el('h3', {}, `Task ${task.id} (${task.exercise}): ${task.points}/${task.weight}`),
      ...(r.findings[task.id] ?? []).map((f) => el('p', { className: 'finding' }, `! ${f}`)),
      checks.length === 0 ? el('p', {}, 'not started') : el('ul', {}, ...checks.map((c) => el('li', { className: `check-${c.status}` }, `${c.status.toUpperCase()}${c.given ? ' (given: no points)' : ''} ${c.title}${c.status === 'pass' ? '' : ` — ${c.message}`}`))),
    );
  }
  return box;
}

export function renderResults(target: HTMLElement, session: string, sittings: SittingResult[]): void {
  const rows = sittings.map((r) => {
    const row = el(
      'tr',
      {},
      candidateCell(r),
      el('td', {}, time(r.started)),
      el('td', {}, r.submitted ? `${time(r.submitted)} (${r.submittedBy})` : '–'),
      statusCell(session, r),
      el('td', { className: 'verdict' }, r.verdict ?? '–'),
      el('td', { className: 'authoritative' }, score(r.authoritative)),
      el('td', { className: 'claimed' }, score(r.claimed)),
      el('td', { className: 'agree' }, r.agree === null ? '–' : r.agree ? 'agrees' : 'DISAGREES'),
      lmsCell(session, r),
    );
    row.dataset.candidate = r.candidate;
    row.dataset.status = r.status;
    const perTask = el('details', {}, el('summary', {}, 'Per task and check'), details(r));
    perTask.dataset.place = `${r.id}:details`;
    perTask.querySelector('summary')!.dataset.place = `${r.id}:summary`;
    const more = el('tr', { className: 'more' }, el('td', { colSpan: 9 }, perTask));
    return [row, more];
  });
  const table = el(
    'table',
    { className: 'exam-results' },
    el('thead', {}, el('tr', {}, ...['Candidate', 'Started', 'Submitted', 'Grading', 'Verdict', 'Score (re-grade)', "Browser's claim", 'Agreement', 'LMS gradebook'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...rows.flat()),
  );
  // Redrawn on every save of any candidate's work: the examiner keeps their place.
  const restorePlace = keepPlace(target, '.table-scroll');
  target.replaceChildren(sittings.length === 0 ? el('p', {}, 'No one has started yet.') : table);
  restorePlace();
}

/** Without a session: the instructor's sessions and the form that opens one. */
async function bootSessionsPage(): Promise<void> {
  const error = document.getElementById('exam-results-error')!;
  const response = await fetch('/api/exam-sessions');
  if (response.status === 401) {
    showInstructorLogin(document.getElementById('main')!, { heading: 'Log in to see your exam sessions', freshLink: 'npx stacklab exam login <session>', onLoggedIn: () => location.reload() });
    return;
  }
  forgetLoginNotice();
  document.getElementById('exam-results-title')!.textContent = 'Your exam sessions';
  document.getElementById('exam-results-part')!.hidden = true;
  document.getElementById('exam-sessions')!.hidden = false;
  if (!response.ok) return void (error.textContent = await errorMessage(response));
  const { sessions } = (await response.json()) as { sessions: ExaminerSessionView[] };
  const { showSessions } = await import('./sessions-view.ts');
  showSessions(document.getElementById('exam-sessions-list')!, document.getElementById('exam-session-open') as HTMLFormElement, sessions, csrfToken);
}

/** The open results stream, closed when the page is shown again. */
let stream: EventSource | undefined;

export async function bootResultsPage(): Promise<void> {
  stream?.close();
  stream = undefined;
  const session = new URLSearchParams(location.search).get('s')?.toUpperCase() ?? '';
  if (!session) return bootSessionsPage();
  const target = document.getElementById('exam-results')!;
  const error = document.getElementById('exam-results-error')!;
  const response = await fetch(`/api/exam-sessions/${encodeURIComponent(session)}`);
  if (response.status === 401) {
    // The page is drawn again once logged in.
    showInstructorLogin(document.getElementById('main')!, { heading: 'Log in to see the exam session', freshLink: `npx stacklab exam login ${session || '<session>'}`, onLoggedIn: () => location.reload() });
    return;
  }
  forgetLoginNotice();
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
    error.textContent = body.error?.message ?? `The server answered ${response.status}.`;
    return;
  }
  const first = (await response.json()) as { exam: { title: string }; timeLimitMinutes: number; sittings: SittingResult[] };
  document.getElementById('exam-results-title')!.textContent = `${first.exam.title}: session ${session}`;
  document.getElementById('exam-results-sit')!.textContent = `${location.origin}/exams/session/?s=${session}`;
  const csv = document.getElementById('exam-results-csv') as HTMLAnchorElement;
  csv.href = `/api/exam-sessions/${encodeURIComponent(session)}/results.csv`;
  csv.hidden = false;
  renderResults(target, session, first.sittings);
  stream = new EventSource(`/api/exam-sessions/${encodeURIComponent(session)}/stream`);
  stream.addEventListener('results', (event) => renderResults(target, session, (JSON.parse((event as MessageEvent<string>).data) as { sittings: SittingResult[] }).sittings));
}
