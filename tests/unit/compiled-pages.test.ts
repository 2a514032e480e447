import { describe, expect, it } from 'vitest';
import { compiledPagesOf, rememberCompiledPages, watchCompiledPages } from '../../src/vm/compiled-pages.ts';

describe('watchCompiledPages', () => {
  it('counts the page of each compiled module, passes every call on, and forgets all when v86 clears all', () => {
    const calls: unknown[][] = [];
    const env = {
      codegen_finalize: (...args: number[]) => void calls.push(['finalize', ...args]),
      jit_clear_all_funcs: () => void calls.push(['clear']),
    };
    const pages = watchCompiledPages({ env })!;
    env.codegen_finalize(899, 17412096, 11, 1, 2);
    env.codegen_finalize(898, 17412096 + 4096, 11, 3, 4);
    env.codegen_finalize(897, 17412096, 15, 5, 6);
    expect([...pages].sort()).toEqual([17412096 / 4096, 17412096 / 4096 + 1]);
    expect(calls[0]).toEqual(['finalize', 899, 17412096, 11, 1, 2]);
    env.jit_clear_all_funcs();
    expect(pages.size).toBe(0);
    expect(calls.at(-1)).toEqual(['clear']);
  });

  it('says nobody knows when the imports are not v86\'s', () => {
    expect(watchCompiledPages({ env: { something: () => 0 } })).toBeUndefined();
    expect(watchCompiledPages({})).toBeUndefined();
  });

  it('remembers the set per emulator', () => {
    const emulator = {};
    const pages = new Set([3]);
    rememberCompiledPages(emulator, pages);
    expect(compiledPagesOf(emulator)).toBe(pages);
    expect(compiledPagesOf({})).toBeUndefined();
  });
});
