import { describe, expect, it, vi } from 'vitest';
import { buildCollectionScript } from '../../src/state/collect.ts';
import { holdWarmUp, holdWarmUpWhileTerminalBusy, STAND_IN_NAMESPACE, stopWarmUp, WARM_UP_ROUNDS, WARM_UP_SCRIPT, warmUpInBackground, warmUpPieces, warmUpScript } from '../../src/state/warm-up.ts';
import { VmError } from '../../src/vm/errors.ts';
import type { Machine } from '../../src/vm/machine.ts';

/** A machine whose every exec takes a moment, recording the scripts it was given. */
function recordingMachine() {
  const scripts: string[] = [];
  const machine = {
    exec: async (script: string, options: { background?: boolean }) => {
      if (!options.background) throw new Error('a warm-up round must be a background request');
      scripts.push(script);
      await new Promise((resolve) => setTimeout(resolve, 2));
      return { exitCode: 0, stdout: '', stderr: '', durationMs: 1 };
    },
  } as unknown as Machine;
  return { machine, scripts };
}
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The pieces of a round without an exercise: the host's tables, then the hidden namespace's links. */
const HOST_PIECES = warmUpPieces();
const isHostPiece = (script: string) => HOST_PIECES.includes(script);

describe('warmUpScript', () => {
  it("runs the grader's own collection, output discarded, without its probes or server log", () => {
    const script = warmUpScript({
      namespaces: ['red'],
      ip: ['link'],
      extra: ['nft'],
      probes: [{ id: 'web', kind: 'http', from: 'red', target: '10.0.0.1' }],
      serverLog: true,
    });
    expect(script).toMatch(/^\{\n/);
    expect(script).toMatch(/\n\} >\/dev\/null 2>&1$/);
    expect(script).toContain("for ns in 'red'; do");
    expect(script).toContain('link show');
    expect(script).toContain('m "nft:$ns"');
    expect(script).not.toContain('wget');
    expect(script).not.toContain('server-requests.log');
    expect(script).toContain('learner-shell.pid');
  });

  it('reads a hidden namespace in place of one the learner has not made yet', () => {
    const script = warmUpScript({ namespaces: ['red', ''], ip: ['link'] });
    expect(script).toContain(`ns='${STAND_IN_NAMESPACE}'`);
    expect(STAND_IN_NAMESPACE).toMatch(/^\.\.\/stacklab\/netns\/\w+$/);
    expect(buildCollectionScript({ namespaces: ['red'], ip: ['link'] })).not.toContain(STAND_IN_NAMESPACE);
  });

  it('falls back to the tables of the host and a hidden namespace without an exercise', () => {
    const script = warmUpScript();
    expect(script).toMatch(/^ip -j -d -batch - >\/dev\/null 2>&1 <<'TABLES'\n/);
    for (const table of ['link show', 'addr show', 'route show table all', 'rule show', 'neigh show']) {
      expect(script.split('\n'), `reads ${table}`).toContain(table);
    }
    expect(script).toContain(`nsenter --net=/run/stacklab/netns/${STAND_IN_NAMESPACE.split('/').at(-1)} ip -j -d link show >/dev/null 2>&1`);
    // Nothing a round prints may reach anyone: every command's output is discarded.
    for (const line of script.split('\n').filter((l) => /^(ip|nsenter) /.test(l))) expect(line).toMatch(/>\/dev\/null 2>&1/);
  });
});

describe('warmUpPieces', () => {
  it('cuts a round into one piece per namespace the grader reads, each reading only its own', () => {
    const request = { namespaces: ['red', 'blue'], ip: ['link' as const], details: false };
    const pieces = warmUpPieces(request);
    expect(pieces).toEqual([warmUpScript({ ...request, namespaces: ['red'] }), warmUpScript({ ...request, namespaces: ['blue'] })]);
    expect(pieces[0]).toContain("for ns in 'red'; do");
    expect(pieces[1]).toContain("for ns in 'blue'; do");
    expect(pieces.join('\n')).not.toContain("'red' 'blue'");
  });

  it('keeps a round whole when the grader reads one namespace, or whichever the learner made', () => {
    expect(warmUpPieces({ namespaces: ['red'], ip: ['link'] })).toEqual([warmUpScript({ namespaces: ['red'], ip: ['link'] })]);
    expect(warmUpPieces({ ip: ['link'] })).toEqual([warmUpScript({ ip: ['link'] })]);
  });

  it("cuts the round without an exercise into the host's tables and the hidden namespace's links", () => {
    expect(HOST_PIECES).toHaveLength(2);
    expect(HOST_PIECES[0]).toMatch(/^ip -j -d -batch - /);
    expect(HOST_PIECES[1]).toMatch(/^nsenter /);
    expect(HOST_PIECES.join('\n')).toBe(WARM_UP_SCRIPT);
  });
});

