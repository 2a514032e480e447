/**
 * One Stacklab guest in the v86 emulator, the same in the browser and in Node.
 *
 * - ttyS0 carries the learner's shell: `terminalInput()` and the `terminal-output` event.
 * - ttyS1 carries the grader agent: `exec()` and friends, never visible on ttyS0.
 *
 * @example
 * const machine = await Machine.start(assets, { kind: 'state', state });
 * const { stdout } = await machine.exec('ip -j link', { namespace: 'red' });
 */
import type { V86 } from 'v86';
import { AgentChannel, type RequestOptions } from './agent-channel.ts';
import { Emitter } from './emitter.ts';
import { TerminalHistory } from './terminal-history.ts';
import { VmError } from './errors.ts';
import { createEmulator } from './emulator.ts';
import { watchCpuStop, type CpuStop } from './cpu-stop.ts';
import { watchGuestWork } from './guest-work.ts';
import { compileGuestCodeAtOnce } from './compile-at-once.ts';
import { compileSmallModules } from './compile-small-modules.ts';
import { restoreKeepingCompiledCode } from './keep-compiled-code.ts';
import { compiledPagesOf } from './compiled-pages.ts';
import { cancelDiskReads, diskReadsInFlight, whenNoDiskRead } from './disk-reads.ts';
import { diskChunksHeld, prefetchDiskChunks, shareDiskFetches } from './disk-cache.ts';
import { runInBursts } from './run-in-bursts.ts';
import { measurePhase, timePhase } from './perf-marks.ts';
import type { AgentReply, AgentRequest } from './protocol.ts';

export type { MachineAssets, StartFrom } from './emulator.ts';
export type { ExecOptions, ExecResult, GuestMachine, LivenessOptions, MachineEvents, MachineHealth } from './machine-api.ts';
import type { ExecOptions, ExecResult, GuestMachine, LivenessOptions, MachineEvents, MachineHealth } from './machine-api.ts';
import type { MachineAssets, StartFrom } from './emulator.ts';

export interface StartOptions {
  /** Give up on a cold boot after this long. */
  bootTimeoutMs?: number;
  /**
   * Compile hot guest code synchronously (compile-at-once.ts). By default only in the
   * emulator's worker, whose thread has nothing else to do: on the page's thread a compile
   * would hold up the page, and in Node v86's own asynchronous compiles arrive in time.
   */
  compileAtOnce?: boolean;
  /**
   * Chunks of the root disk to fetch soon after the guest answers (state.json's
   * `diskPrefetch`: what a fresh restore of the snapshot reads first; see disk-cache.ts).
   */
  diskPrefetch?: readonly number[];
}

const DEFAULT_EXEC_TIMEOUT_MS = 10_000;
/** How long after the start the disk's first chunks are fetched (see prefetchDiskSoon). */
export const PREFETCH_DELAY_MS = 1_000;
/** How long a save waits for the disk to finish its reads (a chunk fetched over a slow line). */
const DISK_IDLE_FOR_SAVE_MS = 15_000;
/**
 * A liveness ping every 3 s of an idle VM; an agent that takes 5 s to answer one is not answering.
 * An idle agent answers in milliseconds; a busy host (a CI machine running other VMs) can stretch
 * that to seconds, and a false "not answering" would refuse the learner's next save.
 */
const LIVENESS_EVERY_MS = 3000;
const LIVENESS_ANSWER_MS = 5000;
const decoder = new TextDecoder();

