/**
 * The page's one VM, shared by every terminal pane and Run button. It lives in module
 * scope, so it survives client-side navigation (Astro's ClientRouter keeps modules).
 *
 * States: idle -> loading -> ready, or loading -> failed -> (retry) loading. A ready VM also
 * carries its health: a guest that was powered off, rebooted or stopped answering is still
 * the page's machine (Reset restores it), but it is not running.
 */
import { holdWarmUpWhileTerminalBusy, TERMINAL_QUIET_MS, warmUpInBackground } from '../state/warm-up.ts';
import { Emitter } from '../vm/emitter.ts';
import { isVmError } from '../vm/errors.ts';
import type { GuestMachine, MachineHealth } from '../vm/machine-api.ts';
import type { LoadProgress } from './vm-download.ts';
import { takeEarlyVm } from './early-vm.ts';
import { loadMachine } from './vm-loader.ts';
import { VmLoadError, clauseOf } from './vm-load-error.ts';
import { typeInto } from './terminal-input.ts';

/** Ctrl-L: readline clears the screen and draws the prompt (and any line being typed) again. */
const REDRAW_PROMPT = '\x0c';

export type VmStatus =
  | { state: 'idle' }
  | { state: 'loading'; progress: LoadProgress }
  | { state: 'ready'; machine: GuestMachine; health: MachineHealth }
  | { state: 'failed'; error: VmLoadError };

interface SessionEvents extends Record<string, unknown> {
  status: VmStatus;
}

class VmSession extends Emitter<SessionEvents> {
  status: VmStatus = { state: 'idle' };
  /** Commands from Run buttons pressed before the VM was ready, typed once it is. */
  private pending: string[] = [];
  /** Set by shutDown: this page runs no VM any more. */
  private shutDownForGood = false;
  /** Ends the emulator's worker of a load under way (shutDown). */
  private readonly loading = new AbortController();

  /** Starts loading unless the VM is already loading or ready (or the page shut it down). */
  start(): void {
    if (this.shutDownForGood || this.status.state === 'loading' || this.status.state === 'ready') return;
    this.setStatus({ state: 'loading', progress: { stage: 'describe', receivedBytes: 0, totalBytes: 0 } });
    void this.load();
  }

  /** Types a command into the learner's shell, as if they had typed it and pressed Enter. */
  run(command: string): void {
    if (this.status.state === 'ready') {
      typeInto(this.status.machine, `${command}\n`);
      return;
    }
    this.pending.push(command);
    this.start();
  }

  private async load(): Promise<void> {
    try {
      const onProgress = (progress: LoadProgress) => {
        if (!this.shutDownForGood) this.setStatus({ state: 'loading', progress });
      };
      const machine = await loadMachine({ requestedAt: performance.now(), onProgress, signal: this.loading.signal });
      if (this.shutDownForGood) return void machine.destroy();
      this.setStatus({ state: 'ready', machine, health: machine.health });
      machine.on('health', (health) => {
        if (this.status.state === 'ready' && this.status.machine === machine) this.setStatus({ state: 'ready', machine, health });
      });
      machine.on('failure', (error) => {
        if (isVmError(error, 'vm-crashed') && this.status.state === 'ready' && this.status.machine === machine) this.crashed(error);
      });
      machine.watchLiveness();
      // The snapshot's shell drew its prompt before the save, so a restored terminal starts
      // empty: ^L has readline draw it again at once, without waiting for the agent's queue.
      machine.terminalInput(REDRAW_PROMPT);
      for (const command of this.pending.splice(0)) machine.terminalInput(`${command}\n`);
      warmUpInBackground(machine);
      holdWarmUpWhileTerminalBusy(machine, TERMINAL_QUIET_MS, { busyNow: true });
    } catch (error) {
      this.pending = [];
      if (this.shutDownForGood) return;
      const failure =
        error instanceof VmLoadError
          ? error
          : new VmLoadError('start-failed', `The VM could not be loaded: ${clauseOf(error)}.`, 'Press Retry, or reload the page.');
      this.setStatus({ state: 'failed', error: failure });
    }
  }

  /**
   * This page has no use for a VM any more (its exam went on in another browser, or was
   * submitted): the emulator stops and frees its memory and its share of the processor, the one
   * the page's head started included, and nothing starts another until the page loads again.
   */
  shutDown(): void {
    this.shutDownForGood = true;
    this.pending = [];
    takeEarlyVm()?.worker.terminate();
    // A load under way ends its worker now, rather than when the machine would have been ready.
    this.loading.abort();
    const status = this.status;
    if (status.state === 'ready') void status.machine.destroy();
    this.setStatus({ state: 'idle' });
  }

  /** The emulator stopped for good: the session fails, and Retry starts a new VM from the snapshot. */
  private crashed(error: Error): void {
    this.setStatus({
      state: 'failed',
      error: new VmLoadError('crashed', `${clauseOf(error)}.`, 'Press Retry to start the VM again from its snapshot. Exercises keep the state saved at their last Check; reload the page if it happens again.'),
    });
  }

  private setStatus(status: VmStatus): void {
    this.status = status;
    this.emit('status', status);
  }
}

export const vmSession = new VmSession();

/** Resolves with the running machine, starting the VM if needed; rejects if it fails to load. */
export function readyMachine(): Promise<GuestMachine> {
  const status = vmSession.status;
  if (status.state === 'ready') return Promise.resolve(status.machine);
  return new Promise((resolve, reject) => {
    const off = vmSession.on('status', (next) => {
      if (next.state === 'ready') {
        off();
        resolve(next.machine);
      } else if (next.state === 'failed') {
        off();
        reject(next.error);
      }
    });
    vmSession.start();
  });
}
