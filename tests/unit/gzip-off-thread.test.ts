import { describe, expect, it } from 'vitest';
import { gzipTransform } from '../../src/lib/gzip-off-thread.ts';

describe('gzipTransform', () => {
  it('compresses to gzip and back to the same bytes', async () => {
    const original = new Uint8Array(200_000).map((_, i) => (i * 7) % 13);
    const compressed = await gzipTransform(original.slice().buffer, 'compress');
    expect(new Uint8Array(compressed).subarray(0, 2)).toEqual(new Uint8Array([0x1f, 0x8b]));
    expect(compressed.byteLength).toBeLessThan(original.length / 10);
    expect(new Uint8Array(await gzipTransform(compressed, 'decompress'))).toEqual(original);
  });

  it('rejects bytes that are not gzip', async () => {
    await expect(gzipTransform(new Uint8Array([1, 2, 3, 4]).buffer, 'decompress')).rejects.toThrow();
  });
});