export class Machine extends Emitter<MachineEvents> implements GuestMachine {
  private readonly agent: AgentChannel;
  private readonly history = new TerminalHistory();
  private pendingOutput: number[] = [];
  private flushScheduled = false;
  private destroyed = false;
  /** The state `reset()` returns to: the snapshot it started from, or its first ready state. */
  private baseline?: ArrayBuffer;
  /** The terminal size last set, re-applied after a restore (a state carries the size it was saved with). */
  private terminalSize?: { rows: number; cols: number };
  /** How many pages of guest code v86 compiles into one module (see compile-small-modules.ts); undefined if it could not be set. */
  pagesPerCompiledModule?: number;
  /** Whether hot guest code is compiled synchronously (see compile-at-once.ts). */
  compilesAtOnce = false;
  /** Ends running the emulator in bursts (see run-in-bursts.ts). */
  private stopBursts?: () => void;
  /** The last save or restore asked for; the next one waits for it. */
  private stateChanges: Promise<unknown> = Promise.resolve();
  /** Whether the guest is running, stopped for good or not answering; see the `health` event. */
  health: MachineHealth = 'running';
  /** A Machine in a page (not in Node, nor in the emulator's worker) runs on the page's thread. */
  readonly sharesPageThread = typeof document !== 'undefined';
  private stopLiveness?: () => void;
  /** When the learner's first keystrokes went in, until the guest's first answer to them (the load's `first-echo`). */
  private firstInputAt?: number;
  private firstEchoSeen = false;
  /** The start's fetch of `diskPrefetch`, resolving with how many chunks it fetched. */
  diskPrefetched: Promise<number> = Promise.resolve(0);

  private constructor(private readonly emulator: V86) {
    super();
    this.agent = new AgentChannel({
      send: (bytes) => this.emulator.serial_send_bytes(1, bytes),
      onHello: (pid, wasExpected) => {
        if (!wasExpected) this.emit('agent-restarted', { pid });
      },
      onNoise: (reason) => this.emit('protocol-noise', reason),
      onAnswer: () => {
        if (this.health === 'not-answering') this.setHealth('running');
      },
    });
    emulator.add_listener('serial0-output-byte', (byte: number) => this.onTerminalByte(byte));
    emulator.add_listener('serial1-output-byte', (byte: number) => this.agent.receive([byte]));
  }

  /** Boots the guest or restores it from a state, and resolves once the agent answers. */
  static async start(assets: MachineAssets, from: StartFrom, options: StartOptions = {}): Promise<Machine> {
    const restoreStart = performance.now();
    const emulator = createEmulator(assets, from);
    const machine = new Machine(emulator);
    try {
      await waitForEvent(emulator, 'emulator-started', 60_000, 'The emulator did not start');
      measurePhase('load', 'restore', restoreStart, undefined, { from: from.kind });
      machine.pagesPerCompiledModule = compileSmallModules(emulator);
      if (options.compileAtOnce ?? (!machine.sharesPageThread && !inNode())) machine.compilesAtOnce = compileGuestCodeAtOnce(emulator);
      // The emulator's CPU exists once it has started.
      watchCpuStop(emulator, (how) => machine.onCpuStop(how));
      // Before the guest's first read: a chunk it has on its way is not fetched again by the prefetch, nor the reverse.
      shareDiskFetches(emulator);
      // In Node v86 hands over with setImmediate, which costs next to nothing; there bursts only made probes slower.
      if (!inNode()) machine.stopBursts = runInBursts(emulator);
      if (from.kind === 'boot') {
        await machine.agent.waitForHello(options.bootTimeoutMs ?? 180_000);
        machine.baseline = undefined;
      } else {
        machine.baseline = from.state;
      }
      await timePhase('load', 'first-reply', () => machine.afterResume());
      if (options.diskPrefetch?.length) machine.prefetchDiskSoon(options.diskPrefetch);
      return machine;
    } catch (error) {
      await machine.destroy();
      throw error instanceof VmError ? error : new VmError('boot-failed', `The guest did not start: ${String(error)}`);
    }
  }

