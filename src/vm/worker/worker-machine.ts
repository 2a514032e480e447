/**
 * The page's side of a guest whose emulator runs in a dedicated Web Worker (machine-worker.ts).
 * It answers to the same GuestMachine calls as a Machine on the page would: calls cross as
 * messages; the terminal's output, the guest's health and the measured phases come back. The
 * terminal history, the terminal size and the health are kept here too, so reading them takes
 * no round trip.
 *
 * The worker is created by the site, from its entry (src/lib/vm-machine-worker.ts), which
 * serves the Machine with serveMachine (machine-worker.ts).
 *
 * @example
 * const machine = await WorkerMachine.prepareAndStart(worker, { baseUrl }, (progress) => show(progress));
 * machine.terminalInput('ip -br link\n');
 */
import { Emitter } from '../emitter.ts';
import { VmError } from '../errors.ts';
import type { ExecOptions, ExecResult, GuestMachine, LivenessOptions, MachineEvents, MachineHealth } from '../machine-api.ts';
import { recordForwardedPhase } from '../perf-marks.ts';
import { TerminalHistory } from '../terminal-history.ts';
import type { CallName, Calls, FromWorker, SentError, StartRequest, ToWorker } from './messages.ts';
import { CHECK_EVERY_MS, SilenceWatch } from './silence-watch.ts';

const encoder = new TextEncoder();

/** Calls `then` once `worker`'s code has loaded; listen from its creation, or the message is missed. */
export function whenWorkerLoaded(worker: Worker, then: () => void): void {
  const listener = (event: MessageEvent<FromWorker>) => {
    if (event.data?.kind !== 'loaded') return;
    worker.removeEventListener('message', listener);
    then();
  };
  worker.addEventListener('message', listener);
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onSent?: () => void;
  onProgress?: (progress: unknown) => void;
}

/** An error thrown in the worker that is not a VmError: its name and own fields came across. */
export class WorkerError extends Error {
  constructor(
    message: string,
    name: string | undefined,
    readonly fields: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = name ?? 'Error';
  }
}

export class WorkerMachine extends Emitter<MachineEvents> implements GuestMachine {
  health: MachineHealth = 'running';
  readonly sharesPageThread = false;
  terminalDimensions: { rows: number; cols: number } | undefined;
  /** How many pages of guest code v86 compiles into one module, as the worker reported it. */
  pagesPerCompiledModule?: number;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly history = new TerminalHistory();
  /** Why the worker can no longer be used, once it cannot. */
  private gone?: VmError;
  /**
   * Watches for a stuck worker once its code has loaded, and says it is alive from then on
   * (a taken-over worker: from the take-over). Before, a slow download may keep it quiet for long.
   */
  private silence?: { watch: SilenceWatch; timer: ReturnType<typeof setInterval> };