describe('warmUpInBackground', () => {
  it('rests between rounds as long as a round took only when the emulator shares the page\'s thread', async () => {
    const roundsStartedIn = async (sharesPageThread: boolean) => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
      try {
        let started = 0;
        const machine = {
          sharesPageThread,
          exec: async () => {
            started++;
            await new Promise((resolve) => setTimeout(resolve, 50));
            return { exitCode: 0, stdout: '', stderr: '', durationMs: 50 };
          },
        } as unknown as Machine;
        warmUpInBackground(machine, undefined, 10);
        await vi.advanceTimersByTimeAsync(260);
        stopWarmUp();
        return started;
      } finally {
        vi.useRealTimers();
      }
    };
    // Rounds of 50 ms: on the page's thread one starts every 100 ms; in the worker, every 50 ms.
    expect(await roundsStartedIn(true)).toBe(3);
    expect(await roundsStartedIn(false)).toBe(6);
  });

  it('runs its rounds, and a new warm-up replaces the one still running once its piece in flight ends', async () => {
    const { machine, scripts } = recordingMachine();
    warmUpInBackground(machine);
    await pause(1);
    warmUpInBackground(machine, { namespaces: ['red'], ip: ['link'] });
    await expect.poll(() => scripts.filter((s) => !isHostPiece(s)).length, { timeout: 5000 }).toBe(WARM_UP_ROUNDS);
    await pause(50);
    expect(scripts.filter(isHostPiece)).toEqual([HOST_PIECES[0]]);
    expect(scripts.filter((s) => !isHostPiece(s))).toHaveLength(WARM_UP_ROUNDS);
  });

  it('holds its rounds while a Check runs and carries on with the rounds it had left', async () => {
    const { machine, scripts } = recordingMachine();
    warmUpInBackground(machine, undefined, 10);
    await pause(1);
    const release = holdWarmUp();
    await pause(100);
    expect(scripts).toHaveLength(1);
    release();
    release(); // a second release changes nothing
    await pause(200);
    expect(scripts).toHaveLength(10 * HOST_PIECES.length);
  });

  it('makes a Check that arrives during a round wait for the piece in flight only', async () => {
    const { machine, scripts } = recordingMachine();
    warmUpInBackground(machine, { namespaces: ['red', 'blue', 'green'], ip: ['link'] }, 2);
    await pause(1);
    const release = holdWarmUp(); // the first piece of the first round is in flight
    await pause(100);
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).toContain("for ns in 'red'; do");
    release();
    await pause(100);
    expect(scripts).toHaveLength(6);
    expect(scripts[1]).toContain("for ns in 'blue'; do");
  });

  it('carries on after a piece the driver cancelled for a waiting request, and ends at any other failure', async () => {
    const failing = (error: Error) => {
      const scripts: string[] = [];
      const machine = {
        exec: async (script: string) => {
          scripts.push(script);
          await pause(1);
          if (scripts.length === 1) throw error;
          return { exitCode: 0, stdout: '', stderr: '', durationMs: 1 };
        },
      } as unknown as Machine;
      warmUpInBackground(machine, undefined, 3);
      return scripts;
    };
    const afterCancel = failing(new VmError('exec-cancelled', 'stopped for a Check'));
    await expect.poll(() => afterCancel.length, { timeout: 2000 }).toBe(3 * HOST_PIECES.length);
    const afterTimeout = failing(new VmError('exec-timeout', 'stopped after 10 s'));
    await pause(100);
    expect(afterTimeout).toHaveLength(1);
  });

  it('waits for every hold to be released, and ends for good when stopped or replaced while held', async () => {
    const { machine, scripts } = recordingMachine();
    warmUpInBackground(machine, undefined, 10);
    await pause(1);
    const releaseCheck = holdWarmUp();
    const releaseTerminal = holdWarmUp();
    releaseCheck();
    await pause(60);
    expect(scripts).toHaveLength(1);
    stopWarmUp();
    releaseTerminal();
    await pause(60);
    expect(scripts).toHaveLength(1);

    warmUpInBackground(machine, undefined, 10);
    await pause(1);
    const releaseOld = holdWarmUp();
    warmUpInBackground(machine, { namespaces: ['red'], ip: ['link'] }, 3);
    await pause(200);
    releaseOld();
    expect(scripts.filter(isHostPiece)).toEqual([HOST_PIECES[0], HOST_PIECES[0]]);
    expect(scripts.filter((s) => !isHostPiece(s))).toHaveLength(3);
  });

  it("holds while the learner's terminal prints, and carries on once it has been quiet", async () => {
    const { machine, scripts } = recordingMachine();
    const listeners = terminalOutputListeners(machine);
    const stopWatching = holdWarmUpWhileTerminalBusy(machine, 50);
    warmUpInBackground(machine, undefined, 10);
    await pause(1);
    for (let i = 0; i < 4; i++) {
      listeners.forEach((l) => l());
      await pause(20);
    }
    expect(scripts).toHaveLength(1);
    await pause(300);
    expect(scripts).toHaveLength(10 * HOST_PIECES.length);
    stopWatching();
    expect(listeners).toHaveLength(0);
  });

  it('sends no round before a page load\'s prompt has been left quiet, when the terminal counts as busy from the start', async () => {
    const { machine, scripts } = recordingMachine();
    const listeners = terminalOutputListeners(machine);
    warmUpInBackground(machine, undefined, 3);
    const stopWatching = holdWarmUpWhileTerminalBusy(machine, 50, { busyNow: true });
    await pause(30);
    expect(scripts).toHaveLength(0);
    listeners.forEach((l) => l()); // the prompt is drawn
    await pause(30);
    expect(scripts).toHaveLength(0);
    await pause(200);
    expect(scripts).toHaveLength(3 * HOST_PIECES.length);
    stopWatching();
  });

  it('stops after the piece in flight when asked to (the learner moves to another page)', async () => {
    const { machine, scripts } = recordingMachine();
    warmUpInBackground(machine);
    await pause(1);
    stopWarmUp();
    await pause(100);
    expect(scripts).toHaveLength(1);
  });
});

/** The machine's terminal-output listeners, to call as if the terminal printed. */
function terminalOutputListeners(machine: Parameters<typeof warmUpInBackground>[0]): Array<() => void> {
  const listeners: Array<() => void> = [];
  (machine as unknown as { on: unknown }).on = (event: string, listener: () => void) => {
    if (event === 'terminal-output') listeners.push(listener);
    return () => listeners.splice(listeners.indexOf(listener), 1);
  };
  return listeners;
}
