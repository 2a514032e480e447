import { afterEach, describe, expect, it } from 'vitest';
import { adaptExports } from '../../src/vm/wasm-exports.ts';

const PAGE = 64 * 1024; // a WebAssembly page
const GUEST = 2 * 1024 * 1024;

/** Stand-ins for v86's allocator and zeroing loop over a real WebAssembly memory. */
function fakeV86(initialPages: number, allocateAt: number) {
  const memory = new WebAssembly.Memory({ initial: initialPages });
  const zeroCalls: Array<[number, number]> = [];
  const exports = {
    memory,
    allocate_memory: (bytes: number) => {
      const needed = Math.ceil((allocateAt + bytes - memory.buffer.byteLength) / PAGE);
      if (needed > 0) memory.grow(needed);
      return allocateAt;
    },
    zero_memory: (address: number, length: number) => {
      zeroCalls.push([address, length]);
      return 0;
    },
  };
  return { memory, zeroCalls, exports };
}

describe('adaptExports', () => {
  afterEach(() => performance.clearMeasures());

  it('zeroes a new emulator\'s guest memory on its first restore only below the memory grown for it, natively', () => {
    const { memory, zeroCalls, exports } = fakeV86(4, 3 * PAGE); // the guest block starts 1 page before the old end
    const adapted = adaptExports(exports, { fromState: true }) as unknown as typeof exports;
    const at = adapted.allocate_memory(GUEST);
    const guest = () => new Uint8Array(memory.buffer, at, GUEST);
    guest().fill(7); // what a restore must clear: old bytes below, and (for the test) above the grown boundary
    adapted.zero_memory(0, GUEST);
    expect(zeroCalls).toEqual([]); // never v86's loop for all of guest memory
    expect(guest().subarray(0, PAGE).every((b) => b === 0)).toBe(true); // existed before: zeroed
    expect(guest()[PAGE]).toBe(7); // grown for it: zero by definition, left alone (filled here only to see it)
    adapted.zero_memory(0, GUEST); // a later restore: the guest has run, all of it is zeroed
    expect(guest().every((b) => b === 0)).toBe(true);
  });

  it('zeroes everything on the first restore of an emulator that booted (its memory held the BIOS and kernel)', () => {
    const { memory, exports } = fakeV86(1, PAGE);
    const adapted = adaptExports(exports, { fromState: false }) as unknown as typeof exports;
    const at = adapted.allocate_memory(GUEST);
    new Uint8Array(memory.buffer, at, GUEST).fill(9);
    adapted.zero_memory(0, GUEST);
    expect(new Uint8Array(memory.buffer, at, GUEST).every((b) => b === 0)).toBe(true);
  });

  it('passes any other zeroing (a balloon page) to v86', () => {
    const { zeroCalls, exports } = fakeV86(1, PAGE);
    const adapted = adaptExports(exports, { fromState: true }) as unknown as typeof exports;
    adapted.allocate_memory(GUEST);
    adapted.zero_memory(4096, 8192);
    expect(zeroCalls).toEqual([[4096, 8192]]);
  });

  it('records the decompression of a snapshot-sized stream as the load\'s decompress phase, not a disk chunk\'s', () => {
    const exports = { zstd_read: (_ctx: number, length: number) => length, zstd_free_ctx: (_ctx: number) => 0 };
    const adapted = adaptExports(exports, { fromState: true }) as unknown as typeof exports;
    adapted.zstd_read(1, 256 * 1024);
    adapted.zstd_free_ctx(1);
    expect(performance.getEntriesByName('stacklab:load:decompress')).toEqual([]);
    for (let i = 0; i < 5; i++) adapted.zstd_read(2, 1024 * 1024);
    adapted.zstd_free_ctx(2);
    const [entry] = performance.getEntriesByName('stacklab:load:decompress') as PerformanceMeasure[];
    expect((entry!.detail as { bytes: number }).bytes).toBe(5 * 1024 * 1024);
  });
});
