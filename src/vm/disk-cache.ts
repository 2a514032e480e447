/**
 * The root disk's first chunks, fetched before the guest asks for them. v86 fetches the
 * lazily loaded disk a chunk at a time when the guest reads it, and keeps what it fetched in
 * its buffer's block cache (buffer.js). A fresh guest's page cache holds only what its
 * processes map (the snapshot drops the rest), so a learner's first `ip netns add` and the
 * first Check read about 24 chunks (2 MB), one after another, each waiting for the last.
 *
 * The chunks a fresh restore of the snapshot reads for a learner's first commands are
 * recorded when it is saved (state.json's `diskPrefetch`) and fetched a few at a time soon
 * after the guest answers. A learner who waits a moment is served anyway by the warm-up's
 * first round, which reads the same chunks; one who types at once (three commands right
 * after the prompt, in chromium) saw them end about 0.4 s sooner.
 */
import type { V86 } from 'v86';
import { ideInterfaces } from './disk-reads.ts';
import { offlineCopy } from './offline-copy.ts';

/** v86's unit of its block cache (buffer.js's BLOCK_SIZE). */
export const CACHE_BLOCK_BYTES = 256;

/** The parts of v86's chunked disk (AsyncXHRPartfileBuffer) used here. */
interface ChunkedDisk {
  fixed_chunk_size: number;
  byteLength: number;
  block_cache: Map<number, Uint8Array>;
  get(offset: number, length: number, done: (data: Uint8Array) => void, options?: ReadOptions): void;
  /** A chunk's file is `${basename}${start}-${end}${extension}` (unless partfile_alt_format). */
  basename: string;
  extension: string;
  partfile_alt_format: boolean;
  is_zstd: boolean;
  zstd_decompress(size: number, bytes: Uint8Array): Promise<ArrayBuffer | Uint8Array>;
  /** Puts a fetched chunk's blocks into the block cache, keeping blocks the guest has written. */
  handle_read(offset: number, length: number, data: Uint8Array): void;
}

function isChunkedDisk(buffer: unknown): buffer is ChunkedDisk {
  const disk = buffer as Partial<ChunkedDisk> | null | undefined;
  return (
    typeof disk?.fixed_chunk_size === 'number' &&
    disk.fixed_chunk_size > 0 &&
    typeof disk.byteLength === 'number' &&
    disk.block_cache instanceof Map &&
    typeof disk.get === 'function'
  );
}

/** The emulator's lazily loaded disks (one: the root disk); none in an emulator built otherwise. */
function chunkedDisks(emulator: V86): ChunkedDisk[] {
  return ideInterfaces(emulator)
    .map((drive) => drive.buffer)
    .filter(isChunkedDisk);
}

/** Offsets of the chunks of which the disk holds at least one block, read or written, in order. */
export function diskChunksHeld(emulator: V86): number[] {
  const chunks = new Set<number>();
  for (const disk of chunkedDisks(emulator)) {
    for (const index of disk.block_cache.keys()) {
      chunks.add(Math.floor((index * CACHE_BLOCK_BYTES) / disk.fixed_chunk_size) * disk.fixed_chunk_size);
    }
  }
  return [...chunks].sort((a, b) => a - b);
}

/** How many chunks a prefetch has on their way at once (see prefetchDiskChunks). */
export const PREFETCH_AT_ONCE = 4;

type ReadOptions = { signal?: AbortSignal };

/** The disks whose fetches are shared (see shareDiskFetches), each with the chunks it has on their way. */
const chunksOnTheirWay = new WeakMap<ChunkedDisk, Map<number, Promise<void>>>();

/** Whether every block of the read is in the disk's block cache, so v86 serves it without a fetch. */
function held(disk: ChunkedDisk, offset: number, length: number): boolean {
  for (let block = Math.floor(offset / CACHE_BLOCK_BYTES); block * CACHE_BLOCK_BYTES < offset + length; block++) {
    if (!disk.block_cache.has(block)) return false;
  }
  return true;
}

/**
 * Makes every fetch of a disk chunk shared: a read (the guest's, or a prefetch's) of a chunk
 * that another read has on its way waits for it, then reads it from the block cache, instead of
 * fetching the same chunk again (v86 keeps no record of the fetches it has in flight). Installed
 * once per disk, before the first read worth sharing: the guest's own first reads race the
 * prefetch as much as the prefetch races them. A read that is cancelled (v86 aborts a drive's
 * reads when the guest resets it) lets its waiters go, and they fetch for themselves.
 */
