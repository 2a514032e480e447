/**
 * The page's side of the emulator's worker: calls become messages, and the worker's replies,
 * events and phases come back as promises, events, mirrored state and User Timing measures.
 * The worker here is a stand-in that answers as machine-worker.ts does; the real worker runs
 * in every e2e test.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isVmError } from '../../src/vm/errors.ts';
import type { ImageInfo } from '../../src/vm/image-info.ts';
import type { FromWorker, ToWorker } from '../../src/vm/worker/messages.ts';
import { CHECK_EVERY_MS, HEARTBEAT_EVERY_MS, SILENCE_LIMIT_MS } from '../../src/vm/worker/silence-watch.ts';
import { whenWorkerLoaded, WorkerError, WorkerMachine } from '../../src/vm/worker/worker-machine.ts';

/** A Worker as WorkerMachine sees it: what the page posts is recorded; the test speaks for the worker. */
class StandInWorker extends EventTarget {
  readonly posted: ToWorker[] = [];
  terminated = false;
  /** Answers each call as it arrives; by default every call succeeds with no value. */
  answer: (call: Extract<ToWorker, { kind: 'call' }>) => FromWorker | undefined = (call) => ({ kind: 'reply', id: call.id, ok: true, value: call.name === 'start' ? { pagesPerCompiledModule: 1 } : undefined });

  postMessage(message: ToWorker): void {
    this.posted.push(message);
    if (message.kind !== 'call') return;
    const reply = this.answer(message);
    if (reply) queueMicrotask(() => this.say(reply));
  }

  say(message: FromWorker): void {
    this.dispatchEvent(new MessageEvent('message', { data: message }));
  }

  crash(message: string): void {
    this.dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message }));
  }

  terminate(): void {
    this.terminated = true;
  }
}

const request = { image: {} as ImageInfo, baseHref: 'http://localhost/vm/', wasmUrl: 'http://localhost/v86.wasm', module: {} as WebAssembly.Module, state: new ArrayBuffer(8) };

async function started(worker = new StandInWorker()) {
  const machine = await WorkerMachine.start(worker as unknown as Worker, request);
  return { machine, worker };
}

