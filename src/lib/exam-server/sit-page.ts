/**
 * The sit page of an exam session (/exams/session/?s=<session>): the candidate types their
 * name (and the access code, if the session has one) and the server starts the sitting; a
 * reload resumes it with the token kept in this browser, and the instructor's resume link (or a
 * launch from the LMS) continues it in another browser, with the work the server holds
 * (take-up.ts); the browser left behind says where its sitting went. Then the exam's own sitting element
 * runs with the server as its host: the server's seed and clock, each task's state uploaded,
 * the bundle submitted (src/lib/exam-server/host.ts). One tab of the browser works on the
 * sitting at a time (src/lib/one-tab.ts): another says so and can move it there.
 */
import type { SittingView } from '../../server/exam-schemas.ts';
import { readSitting as readLocalSitting } from '../exam-sitting.ts';
import { el } from '../element.ts';
import { examById } from '../exam-catalog.ts';
import { listen } from '../events.ts';
import { askBeforeLeaving } from '../leave-guard.ts';
import { isSteppedAside } from '../one-tab.ts';
import { claimExamTab, hideTerminalPane, offerTakeOver, type Elsewhere } from '../one-tab-offer.ts';
import { clockTime } from '../format-time.ts';
import { vmSession } from '../vm-session.ts';
import { candidateKey, ExamServerError, readCandidate, readSitting, sessionInfo, startSitting, type CandidateToken } from './client.ts';
import { serverExamHost, type HostStatus } from './host.ts';
import { takeUpServerWork } from './take-up.ts';

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

