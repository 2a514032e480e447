/**
 * Restoring a state without losing the emulator's compiled guest code.
 *
 * v86 translates hot guest code to WebAssembly, page by page of guest memory, and a restore
 * throws all of it away. Every state Stacklab restores comes from the same snapshot, so most
 * pages (the kernel, the page cache holding iproute2 and libc) are byte for byte what they
 * were, and their compiled code is still right. Throwing it away made each Check after a
 * reset or a Resume 3-5x slower until the guest had run the same code a few dozen times.
 *
 * So a restore here copies the pages that hold compiled code first (compiled-pages.ts; all of
 * guest memory when nobody watched which), and where v86 would clear every compiled page it
 * instead invalidates only those whose bytes changed: the same thing v86 does when the guest
 * writes to a page that holds compiled code. Copying only those pages matters: a copy of all
 * 128 MB took 0.9-1.6 s on a loaded 2-core machine (the fresh buffer's page faults, mostly),
 * the pages with code are a few hundred.
 */
import type { V86 } from 'v86';
import { PAGE_BYTES, type CompiledPages } from './compiled-pages.ts';
import { measurePhase } from './perf-marks.ts';

interface EmulatorCpu {
  /** Guest memory: in v86 a proxy that makes a fresh view of the wasm memory on each access. */
  mem8: Uint8Array;
  jit_clear_cache(): void;
  jit_dirty_cache(start: number, end: number): void;
}

function cpuOf(emulator: V86): EmulatorCpu | undefined {
  const cpu = (emulator as unknown as { v86?: { cpu?: Partial<EmulatorCpu> } }).v86?.cpu;
  const usable = typeof cpu?.mem8?.length === 'number' && typeof cpu.jit_clear_cache === 'function' && typeof cpu.jit_dirty_cache === 'function';
  return usable ? (cpu as EmulatorCpu) : undefined;
}

/** A plain view of guest memory as it is now. */
function guestMemory(cpu: EmulatorCpu): Uint8Array {
  const { buffer, byteOffset, length } = cpu.mem8;
  return new Uint8Array(buffer, byteOffset, length);
}

/** Some pages of guest memory as they were: `pages` ascending, their bytes one after another in `bytes`. */
export interface PageCopy {
  pages: number[];
  bytes: Uint8Array;
}

/** Copies `pages` of `memory` (page numbers; out-of-range ones are left out), each with the page after it (code may run on into it). */
export function copyPages(memory: Uint8Array, pages: Iterable<number>): PageCopy {
  const count = memory.length / PAGE_BYTES;
  const wanted = new Set<number>();
  for (const page of pages) {
    if (page >= 0 && page < count) wanted.add(page);
    if (page + 1 >= 0 && page + 1 < count) wanted.add(page + 1);
  }
  const sorted = [...wanted].sort((a, b) => a - b);
  const bytes = new Uint8Array(sorted.length * PAGE_BYTES);
  sorted.forEach((page, i) => bytes.set(memory.subarray(page * PAGE_BYTES, (page + 1) * PAGE_BYTES), i * PAGE_BYTES));
  return { pages: sorted, bytes };
}

/** Every page of `memory`, copied. */
function copyAll(memory: Uint8Array): PageCopy {
  return { pages: Array.from({ length: memory.length / PAGE_BYTES }, (_, i) => i), bytes: memory.slice() };
}

/**
 * Restores `state`, keeping the compiled code of every page of guest memory it leaves
 * unchanged. `compiled` names the pages that hold code; without it all of memory is compared.
 */
export async function restoreKeepingCompiledCode(emulator: V86, state: ArrayBuffer, compiled?: CompiledPages): Promise<void> {
  const cpu = cpuOf(emulator);
  const memory = cpu && guestMemory(cpu);
  if (!cpu || !memory || memory.byteOffset % 4 !== 0 || memory.length % PAGE_BYTES !== 0) return emulator.restore_state(state);
  let before: PageCopy;
  const copyStart = performance.now();
  try {
    before = compiled ? copyPages(memory, compiled) : copyAll(memory);
  } catch {
    return emulator.restore_state(state); // no room for the copy: restore as v86 does
  }
  const copyMs = performance.now() - copyStart;
  // The restore may grow WebAssembly memory, which leaves `memory` a view of nothing: keep its size.
  const memoryBytes = memory.length;
  const clearEverything = cpu.jit_clear_cache;
  let handled = false;
  cpu.jit_clear_cache = () => {
    if (guestMemory(cpu).length !== memoryBytes) return clearEverything.call(cpu);
    handled = true;
    const compareStart = performance.now();
    const changedPages = invalidateChangedPages(guestMemory(cpu), before, (start, end) => {
      cpu.jit_dirty_cache(start, end);
      for (let page = start / PAGE_BYTES; page < end / PAGE_BYTES; page++) compiled?.delete(page);
    });
    const compareMs = performance.now() - compareStart;
    measurePhase('load', 'memory-copy', copyStart, copyMs + compareMs, { copyMs, compareMs, copiedPages: before.pages.length, changedPages });
  };
  try {
    await emulator.restore_state(state);
  } finally {
    cpu.jit_clear_cache = clearEverything;
  }
  // A v86 that restores without clearing its cache at the end: clear it all, as it meant to.
  if (!handled) clearEverything.call(cpu);
}

/**
 * Calls `invalidate(start, end)` (byte addresses) for every run of consecutive pages whose bytes
 * differ between `after` (all of memory) and `before` (all of memory, or a PageCopy of some
 * pages; pages not in it are taken as unchanged); returns how many pages changed.
 */
export function invalidateChangedPages(after: Uint8Array, before: Uint8Array | PageCopy, invalidate: (start: number, end: number) => void): number {
  const copy = before instanceof Uint8Array ? { pages: undefined, bytes: before } : before;
  const count = copy.pages ? copy.pages.length : copy.bytes.length / PAGE_BYTES;
  const now = new Int32Array(after.buffer, after.byteOffset, after.length / 4);
  const old = new Int32Array(copy.bytes.buffer, copy.bytes.byteOffset, copy.bytes.length / 4);
  const wordsPerPage = PAGE_BYTES / 4;
  let runStart = -1;
  let runEnd = -1;
  let changedPages = 0;
  const flush = () => {
    if (runStart !== -1) invalidate(runStart * PAGE_BYTES, runEnd * PAGE_BYTES);
    runStart = -1;
  };
  for (let i = 0; i < count; i++) {
    const page = copy.pages ? copy.pages[i]! : i;
    const nowStart = page * wordsPerPage;
    const oldStart = i * wordsPerPage;
    let changed = false;
    for (let word = 0; word < wordsPerPage; word++) {
      if (now[nowStart + word] !== old[oldStart + word]) {
        changed = true;
        break;
      }
    }
    if (!changed) {
      flush();
      continue;
    }
    changedPages++;
    if (runStart !== -1 && page === runEnd) runEnd = page + 1;
    else {
      flush();
      runStart = page;
      runEnd = page + 1;
    }
  }
  flush();
  return changedPages;
}
