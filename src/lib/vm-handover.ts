/**
 * Handing the page's one VM to an exercise (or to a lesson's lab), in the one order that keeps
 * the learner's work:
 *
 * 1. save: the exercise the VM holds is saved (unless it is the one taking the VM), so
 *    coming back to it can Resume;
 * 2. release: no exercise is active while the VM changes, so an autosave queued meanwhile
 *    never stores the new contents under the old exercise's id;
 * 3. replace: the VM is reset to its snapshot, reset and set up for the exercise, or restored
 *    from a saved state;
 * 4. take: the new exercise becomes the active one (unless the caller was overtaken meanwhile);
 * 5. announce: 'stacklab:vm-reset' after a bare reset, then 'stacklab:vm-replaced' (the terminal redraws).
 *
 * Typing is held from the first step to the last (src/lib/terminal-input.ts): what the learner
 * types meanwhile reaches the new guest, after the redraw.
 *
 * Used by the exercise element (Start, Reset, Resume), the exam (a task on screen), the lab
 * set-up, and the terminal's Reset VM (which discards: no save first); tests/unit/vm-handover.test.ts
 * holds the order.
 *
 * @example
 * await handOverVm(machine, { to: 'eth1-up', replacement: () => ({ kind: 'setup', script }) });
 */
import type { GuestMachine } from '../vm/machine-api.ts';
import { dispatch } from './events.ts';
import { saveActiveExercise, setActiveExercise } from './exercise-session.ts';
import { holdTyping } from './terminal-input.ts';

/** What the VM becomes once released. */
export type Replacement =
  /** Back to the snapshot, nothing set up (a lesson's lab starts here). */
  | { kind: 'reset' }
  /** Back to the snapshot, then the exercise's set-up script. */
  | { kind: 'setup'; script: string }
  /** A saved VM state. */
  | { kind: 'restore'; state: ArrayBuffer };

export interface HandOver {
  /** The exercise (or exam task key) that takes the VM; none for a lab. */
  to?: string;
  /**
   * Decides the replacement after the save and before the release (it may read the saved
   * state). A throw here leaves the VM and its active exercise as they were.
   */
  replacement: () => Replacement | Promise<Replacement>;
  /** Stop, changing nothing, when the exercise the VM holds could not be saved. */
  requireSaved?: boolean;
  /** False to skip step 1: the learner chose to throw the VM's contents away (Reset VM); the last autosave stays. */
  saveFirst?: boolean;
  /** Asked after the replacement: false when the caller was overtaken (the VM stays released, nothing is announced). */
  stillWanted?: () => boolean;
}

/** 'done'; 'not-saved' (requireSaved and the save failed: nothing changed); 'overtaken' (stillWanted said no). */
export type HandOverResult = { outcome: 'done' | 'overtaken'; replacement: Replacement } | { outcome: 'not-saved' };

export async function handOverVm(machine: GuestMachine, options: HandOver): Promise<HandOverResult> {
  // What the learner types meanwhile would reach a guest about to be replaced: it waits, and
  // reaches the new one after the announcement (the terminal's redraw).
  const releaseTyping = holdTyping();
  try {
    return await replaceVm(machine, options);
  } finally {
    releaseTyping();
  }
}

async function replaceVm(machine: GuestMachine, { to, replacement, requireSaved = false, saveFirst = true, stillWanted = () => true }: HandOver): Promise<HandOverResult> {
  const saved = saveFirst ? (await saveActiveExercise(machine, to)).ok : true;
  if (requireSaved && !saved) return { outcome: 'not-saved' };
  const next = await replacement();
  setActiveExercise(undefined);
  if (next.kind === 'restore') {
    await machine.restoreState(next.state);
  } else if (next.kind === 'setup') {
    const { prepareExercise } = await import('../exercises/run.ts');
    await prepareExercise(machine, next.script);
  } else {
    await machine.reset();
  }
  if (!stillWanted()) return { outcome: 'overtaken', replacement: next };
  if (to !== undefined) setActiveExercise(to);
  if (next.kind === 'reset') dispatch('stacklab:vm-reset');
  dispatch('stacklab:vm-replaced', { restored: next.kind === 'restore' });
  return { outcome: 'done', replacement: next };
}
