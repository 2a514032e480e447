/**
 * Loads and starts the Stacklab guest in the browser. The emulator runs in a dedicated Web
 * Worker, which downloads what it needs itself (vm-machine-worker.ts), so the page's thread is
 * left to the lesson and the terminal, and the downloads never wait for it.
 *
 * The page's own thread is used where a browser has no module workers, or when the address
 * asks for it with `?vm-thread=page` (bench/site.ts compares the two in one run): there the
 * page downloads (vm-download.ts) while the emulator's code loads.
 */
import type { GuestMachine } from '../vm/machine-api.ts';
import { measurePhase } from '../vm/perf-marks.ts';
import { whenWorkerLoaded, WorkerError, WorkerMachine } from '../vm/worker/worker-machine.ts';
import { BUILD_ADVICE, downloadVm, requireWebAssembly, type LoadProgress, type VmDownload } from './vm-download.ts';
import { EARLY_VM_CALL_ID, takeEarlyVm, VM_BASE_URL } from './early-vm.ts';
import { clauseOf, VmLoadError, type VmLoadFailure } from './vm-load-error.ts';
import type { WorkerDownloadRequest } from './vm-worker-request.ts';

export type EmulatorThread = 'worker' | 'page';

export function emulatorThread(): EmulatorThread {
  if (typeof Worker === 'undefined') return 'page';
  return new URLSearchParams(location.search).get('vm-thread') === 'page' ? 'page' : 'worker';
}

export interface LoadOptions {
  /** When the page asked for the VM (performance.now()): the load's phases count from there. */
  requestedAt: number;
  onProgress: (progress: LoadProgress) => void;
  /** The folder holding image.json, state.json and the snapshot. */
  baseUrl?: string;
  /** Aborted, the emulator's worker is ended at once, mid-load, and the load rejects. */
  signal?: AbortSignal;
}

/** Downloads and starts the VM; rejects with a VmLoadError that says what to do. */
export async function loadMachine(options: LoadOptions, thread: EmulatorThread = emulatorThread()): Promise<GuestMachine> {
  // Said at once, from the page: a worker would only find the same.
  requireWebAssembly();
  return thread === 'page' ? loadOnPage(options) : loadInWorker(options);
}

/** `starting` settled, unless `signal` is aborted first: then `worker` is ended at once and it rejects. */
function endedOnAbort<T>(starting: Promise<T>, worker: Worker, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return starting;
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      worker.terminate();
      reject(new Error('the VM was no longer wanted'));
    };
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    starting.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

async function loadInWorker({ requestedAt, onProgress, baseUrl = VM_BASE_URL, signal }: LoadOptions): Promise<GuestMachine> {
  const progress = (reported: unknown) => onProgress(reported as LoadProgress);
  try {
    // The VM the page asked for from its head (EarlyVm.astro), if it did and its worker is alive.
    const early = baseUrl === VM_BASE_URL ? takeEarlyVm() : undefined;
    if (early) {
      const detail = { thread: 'worker', early: true };
      let loaded = early.loadedAt !== undefined;
      if (early.loadedAt !== undefined) measurePhase('load', 'loader-code', early.requestedAt, early.loadedAt - early.requestedAt, detail);
      else
        whenWorkerLoaded(early.worker, () => {
          loaded = true;
          measurePhase('load', 'loader-code', early.requestedAt, undefined, detail);
        });
      try {
        return await endedOnAbort(WorkerMachine.adopt(early.worker, EARLY_VM_CALL_ID, early.heard, progress), early.worker, signal);
      } catch (error) {
        // A worker whose code never loaded (its script failed after the take-over): start one here.
        if (loaded) throw error;
      }
    }
    const worker = new Worker(new URL('./vm-machine-worker.ts', import.meta.url), { type: 'module', name: 'stacklab-vm' });
    whenWorkerLoaded(worker, () => measurePhase('load', 'loader-code', requestedAt, undefined, { thread: 'worker' }));
    const request: WorkerDownloadRequest = { baseHref: new URL(baseUrl, location.href).href, requestedAtEpochMs: performance.timeOrigin + requestedAt };
    return await endedOnAbort(WorkerMachine.prepareAndStart(worker, request, progress), worker, signal);
  } catch (error) {
    throw loadErrorFrom(error);
  }
}

async function loadOnPage({ requestedAt, onProgress, baseUrl }: LoadOptions): Promise<GuestMachine> {
  const code = import('../vm/machine.ts').then((module) => {
    measurePhase('load', 'loader-code', requestedAt, undefined, { thread: 'page' });
    return module;
  });
  code.catch(() => undefined); // reported by the start
  const download = await downloadVm({ baseUrl, requestedAt, onProgress });
  try {
    return await startOnPage((await code).Machine, download);
  } catch (error) {
    throw startFailed(error);
  }
}

async function startOnPage(machineClass: typeof import('../vm/machine.ts').Machine, { baseUrl, image, wasmUrl, compiledWasm, state, diskPrefetch }: VmDownload): Promise<GuestMachine> {
  return machineClass.start(
    { image, resolve: (name) => new URL(`${baseUrl}${name}`, location.href).href, wasm: wasmUrl, compiledWasm: () => compiledWasm },
    { kind: 'state', state },
    { diskPrefetch },
  );
}

/** A download's failure, which the worker described, keeps its words; anything else failed the start. */
function loadErrorFrom(error: unknown): VmLoadError {
  if (error instanceof WorkerError && error.name === 'VmLoadError') {
    const { failure, advice } = error.fields as { failure?: VmLoadFailure; advice?: string };
    if (failure && advice) return new VmLoadError(failure, error.message, advice);
  }
  return startFailed(error);
}

function startFailed(error: unknown): VmLoadError {
  return new VmLoadError('start-failed', `The VM did not start: ${clauseOf(error)}.`, `Press Retry. If it fails again, reload the page. ${BUILD_ADVICE}`);
}
