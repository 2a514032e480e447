import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import type { V86 } from 'v86';
import { compileGuestCodeAtOnce, JIT_TABLE_OFFSET } from '../../src/vm/compile-at-once.ts';

/** (module (func (export "f") (result i32) i32.const 42)) */
const MODULE_BYTES = [
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x07, 0x05, 0x01, 0x01, 0x66,
  0x00, 0x00, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x2a, 0x0b,
];
const POINTER = 4096;

/** A stand-in for v86's CPU as its code generator leaves it: the module's bytes in its memory. */
function fakeCpu(bytes: number[] = MODULE_BYTES) {
  const wasm_memory = new WebAssembly.Memory({ initial: 1 });
  new Uint8Array(wasm_memory.buffer).set(bytes, POINTER);
  const cpu = {
    wasm_memory,
    jit_imports: {},
    wm: { wasm_table: new WebAssembly.Table({ initial: JIT_TABLE_OFFSET + 16, element: 'anyfunc' }) },
    codegen_finalize: vi.fn(),
    codegen_finalize_finished: vi.fn(),
  };
  const originalFinalize = cpu.codegen_finalize;
  return { cpu, originalFinalize, emulator: { v86: { cpu } } as unknown as V86 };
}

describe('compiling guest code at once', () => {
  it('compiles the module when v86 asks, and hands it over once the asking code has returned', async () => {
    const { cpu, originalFinalize, emulator } = fakeCpu();
    expect(compileGuestCodeAtOnce(emulator)).toBe(true);
    cpu.codegen_finalize(3, 0x1234000, 7, POINTER, MODULE_BYTES.length);
    // Not from inside v86's code generator: its state is not ready to be called back.
    expect(cpu.codegen_finalize_finished).not.toHaveBeenCalled();
    expect(cpu.wm.wasm_table.get(3 + JIT_TABLE_OFFSET)).toBeNull();
    await Promise.resolve();
    const compiled = cpu.wm.wasm_table.get(3 + JIT_TABLE_OFFSET) as () => number;
    expect(compiled()).toBe(42);
    expect(cpu.codegen_finalize_finished).toHaveBeenCalledWith(3, 0x1234000, 7);
    expect(originalFinalize).not.toHaveBeenCalled();
  });

  it("leaves a module that does not compile to v86's own way", async () => {
    const { cpu, originalFinalize, emulator } = fakeCpu([0x00, 0x61, 0x73, 0x6d, 0x09]);
    compileGuestCodeAtOnce(emulator);
    cpu.codegen_finalize(1, 0x2000, 0, POINTER, 5);
    await Promise.resolve();
    expect(originalFinalize).toHaveBeenCalledWith(1, 0x2000, 0, POINTER, 5);
    expect(cpu.codegen_finalize_finished).not.toHaveBeenCalled();
  });

  it('changes nothing in an emulator without this code generator', () => {
    expect(compileGuestCodeAtOnce({} as V86)).toBe(false);
    expect(compileGuestCodeAtOnce({ v86: { cpu: { codegen_finalize: () => undefined } } } as unknown as V86)).toBe(false);
  });

  it("puts modules where the installed v86 puts them in its function table", () => {
    const require = createRequire(import.meta.url);
    const source = readFileSync(require.resolve('v86/build/libv86.mjs'), 'utf8');
    const finalize = /codegen_finalize=function\([^)]*\)\{.{0,400}?wasm_table\.set\(\w+\+(\d+),/s.exec(source);
    expect(finalize, "v86's codegen_finalize was not found: read how this v86 installs compiled modules").not.toBeNull();
    expect(Number(finalize![1])).toBe(JIT_TABLE_OFFSET);
  });
});
