import { describe, expect, it } from 'vitest';
import { copyPages, invalidateChangedPages } from '../../src/vm/keep-compiled-code.ts';

const PAGE = 4096;

describe('invalidateChangedPages', () => {
  it('invalidates each run of changed pages once, and nothing else', () => {
    const before = new Uint8Array(8 * PAGE);
    const after = before.slice();
    after[1 * PAGE + 5] = 1; // page 1
    after[2 * PAGE + PAGE - 1] = 7; // page 2, last byte
    after[5 * PAGE] = 9; // page 5
    after[7 * PAGE + 100] = 3; // page 7, the last page
    const runs: Array<[number, number]> = [];
    const changed = invalidateChangedPages(after, before, (start, end) => runs.push([start, end]));
    expect(changed).toBe(4);
    expect(runs).toEqual([
      [1 * PAGE, 3 * PAGE],
      [5 * PAGE, 6 * PAGE],
      [7 * PAGE, 8 * PAGE],
    ]);
  });

  it('invalidates nothing when memory is unchanged', () => {
    const before = new Uint8Array(4 * PAGE).map((_, i) => i % 251);
    const runs: unknown[] = [];
    expect(invalidateChangedPages(before.slice(), before, (...run) => runs.push(run))).toBe(0);
    expect(runs).toEqual([]);
  });
});

describe('copyPages and a partial copy', () => {
  it('copies the named pages and the page after each, in order, leaving out pages past the end', () => {
    const memory = new Uint8Array(6 * PAGE).map((_, i) => Math.floor(i / PAGE) + 1);
    const copy = copyPages(memory, new Set([4, 1, 5]));
    expect(copy.pages).toEqual([1, 2, 4, 5]);
    expect([0, 1, 2, 3].map((i) => copy.bytes[i * PAGE + 17])).toEqual([2, 3, 5, 6]);
  });

  it('invalidates only copied pages that changed, in runs of consecutive pages', () => {
    const memory = new Uint8Array(10 * PAGE);
    const copy = copyPages(memory, [2, 6]); // pages 2, 3, 6, 7
    const after = memory.slice();
    after[3 * PAGE] = 1; // copied, changed
    after[6 * PAGE + 9] = 1; // copied, changed
    after[7 * PAGE + 9] = 1; // copied, changed: one run with page 6
    after[8 * PAGE] = 1; // not copied: holds no code, left alone
    const runs: Array<[number, number]> = [];
    expect(invalidateChangedPages(after, copy, (start, end) => runs.push([start, end]))).toBe(3);
    expect(runs).toEqual([
      [3 * PAGE, 4 * PAGE],
      [6 * PAGE, 8 * PAGE],
    ]);
  });

  it('does not join copied pages that are not neighbours into one run', () => {
    const memory = new Uint8Array(10 * PAGE);
    const copy = copyPages(memory, [2, 5]); // pages 2, 3, 5, 6
    const after = memory.slice();
    after[3 * PAGE] = 1;
    after[5 * PAGE] = 1;
    const runs: Array<[number, number]> = [];
    invalidateChangedPages(after, copy, (start, end) => runs.push([start, end]));
    expect(runs).toEqual([
      [3 * PAGE, 4 * PAGE],
      [5 * PAGE, 6 * PAGE],
    ]);
  });
});
