/**
 * The messages between the page and the emulator's worker (machine-worker.ts). The page's
 * WorkerMachine turns GuestMachine calls into `call` messages and the worker's `reply`,
 * `event` and `phase` messages back into promises, events and User Timing measures.
 */
import type { VmErrorCode } from '../errors.ts';
import type { ImageInfo } from '../image-info.ts';
import type { MachineHealth } from '../machine-api.ts';
import type { ForwardedPhase } from '../perf-marks.ts';

export interface StartRequest {
  image: ImageInfo;
  /** The image folder as an absolute URL: the worker's own location is its script's. */
  baseHref: string;
  wasmUrl: string;
  /** v86's WebAssembly, compiled by the page while the snapshot downloaded. */
  module: WebAssembly.Module;
  /** Its bytes, for v86's disk decompression worker. */
  wasmBytes?: ArrayBuffer;
  state: ArrayBuffer;
  /** The disk chunks to fetch once the guest answers (state.json's diskPrefetch). */
  diskPrefetch?: number[];
}

/** What the page may ask the worker's Machine, with the arguments each takes. */
export interface Calls {
  start: [StartRequest];
  /**
   * The worker fetches what the start needs itself (see serveMachine's `prepare`), reporting
   * its progress, then starts: the downloads never wait for the page's busy thread.
   */
  prepareAndStart: [request: unknown];
  exec: [command: string, options: { namespace?: string; timeoutMs?: number; stdin?: string | Uint8Array; background?: boolean; answerWithinMs?: number; busyInstructions?: number; reportSent?: boolean }];
  ping: [timeoutMs?: number, options?: { background?: boolean; answerWithinMs?: number }];
  watchLiveness: [options?: { everyMs?: number; answerWithinMs?: number }];
  stopLiveness: [];
  resizeTerminal: [rows: number, cols: number];
  saveState: [options?: { evenIfNotAnswering?: boolean }];
  restoreState: [state: ArrayBuffer, options?: { waitForAgent?: boolean }];
  syncClock: [];
  reset: [];
  destroy: [];
}
export type CallName = keyof Calls;

export type ToWorker =
  | { kind: 'call'; id: number; name: CallName; args: unknown[] }
  /** Keystrokes for the learner's shell: no answer. */
  | { kind: 'input'; bytes: Uint8Array };

/** An error as it crosses threads; a VmError keeps its code and detail. */
export interface SentError {
  message: string;
  code?: VmErrorCode;
  detail?: { stdout?: string; stderr?: string };
  /** Any other error's name and own fields (a download failure's kind and advice, say). */
  name?: string;
  fields?: Record<string, unknown>;
}

/** Machine events the page mirrors (MachineEvents, with errors as SentError). */
export type WorkerEvent =
  | { name: 'terminal-output'; payload: Uint8Array }
  | { name: 'terminal-history-cleared'; payload: undefined }
  | { name: 'agent-restarted'; payload: { pid: number } }
  | { name: 'protocol-noise'; payload: string }
  | { name: 'health'; payload: MachineHealth }
  | { name: 'failure'; payload: SentError };

export type FromWorker =
  /** The worker's code (v86 and the driver) is loaded and it takes calls. */
  | { kind: 'loaded' }
  /** Said every HEARTBEAT_EVERY_MS from then on: the worker's thread is not stuck (silence-watch.ts). */
  | { kind: 'alive' }
  | { kind: 'reply'; id: number; ok: true; value?: unknown }
  | { kind: 'reply'; id: number; ok: false; error: SentError }
  /** Progress of a prepareAndStart call (what its `prepare` reports). */
  | { kind: 'progress'; id: number; progress: unknown }
  /** An exec call with `reportSent` left the agent's queue for the guest. */
  | { kind: 'sent'; id: number }
  | { kind: 'event'; event: WorkerEvent }
  | { kind: 'phase'; phase: ForwardedPhase };
