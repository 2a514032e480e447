/**
 * A lesson's exercise in one tab of the browser at a time. Every tab runs its own VM and saves
 * an exercise's VM state under the exercise's id, so two tabs working on one exercise would save
 * over each other, the last save winning, older work over newer. The tab where the exercise is
 * set up (Start, Reset, Resume) holds it (a Web Lock, src/lib/one-tab.ts) while it is the VM's
 * exercise there. Another tab that opens or starts it is told where it is, and may move it:
 * the holding tab saves the exercise, lets it go (its VM stays; the exercise is no longer set up
 * there) and says so with 'stacklab:exercise-moved'; the other tab resumes from that save.
 *
 * Exams guard their whole sitting instead (src/lib/one-tab-offer.ts), under another lock prefix:
 * an exercise held here never makes an exam page think its sitting is open elsewhere.
 *
 * @example
 * if (!(await holdExercise('netns-red-blue'))) showMoveOffer();
 * await moveExerciseHere('netns-red-blue', () => say('Still waiting…'));
 */
import { saveNow } from './exercise-autosave.ts';
import { activeExercise, savesFinished, setActiveExercise } from './exercise-session.ts';
import { dispatch, listen } from './events.ts';
import { askToLetGo, canGuardTabs, holdLock, lockHeld, TAKE_OVER_SLOW_MS, type HeldLock } from './one-tab.ts';

const lockName = (exercise: string) => `stacklab:exercise-tab:${exercise}`;

/** The exercises this tab holds. */
const held = new Map<string, HeldLock>();
let followingVm = false;

/** Lets go of every exercise this tab holds that is no longer the VM's (after a switch, a Reset VM). */
function letGoOfInactive(): void {
  for (const [exercise, lock] of held) {
    if (exercise === activeExercise()) continue;
    held.delete(exercise);
    lock.letGo();
  }
}

/**
 * Holds `exercise` for this tab: true when it does (or already did, or the browser cannot tell
 * tabs apart), false when another tab holds it. Held until the VM is handed to something else
 * ('stacklab:vm-replaced' with another exercise active), or until another tab moves it away.
 */
export function holdExercise(exercise: string): Promise<boolean> {
  return hold(exercise, { waitForIt: false });
}

/** holdExercise, or with `waitForIt` (after askToLetGo), once the tab that holds it has let it go. */
async function hold(exercise: string, { waitForIt }: { waitForIt: boolean }): Promise<boolean> {
  if (!canGuardTabs() || held.has(exercise)) return true;
  if (!followingVm) {
    followingVm = true;
    listen('stacklab:vm-replaced', letGoOfInactive);
  }
  let saved = true;
  const lock = await holdLock(
    lockName(exercise),
    {
      // The other tab resumes from this save: made even when the terminal saw nothing new.
      leave: async () => {
        if (activeExercise() === exercise) saved = await saveNow();
        await savesFinished();
        if (activeExercise() === exercise) setActiveExercise(undefined);
      },
      moved: () => {
        held.delete(exercise);
        dispatch('stacklab:exercise-moved', { exercise, movedAt: new Date().toISOString(), saved });
      },
    },
    { letGoWhenMoved: true, waitForIt },
  );
  if (!lock) return false;
  held.set(exercise, lock);
  return true;
}

/** Whether another tab of this browser holds `exercise`. */
export async function exerciseOpenElsewhere(exercise: string): Promise<boolean> {
  return !held.has(exercise) && (await lockHeld(lockName(exercise)));
}

/**
 * Resolves once no tab holds `exercise` (the one that did was closed, or moved on to another
 * exercise); at once if none does. Waits with a shared request, so it never keeps the
 * exercise from a tab that asks for it.
 */
export async function whenExerciseLetGo(exercise: string): Promise<void> {
  if (!canGuardTabs()) return;
  await navigator.locks.request(lockName(exercise), { mode: 'shared' }, async () => undefined);
}

/**
 * Asks the tab that holds `exercise` to save it and let it go, then holds it here. `onSlow`
 * is called once if the other tab has not answered within 15 s (it may be frozen).
 */
export async function moveExerciseHere(exercise: string, onSlow: () => void): Promise<void> {
  if (!canGuardTabs()) return;
  // Waiting in the lock's queue, not asking once it is free: another tab's wait for the let-go
  // (whenExerciseLetGo) could hold it for that instant.
  const slow = setTimeout(onSlow, TAKE_OVER_SLOW_MS);
  try {
    askToLetGo(lockName(exercise));
    await hold(exercise, { waitForIt: true });
  } finally {
    clearTimeout(slow);
  }
}
