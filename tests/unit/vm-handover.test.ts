/**
 * Handing the VM to an exercise: save what it holds, release it, replace it, take it, announce
 * it, in that order, for every caller (exercise Start/Reset/Resume, an exam task, a lab).
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

const log: string[] = [];
let saveFails = false;
vi.mock('../../src/lib/exercise-states.ts', () => ({
  saveExerciseState: async (id: string) => {
    log.push(`save ${id}`);
    return !saveFails;
  },
}));
const { activeExercise, setActiveExercise } = await import('../../src/lib/exercise-session.ts');
const { handOverVm } = await import('../../src/lib/vm-handover.ts');
const { typeInto } = await import('../../src/lib/terminal-input.ts');
type Machine = Parameters<typeof handOverVm>[0];

/** A machine that logs each call with the exercise active at that moment. */
function recordingMachine(): Machine {
  const holding = () => activeExercise() ?? 'none';
  return {
    saveState: async () => new ArrayBuffer(8),
    reset: async () => void log.push(`reset (active: ${holding()})`),
    restoreState: async () => void log.push(`restore (active: ${holding()})`),
    exec: async (script: string) => {
      log.push(`exec ${script} (active: ${holding()})`);
      return { exitCode: 0, stdout: '', stderr: '', durationMs: 1 };
    },
    terminalInput: (data: string) => void log.push(`typed ${JSON.stringify(data)}`),
  } as unknown as Machine;
}

beforeAll(() => {
  const target = new EventTarget();
  for (const name of ['stacklab:vm-reset', 'stacklab:vm-replaced']) {
    target.addEventListener(name, () => log.push(`${name.replace('stacklab:', '')} (active: ${activeExercise() ?? 'none'})`));
  }
  vi.stubGlobal('window', target);
});

afterEach(() => {
  log.length = 0;
  saveFails = false;
  setActiveExercise(undefined);
});

