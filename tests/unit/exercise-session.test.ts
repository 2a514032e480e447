import { describe, expect, it, vi } from 'vitest';

const stored: Array<{ id: string; state: string }> = [];
const storedTakenAt: Date[] = [];
vi.mock('../../src/lib/exercise-states.ts', () => ({
  saveExerciseState: async (id: string, state: ArrayBuffer, takenAt: Date) => {
    stored.push({ id, state: new TextDecoder().decode(state) });
    storedTakenAt.push(takenAt);
  },
}));
const { saveActiveExercise, savesPending, setActiveExercise } = await import('../../src/lib/exercise-session.ts');

/** A machine that captures what it holds when a save starts, and takes a moment to hand it over. */
function fakeMachine(holds: { now: string }) {
  return {
    saveState: async () => {
      const state = new TextEncoder().encode(holds.now).buffer;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return state;
    },
  } as unknown as Parameters<typeof saveActiveExercise>[0];
}

describe('saveActiveExercise', () => {
  it('drops a queued save once the VM was given to another exercise, so it never stores that exercise under the old id', async () => {
    stored.length = 0;
    const holds = { now: 'red-blue work' };
    const machine = fakeMachine(holds);
    setActiveExercise('netns-red-blue');
    const first = saveActiveExercise(machine);
    const second = saveActiveExercise(machine); // an autosave that fired meanwhile, queued behind the first
    await new Promise((resolve) => setTimeout(resolve, 0)); // the first save has captured the state
    setActiveExercise(undefined); // the VM is being given to another exercise
    holds.now = 'eth1-up start state';
    await Promise.all([first, second]);
    expect(stored).toEqual([{ id: 'netns-red-blue', state: 'red-blue work' }]);
  });

  it('tells the caller when the exercise it had to save could not be saved', async () => {
    stored.length = 0;
    setActiveExercise('netns-red-blue');
    const broken = { saveState: async () => Promise.reject(new Error('the VM is not answering')) } as unknown as Parameters<typeof saveActiveExercise>[0];
    expect(await saveActiveExercise(broken)).toEqual({ ok: false });
    expect(await saveActiveExercise(fakeMachine({ now: 'red-blue work' }))).toMatchObject({ ok: true });
    expect(stored).toEqual([{ id: 'netns-red-blue', state: 'red-blue work' }]);
  });

  it('says when the state was taken, not when it was stored: a save that ends after the next command does not claim it', async () => {
    stored.length = 0;
    storedTakenAt.length = 0;
    setActiveExercise('netns-red-blue');
    const holds = { now: 'set-up' };
    // A slow first save (the set-up's, on a loaded machine) and the learner's save queued behind it.
    const slow = {
      saveState: async () => {
        const state = new TextEncoder().encode(holds.now).buffer;
        await new Promise((resolve) => setTimeout(resolve, 60));
        return state;
      },
    } as unknown as Parameters<typeof saveActiveExercise>[0];
    const setUpSave = saveActiveExercise(slow);
    await new Promise((resolve) => setTimeout(resolve, 20));
    holds.now = 'namespace made';
    const pressedAt = Date.now();
    const learnerSave = saveActiveExercise(fakeMachine(holds));
    const first = await setUpSave;
    expect(Date.now()).toBeGreaterThan(pressedAt); // it ended after the press
    expect(Date.parse(first.takenAt!)).toBeLessThan(pressedAt);
    const second = await learnerSave;
    expect(Date.parse(second.takenAt!)).toBeGreaterThanOrEqual(pressedAt);
    expect(stored.map((s) => s.state)).toEqual(['set-up', 'namespace made']);
    expect(storedTakenAt.map((at) => at.toISOString())).toEqual([first.takenAt, second.takenAt]);
  });

  it('does not save the exercise that is about to be started', async () => {
    stored.length = 0;
    setActiveExercise('eth1-up');
    await saveActiveExercise(fakeMachine({ now: 'x' }), 'eth1-up');
    expect(stored).toEqual([]);
  });
});

describe('savesPending', () => {
  it('is true from the moment any caller starts a save (an exercise switch, not only the autosave) until it is stored, and for a save queued behind it', async () => {
    stored.length = 0;
    setActiveExercise('netns-red-blue');
    expect(savesPending()).toBe(false);
    const machine = fakeMachine({ now: 'red-blue work' });
    const switchSave = saveActiveExercise(machine, 'eth1-up');
    const queued = saveActiveExercise(machine);
    expect(savesPending()).toBe(true);
    await switchSave;
    expect(savesPending()).toBe(true);
    await queued;
    expect(savesPending()).toBe(false);
    expect(stored.map((save) => save.id)).toEqual(['netns-red-blue', 'netns-red-blue']);
  });

  it('is false again after a save that failed', async () => {
    setActiveExercise('netns-red-blue');
    const broken = { saveState: async () => Promise.reject(new Error('the VM is not answering')) } as unknown as Parameters<typeof saveActiveExercise>[0];
    const attempt = saveActiveExercise(broken);
    expect(savesPending()).toBe(true);
    expect(await attempt).toEqual({ ok: false });
    expect(savesPending()).toBe(false);
  });
});
