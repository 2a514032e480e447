/**
 * What the site and the grading engine ask of a running guest, wherever its emulator runs:
 * `Machine` (machine.ts) runs v86 on the calling thread (Node, or a worker), `WorkerMachine`
 * (worker/worker-machine.ts) drives a `Machine` in a dedicated Web Worker from the page.
 */
import type { RequestOptions } from './agent-channel.ts';
import type { CpuStop } from './cpu-stop.ts';
import type { VmError } from './errors.ts';

export interface ExecOptions {
  /** A network namespace by name (learner's or hidden) or an absolute path to a namespace file. */
  namespace?: string;
  /** Killed in the guest after this long; defaults to 10 s. */
  timeoutMs?: number;
  /** Bytes for the command's standard input. */
  stdin?: string | Uint8Array;
  /** Nobody waits for it (a warm-up): every other request goes ahead of it. */
  background?: boolean;
  /**
   * Wait at most this long for the answer, queue included, even though the command may run
   * longer in the guest: past it the VM counts as not answering (`agent-timeout`).
   */
  answerWithinMs?: number;
  /**
   * Stop waiting once the guest has run this many instructions without answering: it is busy
   * with something else (drowned in processes), whatever the host's speed (see guest-work.ts).
   */
  busyInstructions?: number;
  /** Called when the command leaves the queue for the guest (see the Check's `queue-wait`). */
  onSent?: () => void;
}

/**
 * Whether the guest can do anything: `running`, or stopped for good until a reset
 * (`powered-off`, `rebooted`), or `not-answering` (drowned in processes, or its agent stopped
 * reading; it becomes `running` again as soon as the agent answers).
 */
export type MachineHealth = 'running' | CpuStop | 'not-answering';

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  stdoutBytes: Uint8Array;
  /** Time the command ran in the guest, as the agent measured it. */
  durationMs: number;
}

export interface MachineEvents extends Record<string, unknown> {
  'terminal-output': Uint8Array;
  /** The agent came back after dying (killed or crashed); requests in flight failed. */
  'agent-restarted': { pid: number };
  /** Bytes on the agent's port that were not a valid frame. */
  'protocol-noise': string;
  /** A restore replaced the guest: its terminal history starts again (see `terminalHistory`). */
  'terminal-history-cleared': undefined;
  failure: VmError;
  /** The guest stopped, stopped answering, or recovered (see `health`). */
  health: MachineHealth;
}

export interface LivenessOptions {
  /** How often an idle VM is asked whether it still answers. */
  everyMs?: number;
  /** How long a ping may take before the VM counts as not answering. */
  answerWithinMs?: number;
}

/** A running guest: its learner shell, its grader agent, its saved states and its health. */
export interface GuestMachine {
  /** Whether the guest can do anything now; the `health` event tells each change. */
  readonly health: MachineHealth;
  /** Whether the emulator runs on the page's own thread, so that its work holds the page up. */
  readonly sharesPageThread: boolean;
  /** The size the terminal last gave the guest, if any. */
  readonly terminalDimensions: { rows: number; cols: number } | undefined;
  /** Registers a listener; call the returned function to remove it. */
  on<K extends keyof MachineEvents>(event: K, listener: (payload: MachineEvents[K]) => void): () => void;
  /** Runs a shell command in the guest (as root, with /bin/sh) through the agent. */
  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
  /** Resolves when the agent answers; rejects with a clear error if it does not. */
  ping(timeoutMs?: number, options?: Omit<RequestOptions, 'signal' | 'onSent'>): Promise<void>;
  /** Asks an idle VM every few seconds whether it still answers; returns a function that stops it. */
  watchLiveness(options?: LivenessOptions): () => void;
  /** Types bytes into the learner's shell, exactly as if they had typed them. */
  terminalInput(data: string | Uint8Array): void;
  /** Recent output of the learner's terminal, so a terminal attached later can show it. */
  terminalHistory(): Uint8Array;
  /** Tells the guest the terminal's size. */
  resizeTerminal(rows: number, cols: number): Promise<void>;
  /** The emulator's whole state (uncompressed), to store and restore later. */
  saveState(options?: { evenIfNotAnswering?: boolean }): Promise<ArrayBuffer>;
  /** Replaces the running guest with a saved state (raw or zstd-compressed). */
  restoreState(state: ArrayBuffer, options?: { waitForAgent?: boolean }): Promise<void>;
  /** Sets the guest clock to the host's and gives its random number generator a fresh seed. */
  syncClock(): Promise<void>;
  /** Returns the guest to the state it started from (the snapshot). */
  reset(): Promise<void>;
  /** Stops the emulator and frees its memory. Pending commands fail. */
  destroy(): Promise<void>;
}