describe('handOverVm', () => {
  it('Start: saves the exercise the VM held, releases it, sets the new one up, takes it, then announces', async () => {
    setActiveExercise('netns-red-blue');
    const result = await handOverVm(recordingMachine(), { to: 'eth1-up', replacement: () => ({ kind: 'setup', script: 'ip link set eth1 down' }) });
    expect(result.outcome).toBe('done');
    expect(log).toEqual(['save netns-red-blue', 'reset (active: none)', 'exec ip link set eth1 down (active: none)', 'vm-replaced (active: eth1-up)']);
  });

  it('Resume: the state is read after the save and before the release, restored while released', async () => {
    setActiveExercise('netns-red-blue');
    const result = await handOverVm(recordingMachine(), {
      to: 'eth1-up',
      replacement: () => {
        log.push(`read the saved state (active: ${activeExercise()})`);
        return { kind: 'restore', state: new ArrayBuffer(8) };
      },
    });
    expect(result).toMatchObject({ outcome: 'done', replacement: { kind: 'restore' } });
    expect(log).toEqual(['save netns-red-blue', 'read the saved state (active: netns-red-blue)', 'restore (active: none)', 'vm-replaced (active: eth1-up)']);
  });

  it('does not save the exercise that takes the VM over itself (Reset of the exercise on screen)', async () => {
    setActiveExercise('eth1-up');
    await handOverVm(recordingMachine(), { to: 'eth1-up', replacement: () => ({ kind: 'setup', script: 'true' }) });
    expect(log.filter((line) => line.startsWith('save'))).toEqual([]);
    expect(activeExercise()).toBe('eth1-up');
  });

  it('a lab: resets, takes no exercise, and announces the reset before the replacement', async () => {
    setActiveExercise('netns-red-blue');
    await handOverVm(recordingMachine(), { replacement: () => ({ kind: 'reset' }), requireSaved: true });
    expect(log).toEqual(['save netns-red-blue', 'reset (active: none)', 'vm-reset (active: none)', 'vm-replaced (active: none)']);
  });

  it("the terminal's Reset VM: discards (no save), releases, resets, announces the reset and the replacement", async () => {
    setActiveExercise('netns-red-blue');
    await handOverVm(recordingMachine(), { replacement: () => ({ kind: 'reset' }), saveFirst: false });
    expect(log).toEqual(['reset (active: none)', 'vm-reset (active: none)', 'vm-replaced (active: none)']);
  });

  it('stops before touching the VM when a required save failed, leaving the exercise active', async () => {
    setActiveExercise('netns-red-blue');
    saveFails = true;
    const result = await handOverVm(recordingMachine(), { replacement: () => ({ kind: 'reset' }), requireSaved: true });
    expect(result.outcome).toBe('not-saved');
    expect(log).toEqual(['save netns-red-blue']);
    expect(activeExercise()).toBe('netns-red-blue');
  });

  it('a replacement that throws (no saved state) leaves the VM and its exercise as they were', async () => {
    setActiveExercise('netns-red-blue');
    const failing = handOverVm(recordingMachine(), {
      to: 'eth1-up',
      replacement: () => {
        throw new Error('the saved state could not be read');
      },
    });
    await expect(failing).rejects.toThrow('the saved state could not be read');
    expect(log).toEqual(['save netns-red-blue']);
    expect(activeExercise()).toBe('netns-red-blue');
  });

  it('overtaken while the VM was replaced: the VM stays released and nothing is announced', async () => {
    const result = await handOverVm(recordingMachine(), { to: 'eth1-up', replacement: () => ({ kind: 'setup', script: 'true' }), stillWanted: () => false });
    expect(result.outcome).toBe('overtaken');
    expect(log).toEqual(['reset (active: none)', 'exec true (active: none)']);
    expect(activeExercise()).toBeUndefined();
  });

  describe('what the learner types meanwhile', () => {
    it('reaches the new guest after the announcement (the redraw), in order, whether typed during the save or the set-up', async () => {
      setActiveExercise('netns-red-blue');
      const machine = recordingMachine();
      const exec = machine.exec.bind(machine);
      machine.exec = async (...args: Parameters<Machine['exec']>) => {
        typeInto(machine, 'add red\n');
        return exec(...args);
      };
      const result = handOverVm(machine, {
        to: 'eth1-up',
        replacement: () => {
          typeInto(machine, 'ip netns ');
          return { kind: 'setup', script: 'true' };
        },
      });
      await result;
      expect(log).toEqual(['save netns-red-blue', 'reset (active: none)', 'exec true (active: none)', 'vm-replaced (active: eth1-up)', 'typed "ip netns "', 'typed "add red\\n"']);
      typeInto(machine, 'ip netns list\n');
      expect(log.at(-1)).toBe('typed "ip netns list\\n"');
    });

    it('is not lost when the replacement throws: it reaches the VM as it was', async () => {
      const machine = recordingMachine();
      const failing = handOverVm(machine, {
        replacement: () => {
          typeInto(machine, 'echo still here\n');
          throw new Error('the saved state could not be read');
        },
      });
      await expect(failing).rejects.toThrow('the saved state could not be read');
      expect(log).toEqual(['typed "echo still here\\n"']);
    });

    it('typed during an overtaken hand-over waits for the one that overtook it', async () => {
      const machine = recordingMachine();
      let overtake!: () => void;
      const overtaken = new Promise<void>((resolve) => (overtake = resolve));
      const first = handOverVm(machine, {
        to: 'netns-red-blue',
        replacement: async () => {
          typeInto(machine, 'echo typed early\n');
          await overtaken;
          return { kind: 'reset' };
        },
        stillWanted: () => false,
      });
      const second = handOverVm(machine, {
        to: 'eth1-up',
        replacement: async () => {
          overtake();
          await first;
          return { kind: 'setup', script: 'true' };
        },
      });
      await second;
      expect(log.filter((line) => !line.startsWith('reset') && !line.startsWith('exec'))).toEqual(['vm-replaced (active: eth1-up)', 'typed "echo typed early\\n"']);
    });
  });
});
