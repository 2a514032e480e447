/**
 * Starts the Stacklab guest in the browser from what vm-download.ts fetched. The emulator
 * runs in a dedicated Web Worker (src/vm/worker/), so the page's thread is left to the
 * lesson and the terminal; the worker is created as soon as the VM is asked for, and loads
 * v86's code while the downloads are still under way.
 *
 * The page's own thread is used where a browser has no module workers, or when the address
 * asks for it with `?vm-thread=page` (bench/site.ts compares the two in one run).
 */
import type { GuestMachine } from '../vm/machine-api.ts';
import { measurePhase } from '../vm/perf-marks.ts';
import { startMachineWorker, whenWorkerLoaded, WorkerMachine } from '../vm/worker/worker-machine.ts';
import { BUILD_ADVICE, type VmDownload } from './vm-download.ts';
import { clauseOf, VmLoadError } from './vm-load-error.ts';

export type EmulatorThread = 'worker' | 'page';

export function emulatorThread(): EmulatorThread {
  if (typeof Worker === 'undefined') return 'page';
  return new URLSearchParams(location.search).get('vm-thread') === 'page' ? 'page' : 'worker';
}

/** Starts a VM once its download is in hand: see `prepareStart`. */
export type StartMachine = (download: VmDownload) => Promise<GuestMachine>;

/**
 * Begins what a start needs before the downloads are in (the worker and its code, or the
 * emulator's code on the page), measured as the load's `loader-code` phase from `requestedAt`.
 * Call `cancel` if the download fails, so no worker is left behind.
 */
export function prepareStart(requestedAt: number, thread: EmulatorThread = emulatorThread()): { start: StartMachine; cancel: () => void } {
  if (thread === 'page') {
    const code = import('../vm/machine.ts').then((module) => {
      measurePhase('load', 'loader-code', requestedAt, undefined, { thread });
      return module;
    });
    code.catch(() => undefined); // reported by the start
    return {
      start: (download) => failClearly(async () => startOnPage((await code).Machine, download)),
      cancel: () => undefined,
    };
  }
  let worker: Worker | undefined = startMachineWorker();
  whenWorkerLoaded(worker, () => measurePhase('load', 'loader-code', requestedAt, undefined, { thread }));
  return {
    start: (download) =>
      failClearly(async () => {
        const { module, bytes } = await download.compiledWasm;
        const given = worker!;
        worker = undefined;
        return WorkerMachine.start(given, {
          image: download.image,
          baseHref: new URL(download.baseUrl, location.href).href,
          wasmUrl: new URL(download.wasmUrl, location.href).href,
          module,
          wasmBytes: bytes,
          state: download.state,
        });
      }),
    cancel: () => {
      worker?.terminate();
      worker = undefined;
    },
  };
}

async function startOnPage(machineClass: typeof import('../vm/machine.ts').Machine, { baseUrl, image, wasmUrl, compiledWasm, state }: VmDownload): Promise<GuestMachine> {
  return machineClass.start(
    { image, resolve: (name) => new URL(`${baseUrl}${name}`, location.href).href, wasm: wasmUrl, compiledWasm: () => compiledWasm },
    { kind: 'state', state },
  );
}

async function failClearly(start: () => Promise<GuestMachine>): Promise<GuestMachine> {
  try {
    return await start();
  } catch (error) {
    throw new VmLoadError('start-failed', `The VM did not start: ${clauseOf(error)}.`, `Press Retry. If it fails again, reload the page. ${BUILD_ADVICE}`);
  }
}
