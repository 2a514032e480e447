/**
 * The host side of the grader agent: one request at a time over the second serial port,
 * each with its own deadline, and detection of an agent that restarted or stopped answering.
 */
import { VmError } from './errors.ts';
import { CANCEL_BYTE, encodeRequest, ReplyParser, type AgentMessage, type AgentReply, type AgentRequest } from './protocol.ts';

/** How much longer than the guest-side limit the host waits before declaring the agent unresponsive. */
const HOST_GRACE_MS = 3000;
/** Host to guest over the emulated UART runs at roughly this rate or better (bytes per millisecond). */
const SERIAL_BYTES_PER_MS = 8;

interface Job {
  request: AgentRequest;
  /**
   * Work nobody waits for (a warm-up): every other request goes ahead of it in the queue, and
   * a command in flight is cancelled in the guest as soon as another request is queued.
   */
  background: boolean;
  /** The agent was asked to stop this command. */
  cancelSent?: boolean;
  resolve: (reply: AgentReply) => void;
  reject: (error: Error) => void;
  onSent?: () => void;
  /** Gives up waiting (queued or in flight) at the asker's deadline; see `answerWithinMs`. */
  deadline?: ReturnType<typeof setTimeout>;
}

export interface RequestOptions {
  /**
   * Work nobody waits for (a warm-up): every other request goes ahead of it in the queue, and
   * a command of this kind in flight is stopped in the guest (its reply says "cancelled") as
   * soon as another request is queued, so that request waits for no more than the stop.
   */
  background?: boolean;
  /**
   * The asker waits at most this long from now, queue included, however long the command may
   * run in the guest: past it the request fails with `agent-timeout` and the channel is free
   * for the next one. A reply that comes later is reported as noise.
   */
  answerWithinMs?: number;
  /** Gives up as `answerWithinMs` does, when the asker decides (for instance, the guest is busy with something else). */
  signal?: AbortSignal;
  /** Called when the request leaves the queue and is sent to the agent. */
  onSent?: () => void;
}

export interface AgentChannelHooks {
  send: (bytes: Uint8Array) => void;
  onHello?: (pid: number, wasExpected: boolean) => void;
  onNoise?: (reason: string) => void;
  /** The agent answered a request (whatever its status): it is alive and reading. */
  onAnswer?: () => void;
}

export class AgentChannel {
  private readonly parser = new ReplyParser((message) => this.handle(message));
  private queue: Job[] = [];
  private current?: Job & { timer: ReturnType<typeof setTimeout> };
  private nextId = 1;
  private helloWaiters: Array<(pid: number) => void> = [];
  /** Work waiting for a moment with no request in flight (see `betweenRequests`). */
  private gaps: Array<() => void> = [];
  private holding = false;

  constructor(private readonly hooks: AgentChannelHooks) {}

  /** Feeds bytes read from the serial port. */
  receive(bytes: Uint8Array | number[]): void {
    this.parser.push(bytes);
  }

  /** Sends a request and resolves with the agent's reply (whatever its status). */
  request(request: Omit<AgentRequest, 'id'>, { background = false, answerWithinMs, signal, onSent }: RequestOptions = {}): Promise<AgentReply> {
    return new Promise((resolve, reject) => {
      const job: Job = { request: { ...request, id: `r${this.nextId++}` }, background, resolve, reject, onSent };
      const asked = Date.now();
      if (answerWithinMs !== undefined) job.deadline = setTimeout(() => this.onDeadline(job, answerWithinMs), answerWithinMs);
      signal?.addEventListener('abort', () => this.onDeadline(job, Date.now() - asked), { once: true });
      const firstBackground = background ? -1 : this.queue.findIndex((queued) => queued.background);
      if (firstBackground === -1) this.queue.push(job);
      else this.queue.splice(firstBackground, 0, job);
      if (!background) this.cancelBackgroundCommand();
      this.pump();
    });
  }

  /** Nothing in flight, queued or held: a moment where a request would be answered at once by a healthy agent. */
  get idle(): boolean {
    return !this.current && this.queue.length === 0 && !this.holding && this.gaps.length === 0;
  }

