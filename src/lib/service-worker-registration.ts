/**
 * Registers /sw.js (built by src/integrations/service-worker.ts).
 *
 * - On a page with a terminal it waits until the VM has loaded (or failed), so the
 *   worker's precache finds the snapshot in the HTTP cache instead of downloading it a
 *   second time alongside the page.
 * - Once the VM runs, it asks the worker to cache the rest of the disk in the background
 *   (unless the browser asks to save data); when that is complete, <html> gets
 *   data-offline="ready" and a 'stacklab:offline-ready' event fires.
 */
import { dispatch } from './events.ts';
import { vmSession, type VmStatus } from './vm-session.ts';

interface OfflineReport {
  type: 'stacklab:offline';
  complete: boolean;
  /** Chunks this request downloaded; 0 when everything was cached already. */
  fetched: number;
}

const settled = (status: VmStatus) => status.state === 'ready' || status.state === 'failed';
let offlineReady = false;

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.addEventListener('message', onWorkerMessage);
  document.addEventListener('astro:after-swap', markOfflineReady);
  vmSession.on('status', (status) => {
    if (status.state === 'ready') void askForDisk();
  });
  const start = () => setTimeout(() => registerWhenVmSettled(), 0);
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start, { once: true });
}

function registerWhenVmSettled(): void {
  if (!document.querySelector('stacklab-terminal') || settled(vmSession.status)) return register();
  const stop = vmSession.on('status', (status) => {
    if (!settled(status)) return;
    stop();
    register();
  });
}

function register(): void {
  navigator.serviceWorker
    .register('/sw.js')
    .then(() => {
      if (vmSession.status.state === 'ready') void askForDisk();
    })
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
