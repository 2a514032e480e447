/**
 * Which pages of guest memory hold code the emulator has compiled, so a restore that keeps
 * compiled code (keep-compiled-code.ts) copies and compares those pages, not all of memory.
 *
 * v86 tells its host each time it compiles a module (the `codegen_finalize` import, with the
 * physical address of the module's page) and when it throws every module away
 * (`jit_clear_all_funcs`). Watching those two imports gives a superset of the pages with
 * compiled code: a module v86 frees later stays counted, which only costs a page of copying.
 */
export const PAGE_BYTES = 4096;

/** Page numbers of guest memory that hold (or held) compiled code. */
export type CompiledPages = Set<number>;

interface JitImports {
  codegen_finalize?: (tableIndex: number, physicalAddress: number, ...rest: number[]) => void;
  jit_clear_all_funcs?: () => void;
}

/**
 * Watches the imports handed to v86's WebAssembly for compiled modules; call it before the
 * module is instantiated. Returns the live set, or undefined when these imports are not there
 * (another v86): then nobody can say which pages hold code.
 */
export function watchCompiledPages(imports: WebAssembly.Imports): CompiledPages | undefined {
  const env = imports.env as JitImports | undefined;
  const finalize = env?.codegen_finalize;
  const clearAll = env?.jit_clear_all_funcs;
  if (!env || typeof finalize !== 'function' || typeof clearAll !== 'function') return undefined;
  const pages: CompiledPages = new Set();
  env.codegen_finalize = (tableIndex, physicalAddress, ...rest) => {
    pages.add(Math.floor((physicalAddress >>> 0) / PAGE_BYTES));
    return finalize(tableIndex, physicalAddress, ...rest);
  };
  env.jit_clear_all_funcs = () => {
    pages.clear();
    return clearAll();
  };
  return pages;
}

const watched = new WeakMap<object, CompiledPages>();

export function rememberCompiledPages(emulator: object, pages: CompiledPages): void {
  watched.set(emulator, pages);
}

/** The pages with compiled code of `emulator`, if they were watched from its start. */
export function compiledPagesOf(emulator: object): CompiledPages | undefined {
  return watched.get(emulator);
}
