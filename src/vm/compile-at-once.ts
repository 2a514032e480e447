/**
 * Compiling the guest's hot code on the emulator's own thread, at once, where that thread
 * has nothing else to do (the emulator's worker).
 *
 * v86 compiles a hot page of guest code to a small WebAssembly module with the asynchronous
 * `WebAssembly.instantiate`, and interprets the page until the compiled module arrives. In
 * the emulator's worker, running in bursts that hand over through a MessageChannel,
 * chromium delivered those modules 60-90 ms after they were asked for (7-33 ms on the page's
 * thread): the guest ran interpreted meanwhile, and executed about 60 million instructions
 * per second of emulator time against 90-110 million on the page's thread.
 *
 * Here a module is compiled synchronously when v86 asks for it (a one-page module takes a
 * few milliseconds), and handed to v86 in a microtask, once the burst that asked for it
 * returns: v86's code generator does not expect to be called back from inside itself.
 */
import type { V86 } from 'v86';

/**
 * Where v86 puts compiled modules in its function table: the module for table slot `i` goes
 * to `i + JIT_TABLE_OFFSET` (v86's WASM_TABLE_OFFSET; a unit test reads it from v86's code).
 */
export const JIT_TABLE_OFFSET = 1024;

interface JitCpu {
  wasm_memory: WebAssembly.Memory;
  jit_imports: WebAssembly.Imports[string];
  wm: { wasm_table: WebAssembly.Table };
  codegen_finalize(tableIndex: number, start: number, stateFlags: number, pointer: number, length: number): void;
  codegen_finalize_finished(tableIndex: number, start: number, stateFlags: number): void;
}

/**
 * Makes `emulator` compile guest code synchronously. Returns false when this v86 does not
 * compile the way described above (it then compiles as it always does).
 */
export function compileGuestCodeAtOnce(emulator: V86): boolean {
  const cpu = (emulator as unknown as { v86?: { cpu?: Partial<JitCpu> } }).v86?.cpu;
  if (!cpu || typeof cpu.codegen_finalize !== 'function' || typeof cpu.codegen_finalize_finished !== 'function' || !cpu.wm?.wasm_table) return false;
  const jit = cpu as JitCpu;
  const asynchronously = jit.codegen_finalize;
  jit.codegen_finalize = function (tableIndex, start, stateFlags, pointer, length) {
    let compiled: WebAssembly.Instance;
    try {
      const code = new Uint8Array(this.wasm_memory.buffer, pointer >>> 0, length >>> 0);
      compiled = new WebAssembly.Instance(new WebAssembly.Module(code), { e: this.jit_imports });
    } catch {
      // Refused (a browser that allows only small synchronous compiles): v86's own way.
      asynchronously.call(this, tableIndex, start, stateFlags, pointer, length);
      return;
    }
    queueMicrotask(() => {
      this.wm.wasm_table.set(tableIndex + JIT_TABLE_OFFSET, compiled.exports.f as WebAssembly.ExportValue);
      this.codegen_finalize_finished(tableIndex, start, stateFlags);
    });
  };
  return true;
}
