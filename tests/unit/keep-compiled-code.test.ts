import { describe, expect, it } from 'vitest';
import { invalidateChangedPages } from '../../src/vm/keep-compiled-code.ts';

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
