/**
 * Reports this tab's learning to the workshop the learner joined, and nothing anywhere when
 * they joined none. Installed once per page load (client-side navigation keeps it): it turns
 * the page's classroom events into queued reports, the page the learner is on into
 * lesson-viewed, flushes the queue now, every 15 s while something waits, and when the
 * browser is back online, and polls the instructor's broadcasts every 20 s.
 */
import type { StreamEvent } from '../../server/schemas.ts';
import { fetchMessages, MEMBERSHIP_KEY, readMembership, sendEvents, type Membership } from './client.ts';
import { CHECK_REPORT_EVENT, EXERCISE_STARTED_EVENT, HINT_SHOWN_EVENT, SOLUTION_REVEALED_EVENT, type ClassroomEventDetails } from './events.ts';
import { ReportQueue, type NewLearnerEvent } from './queue.ts';

/** The element listens to these: a broadcast arrived, or the membership ended or changed. */
export const CLASSROOM_MESSAGE_EVENT = 'stacklab:classroom-message';
export const CLASSROOM_CHANGED_EVENT = 'stacklab:classroom-changed';
const LAST_MESSAGE_KEY = 'stacklab:classroom:last-message';

const storage = (): Storage | undefined => {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
};

let installed = false;
const queue = new ReportQueue(storage());

export const membership = (): Membership | undefined => readMembership(storage());

export function report(event: NewLearnerEvent): void {
  if (!membership()) return;
  queue.enqueue(event);
  void flush();
}

async function flush(): Promise<void> {
  const current = membership();
  if (!current) return;
  const result = await queue.flush((events) => sendEvents(current, events));
  if (result.ended) end(result.ended);
}

function end(message: string): void {
  storage()?.removeItem(MEMBERSHIP_KEY);
  queue.clear();
  window.dispatchEvent(new CustomEvent(CLASSROOM_CHANGED_EVENT, { detail: { message } }));
}

/** Leaves the workshop: the "left" report goes first (queued if offline), then the membership is forgotten. */
export async function leave(): Promise<void> {
  const current = membership();
  if (!current) return;
  queue.enqueue({ type: 'left' });
  await queue.flush((events) => sendEvents(current, events));
  end(`You left "${current.title}".`);
}

async function pollMessages(): Promise<void> {
  const current = membership();
  if (!current || !navigator.onLine) return;
  const after = Number(sessionStorage.getItem(LAST_MESSAGE_KEY) ?? 0);
  const events = await fetchMessages(current, after).catch(() => [] as StreamEvent[]);
  if (events === 'ended') return end('This workshop no longer knows you; join again with its code.');
  for (const event of events) window.dispatchEvent(new CustomEvent<StreamEvent>(CLASSROOM_MESSAGE_EVENT, { detail: event }));
  if (events.length > 0) sessionStorage.setItem(LAST_MESSAGE_KEY, String(events.at(-1)!.id));
}

function lessonFromPath(): string | undefined {
  return location.pathname.match(/^\/lessons\/([a-z0-9-]+)\/?$/)?.[1];
}

export function installReporter(): void {
  if (installed) return;
  installed = true;
  const on = <K extends keyof ClassroomEventDetails>(name: K, handle: (detail: ClassroomEventDetails[K]) => NewLearnerEvent) =>
    window.addEventListener(name, (event) => report(handle((event as CustomEvent<ClassroomEventDetails[K]>).detail)));
  on(EXERCISE_STARTED_EVENT, ({ exercise }) => ({ type: 'exercise-started', exercise }));
  on(CHECK_REPORT_EVENT, ({ exercise, report: r }) => ({
    type: 'check-report',
    exercise,
    status: r.status,
    score: r.score,
    max: r.maximum,
    checks: r.checks.slice(0, 100).map((c) => ({ id: c.id, title: c.title.slice(0, 200), status: c.status })),
  }));
  on(HINT_SHOWN_EVENT, ({ exercise, hint }) => ({ type: 'hint-shown', exercise, hint }));
  on(SOLUTION_REVEALED_EVENT, ({ exercise }) => ({ type: 'solution-revealed', exercise }));
  let lastLesson: string | undefined;
  const viewed = () => {
    const lesson = lessonFromPath();
    if (lesson && lesson !== lastLesson) report({ type: 'lesson-viewed', lesson });
    lastLesson = lesson;
  };
  document.addEventListener('astro:page-load', viewed);
  viewed();
  window.addEventListener('online', () => void flush());
  setInterval(() => {
    if (queue.pending().length > 0) void flush();
  }, 15_000);
  setInterval(() => void pollMessages(), 20_000);
  void flush();
  void pollMessages();
}
