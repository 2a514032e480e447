/**
 * Tuning v86's compiler for Stacklab's work: short processes (iproute2, the shell) that run
 * code the emulator has not compiled yet.
 *
 * v86 interprets guest code until a page of it has run about 200,000 instructions, then
 * compiles that page to WebAssembly, one module at a time, in the background. By default a
 * module may span three pages. Such modules are about 100 KB and take 10-20 ms to compile (a
 * few take 200 ms), and while one compiles every other hot page waits, interpreted. Modules
 * of one page are about 40 KB and compile in 3-6 ms, so the code a Check runs is compiled
 * about twice as soon: in Node, the first five Checks after a learner's change took 150-200 ms
 * each instead of 340-380 ms, and later ones 100-125 ms instead of 150-185 ms.
 */
import type { V86 } from 'v86';

/** v86's index of the "pages per compiled module" setting (see its set_jit_config). */
const MAX_PAGES_SETTING = 1;
export const PAGES_PER_MODULE = 1;

interface CompilerControls {
  set_jit_config(index: number, value: number): void;
  wm?: { exports?: { get_jit_config?(index: number): number } };
}

/**
 * Makes the emulator compile one page of guest code per module. Returns the setting in
 * force afterwards, or undefined when this v86 offers no such setting (it then compiles as
 * it always does).
 */
export function compileSmallModules(emulator: V86): number | undefined {
  const cpu = (emulator as unknown as { v86?: { cpu?: Partial<CompilerControls> } }).v86?.cpu;
  if (typeof cpu?.set_jit_config !== 'function') return undefined;
  cpu.set_jit_config(MAX_PAGES_SETTING, PAGES_PER_MODULE);
  return cpu.wm?.exports?.get_jit_config?.(MAX_PAGES_SETTING);
}
