/**
 * Keeps the active exercise's VM state saved while the learner works, so closing the tab or
 * reloading loses at most the last few seconds: it saves once the terminal has been quiet for
 * AUTOSAVE_QUIET_MS after activity, when the page is hidden (tab switched or closed), and after each
 * Check. Only when the terminal saw activity since the last save: a save costs the emulator
 * about a second of a busy machine (and, in an exam on the server, an upload of megabytes).
 * The prompt the site has the shell draw again after a Resume is not activity. Closing or
 * reloading the page before that save has ended (seconds on a busy machine) asks first, and
 * starts the save at once, so Stay keeps the work.
 * Installed once per page load; survives client-side navigation.
 */
import type { GuestMachine } from '../vm/machine-api.ts';
import { AUTOSAVE_QUIET_MS } from './autosave-quiet.ts';
import { activeExercise, saveActiveExercise, savesPending } from './exercise-session.ts';
import { dispatch, listen } from './events.ts';
import { askBeforeLeaving } from './leave-guard.ts';
import { onTyped, onTypingHeld } from './terminal-input.ts';
import { vmSession, type VmStatus } from './vm-session.ts';


let installed = false;
let dirty = false;
/**
 * Set when the VM was just restored from a save: until the learner types, what the terminal
 * prints is the site's own redraw of the prompt, not work, so it does not call for a save.
 */
let asSaved = false;
let quietTimer: ReturnType<typeof setTimeout> | undefined;
/** Checks running: a quiet save waits for them (see holdQuietSave). */
let holds = 0;
/** A quiet save came due while held. */
let dueWhileHeld = false;

/** Saves the active exercise now if anything happened in the terminal since the last save. */
export function saveIfChanged(): Promise<void> {
  clearTimeout(quietTimer);
  if (!dirty) return Promise.resolve();
  return saveNow().then(() => undefined);
}

/**
 * Saves the active exercise now (no-op without one or without a running VM): false when there
 * was one to save and its save failed.
 */
export async function saveNow(): Promise<boolean> {
  const status = vmSession.status;
  const exercise = activeExercise();
  if (status.state !== 'ready' || !exercise) return true;
  dirty = false;
  const { ok, takenAt } = await saveActiveExercise(status.machine);
  // Said with the moment the state was taken: a save that ends after the learner's next
  // command must not claim to hold it.
  if (takenAt && activeExercise() === exercise) dispatch('stacklab:exercise-saved', { exercise, savedAt: takenAt });
  return ok;
}

function onTerminalActivity(): void {
  if (!activeExercise() || asSaved) return;
  dirty = true;
  clearTimeout(quietTimer);
  quietTimer = setTimeout(saveWhenQuiet, AUTOSAVE_QUIET_MS);
}

function saveWhenQuiet(): void {
  if (holds > 0) dueWhileHeld = true;
  else void saveIfChanged();
}

/**
 * Holds the save that the terminal's quiet calls for until the function returned is called: a
 * Check holds it while it runs. A save copies the guest's memory, and one that came due during
 * a Check waited for the collection, then held the report back by as long as the copy took
 * (the first Check after a lab's Start: 0.6-0.8 s). The Check saves once its report is drawn;
 * a quiet save that came due meanwhile is made on release if still needed.
 */
export function holdQuietSave(): () => void {
  holds++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holds--;
    if (holds > 0 || !dueWhileHeld) return;
    dueWhileHeld = false;
    void saveIfChanged();
  };
}

export function installExerciseAutosave(): void {
  if (installed) return;
  installed = true;
  let detach: (() => void) | undefined;
  let machine: GuestMachine | undefined;
  const follow = (status: VmStatus) => {
    const next = status.state === 'ready' ? status.machine : undefined;
    if (next === machine) return;
    detach?.();
    machine = next;
    detach = next?.on('terminal-output', onTerminalActivity);
  };
  vmSession.on('status', follow);
  follow(vmSession.status);
  listen('stacklab:vm-replaced', ({ restored }) => {
    asSaved = restored;
    if (restored) {
      dirty = false;
      clearTimeout(quietTimer);
    }
  });
  onTyped(() => (asSaved = false));
  // Typed during the restore, held, and sent to the restored guest once it was announced: work.
  onTypingHeld((change) => {
    if (change === 'flowing') asSaved = false;
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') void saveIfChanged();
  });
  window.addEventListener('pagehide', () => void saveIfChanged());
  // The work typed in the last seconds is not in a save yet, or a save (this one's, an exercise
  // switch's, a handover's) has not ended: ask before it is lost, and begin the save.
  askBeforeLeaving(
    () => dirty || savesPending(),
    () => void saveIfChanged(),
  );
}
