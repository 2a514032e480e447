/**
 * Restoring a state without losing the emulator's compiled guest code.
 *
 * v86 translates hot guest code to WebAssembly, page by page of guest memory, and a restore
 * throws all of it away. Every state Stacklab restores comes from the same snapshot, so most
 * pages (the kernel, the page cache holding iproute2 and libc) are byte for byte what they
 * were, and their compiled code is still right. Throwing it away made each Check after a
 * reset or a Resume 3-5x slower until the guest had run the same code a few dozen times.
 *
 * So a restore here copies guest memory first, and where v86 would clear every compiled page
 * it instead invalidates only the pages whose bytes changed: the same thing v86 does when the
 * guest writes to a page that holds compiled code.
 */
import type { V86 } from 'v86';

const PAGE_BYTES = 4096;

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

/** Restores `state`, keeping the compiled code of every page of guest memory it leaves unchanged. */
export async function restoreKeepingCompiledCode(emulator: V86, state: ArrayBuffer): Promise<void> {
  const cpu = cpuOf(emulator);
  const memory = cpu && guestMemory(cpu);
  if (!cpu || !memory || memory.byteOffset % 4 !== 0 || memory.length % PAGE_BYTES !== 0) return emulator.restore_state(state);
  let before: Uint8Array;
  try {
    before = memory.slice();
  } catch {
    return emulator.restore_state(state); // no room for the copy: restore as v86 does
  }
  const clearEverything = cpu.jit_clear_cache;
  let handled = false;
  cpu.jit_clear_cache = () => {
    if (guestMemory(cpu).length !== before.length) return clearEverything.call(cpu);
    handled = true;
    invalidateChangedPages(guestMemory(cpu), before, (start, end) => cpu.jit_dirty_cache(start, end));
  };
  try {
    await emulator.restore_state(state);
  } finally {
    cpu.jit_clear_cache = clearEverything;
  }
  // A v86 that restores without clearing its cache at the end: clear it all, as it meant to.
  if (!handled) clearEverything.call(cpu);
}

/** Calls `invalidate(start, end)` for every run of pages whose bytes differ between `before` and `after`; returns how many pages changed. */
export function invalidateChangedPages(after: Uint8Array, before: Uint8Array, invalidate: (start: number, end: number) => void): number {
  const now = new Int32Array(after.buffer, after.byteOffset, after.length / 4);
  const old = new Int32Array(before.buffer, before.byteOffset, before.length / 4);
  const wordsPerPage = PAGE_BYTES / 4;
  let runStart = -1;
  let changedPages = 0;
  const pages = now.length / wordsPerPage;
  for (let page = 0; page <= pages; page++) {
    let changed = false;
    if (page < pages) {
      for (let word = page * wordsPerPage, end = word + wordsPerPage; word < end; word++) {
        if (now[word] !== old[word]) {
          changed = true;
          break;
        }
      }
    }
    if (changed) {
      changedPages++;
      if (runStart === -1) runStart = page;
    } else if (runStart !== -1) {
      invalidate(runStart * PAGE_BYTES, page * PAGE_BYTES);
      runStart = -1;
    }
  }
  return changedPages;
}
