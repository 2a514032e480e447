import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchBytes, fetchImmutableBytes, HttpError } from '../../src/lib/fetch-with-progress.ts';

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

  it('counts a compressed response in the bytes that crossed the wire, not the decoded ones', async () => {
    const headers = { 'content-length': '2', 'content-encoding': 'br' };
    vi.stubGlobal('fetch', async () => new Response(streamOf([1, 2, 3], [4, 5, 6, 7]), { headers }));
    const counts: Array<[number, number | undefined]> = [];
    const buffer = await fetchBytes('/x', (received, expected) => counts.push([received, expected]));
    expect([...new Uint8Array(buffer)]).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(counts).toEqual([
      [0, 2],
      [2, 2],
    ]);
  });

  it('counts the decoded bytes of a compressed response that announces no length', async () => {
    vi.stubGlobal('fetch', async () => new Response(streamOf([1, 2], [3]), { headers: { 'content-encoding': 'gzip' } }));
    const counts: Array<[number, number | undefined]> = [];
    await fetchBytes('/x', (received, expected) => counts.push([received, expected]));
    expect(counts).toEqual([
      [0, undefined],
      [2, undefined],
      [3, undefined],
    ]);
  });

  it('rejects with the URL and status on an HTTP error', async () => {
    vi.stubGlobal('fetch', async () => new Response('gone', { status: 404 }));
    await expect(fetchBytes('/vm/state.json')).rejects.toEqual(new HttpError('/vm/state.json', 404));
  });
});

describe('fetchImmutableBytes', () => {
  const fromNetwork = () => vi.stubGlobal('fetch', async () => new Response(streamOf([7, 7, 7]), { headers: { 'content-length': '3' } }));
  const cacheHolding = (bytes: number[]) => ({ match: async (url: string) => (url === '/vm/state-x.bin.zst' ? new Response(new Uint8Array(bytes)) : undefined) });

  it('reads the service worker’s saved copy from Cache Storage without going to the network', async () => {
    vi.stubGlobal('caches', cacheHolding([1, 2, 3]));
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('the network was asked');
    });
    const counts: Array<[number, number | undefined]> = [];
    const buffer = await fetchImmutableBytes('/vm/state-x.bin.zst', (received, expected) => counts.push([received, expected]), 3);
    expect([...new Uint8Array(buffer)]).toEqual([1, 2, 3]);
    expect(counts).toEqual([[3, 3]]);
  });

  it('downloads when no copy is saved', async () => {
    vi.stubGlobal('caches', cacheHolding([1, 2, 3]));
    fromNetwork();
    expect([...new Uint8Array(await fetchImmutableBytes('/vm/state-other.bin.zst'))]).toEqual([7, 7, 7]);
  });

  it('passes over a saved copy of another size than expected (an older build’s)', async () => {
    vi.stubGlobal('caches', cacheHolding([1, 2]));
    fromNetwork();
    expect([...new Uint8Array(await fetchImmutableBytes('/vm/state-x.bin.zst', undefined, 3))]).toEqual([7, 7, 7]);
  });

  it('downloads when Cache Storage refuses to be read', async () => {
    vi.stubGlobal('caches', {
      match: async () => {
        throw new DOMException('denied', 'SecurityError');
      },
    });
    fromNetwork();
    expect([...new Uint8Array(await fetchImmutableBytes('/vm/state-x.bin.zst', undefined, 3))]).toEqual([7, 7, 7]);
  });
});
