import { describe, expect, it } from 'vitest';
import { snapshotProblem } from '../../src/lib/snapshot-check.ts';

const info = { url: 'state-x.bin.zst', bytes: 8 };
const bytes = (...values: number[]) => new Uint8Array(values).buffer;

describe('a downloaded snapshot', () => {
  it('passes when it has the announced size and the zstd magic number', () => {
    expect(snapshotProblem(bytes(0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3, 4), info)).toBeUndefined();
  });

  it('fails when it is shorter or longer than announced', () => {
    expect(snapshotProblem(bytes(0x28, 0xb5, 0x2f, 0xfd), info)).toMatch(/has 4 bytes, but state.json announces 8/);
  });

  it('fails when it is not zstd data, showing the first bytes', () => {
    expect(snapshotProblem(bytes(0x3c, 0x68, 0x74, 0x6d, 0x6c, 0x3e, 0, 0), info)).toMatch(/starts with 3c 68 74 6d/);
  });
});
