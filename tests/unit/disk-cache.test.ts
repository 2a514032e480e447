/** The root disk's first chunks fetched ahead (src/vm/disk-cache.ts), on a disk shaped as v86's chunked disk keeps them. */
import type { V86 } from 'v86';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CACHE_BLOCK_BYTES, diskChunksHeld, prefetchDiskChunks, shareDiskFetches } from '../../src/vm/disk-cache.ts';

const CHUNK = 4 * CACHE_BLOCK_BYTES;

/** An emulator whose root disk has 8 chunks and fetches one in a few milliseconds, caching its blocks as v86 does. */
function emulatorWithDisk() {
  const blockCache = new Map<number, Uint8Array>();
  const fetched: number[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const cacheChunk = (offset: number) => {
    for (let block = 0; block < CHUNK / CACHE_BLOCK_BYTES; block++) blockCache.set(offset / CACHE_BLOCK_BYTES + block, new Uint8Array(CACHE_BLOCK_BYTES));
  };
  const disk = {
    fixed_chunk_size: CHUNK,
    byteLength: 8 * CHUNK,
    block_cache: blockCache,
    get(offset: number, length: number, done: (data: Uint8Array) => void, options?: { signal?: AbortSignal }) {
      // Served from the block cache when every block of the read is held, as v86 does.
      const blocks = Array.from({ length: Math.ceil(length / CACHE_BLOCK_BYTES) }, (_, i) => offset / CACHE_BLOCK_BYTES + i);
      if (blocks.every((block) => blockCache.has(block))) {
        done(new Uint8Array(length));
        return;
      }
      // Each chunk of the read that is not held is fetched on its own, as v86 does; a cancelled read caches nothing and never answers.
      const chunks: number[] = [];
      for (let chunk = offset - (offset % CHUNK); chunk < offset + length; chunk += CHUNK) {
        if (!Array.from({ length: CHUNK / CACHE_BLOCK_BYTES }, (_, i) => chunk / CACHE_BLOCK_BYTES + i).every((block) => blockCache.has(block))) chunks.push(chunk);
      }
      fetched.push(...chunks);
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      setTimeout(() => {
        inFlight--;
        if (options?.signal?.aborted) return;
        chunks.forEach(cacheChunk);
        done(new Uint8Array(length));
      }, 5);
    },
  };
  const emulator = { v86: { cpu: { devices: { ide: { primary: { master: { buffer: disk } } } } } } } as unknown as V86;
  return { emulator, disk, fetched, cacheChunk, mostInFlight: () => mostInFlight };
}

const SITE = 'https://stacklab.test';
const chunkUrl = (offset: number) => `${SITE}/vm/disk-k/rootfs-${offset}-${offset + CHUNK}.img`;

/** The same disk naming its chunks as v86's does, with copies saved for offline use in Cache Storage (a stand-in of it). */
function emulatorWithSavedChunks(saved: Map<string, Uint8Array<ArrayBuffer>>, { storageRefuses = false } = {}) {
  const machine = emulatorWithDisk();
  Object.assign(machine.disk, {
    basename: `${SITE}/vm/disk-k/rootfs-`,
    extension: '.img',
    is_zstd: false,
    partfile_alt_format: false,
    // As v86's: a block already held (written by the guest) is kept; the others are taken from the data.
    handle_read(offset: number, length: number, data: Uint8Array) {
      for (let i = 0; i < length / CACHE_BLOCK_BYTES; i++) {
        const block = offset / CACHE_BLOCK_BYTES + i;
        if (!machine.disk.block_cache.has(block)) machine.disk.block_cache.set(block, data.slice(i * CACHE_BLOCK_BYTES, (i + 1) * CACHE_BLOCK_BYTES));
      }
    },
  });
  vi.stubGlobal('caches', {
    match: async (url: string) => {
      if (storageRefuses) throw new DOMException('refused', 'SecurityError');
      const bytes = saved.get(url);
      return bytes ? new Response(bytes) : undefined;
    },
  });
  return machine;
}

describe('a chunk saved for offline use', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is read straight from Cache Storage, and only the chunks not saved are fetched', async () => {
    const { emulator, disk, fetched } = emulatorWithSavedChunks(new Map([[chunkUrl(CHUNK), new Uint8Array(CHUNK).fill(7)]]));
    shareDiskFetches(emulator);
    await new Promise<void>((resolve) => disk.get(CHUNK, 2 * CHUNK, () => resolve()));
    expect(fetched).toEqual([2 * CHUNK]);
    expect(disk.block_cache.get(CHUNK / CACHE_BLOCK_BYTES)?.[0]).toBe(7);
    expect(diskChunksHeld(emulator)).toEqual([CHUNK, 2 * CHUNK]);
  });

  it('keeps the blocks the guest wrote before the chunk was read', async () => {
    const { emulator, disk } = emulatorWithSavedChunks(new Map([[chunkUrl(0), new Uint8Array(CHUNK).fill(7)]]));
    disk.block_cache.set(1, new Uint8Array(CACHE_BLOCK_BYTES).fill(9));
    await prefetchDiskChunks(emulator, [0]);
    expect([disk.block_cache.get(0)?.[0], disk.block_cache.get(1)?.[0]]).toEqual([7, 9]);
  });

  it('is fetched as before when the copy is of another size or Cache Storage refuses', async () => {
    const short = emulatorWithSavedChunks(new Map([[chunkUrl(0), new Uint8Array(CHUNK / 2)]]));
    await prefetchDiskChunks(short.emulator, [0]);
    expect(short.fetched).toEqual([0]);
    vi.unstubAllGlobals();
    const refused = emulatorWithSavedChunks(new Map([[chunkUrl(0), new Uint8Array(CHUNK)]]), { storageRefuses: true });
    await prefetchDiskChunks(refused.emulator, [0]);
    expect(refused.fetched).toEqual([0]);
  });
});