  private constructor(private readonly worker: Worker) {
    super();
    worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
      this.silence?.watch.heard();
      this.onMessage(event.data);
    });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.workerFailed(`an error in its worker (${event.message || 'no message'})`);
    });
    worker.addEventListener('messageerror', () => this.workerFailed('a message from its worker could not be read'));
  }

  /**
   * Starts the guest in `worker` from a downloaded snapshot, and resolves once its agent
   * answers. The worker is ended if the start fails.
   */
  static start(worker: Worker, request: StartRequest): Promise<WorkerMachine> {
    return WorkerMachine.startWith(worker, (machine) => machine.call('start', [request]));
  }

  /**
   * Has the worker fetch what the start needs itself (its `prepare`, given `request`), then
   * start; `onProgress` hears what the worker reports meanwhile. The worker is ended if either fails.
   */
  static prepareAndStart(worker: Worker, request: unknown, onProgress: (progress: unknown) => void): Promise<WorkerMachine> {
    return WorkerMachine.startWith(worker, (machine) => machine.call('prepareAndStart', [request], { onProgress }));
  }

  /**
   * Takes over a worker that someone else created and gave one prepareAndStart call (`callId`,
   * below 1: this side numbers its own calls from 1): the messages it sent since (`heard`) are
   * read first, as if this side had been listening.
   */
  static adopt(worker: Worker, callId: number, heard: FromWorker[], onProgress: (progress: unknown) => void): Promise<WorkerMachine> {
    return WorkerMachine.startWith(worker, (machine) => {
      const started = new Promise((resolve, reject) => machine.pending.set(callId, { resolve, reject, onProgress }));
      for (const message of heard) machine.onMessage(message);
      return started;
    });
  }

  private static async startWith(worker: Worker, start: (machine: WorkerMachine) => Promise<unknown>): Promise<WorkerMachine> {
    const machine = new WorkerMachine(worker);
    try {
      const { pagesPerCompiledModule } = (await start(machine)) as { pagesPerCompiledModule?: number };
      machine.pagesPerCompiledModule = pagesPerCompiledModule;
      return machine;
    } catch (error) {
      machine.end(new VmError('vm-destroyed', 'The VM did not start.'));
      throw error;
    }
  }

  exec(command: string, { onSent, ...options }: ExecOptions = {}): Promise<ExecResult> {
    return this.call('exec', [command, { ...options, reportSent: onSent !== undefined }], { onSent }) as Promise<ExecResult>;
  }

  async ping(timeoutMs?: number, options: { background?: boolean; answerWithinMs?: number } = {}): Promise<void> {
    await this.call('ping', [timeoutMs, { background: options.background, answerWithinMs: options.answerWithinMs }]);
  }

  watchLiveness(options?: LivenessOptions): () => void {
    this.call('watchLiveness', [options]).catch(() => undefined);
    return () => void this.call('stopLiveness', []).catch(() => undefined);
  }

  terminalInput(data: string | Uint8Array): void {
    this.assertUsable();
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    this.send({ kind: 'input', bytes });
  }

  terminalHistory(): Uint8Array {
    return this.history.contents();
  }

  async resizeTerminal(rows: number, cols: number): Promise<void> {
    this.terminalDimensions = { rows, cols };
    await this.call('resizeTerminal', [rows, cols]);
  }

  async saveState(options?: { evenIfNotAnswering?: boolean }): Promise<ArrayBuffer> {
    return (await this.call('saveState', [options])) as ArrayBuffer;
  }

  /** The state is copied to the worker: the caller's buffer stays usable. */
  async restoreState(state: ArrayBuffer, options?: { waitForAgent?: boolean }): Promise<void> {
    await this.call('restoreState', [state, options]);
  }

  async syncClock(): Promise<void> {
    await this.call('syncClock', []);
  }

  async reset(): Promise<void> {
    await this.call('reset', []);
  }

  async destroy(): Promise<void> {
    if (this.gone) return;
    try {
      await this.call('destroy', []);
    } catch {
      // A worker that fails to shut its emulator down is ended all the same.
    }
    this.end(new VmError('vm-destroyed', 'The VM was shut down; start a new one.'));
  }

  private call<N extends CallName>(name: N, args: Calls[N], listeners: Pick<Pending, 'onSent' | 'onProgress'> = {}): Promise<unknown> {
    if (this.gone) return Promise.reject(this.gone);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, ...listeners });
      this.send({ kind: 'call', id, name, args });
    });
  }

  private send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private watchSilence(): void {
    if (this.silence) return;
    const watch = new SilenceWatch(() => performance.now());
    const timer = setInterval(() => {
      const silence = watch.look();
      if (silence !== undefined) this.workerFailed(`its worker has not answered for ${Math.round(silence / 1000)} s, so its thread is stuck`);
    }, CHECK_EVERY_MS);
    this.silence = { watch, timer };
  }

  private onMessage(message: FromWorker): void {
    switch (message.kind) {
      case 'loaded': // also watched by whoever created the worker (whenWorkerLoaded)
        this.watchSilence();
        return;
      case 'alive': // counted by the silence watch
        return;
      case 'phase':
        recordForwardedPhase(message.phase);
        return;
      case 'sent':
        this.pending.get(message.id)?.onSent?.();
        return;
      case 'progress':
        this.pending.get(message.id)?.onProgress?.(message.progress);
        return;
      case 'reply': {
        const pending = this.pending.get(message.id);
        if (!pending) return;
        this.pending.delete(message.id);
        if (message.ok) pending.resolve(message.value);
        else pending.reject(errorFrom(message.error));
        return;
      }
      case 'event':
        this.onEvent(message.event);
    }
  }

  private onEvent(event: Extract<FromWorker, { kind: 'event' }>['event']): void {
    switch (event.name) {
      case 'terminal-output':
        this.history.push(event.payload);
        this.emit('terminal-output', event.payload);
        return;
      case 'terminal-history-cleared':
        this.history.clear();
        this.emit('terminal-history-cleared', undefined);
        return;
      case 'health':
        this.health = event.payload;
        this.emit('health', event.payload);
        return;
      case 'failure':
        this.emit('failure', errorFrom(event.payload) as VmError);
        return;
      default:
        this.emit(event.name, event.payload as never);
    }
  }

  /** The worker died: every call in flight fails, and whoever shows the VM is told. */
  private workerFailed(what: string): void {
    if (this.gone) return;
    const error = new VmError('vm-crashed', `The emulator running the VM stopped: ${what}.`);
    this.end(error);
    this.health = 'not-answering';
    this.emit('health', this.health);
    this.emit('failure', error);
  }

  private end(error: VmError): void {
    this.gone ??= error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
    if (this.silence) clearInterval(this.silence.timer);
    this.worker.terminate();
  }

  private assertUsable(): void {
    if (this.gone) throw this.gone;
  }
}

function errorFrom(sent: SentError): Error {
  return sent.code ? new VmError(sent.code, sent.message, sent.detail) : new WorkerError(sent.message, sent.name, sent.fields);
}
