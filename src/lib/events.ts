/**
 * Every window event the site's parts send each other, declared once: its name and the type
 * of its detail. dispatch() and listen() accept only these names and their details, so a
 * listener never casts and a sender cannot misspell a name.
 *
 * @example
 * const off = listen('stacklab:exercise-saved', ({ exercise, savedAt }) => show(exercise, savedAt));
 * dispatch('stacklab:exercise-saved', { exercise: 'eth1-up', savedAt: new Date().toISOString() });
 * off();
 */
import type { StreamEvent } from '../server/schemas.ts';
import type { ClassroomEventDetails } from './classroom/events.ts';
import type { Preferences } from './preferences.ts';
import type { ThemeName } from './terminal-themes.ts';

export interface StacklabEvents extends ClassroomEventDetails {
  /** The VM was reset or restored for an exercise (or a lab): the terminal redraws. `restored`: it now holds a saved state, unchanged. */
  'stacklab:vm-replaced': { restored: boolean };
  /** The whole VM went back to its snapshot: no exercise is set up any more. */
  'stacklab:vm-reset': undefined;
  /** An exercise's (or exam task's) VM state was saved (src/lib/exercise-autosave.ts); `savedAt`: when the state was taken. */
  'stacklab:exercise-saved': { exercise: string; savedAt: string };
  /** Another tab of the browser took the exercise (src/lib/exercise-tab.ts): this tab saved it (unless `saved` is false) and let it go. */
  'stacklab:exercise-moved': { exercise: string; movedAt: string; saved: boolean };
  /** An exam task's set-up or restore in the VM ended, well or not (src/elements/exam.ts): the page's first work is done. */
  'stacklab:exam-task-settled': { taskId: string };
  /** Open the terminal pane. */
  'stacklab:show-terminal': undefined;
  /** Type `command` into the terminal and press Enter (<stacklab-run>). */
  'stacklab:run': { command: string };
  /** The reader's stored preferences changed (src/lib/preferences.ts). */
  'stacklab:preferences': Preferences;
  /** The page's theme changed. */
  'stacklab:theme': ThemeName;
  /** The service worker has fetched the site for offline use. */
  'stacklab:offline-ready': undefined;
  /** A broadcast from the workshop's instructor arrived. */
  'stacklab:classroom-message': StreamEvent;
  /** The workshop membership ended or changed. */
  'stacklab:classroom-changed': { message?: string };
}

export type StacklabEventName = keyof StacklabEvents;

/** The detail argument: none for an event without one. */
type DetailArgs<K extends StacklabEventName> = StacklabEvents[K] extends undefined ? [] : [detail: StacklabEvents[K]];

export function dispatch<K extends StacklabEventName>(name: K, ...detail: DetailArgs<K>): void {
  window.dispatchEvent(new CustomEvent(name, detail.length > 0 ? { detail: detail[0] } : undefined));
}

/** Calls `handler` with each `name` event's detail; returns the function that stops listening. */
export function listen<K extends StacklabEventName>(name: K, handler: (detail: StacklabEvents[K]) => void): () => void {
  const listener = (event: Event) => handler((event as CustomEvent<StacklabEvents[K]>).detail);
  window.addEventListener(name, listener);
  return () => window.removeEventListener(name, listener);
}
