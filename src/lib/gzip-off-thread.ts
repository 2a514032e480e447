/**
 * gzip and gunzip of VM states on a worker thread. The emulator runs on the page's main
 * thread; compressing a 19 MB state there (CompressionStream works on the thread that
 * reads it) slowed the guest for seconds after every save. The worker is made from a
 * Blob, so it needs no file of its own and works offline. Without Worker support, the
 * streams run here.
 *
 * The bytes are written into the stream in one piece, not read from a Blob's stream: a Blob
 * of 19 MB is read back in small pieces through the browser's blob storage, and in the first
 * seconds after a page load, with the emulator and V8's compilers busy, an exercise's save
 * spent 11-16 s in gzip that way against 1.7-3.4 s written directly (bench/save.ts).
 */
import { throughStream } from '../exams/bundle-codec.ts';

type Direction = 'compress' | 'decompress';

/** The worker: throughStream's lines again (a worker made from a string cannot import). */
const WORKER_SOURCE = `onmessage = async (event) => {
  const { id, direction, bytes } = event.data;
  try {
    const stream = direction === 'compress' ? new CompressionStream('gzip') : new DecompressionStream('gzip');
    const writer = stream.writable.getWriter();
    writer.write(new Uint8Array(bytes)).catch(() => undefined);
    writer.close().catch(() => undefined);
    const out = await new Response(stream.readable).arrayBuffer();
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
  return throughStream(new Uint8Array(bytes), direction === 'compress' ? new CompressionStream('gzip') : new DecompressionStream('gzip'));
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
