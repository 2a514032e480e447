import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchBytes, HttpError } from '../../src/lib/fetch-with-progress.ts';

function streamOf(...chunks: number[][]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new Uint8Array(chunk));
      controller.close();
    },
  });
}

afterEach(() => vi.unstubAllGlobals());

describe('fetchBytes', () => {
  it('returns all bytes and reports the running count with the announced size', async () => {
    vi.stubGlobal('fetch', async () => new Response(streamOf([1, 2], [3]), { headers: { 'content-length': '3' } }));
    const counts: Array<[number, number | undefined]> = [];
    const buffer = await fetchBytes('/x', (received, expected) => counts.push([received, expected]));
    expect([...new Uint8Array(buffer)]).toEqual([1, 2, 3]);
    expect(counts).toEqual([
      [0, 3],
      [2, 3],
      [3, 3],
    ]);
  });

  it('does not trust the length of a compressed response', async () => {
    const headers = { 'content-length': '2', 'content-encoding': 'gzip' };
    vi.stubGlobal('fetch', async () => new Response(streamOf([1, 2, 3]), { headers }));
    const expected: Array<number | undefined> = [];
    await fetchBytes('/x', (_, size) => expected.push(size));
    expect(expected.every((size) => size === undefined)).toBe(true);
  });

  it('rejects with the URL and status on an HTTP error', async () => {
    vi.stubGlobal('fetch', async () => new Response('gone', { status: 404 }));
    await expect(fetchBytes('/vm/state.json')).rejects.toEqual(new HttpError('/vm/state.json', 404));
  });
});
