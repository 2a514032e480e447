/**
 * Which exercise the page's VM currently holds. Module state, so it survives client-side
 * navigation like the VM itself (src/lib/vm-session.ts); a reload forgets it, as the VM
 * starts again from the snapshot.
 *
 * Before the VM is given to another exercise (Start or Resume), the one it held is saved
 * to IndexedDB, so coming back to it can offer Resume.
 */
import type { GuestMachine } from '../vm/machine-api.ts';
import { timePhase } from '../vm/perf-marks.ts';
import { saveExerciseState } from './exercise-states.ts';
import { messageOf } from './message-of.ts';

let active: string | undefined;
let saving: Promise<unknown> = Promise.resolve();
/** Saves started and not yet finished, whoever started them (the autosave, an exercise switch, a VM handover). */
let pending = 0;

export function activeExercise(): string | undefined {
  return active;
}

export function setActiveExercise(id: string | undefined): void {
  active = id;
}

/**
 * How a save went: `ok` false when there was an exercise to save and it could not be saved.
 * `takenAt` (ISO) when this call stored a state: the moment the VM's state was taken, so the
 * work done before it is in the save. A save that waited behind another one, or that finished
 * seconds later, never claims more than that.
 */
export interface SaveOutcome {
  ok: boolean;
  takenAt?: string;
}

/**
 * Saves the active exercise's VM state (unless it is `except`). Never rejects: resolves once
 * stored, with ok false when there was an exercise to save and it could not be saved (so a
 * caller about to replace the VM can stop instead of losing the learner's work).
 */
export function saveActiveExercise(machine: GuestMachine, except?: string): Promise<SaveOutcome> {
  const id = active;
  if (!id || id === except) return saving.then(() => ({ ok: true }));
  pending++;
  const attempt = saving.then(async (): Promise<SaveOutcome> => {
    // Saves queue behind each other; by the time this one runs the VM may hold another exercise.
    if (active !== id) return { ok: true };
    try {
      // Taken before the VM is asked: everything done until now is in the state it returns.
      const takenAt = new Date();
      const stored = await saveExerciseState(id, await timePhase('save', 'snapshot', () => machine.saveState()), takenAt);
      return stored === false ? { ok: false } : { ok: true, takenAt: takenAt.toISOString() };
    } catch (error) {
      console.warn(`Stacklab: could not save the VM state of exercise ${id}: ${messageOf(error)}`);
      return { ok: false };
    }
  }).finally(() => pending--);
  saving = attempt;
  return attempt;
}

/** Whether a save of an exercise's VM state is running or queued: leaving the page now would lose it. */
export function savesPending(): boolean {
  return pending > 0;
}

/** Resolves when every save started so far has finished. */
export function savesFinished(): Promise<unknown> {
  return saving;
}
