/**
 * The VM a lesson page asks for from its head once its first frame is drawn (the inline
 * script in src/components/EarlyVm.astro), before the page's code has loaded. It is a worker
 * (vm-machine-worker.ts) given one prepareAndStart call, with the messages it sent since; the
 * loader (vm-loader.ts) takes it over once, or starts its own worker where there is none, or
 * where this one failed to load, before the take-over or after it.
 */
import type { FromWorker } from '../vm/worker/messages.ts';

/** The image folder, as the page's loader and the early script both ask for it. */
export const VM_BASE_URL = '/vm/';
/** The id of the early script's one call; the page's WorkerMachine numbers its own from 1. */
export const EARLY_VM_CALL_ID = 0;

export interface EarlyVm {
  worker: Worker;
  /** When the page asked (performance.now()). */
  requestedAt: number;
  /** When the worker said its code had loaded, if it has. */
  loadedAt?: number;
  /** The worker's messages so far, in order. */
  heard: FromWorker[];
  /** The worker failed to load or sent a message that could not be read. */
  failed: boolean;
  hear: (event: MessageEvent<FromWorker>) => void;
  fail: () => void;
}

declare global {
  interface Window {
    stacklabEarlyVm?: EarlyVm | null;
  }
}

/**
 * The early VM, once: it stops listening for the early script, which leaves the messages heard
 * so far to the caller. Undefined where none was started, where it was taken already, or
 * where its worker failed (it is ended then).
 */
export function takeEarlyVm(): Omit<EarlyVm, 'hear' | 'fail'> | undefined {
  if (typeof window === 'undefined') return undefined;
  const early = window.stacklabEarlyVm;
  // Null, not deleted: the early script, later or on a client-side navigation, must not start another.
  window.stacklabEarlyVm = null;
  if (!early) return undefined;
  early.worker.removeEventListener('message', early.hear);
  early.worker.removeEventListener('error', early.fail);
  early.worker.removeEventListener('messageerror', early.fail);
  if (early.failed) {
    early.worker.terminate();
    return undefined;
  }
  return early;
}
