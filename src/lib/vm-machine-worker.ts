/**
 * The emulator's worker as the site starts it (vm-loader.ts). It downloads what the VM needs
 * itself (vm-download.ts: the descriptions, v86.wasm compiled on arrival, the snapshot from the
 * offline copy or the network), so none of it waits for the page's thread while the page
 * draws the lesson and builds the terminal. The downloads begin as soon as the page's request
 * arrives, while the emulator's own code (machine-worker.ts, v86 and the driver) still loads;
 * the messages that came meanwhile are handed to it.
 */
import type { PrepareStart } from '../vm/worker/machine-worker.ts';
import type { StartRequest, ToWorker } from '../vm/worker/messages.ts';
import { downloadVm } from './vm-download.ts';
import { clauseOf } from './vm-load-error.ts';
import { workerDownloadRequestSchema } from './vm-worker-request.ts';

interface WorkerScope {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}
const scope = globalThis as unknown as WorkerScope;

/** Each request's start, begun once: early, from the held message, and asked for again when it is served. */
const begun = new WeakMap<object, Promise<StartRequest>>();

const prepare: PrepareStart = (request, report) => {
  let start = begun.get(request as object);
  if (!start) {
    start = downloadAndCompile(request, report);
    begun.set(request as object, start);
  }
  return start;
};

async function downloadAndCompile(request: unknown, report: (progress: unknown) => void): Promise<StartRequest> {
  const { baseHref, requestedAtEpochMs } = workerDownloadRequestSchema.parse(request);
  const download = await downloadVm({ baseUrl: baseHref, onProgress: report, requestedAt: requestedAtEpochMs - performance.timeOrigin });
  const { module, bytes } = await download.compiledWasm;
  return { image: download.image, baseHref, wasmUrl: new URL(download.wasmUrl, baseHref).href, module, wasmBytes: bytes, state: download.state, diskPrefetch: download.diskPrefetch };
}

const held: ToWorker[] = [];
scope.onmessage = ({ data }) => {
  held.push(data);
  if (data.kind === 'call' && data.name === 'prepareAndStart') {
    const [request] = data.args;
    // Failures are reported when the call is served, with the emulator's code loaded.
    prepare(request, (progress) => scope.postMessage({ kind: 'progress', id: data.id, progress })).catch(() => undefined);
  }
};

// Not awaited at the top level: a module worker is given no messages until its module has run.
void import('../vm/worker/machine-worker.ts').then(
  ({ serveMachine }) => serveMachine(prepare, held),
  (error: unknown) => {
    // Without the emulator's code every call fails, and says why.
    const fail = (id: number) => scope.postMessage({ kind: 'reply', id, ok: false, error: { message: `the emulator's code did not load (${clauseOf(error)})` } });
    for (const message of held) if (message.kind === 'call') fail(message.id);
    scope.onmessage = ({ data }) => data.kind === 'call' && fail(data.id);
  },
);
