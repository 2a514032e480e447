/**
 * v86's WebAssembly exports, as the driver hands them to the emulator, with two changes to
 * what a restore costs:
 *
 * - The snapshot's zstd decompression is timed (the load's `decompress` phase; it happens
 *   inside the restore, a megabyte at a time).
 * - A restore first zeroes all of guest memory (128 MB) with v86's own loop, then writes the
 *   state's pages. Here it is zeroed with the host's native fill instead, and on the first
 *   restore of a new emulator only where memory could be non-zero: the guest memory v86 has
 *   just allocated from memory grown for it is zero by WebAssembly's definition. Writing all
 *   of it made the host fault in every page of the 128 MB, about 0.35 s of each restore in
 *   Node on a loaded 2-core machine.
 */
import { measurePhase } from './perf-marks.ts';

/** A snapshot decompresses to more than this; a disk chunk to much less. */
const STATE_BYTES_AT_LEAST = 4 * 1024 * 1024;

type Fn = (...args: number[]) => number;

export interface ExportOptions {
  /** The emulator starts from a state (no BIOS or kernel written into its memory before the restore). */
  fromState: boolean;
}

export function adaptExports(exports: WebAssembly.Exports, { fromState }: ExportOptions): WebAssembly.Exports {
  const adapted: Record<string, WebAssembly.ExportValue> = { ...exports };
  const memory = exports.memory;
  const read = exports.zstd_read as Fn | undefined;
  const free = exports.zstd_free_ctx as Fn | undefined;
  if (typeof read === 'function' && typeof free === 'function') {
    const contexts = new Map<number, { start: number; ms: number; bytes: number }>();
    adapted.zstd_read = (ctx: number, length: number) => {
      const t0 = performance.now();
      try {
        return read(ctx, length);
      } finally {
        const seen = contexts.get(ctx) ?? { start: t0, ms: 0, bytes: 0 };
        seen.ms += performance.now() - t0;
        seen.bytes += length;
        contexts.set(ctx, seen);
      }
    };
    adapted.zstd_free_ctx = (ctx: number) => {
      const seen = contexts.get(ctx);
      contexts.delete(ctx);
      if (seen && seen.bytes >= STATE_BYTES_AT_LEAST) measurePhase('load', 'decompress', seen.start, seen.ms, { bytes: seen.bytes });
      return free(ctx);
    };
  }
  const allocate = exports.allocate_memory as Fn | undefined;
  const zero = exports.zero_memory as Fn | undefined;
  if (memory instanceof WebAssembly.Memory && typeof allocate === 'function' && typeof zero === 'function') {
    let guest: { at: number; bytes: number; freshFrom: number } | undefined;
    let restores = 0;
    adapted.allocate_memory = (bytes: number) => {
      const before = memory.buffer.byteLength;
      const at = allocate(bytes) >>> 0;
      // Only the first allocation of this size is guest memory; anything else passes by.
      if (!guest && bytes >= 1024 * 1024) guest = { at, bytes, freshFrom: Math.max(0, Math.min(bytes, before - at)) };
      return at;
    };
    adapted.zero_memory = (address: number, length: number) => {
      // Only all of guest memory at once: a restore (v86's unpack_memory). Anything else, v86's way.
      if (!guest || address !== 0 || length >>> 0 !== guest.bytes) return zero(address, length);
      const first = restores++ === 0;
      const upTo = first && fromState ? guest.freshFrom : guest.bytes;
      new Uint8Array(memory.buffer, guest.at, upTo).fill(0);
      return 0;
    };
  }
  return adapted;
}