function shareChunkFetches(disk: ChunkedDisk): Map<number, Promise<void>> {
  const shared = chunksOnTheirWay.get(disk);
  if (shared) return shared;
  const onItsWay = new Map<number, Promise<void>>();
  chunksOnTheirWay.set(disk, onItsWay);
  const fetchChunks = disk.get.bind(disk);
  const size = disk.fixed_chunk_size;
  const read = (offset: number, length: number, done: (data: Uint8Array) => void, options?: ReadOptions): void => {
    const chunks: number[] = [];
    for (let chunk = offset - (offset % size); chunk < offset + length; chunk += size) chunks.push(chunk);
    const waits = chunks.flatMap((chunk) => onItsWay.get(chunk) ?? []);
    if (waits.length > 0) {
      void Promise.all(waits).then(() => read(offset, length, done, options));
      return;
    }
    if (held(disk, offset, length)) {
      fetchChunks(offset, length, done, options);
      return;
    }
    let arrived!: () => void;
    const arriving: Promise<void> = new Promise<void>((resolve) => (arrived = resolve)).then(() => {
      for (const chunk of chunks) if (onItsWay.get(chunk) === arriving) onItsWay.delete(chunk);
    });
    for (const chunk of chunks) onItsWay.set(chunk, arriving);
    options?.signal?.addEventListener('abort', () => arrived(), { once: true });
    const fetchMissing = () =>
      fetchChunks(
        offset,
        length,
        (data) => {
          arrived();
          done(data);
        },
        options,
      );
    if (!savedCopiesReadable(disk)) return fetchMissing();
    // v86 fetches only the chunks still missing once the saved copies are in its block cache.
    const missing = chunks.filter((chunk) => !held(disk, chunk, size));
    void Promise.all(missing.map((chunk) => readSavedChunk(disk, chunk))).then(() => {
      if (!options?.signal?.aborted) fetchMissing();
    });
  };
  disk.get = read;
  return onItsWay;
}

/** Whether saved copies can be read for this disk: Cache Storage exists, and the disk names its chunks as v86's chunked disk does. */
function savedCopiesReadable(disk: ChunkedDisk): boolean {
  return typeof caches !== 'undefined' && typeof disk.basename === 'string' && typeof disk.handle_read === 'function' && !disk.partfile_alt_format;
}

/**
 * Puts the chunk at `offset` into the disk's block cache from the copy the service worker saved
 * for offline use (offline-copy.ts): about 3 ms a chunk, where v86's own fetch of it goes through
 * the service worker's fetch handler for about 9 (bench/first-use.ts). Resolves whether it did;
 * without a saved copy v86 fetches the chunk as before.
 */
async function readSavedChunk(disk: ChunkedDisk, offset: number): Promise<boolean> {
  const size = disk.fixed_chunk_size;
  try {
    const saved = await offlineCopy(new URL(`${disk.basename}${offset}-${offset + size}${disk.extension}`, globalThis.location?.href).href);
    if (!saved) return false;
    const stored = new Uint8Array(saved);
    const bytes = disk.is_zstd ? new Uint8Array(await disk.zstd_decompress(size, stored)) : stored;
    if (bytes.byteLength !== size) return false;
    disk.handle_read(offset, size, bytes);
    return true;
  } catch {
    // The chunk's address or its copy unreadable: the network (or the service worker) has it.
    return false;
  }
}

/** Shares the root disk's chunk fetches between the guest's reads and a prefetch (see shareChunkFetches); nothing for an emulator without a chunked disk. */
export function shareDiskFetches(emulator: V86): void {
  const disk = chunkedDisks(emulator)[0];
  if (disk) shareChunkFetches(disk);
}

/**
 * Fetches the chunks at `offsets` into the root disk's cache, unless held already, a few at a
 * time, so the guest's own reads are not queued behind them all. A chunk the guest (or another
 * prefetch) has on its way is waited for, not fetched again. Resolves with how many were not
 * held when asked for, once all have arrived; offsets that are not a chunk of the disk are skipped.
 */
export async function prefetchDiskChunks(emulator: V86, offsets: readonly number[], atOnce = PREFETCH_AT_ONCE): Promise<number> {
  const disk = chunkedDisks(emulator)[0];
  if (!disk) return 0;
  shareChunkFetches(disk);
  const size = disk.fixed_chunk_size;
  const wanted = offsets.filter((offset) => offset % size === 0 && offset >= 0 && offset + size <= disk.byteLength && !disk.block_cache.has(offset / CACHE_BLOCK_BYTES));
  const queue = [...wanted];
  const fetchNext = async (): Promise<void> => {
    for (let offset = queue.shift(); offset !== undefined; offset = queue.shift()) {
      // Read meanwhile by the guest: nothing left to fetch.
      if (disk.block_cache.has(offset / CACHE_BLOCK_BYTES)) continue;
      await new Promise<void>((resolve) => disk.get(offset, size, () => resolve()));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, atOnce) }, fetchNext));
  return wanted.length;
}