describe('the disk chunks the emulator holds', () => {
  it('names each chunk with a block cached once, in order', () => {
    const { emulator, cacheChunk } = emulatorWithDisk();
    cacheChunk(5 * CHUNK);
    cacheChunk(CHUNK);
    expect(diskChunksHeld(emulator)).toEqual([CHUNK, 5 * CHUNK]);
  });

  it('names none for an emulator without a chunked disk', () => {
    expect(diskChunksHeld({} as V86)).toEqual([]);
    const plain = { v86: { cpu: { devices: { ide: { primary: { master: { buffer: { byteLength: 10 } } } } } } } } as unknown as V86;
    expect(diskChunksHeld(plain)).toEqual([]);
  });
});

describe('fetching chunks ahead', () => {
  it('fetches every chunk asked for that is not held yet, and then holds them', async () => {
    const { emulator, fetched, cacheChunk } = emulatorWithDisk();
    cacheChunk(2 * CHUNK);
    await expect(prefetchDiskChunks(emulator, [0, 2 * CHUNK, 3 * CHUNK, 7 * CHUNK])).resolves.toBe(3);
    expect(fetched.sort((a, b) => a - b)).toEqual([0, 3 * CHUNK, 7 * CHUNK]);
    expect(diskChunksHeld(emulator)).toEqual([0, 2 * CHUNK, 3 * CHUNK, 7 * CHUNK]);
  });

  it('has no more than the given number of chunks on their way at once', async () => {
    const { emulator, fetched, mostInFlight } = emulatorWithDisk();
    await prefetchDiskChunks(emulator, [0, CHUNK, 2 * CHUNK, 3 * CHUNK, 4 * CHUNK, 5 * CHUNK], 2);
    expect(fetched).toHaveLength(6);
    expect(mostInFlight()).toBe(2);
  });

  it('skips a chunk the guest read while earlier ones were on their way', async () => {
    const { emulator, fetched, cacheChunk } = emulatorWithDisk();
    const prefetch = prefetchDiskChunks(emulator, [0, CHUNK], 1);
    cacheChunk(CHUNK);
    await prefetch;
    expect(fetched).toEqual([0]);
  });

  it("has the guest's read of a chunk on its way wait for it instead of fetching it again", async () => {
    const { emulator, disk, fetched } = emulatorWithDisk();
    const prefetch = prefetchDiskChunks(emulator, [0, CHUNK], 2);
    const guestRead = new Promise<number>((resolve) => disk.get(CHUNK + CACHE_BLOCK_BYTES, CACHE_BLOCK_BYTES, (data) => resolve(data.length)));
    await expect(guestRead).resolves.toBe(CACHE_BLOCK_BYTES);
    await prefetch;
    expect(fetched.sort((a, b) => a - b)).toEqual([0, CHUNK]);
  });

  it("fetches the guest's read of a chunk that is not on its way at once, and the prefetch then skips it", async () => {
    const { emulator, disk, fetched } = emulatorWithDisk();
    const prefetch = prefetchDiskChunks(emulator, [0, CHUNK, 2 * CHUNK], 1);
    disk.get(2 * CHUNK, CACHE_BLOCK_BYTES, () => {});
    await prefetch;
    expect(fetched).toEqual([0, 2 * CHUNK, CHUNK]);
  });

  it("has the prefetch wait for a chunk the guest has on its way, once fetches are shared from the start", async () => {
    const { emulator, disk, fetched } = emulatorWithDisk();
    shareDiskFetches(emulator);
    const guestRead = new Promise<void>((resolve) => disk.get(CHUNK, 2 * CHUNK, () => resolve()));
    await expect(prefetchDiskChunks(emulator, [0, CHUNK, 2 * CHUNK])).resolves.toBe(3);
    await guestRead;
    expect(fetched.sort((a, b) => a - b)).toEqual([0, CHUNK, 2 * CHUNK]);
  });

  it('lets the reads waiting for a cancelled read fetch for themselves', async () => {
    const { emulator, disk, fetched } = emulatorWithDisk();
    shareDiskFetches(emulator);
    const cancel = new AbortController();
    disk.get(CHUNK, CACHE_BLOCK_BYTES, () => {}, { signal: cancel.signal });
    const waiting = new Promise<void>((resolve) => disk.get(CHUNK, CACHE_BLOCK_BYTES, () => resolve()));
    cancel.abort();
    await waiting;
    expect(fetched).toEqual([CHUNK, CHUNK]);
  });

  it('shares a chunk on its way between two prefetches', async () => {
    const { emulator, fetched } = emulatorWithDisk();
    await Promise.all([prefetchDiskChunks(emulator, [0, CHUNK]), prefetchDiskChunks(emulator, [CHUNK, 2 * CHUNK])]);
    expect(fetched.sort((a, b) => a - b)).toEqual([0, CHUNK, 2 * CHUNK]);
  });

  it('skips offsets that are not a chunk of the disk, and does nothing without a chunked disk', async () => {
    const { emulator, fetched } = emulatorWithDisk();
    await expect(prefetchDiskChunks(emulator, [100, -CHUNK, 8 * CHUNK, 9 * CHUNK])).resolves.toBe(0);
    expect(fetched).toEqual([]);
    await expect(prefetchDiskChunks({} as V86, [0])).resolves.toBe(0);
  });
});