async function imageBuild(): Promise<string | undefined> {
  try {
    const response = await fetch('/vm/image.json');
    return response.ok ? ((await response.json()) as { build?: string }).build : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The uploads' status, told twice: in full on the line above the exam, and in a few words in the
 * exam bar (`summary`), which stays in sight while the candidate scrolls down to the answers. The
 * bar's words link to the full line; only the full line is read out as it changes.
 */
function statusShower(summary: HTMLAnchorElement): (status: HostStatus) => void {
  return (status) => {
    const line = byId<HTMLParagraphElement>('exam-session-status');
    line.textContent = status.message;
    line.dataset.kind = status.kind;
    summary.textContent = status.summary;
    summary.dataset.kind = status.kind;
    summary.hidden = status.summary === '';
  };
}

/** Another tab has the sitting ('open'), or took it from this one ('moved'): say so, and offer to work here. */
function showElsewhere(examId: string, why: Elsewhere): void {
  byId('exam-session-join').hidden = true;
  byId('exam-session-elsewhere').hidden = false;
  offerTakeOver({ text: byId('exam-session-elsewhere-text'), button: byId<HTMLButtonElement>('exam-session-take-over'), error: byId('exam-session-error') }, examId, why);
}

/** The sitting is not for this page to run: it moved to another browser, or it was submitted before this browser had it. */
function showOver(heading: string, text: string): void {
  hideTerminalPane();
  vmSession.shutDown();
  byId('exam-session-join').hidden = true;
  byId('exam-session-over').hidden = false;
  byId('exam-session-over-title').textContent = heading;
  byId('exam-session-over-text').textContent = text;
}

/**
 * The instructor's resume link (…#resume=sxc_…) continues a sitting in this browser: its token
 * is kept as this session's, and taken out of the address (it is not for the history or a
 * screenshot). The fragment never reaches a server.
 */
function takeResumeToken(session: string): void {
  const token = new URLSearchParams(location.hash.slice(1)).get('resume');
  if (!token) return;
  if (/^sxc_[A-Za-z0-9_-]+$/.test(token)) window.localStorage.setItem(candidateKey(session), JSON.stringify({ token, session }));
  history.replaceState(history.state, '', location.pathname + location.search);
}

async function mountSitting(examId: string, token: CandidateToken, sitting: SittingView): Promise<void> {
  let host: ReturnType<typeof serverExamHost> | undefined;
  // Stepping aside, uploads stop, the task is saved in this browser (the next tab resumes from
  // it and uploads what this one left unsent), and the upload running is let finish, so uploads stay in order.
  const why = await claimExamTab(examId, async () => {
    await host?.stepAside();
  });
  if (why) return showElsewhere(examId, why);
  byId('exam-session-join').hidden = true;
  const storage = window.localStorage;
  const exam = examById(examId);
  const build = await imageBuild();
  // The element resumes the sitting it finds in this browser: give it the server's (seed, start,
  // deadline), as if Start had been pressed when the server started it, with each task the
  // server saved that this browser lacks (the sitting continued from another computer). One
  // kept from another sitting of the same exam (another seed) is replaced; this one's own is
  // resumed as it is.
  if (sitting.submittedAt !== null && readLocalSitting(storage, exam)?.seed !== sitting.seed) {
    return showOver('Exam submitted', `Your exam was submitted to the exam server at ${clockTime(new Date(sitting.submittedAt).toISOString())}. There is nothing more to do here: your instructor has your results.`);
  }
  const status = byId<HTMLParagraphElement>('exam-session-status');
  try {
    const fetched = await takeUpServerWork({ storage, exam, token, sitting, imageBuild: build }, (index, count) => {
      status.textContent = `Fetching your saved work from the exam server: task ${index} of ${count}…`;
    });
    if (fetched > 0) status.textContent = `Your saved work of ${fetched === 1 ? 'one task' : `${fetched} tasks`} came from the exam server; carry on where you left off.`;
  } catch (error) {
    status.textContent = '';
    byId('exam-session-error').textContent = `${error instanceof Error ? error.message : String(error)} Reload this page to try again: the exam server keeps your work, and your time runs on meanwhile.`;
    return;
  }
  await customElements.whenDefined('stacklab-exam');
  const template = document.querySelector<HTMLTemplateElement>(`template[data-exam="${examId}"]`);
  if (!template) throw new Error(`This site has no exam ${examId}; it may be an older build than the server's.`);
  const content = document.importNode(template.content, true);
  const element = content.querySelector('stacklab-exam') as HTMLElement & { host: unknown };
  const summary = el('a', { className: 'exam-server-save', id: 'exam-session-save', href: '#exam-session-status', hidden: true });
  content.querySelector('.exam-bar [data-action="submit"]')?.before(summary);
  host = serverExamHost(token, sitting, {
    imageBuild: build,
    onStatus: statusShower(summary),
    storage,
    latestToken: () => readCandidate(storage, token.session),
    // Continued on another computer: this page's exam can save nothing more. Loaded again, the page says where it went.
    onMovedAway: () => location.reload(),
  });
  element.host = host;
  const mounted = host;
  // Closing while an upload runs or waits to be tried again: the server would lack the latest work. Ask, and try at once.
  askBeforeLeaving(mounted.hasWorkNotOnServer, () => mounted.resumeUnsent());
  // What an earlier page left unsent goes once the task is back on screen, not in the restore's way.
  const stopWaiting = listen('stacklab:exam-task-settled', () => {
    stopWaiting();
    mounted.resumeUnsent();
  });
  // Saves that failed offline go the moment the browser is back online, not at the next retry.
  window.addEventListener('online', () => mounted.resumeUnsent());
  // The bundle goes to the server, not to a file: the element's "download" hands it to the host.
  const send = content.querySelector<HTMLButtonElement>('[data-action="download"]');
  if (send) send.textContent = 'Send results to the exam server again';
  byId('exam-session-mount').append(content);
  deliverWhenFinished(element, send, sitting.submittedAt !== null);
}

/** Once graded in the browser (phase finished), the bundle is sent at once, as a download would have been offered. */
function deliverWhenFinished(element: HTMLElement, send: HTMLButtonElement | null, alreadySubmitted: boolean): void {
  if (!send || alreadySubmitted) return;
  const sendOnce = () => {
    if (element.dataset.phase !== 'finished') return;
    observer.disconnect();
    send.click();
  };
  const observer = new MutationObserver(sendOnce);
  observer.observe(element, { attributes: true, attributeFilter: ['data-phase'] });
  sendOnce();
}

/**
 * Leaving the sitting by a link of the site is a page load, not the site's client-side
 * navigation: the browser asks first while work is not on the server yet, and coming back
 * (Back) loads the sitting afresh. Swapped out and in again, the page would show nothing: this
 * module runs once per document, and the tab still holds the sitting's lock.
 */
function leaveByPageLoad(): void {
  const sitPath = location.pathname;
  document.addEventListener('astro:before-preparation', (event) => {
    if (location.pathname === sitPath) event.preventDefault();
  });
}

export async function bootSitPage(): Promise<void> {
  leaveByPageLoad();
  const error = byId<HTMLParagraphElement>('exam-session-error');
  const session = new URLSearchParams(location.search).get('s')?.toUpperCase() ?? '';
  try {
    const info = await sessionInfo(session);
    byId('exam-session-title').textContent = info.exam.title;
    byId('exam-session-limit').textContent = `${info.timeLimitMinutes} minutes from when you press Start here; the server keeps the time.`;
    if (isSteppedAside()) return showElsewhere(info.exam.id, 'moved');
    takeResumeToken(session);
    const stored = readCandidate(window.localStorage, session);
    if (stored) {
      let sitting: SittingView | undefined;
      try {
        sitting = await readSitting(stored);
      } catch (refused) {
        if (refused instanceof ExamServerError && refused.code === 'sitting-moved') return showOver('Exam continued elsewhere', refused.message);
        window.localStorage.removeItem(candidateKey(session));
      }
      if (sitting) return mountSitting(info.exam.id, stored, sitting);
    }
    const form = byId<HTMLFormElement>('exam-session-form');
    byId('exam-session-code-row').hidden = !info.needsAccessCode;
    byId('exam-session-join').hidden = false;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const data = new FormData(form);
      error.textContent = '';
      startSitting(session, String(data.get('name') ?? ''), String(data.get('accessCode') ?? '') || undefined, window.localStorage)
        .then(({ token, sitting }) => mountSitting(info.exam.id, token, sitting))
        .catch((e: unknown) => {
          error.textContent = e instanceof Error ? e.message : String(e);
        });
    });
  } catch (e) {
    error.textContent = e instanceof Error ? e.message : String(e);
  }
}
