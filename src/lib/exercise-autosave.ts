/**
 * Keeps the active exercise's VM state saved while the learner works, so closing the tab or
 * reloading loses at most the last few seconds: it saves once the terminal has been quiet for
 * QUIET_MS after activity, when the page is hidden (tab switched or closed), and after each
 * Check. Only when the terminal saw activity since the last save: a save costs the emulator
 * about a second of a busy machine. Closing or reloading the page before that save has ended
 * (seconds on a busy machine) asks first, and starts the save at once, so Stay keeps the work.
 * Installed once per page load; survives client-side navigation.
 */
import type { GuestMachine } from '../vm/machine-api.ts';
import { activeExercise, saveActiveExercise, savesPending } from './exercise-session.ts';
import { dispatch } from './events.ts';
import { askBeforeLeaving } from './leave-guard.ts';
import { vmSession, type VmStatus } from './vm-session.ts';

export const QUIET_MS = 3_000;

let installed = false;
let dirty = false;
let quietTimer: ReturnType<typeof setTimeout> | undefined;

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
  const saved = await saveActiveExercise(status.machine);
  if (saved && activeExercise() === exercise) {
    dispatch('stacklab:exercise-saved', { exercise, savedAt: new Date().toISOString() });
  }
  return saved;
}

function onTerminalActivity(): void {
  if (!activeExercise()) return;
  dirty = true;
  clearTimeout(quietTimer);
  quietTimer = setTimeout(() => void saveIfChanged(), QUIET_MS);
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
