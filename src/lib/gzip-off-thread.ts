/**
 * gzip and gunzip of VM states on a worker thread. The emulator runs on the page's main
 * thread; compressing a 19 MB state there (CompressionStream works on the thread that
 * reads it) slowed the guest for seconds after every save. The worker is made from a
 * Blob, so it needs no file of its own and works offline. Without Worker support, the
 * streams run here.
 */
type Direction = 'compress' | 'decompress';

const WORKER_SOURCE = `onmessage = async (event) => {
  const { id, direction, bytes } = event.data;
  try {
    const stream = direction === 'compress' ? new CompressionStream('gzip') : new DecompressionStream('gzip');
    const out = await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer();
    postMessage({ id, out }, [out]);
  } catch (error) {
    postMessage({ id, error: String(error && error.message || error) });
  }
};`;

interface Reply {
  id: number;
  out?: ArrayBuffer;
  error?: string;
}

let worker: Worker | undefined;
let nextId = 1;
const waiting = new Map<number, { resolve: (out: ArrayBuffer) => void; reject: (error: Error) => void }>();

function gzipWorker(): Worker | undefined {
  if (worker || typeof Worker === 'undefined' || typeof Blob === 'undefined') return worker;
  try {
    const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
    worker = new Worker(url);
    URL.revokeObjectURL(url);
    worker.onmessage = (event: MessageEvent<Reply>) => {
      const { id, out, error } = event.data;
      const job = waiting.get(id);
      waiting.delete(id);
      if (out) job?.resolve(out);
      else job?.reject(new Error(error ?? 'the gzip worker failed'));
    };
    worker.onerror = () => {
      for (const job of waiting.values()) job.reject(new Error('the gzip worker stopped'));
      waiting.clear();
      worker = undefined;
    };
  } catch {
    worker = undefined;
  }
  return worker;
}

function onThisThread(bytes: ArrayBuffer, direction: Direction): Promise<ArrayBuffer> {
  const stream = direction === 'compress' ? new CompressionStream('gzip') : new DecompressionStream('gzip');
  return new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer();
}

/** Runs `bytes` through gzip in either direction. `bytes` is handed to the worker: do not use it afterwards. */
export function gzipTransform(bytes: ArrayBuffer, direction: Direction): Promise<ArrayBuffer> {
  const target = gzipWorker();
  if (!target) return onThisThread(bytes, direction);
  return new Promise<ArrayBuffer>((resolve, reject) => {
    const id = nextId++;
    waiting.set(id, { resolve, reject });
    target.postMessage({ id, direction, bytes }, [bytes]);
  });
}