describe('WorkerMachine', () => {
  it('tells when the worker code has loaded, to a listener attached at its creation', () => {
    const worker = new StandInWorker();
    let loaded = 0;
    whenWorkerLoaded(worker as unknown as Worker, () => loaded++);
    worker.say({ kind: 'sent', id: 1 });
    expect(loaded).toBe(0);
    worker.say({ kind: 'loaded' });
    worker.say({ kind: 'loaded' });
    expect(loaded).toBe(1);
  });

  it('starts the guest with the downloaded snapshot', async () => {
    const worker = new StandInWorker();
    const machine = await WorkerMachine.start(worker as unknown as Worker, request);
    expect(machine.pagesPerCompiledModule).toBe(1);
    expect(worker.posted[0]).toMatchObject({ kind: 'call', name: 'start', args: [{ baseHref: 'http://localhost/vm/', state: request.state }] });
  });

  it('ends the worker when the start fails, with the worker\'s reason', async () => {
    const worker = new StandInWorker();
    worker.answer = (call) => ({ kind: 'reply', id: call.id, ok: false, error: { code: 'boot-failed', message: 'The emulator did not start within 60 s.' } });
    const failure = await WorkerMachine.start(worker as unknown as Worker, request).catch((error: unknown) => error);
    expect(isVmError(failure, 'boot-failed')).toBe(true);
    expect((failure as Error).message).toBe('The emulator did not start within 60 s.');
    expect(worker.terminated).toBe(true);
  });

  it('has the worker fetch what the start needs, passing its progress on, and starts', async () => {
    const worker = new StandInWorker();
    worker.answer = (call) => {
      queueMicrotask(() => worker.say({ kind: 'progress', id: call.id, progress: { stage: 'download', receivedBytes: 10, totalBytes: 20 } }));
      queueMicrotask(() => worker.say({ kind: 'reply', id: call.id, ok: true, value: { pagesPerCompiledModule: 2 } }));
      return undefined;
    };
    const heard: unknown[] = [];
    const machine = await WorkerMachine.prepareAndStart(worker as unknown as Worker, { baseHref: 'http://localhost/vm/' }, (progress) => heard.push(progress));
    expect(worker.posted[0]).toMatchObject({ kind: 'call', name: 'prepareAndStart', args: [{ baseHref: 'http://localhost/vm/' }] });
    expect(heard).toEqual([{ stage: 'download', receivedBytes: 10, totalBytes: 20 }]);
    expect(machine.pagesPerCompiledModule).toBe(2);
  });

  it('keeps the name and fields of a worker error that is not a VmError, and ends the worker', async () => {
    const worker = new StandInWorker();
    worker.answer = (call) => ({ kind: 'reply', id: call.id, ok: false, error: { message: 'The server has no VM image description.', name: 'VmLoadError', fields: { failure: 'image-missing', advice: 'Build it.' } } });
    const failure = await WorkerMachine.prepareAndStart(worker as unknown as Worker, {}, () => undefined).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkerError);
    expect(failure).toMatchObject({ name: 'VmLoadError', message: 'The server has no VM image description.', fields: { failure: 'image-missing', advice: 'Build it.' } });
    expect(worker.terminated).toBe(true);
  });

  it('takes over a worker started by someone else: what it said before is read first, then what it says next', async () => {
    const worker = new StandInWorker();
    const earlier: FromWorker[] = [{ kind: 'loaded' }, { kind: 'progress', id: 0, progress: 'half' }];
    const heard: unknown[] = [];
    const adopted = WorkerMachine.adopt(worker as unknown as Worker, 0, earlier, (progress) => heard.push(progress));
    expect(heard).toEqual(['half']);
    worker.say({ kind: 'progress', id: 0, progress: 'all' });
    worker.say({ kind: 'reply', id: 0, ok: true, value: { pagesPerCompiledModule: 4 } });
    const machine = await adopted;
    expect(heard).toEqual(['half', 'all']);
    expect(machine.pagesPerCompiledModule).toBe(4);
    // Its own calls do not take the adopted call's id.
    await machine.syncClock();
    expect(worker.posted[0]).toMatchObject({ kind: 'call', name: 'syncClock', id: 1 });
  });

  it('takes over a worker whose start had already failed, and ends it', async () => {
    const worker = new StandInWorker();
    const earlier: FromWorker[] = [{ kind: 'reply', id: 0, ok: false, error: { code: 'boot-failed', message: 'The emulator did not start within 60 s.' } }];
    const failure = await WorkerMachine.adopt(worker as unknown as Worker, 0, earlier, () => undefined).catch((error: unknown) => error);
    expect(isVmError(failure, 'boot-failed')).toBe(true);
    expect(worker.terminated).toBe(true);
  });

  it('passes exec options across, calls onSent when the worker says the command left the queue, and returns the result', async () => {
    const { machine, worker } = await started();
    const result = { exitCode: 0, stdout: 'ok\n', stderr: '', stdoutBytes: new TextEncoder().encode('ok\n'), durationMs: 12 };
    worker.answer = (call) => {
      queueMicrotask(() => worker.say({ kind: 'sent', id: call.id }));
      return undefined;
    };
    let sent = false;
    const running = machine.exec('echo ok', { namespace: 'red', background: true, onSent: () => (sent = true) });
    const call = worker.posted.at(-1) as Extract<ToWorker, { kind: 'call' }>;
    expect(call).toMatchObject({ name: 'exec', args: ['echo ok', { namespace: 'red', background: true, reportSent: true }] });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(sent).toBe(true);
    worker.say({ kind: 'reply', id: call.id, ok: true, value: result });
    await expect(running).resolves.toEqual(result);
  });

  it('rebuilds a VmError with its code and detail, so the site can tell a timeout from a reset', async () => {
    const { machine, worker } = await started();
    worker.answer = (call) => ({ kind: 'reply', id: call.id, ok: false, error: { code: 'exec-timeout', message: 'The command was stopped after 1 s: sleep 5', detail: { stdout: 'partial' } } });
    const error = await machine.exec('sleep 5', { timeoutMs: 1000 }).catch((caught: unknown) => caught);
    expect(isVmError(error, 'exec-timeout')).toBe(true);
    expect((error as { detail: unknown }).detail).toEqual({ stdout: 'partial' });
  });

  it('keeps the terminal history and forgets it when a restore replaces the guest', async () => {
    const { machine, worker } = await started();
    const seen: string[] = [];
    machine.on('terminal-output', (bytes) => seen.push(new TextDecoder().decode(bytes)));
    worker.say({ kind: 'event', event: { name: 'terminal-output', payload: new TextEncoder().encode('root@lab:~# ') } });
    worker.say({ kind: 'event', event: { name: 'terminal-output', payload: new TextEncoder().encode('ip link\r\n') } });
    expect(new TextDecoder().decode(machine.terminalHistory())).toBe('root@lab:~# ip link\r\n');
    expect(seen).toEqual(['root@lab:~# ', 'ip link\r\n']);
    worker.say({ kind: 'event', event: { name: 'terminal-history-cleared', payload: undefined } });
    expect(machine.terminalHistory().length).toBe(0);
  });

  it('mirrors the guest\'s health and passes failures on as VmErrors', async () => {
    const { machine, worker } = await started();
    const failures: string[] = [];
    machine.on('failure', (error) => failures.push(error.code));
    worker.say({ kind: 'event', event: { name: 'health', payload: 'powered-off' } });
    worker.say({ kind: 'event', event: { name: 'failure', payload: { code: 'vm-powered-off', message: 'The VM has been powered off.' } } });
    expect(machine.health).toBe('powered-off');
    expect(failures).toEqual(['vm-powered-off']);
  });

  it('sends keystrokes without waiting for an answer and remembers the terminal size', async () => {
    const { machine, worker } = await started();
    machine.terminalInput('ls\n');
    await machine.resizeTerminal(30, 100);
    expect(worker.posted.find((message) => message.kind === 'input')).toEqual({ kind: 'input', bytes: new TextEncoder().encode('ls\n') });
    expect(machine.terminalDimensions).toEqual({ rows: 30, cols: 100 });
  });

  it('when the worker crashes, fails what is in flight, says so, and refuses what comes next', async () => {
    const { machine, worker } = await started();
    worker.answer = () => undefined;
    const failures: string[] = [];
    machine.on('failure', (error) => failures.push(error.code));
    const inFlight = machine.exec('ip -j link').catch((error: unknown) => error);
    worker.crash('out of memory');
    const error = await inFlight;
    expect(isVmError(error, 'vm-crashed')).toBe(true);
    expect((error as Error).message).toBe('The emulator running the VM stopped: an error in its worker (out of memory).');
    expect(failures).toEqual(['vm-crashed']);
    expect(machine.health).toBe('not-answering');
    expect(worker.terminated).toBe(true);
    await expect(machine.saveState()).rejects.toThrow(/The emulator running the VM stopped/);
    expect(() => machine.terminalInput('x')).toThrow(/The emulator running the VM stopped/);
  });

  describe('a worker whose thread is stuck', () => {
    beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'performance'] }));
    afterEach(() => vi.useRealTimers());

    it(`is ended once it has said nothing for ${SILENCE_LIMIT_MS / 1000} s: what is in flight fails, saying why`, async () => {
      const { machine, worker } = await started();
      worker.say({ kind: 'loaded' });
      worker.answer = () => undefined; // the Check below is never answered, nor is anything else
      const failures: string[] = [];
      machine.on('failure', (error) => failures.push(error.message));
      const inFlight = machine.exec('ip -j link').catch((error: unknown) => error);
      await vi.advanceTimersByTimeAsync(SILENCE_LIMIT_MS - 2 * CHECK_EVERY_MS);
      expect(worker.terminated, 'still within the limit').toBe(false);
      await vi.advanceTimersByTimeAsync(3 * CHECK_EVERY_MS);
      const error = await inFlight;
      expect(isVmError(error, 'vm-crashed')).toBe(true);
      expect((error as Error).message).toMatch(/^The emulator running the VM stopped: its worker has not answered for 1\d s, so its thread is stuck\.$/);
      expect(failures).toEqual([(error as Error).message]);
      expect(machine.health).toBe('not-answering');
      expect(worker.terminated).toBe(true);
    });

    it('is left alone while it says it is alive, however long a call takes', async () => {
      const { machine, worker } = await started();
      worker.say({ kind: 'loaded' });
      worker.answer = () => undefined;
      let settled = false;
      void machine.exec('sleep 60').finally(() => (settled = true)).catch(() => undefined);
      for (let second = 0; second < 60; second++) {
        worker.say({ kind: 'alive' });
        await vi.advanceTimersByTimeAsync(HEARTBEAT_EVERY_MS);
      }
      expect(worker.terminated).toBe(false);
      expect(settled).toBe(false);
      expect(machine.health).toBe('running');
    });

    it('is not counted as stuck before its code has loaded: the download may be slow', async () => {
      const worker = new StandInWorker();
      worker.answer = () => undefined;
      let settled = false;
      void WorkerMachine.prepareAndStart(worker as unknown as Worker, {}, () => undefined)
        .finally(() => (settled = true))
        .catch(() => undefined);
      worker.say({ kind: 'progress', id: 1, progress: { stage: 'download' } });
      await vi.advanceTimersByTimeAsync(3 * SILENCE_LIMIT_MS);
      expect(worker.terminated).toBe(false);
      expect(settled).toBe(false);
      worker.say({ kind: 'loaded' });
      await vi.advanceTimersByTimeAsync(SILENCE_LIMIT_MS + 2 * CHECK_EVERY_MS);
      expect(worker.terminated, 'watched from its loaded message on').toBe(true);
    });
  });

  it('records the phases the worker measured on the page\'s timeline', async () => {
    const { worker } = await started();
    performance.clearMeasures('stacklab:load:restore');
    worker.say({ kind: 'phase', phase: { name: 'stacklab:load:restore', startEpochMs: performance.timeOrigin + 100, duration: 250, detail: { from: 'state' } } });
    const [measure] = performance.getEntriesByName('stacklab:load:restore');
    expect(measure?.startTime).toBeCloseTo(100, 0);
    expect(measure?.duration).toBe(250);
  });
});
