/**
 * Reports this tab's learning to the workshop the learner joined, and nothing anywhere when
 * they joined none. Installed once per page load (client-side navigation keeps it): it turns
 * the page's classroom events into queued reports, the page the learner is on into
 * lesson-viewed, flushes the queue now, every 15 s while something waits, and when the
 * browser is back online. The learner's stream (Server-Sent Events, reconnecting with
 * Last-Event-ID) brings the instructor's broadcasts, answers to raised hands and peek requests
 * the moment they are made.
 */
import { streamEventSchema, type StreamEvent } from '../../server/schemas.ts';
import { learnerStreamHeaders, MEMBERSHIP_KEY, readMembership, sendEvents, type Membership } from './client.ts';
import { CHECK_REPORT_EVENT, EXERCISE_STARTED_EVENT, HINT_SHOWN_EVENT, SOLUTION_REVEALED_EVENT, type ClassroomEventDetails } from './events.ts';
import { LearnerPeek } from './learner-peek.ts';
import { ReportQueue, type NewLearnerEvent } from './queue.ts';
import { followStream } from './sse.ts';
import { browserLocalStorage } from '../browser-storage.ts';

/** The element listens to these: a broadcast arrived, or the membership ended or changed. */
export const CLASSROOM_MESSAGE_EVENT = 'stacklab:classroom-message';
export const CLASSROOM_CHANGED_EVENT = 'stacklab:classroom-changed';
const LAST_MESSAGE_KEY = 'stacklab:classroom:last-message';

let installed = false;
const queue = new ReportQueue(browserLocalStorage());

export const membership = (): Membership | undefined => readMembership(browserLocalStorage());

const tabStorage = (): Storage | undefined => {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
};

/** This tab's side of a terminal peek; the bar shows its consent dialog and indicator. */
export const learnerPeek = new LearnerPeek(membership, tabStorage());
let stopStream: (() => void) | undefined;

export function report(event: NewLearnerEvent): void {
  if (!membership()) return;
  queue.enqueue(event);
  void flush();
}

async function flush(): Promise<void> {
  const current = membership();
  if (!current) return;
  const result = await queue.flush((events) => sendEvents(current, events));
  if (!result.ended) return;
  // Refused a token this browser has replaced meanwhile (the learner launched again from the LMS, in another tab): send with the new one.
  const latest = membership();
  if (latest && latest.token !== current.token) void flush();
  else end(result.ended);
}

function end(message: string): void {
  stopStream?.();
  stopStream = undefined;
  learnerPeek.end();
  browserLocalStorage()?.removeItem(MEMBERSHIP_KEY);
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

/** Follows the learner's stream from the last event this tab has seen. */
function listen(): void {
  const current = membership();
  if (!current || stopStream) return;
  const after = Number(tabStorage()?.getItem(LAST_MESSAGE_KEY) ?? 0);
  // Each reconnect sends the token this browser holds by then: an LMS launch again gives the same learner a new one.
  stopStream = followStream('/api/learner/stream', () => learnerStreamHeaders(membership() ?? current), after, {
    message: (data) => {
      const parsed = streamEventSchema.safeParse(JSON.parse(data));
      if (!parsed.success) return;
      const event: StreamEvent = parsed.data;
      tabStorage()?.setItem(LAST_MESSAGE_KEY, String(event.id));
      if (event.type.startsWith('peek-')) void learnerPeek.refresh();
      window.dispatchEvent(new CustomEvent<StreamEvent>(CLASSROOM_MESSAGE_EVENT, { detail: event }));
    },
    ended: (message) => end(message ?? 'This workshop no longer knows you; join again with its code.'),
    // After a reconnect, the open peek may have changed while the stream was down.
    open: () => void learnerPeek.refresh(),
  });
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
    earned: { score: r.earned.score, max: r.earned.maximum },
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
  void flush();
  listen();
  // Joining on this page (the join form) starts the stream too.
  window.addEventListener(CLASSROOM_CHANGED_EVENT, () => listen());
}