  /** Resolves when a (re)started agent says hello. */
  waitForHello(timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.helloWaiters = this.helloWaiters.filter((w) => w !== waiter);
        reject(new VmError('agent-timeout', `The grader agent did not start within ${timeoutMs / 1000} s.`));
      }, timeoutMs);
      const waiter = (pid: number) => {
        clearTimeout(timer);
        resolve(pid);
      };
      this.helloWaiters.push(waiter);
    });
  }

  /**
   * Runs `task` at a moment when no request is in flight, holding back queued requests until
   * it settles. A VM state saved this way never holds a half-answered request, which the
   * agent in the restored guest would still be working on.
   */
  betweenRequests<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<void>((resolve) => {
      this.gaps.push(resolve);
      this.pump();
    }).then(async () => {
      try {
        return await task();
      } finally {
        this.holding = false;
        this.pump();
      }
    });
  }

  /** Fails every queued and running request (the guest was reset or destroyed). */
  failAll(error: VmError): void {
    if (this.current) {
      clearTimeout(this.current.timer);
      clearTimeout(this.current.deadline);
      this.current.reject(error);
      this.current = undefined;
    }
    for (const job of this.queue.splice(0)) {
      clearTimeout(job.deadline);
      job.reject(error);
    }
    this.parser.reset();
    this.pump();
  }

  /** Has the agent stop a background command in flight: someone is waiting behind it. */
  private cancelBackgroundCommand(): void {
    const current = this.current;
    if (!current?.background || current.request.kind !== 'exec' || current.cancelSent) return;
    current.cancelSent = true;
    this.hooks.send(Uint8Array.of(CANCEL_BYTE));
  }

  private pump(): void {
    if (this.current || this.holding) return;
    const gap = this.gaps.shift();
    if (gap) {
      this.holding = true;
      // On a task of its own: the reply that just ended a request reaches its asker (through
      // however many awaits, and out of the emulator's worker) before a save copies the
      // guest's memory, instead of waiting behind it.
      setTimeout(gap, 0);
      return;
    }
    if (this.queue.length === 0) return;
    const job = this.queue.shift()!;
    const bytes = encodeRequest(job.request);
    const limit = job.request.timeoutMs + HOST_GRACE_MS + bytes.length / SERIAL_BYTES_PER_MS;
    const timer = setTimeout(() => this.onHostTimeout(limit), limit);
    this.current = { ...job, timer };
    job.onSent?.();
    this.hooks.send(bytes);
  }

  private finish(): Job | undefined {
    const job = this.current;
    if (job) {
      clearTimeout(job.timer);
      clearTimeout(job.deadline);
    }
    this.current = undefined;
    queueMicrotask(() => this.pump());
    return job;
  }

  private onHostTimeout(limitMs: number): void {
    const job = this.finish();
    this.parser.reset();
    job?.reject(unanswered(limitMs));
  }

  /** The asker's deadline passed: stop waiting, whether the request is still queued or in flight. */
  private onDeadline(job: Job, limitMs: number): void {
    if (this.current?.request.id === job.request.id) return this.onHostTimeout(limitMs);
    const index = this.queue.indexOf(job);
    if (index === -1) return;
    this.queue.splice(index, 1);
    clearTimeout(job.deadline);
    job.reject(unanswered(limitMs));
  }

  private handle(message: AgentMessage): void {
    if (message.type === 'noise') {
      this.hooks.onNoise?.(message.reason);
      return;
    }
    this.hooks.onAnswer?.();
    if (message.type === 'hello') {
      // During boot the driver waits for this hello; at any other time it means a restart.
      const wasExpected = this.helloWaiters.length > 0;
      if (this.current) {
        // The agent died while working on this request (killed, or crashed) and init restarted it.
        const job = this.finish();
        job?.reject(
          new VmError(
            'agent-restarted',
            'The grader agent was restarted while it ran this command (was it killed?). Run the check again.',
          ),
        );
      }
      for (const waiter of this.helloWaiters.splice(0)) waiter(message.pid);
      this.hooks.onHello?.(message.pid, wasExpected);
      return;
    }
    if (!this.current || message.id !== this.current.request.id) {
      this.hooks.onNoise?.(`a reply to ${message.id}, which is not the request in flight`);
      return;
    }
    this.finish()!.resolve(message);
  }
}

function unanswered(limitMs: number): VmError {
  return new VmError(
    'agent-timeout',
    `The VM is not answering (nothing within ${(limitMs / 1000).toFixed(1)} s): too many processes, or its grader agent was stopped? Reset brings it back.`,
  );
}
