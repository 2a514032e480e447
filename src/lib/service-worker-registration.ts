/**
 * Registers /sw.js (built by src/integrations/service-worker.ts).
 *
 * - On a page with a terminal it waits until the VM has loaded (or failed), so the
 *   worker's precache finds the snapshot in the HTTP cache instead of downloading it a
 *   second time alongside the page; and, once the VM runs, until the learner pauses
 *   (terminal-quiet.ts), so the precache does not compete with their first commands.
 * - After the same pause it asks the worker to cache the rest of the disk in the background
 *   (unless the browser asks to save data); when that is complete, <html> gets
 *   data-offline="ready" and a 'stacklab:offline-ready' event fires.
 */
import type { GuestMachine } from '../vm/machine-api.ts';
import { dispatch } from './events.ts';
import { whenTerminalQuiet } from './terminal-quiet.ts';
import { vmSession, type VmStatus } from './vm-session.ts';

interface OfflineReport {
  type: 'stacklab:offline';
  complete: boolean;
  /** Chunks this request downloaded; 0 when everything was cached already. */
  fetched: number;
}

const settled = (status: VmStatus) => status.state === 'ready' || status.state === 'failed';
let offlineReady = false;

/** The first pause of each machine's terminal: the registration and the disk wait for the same one. */
const pauses = new WeakMap<GuestMachine, Promise<void>>();
function pauseOf(machine: GuestMachine): Promise<void> {
  let pause = pauses.get(machine);
  if (!pause) pauses.set(machine, (pause = whenTerminalQuiet(machine)));
  return pause;
}

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.addEventListener('message', onWorkerMessage);
  document.addEventListener('astro:after-swap', markOfflineReady);
  // Each machine (a new one after a reload of the VM) asks once, when its terminal is quiet;
  // the ask waits for the worker to be registered and active.
  let machine: GuestMachine | undefined;
  const cacheDiskWhenQuiet = (status: VmStatus) => {
    if (status.state !== 'ready' || status.machine === machine) return;
    machine = status.machine;
    void pauseOf(machine).then(askForDisk);
  };
  vmSession.on('status', cacheDiskWhenQuiet);
  cacheDiskWhenQuiet(vmSession.status);
  const start = () => setTimeout(() => registerWhenVmSettled(), 0);
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start, { once: true });
}

function registerWhenVmSettled(): void {
  if (!document.querySelector('stacklab-terminal')) return register();
  const registerOnce = (status: VmStatus) => {
    if (status.state === 'ready') void pauseOf(status.machine).then(register);
    else register();
  };
  if (settled(vmSession.status)) return registerOnce(vmSession.status);
  const stop = vmSession.on('status', (status) => {
    if (!settled(status)) return;
    stop();
    registerOnce(status);
  });
}

function register(): void {
  navigator.serviceWorker
    .register('/sw.js')
    .catch((error: unknown) => {
      console.warn('Stacklab: offline use is not available (the service worker did not register).', error);
    });
}

async function askForDisk(): Promise<void> {
  if ((navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData) return;
  const registration = await navigator.serviceWorker.ready;
  registration.active?.postMessage('stacklab:cache-disk');
}

function onWorkerMessage(event: MessageEvent<OfflineReport>): void {
  if (event.data?.type !== 'stacklab:offline' || !event.data.complete || offlineReady) return;
  offlineReady = true;
  markOfflineReady();
  if (event.data.fetched > 0) dispatch('stacklab:offline-ready');
}

function markOfflineReady(): void {
  if (offlineReady) document.documentElement.dataset.offline = 'ready';
}