  /** Runs a shell command in the guest (as root, with /bin/sh) through the agent. */
  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
    const busy = new AbortController();
    const stopWatching = options.busyInstructions === undefined ? undefined : watchGuestWork(this.emulator, options.busyInstructions, () => busy.abort());
    const reply = await this.ask(
      { kind: 'exec', timeoutMs, namespace: options.namespace, body: command, stdin: options.stdin },
      { background: options.background, answerWithinMs: options.answerWithinMs, signal: busy.signal, onSent: options.onSent },
    ).finally(() => stopWatching?.());
    const stdout = decoder.decode(reply.stdout);
    const stderr = decoder.decode(reply.stderr);
    if (reply.status === 'timeout') {
      throw new VmError('exec-timeout', `The command was stopped after ${timeoutMs / 1000} s: ${abbreviate(command)}`, {
        stdout,
        stderr,
      });
    }
    if (reply.status === 'cancelled') throw new VmError('exec-cancelled', `The command was stopped for a request that was waiting: ${abbreviate(command)}`, { stdout, stderr });
    if (reply.status === 'error') throw new VmError('agent-error', stderr.trim() || 'The grader agent reported an error.');
    return { exitCode: reply.exitCode, stdout, stderr, stdoutBytes: reply.stdout, durationMs: reply.durationMs };
  }

  /** Resolves when the agent answers; rejects with a clear error if it does not. */
  async ping(timeoutMs = 2000, options: RequestOptions = {}): Promise<void> {
    await this.ask({ kind: 'ping', timeoutMs }, options);
  }

  /**
   * Asks an idle VM every few seconds whether its agent still answers, so `health` (and
   * whoever shows it) tells a guest that stopped answering without waiting for a Check. Only
   * when nothing else is queued or in flight (that request tells as much), and in the
   * background: every other request goes ahead of a ping. Returns a function that stops it.
   */
  watchLiveness({ everyMs = LIVENESS_EVERY_MS, answerWithinMs = LIVENESS_ANSWER_MS }: LivenessOptions = {}): () => void {
    this.stopLiveness?.();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const next = () => {
      if (!stopped && !this.destroyed) timer = setTimeout(check, everyMs);
    };
    const check = () => {
      if (this.destroyed || this.stopped() || !this.agent.idle) return next();
      this.ping(1000, { background: true, answerWithinMs })
        .catch(() => undefined) // a ping that fails has already set `health`
        .finally(next);
    };
    next();
    const stop = () => {
      stopped = true;
      clearTimeout(timer);
    };
    this.stopLiveness = stop;
    return stop;
  }

  /** Types bytes into the learner's shell, exactly as if they had typed them. */
  terminalInput(data: string | Uint8Array): void {
    this.assertAlive();
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    // The page's own ^L after a restore (it has readline draw the prompt again) is not a keystroke of the learner's.
    if (!isRedrawOnly(bytes)) this.firstInputAt ??= performance.now();
    this.emulator.serial_send_bytes(0, bytes);
  }

  /** Recent output of the learner's terminal, so a terminal attached later can show it. */
  terminalHistory(): Uint8Array {
    return this.history.contents();
  }

  /** The size the terminal last gave the guest, if any (a terminal peek shows the copy at that size). */
  get terminalDimensions(): { rows: number; cols: number } | undefined {
    return this.terminalSize;
  }

  /** Tells the guest the terminal's size, so full-screen programs (less, nano) fit it. */
  async resizeTerminal(rows: number, cols: number): Promise<void> {
    this.assertAlive();
    this.terminalSize = { rows, cols };
    await this.sendTerminalSize();
  }

  /**
   * The emulator's whole state (uncompressed), to store and restore later. Refuses a guest that
   * is off, or (unless `evenIfNotAnswering`) drowned: resuming it would bring the trouble back.
   * A re-grader's test saves an unanswering guest on purpose, to grade it without its agent.
   */
  async saveState({ evenIfNotAnswering = false } = {}): Promise<ArrayBuffer> {
    this.assertAlive();
    // Between requests, so the restored agent is not still busy with one whose asker is gone.
    return this.oneStateChangeAtATime(() =>
      this.agent.betweenRequests(async () => {
        if (this.stopped() || (this.health === 'not-answering' && !evenIfNotAnswering)) throw this.healthError();
        // A state saved while a disk read is out would restore with the disk stuck (disk-reads.ts).
        return whenNoDiskRead(this.emulator, () => this.emulator.save_state(), {
          timeoutMs: DISK_IDLE_FOR_SAVE_MS,
          onTimeout: () => new VmError('disk-busy', `The VM's disk did not finish reading within ${DISK_IDLE_FOR_SAVE_MS / 1000} s, so its state was not saved. Try again in a moment; if it keeps happening, reload the page.`),
        });
      }),
    );
  }

  /**
   * Replaces the running guest with a saved state (raw or zstd-compressed). Waits for the
   * agent unless `waitForAgent` is false (a re-grader that does not trust the state's agent).
   */
  async restoreState(state: ArrayBuffer, { waitForAgent = true } = {}): Promise<void> {
    this.assertAlive();
    const replaced = () => new VmError('vm-reset', 'The VM was restored to a saved state while this command ran.');
    // A stopped or drowned guest will not answer what is in flight, and a save waiting for that answer would hold the restore back.
    if (this.health !== 'running') this.agent.failAll(replaced());
    await this.oneStateChangeAtATime(async () => {
      this.agent.failAll(replaced());
      // Watched pages are the pages with code only when a module holds one page (compile-small-modules.ts).
      const compiled = this.pagesPerCompiledModule === 1 ? compiledPagesOf(this.emulator) : undefined;
      // The replaced guest's reads must not land in the restored one's memory (disk-reads.ts).
      cancelDiskReads(this.emulator);
      await timePhase('load', 'restore', () => restoreKeepingCompiledCode(this.emulator, state, compiled));
      this.setHealth('running');
      // What was on the console belongs to the state that was replaced.
      this.history.clear();
      this.emit('terminal-history-cleared', undefined);
    });
    if (waitForAgent) await timePhase('load', 'first-reply', () => this.afterResume());
  }

  /** Saves and restores run in the order asked, never overlapping: a save asked before a reset captures the state before it. */
  private oneStateChangeAtATime<T>(change: () => Promise<T>): Promise<T> {
    const result = this.stateChanges.then(change, change);
    this.stateChanges = result.catch(() => undefined);
    return result;
  }

  /**
   * Sets the guest clock to the host's (a restored guest's clock stands at the moment it was
   * saved), and gives the guest's random number generator a fresh seed: a restored one would
   * otherwise repeat the snapshot's "random" bytes for its first seconds, in every restore.
   */
  async syncClock(): Promise<void> {
    await this.ask({ kind: 'clock', timeoutMs: 2000, body: `${Date.now()} ${randomSeedHex()}` });
  }

  /**
   * How many blocks of the read-only root disk the guest has written, as the emulator (not the
   * guest) sees them; a saved state carries them. Undefined if this emulator does not expose it.
   */
  rootDiskWrittenBlocks(): number | undefined {
    const v86 = (this.emulator as unknown as { v86?: { cpu?: { devices?: { ide?: { primary?: { master?: { buffer?: { block_cache_is_write?: Set<number> } } } } } } } }).v86;
    return v86?.cpu?.devices?.ide?.primary?.master?.buffer?.block_cache_is_write?.size;
  }

  /**
   * Fetches the chunks at `offsets` in the background, PREFETCH_DELAY_MS from now: the
   * learner needs them only once they run a command, and keystrokes typed as the prompt
   * appears are echoed first (the first chunk starts v86's decompression worker, which
   * compiles its own copy of v86.wasm; begun with the prompt, it delayed that echo from
   * 70-120 ms to 230-440 ms).
   */
  private prefetchDiskSoon(offsets: readonly number[]): void {
    this.diskPrefetched = new Promise<void>((resolve) => setTimeout(resolve, PREFETCH_DELAY_MS))
      .then(() => (this.destroyed ? 0 : this.prefetchDisk(offsets)))
      .catch(() => 0);
  }

  /** Fetches the root disk's chunks at these offsets into its cache (disk-cache.ts); resolves with how many it fetched. */
  prefetchDisk(offsets: readonly number[]): Promise<number> {
    return prefetchDiskChunks(this.emulator, offsets);
  }

  /** Offsets of the root disk's chunks the emulator holds, in order: what the guest has read (disk-cache.ts). */
  diskChunksHeld(): number[] {
    return diskChunksHeld(this.emulator);
  }

  /** How many reads of the lazily loaded disk the guest is waiting for (see disk-reads.ts). */
  get diskReadsInFlight(): number {
    return diskReadsInFlight(this.emulator);
  }

  /** Returns the guest to the state it started from (the snapshot), in about a second. */
  async reset(): Promise<void> {
    this.assertAlive();
    if (!this.baseline) throw new VmError('vm-reset', 'This VM was booted without a snapshot, so it has nothing to reset to.');
    await this.restoreState(this.baseline);
  }

  /** Stops the emulator and frees its memory. Pending commands fail. */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    this.stopLiveness?.();
    this.agent.failAll(new VmError('vm-destroyed', 'The VM was shut down.'));
    this.clear();
    this.stopBursts?.();
    try {
      await this.emulator.destroy();
    } catch {
      // Destroying a half-started emulator can throw; there is nothing left to release.
    }
  }

  private async afterResume(): Promise<void> {
    await this.ping(5000);
    await this.syncClock();
    if (this.terminalSize) await this.sendTerminalSize();
  }

  private async sendTerminalSize(): Promise<void> {
    const { rows, cols } = this.terminalSize!;
    await this.ask({ kind: 'window', timeoutMs: 2000, body: `${rows} ${cols}` });
  }

  /**
   * Every request to the agent goes through here: none is sent to a guest that is stopped for
   * good, and one that goes unanswered marks the VM as not answering.
   */
  private async ask(request: Omit<AgentRequest, 'id'>, options: RequestOptions = {}): Promise<AgentReply> {
    this.assertAlive();
    if (this.stopped()) throw this.healthError();
    try {
      return await this.agent.request(request, options);
    } catch (error) {
      // An agent that stopped answering means a drowned or hung guest: tell whoever shows the VM.
      if (error instanceof VmError && error.code === 'agent-timeout' && !this.stopped()) {
        this.setHealth('not-answering');
        this.emit('failure', error);
      }
      throw error;
    }
  }

  private stopped(): boolean {
    return this.health === 'powered-off' || this.health === 'rebooted';
  }

  private onCpuStop(how: CpuStop): void {
    if (this.destroyed || this.stopped()) return;
    this.setHealth(how);
    const error = this.healthError();
    this.agent.failAll(error);
    this.emit('failure', error);
  }

  private setHealth(health: MachineHealth): void {
    if (health === this.health) return;
    this.health = health;
    this.emit('health', health);
  }

  /** What is wrong with the guest, in the learner's words. */
  private healthError(): VmError {
    switch (this.health) {
      case 'powered-off':
        return new VmError('vm-powered-off', 'The VM has been powered off (poweroff or halt stops it until it is reset). Reset brings it back.');
      case 'rebooted':
        return new VmError('vm-rebooted', 'The VM was rebooted, and it cannot start again by itself: it only starts from its snapshot. Reset brings it back.');
      default:
        return new VmError('agent-timeout', 'The VM is not answering: too many processes, or its grader agent was stopped? Reset brings it back.');
    }
  }

  private onTerminalByte(byte: number): void {
    this.pendingOutput.push(byte);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setTimeout(() => this.flushTerminal(), 0);
  }

  private flushTerminal(): void {
    this.flushScheduled = false;
    const chunk = new Uint8Array(this.pendingOutput);
    this.pendingOutput = [];
    if (this.firstInputAt !== undefined && !this.firstEchoSeen) {
      this.firstEchoSeen = true;
      measurePhase('load', 'first-echo', this.firstInputAt);
    }
    this.history.push(chunk);
    this.emit('terminal-output', chunk);
  }

  private assertAlive(): void {
    if (this.destroyed) throw new VmError('vm-destroyed', 'The VM was shut down; start a new one.');
  }
}

function waitForEvent(emulator: V86, event: 'emulator-started', timeoutMs: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new VmError('boot-failed', `${what} within ${timeoutMs / 1000} s.`)), timeoutMs);
    emulator.add_listener(event, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Whether this is Node, where v86 schedules itself with setImmediate (a page or a worker otherwise). */
function inNode(): boolean {
  return typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';
}

function abbreviate(command: string): string {
  const line = command.trim().split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

/** 32 bytes from the host's cryptographic random source, as hex. */
function randomSeedHex(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Whether terminal input is only ^L (redraw the screen): the site sends it to have the restored shell draw its prompt. */
function isRedrawOnly(bytes: Uint8Array): boolean {
  return bytes.length > 0 && bytes.every((byte) => byte === 0x0c);
}
