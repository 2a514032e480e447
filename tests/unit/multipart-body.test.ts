/**
 * The multipart body the exam page uploads a task state in (src/lib/exam-server/multipart-body.ts)
 * is one a standard parser reads (undici's, the server's): each part's name, type and exact bytes
 * come back, bytes that look like a boundary included; a name that would break the header is refused.
 */
import { describe, expect, it } from 'vitest';
import { multipartBody } from '../../src/lib/exam-server/multipart-body.ts';

describe('multipartBody', () => {
  it('is read back part by part, byte for byte, by a standard multipart parser', async () => {
    const bytes = new Uint8Array(300_000).map((_, i) => (i * 7919) % 256);
    // Bytes that look like a boundary line inside the data must not end the part.
    bytes.set(new TextEncoder().encode('\r\n------stacklab-\r\n--'), 1000);
    const meta = JSON.stringify({ sha256: 'ab'.repeat(32), bytes: 19_000_000, answers: { port: 'p3 – “quoted”' } });
    const { body, contentType } = multipartBody([
      { name: 'meta', type: 'application/json', data: meta },
      { name: 'state', filename: 'state.gz', type: 'application/gzip', data: bytes },
    ]);
    const form = await new Request('http://example.test/', { method: 'PUT', body, headers: { 'content-type': contentType } }).formData();
    expect(form.get('meta')).toBe(meta);
    const state = form.get('state') as File;
    expect([state.name, state.type]).toEqual(['state.gz', 'application/gzip']);
    expect(new Uint8Array(await state.arrayBuffer())).toEqual(bytes);
  });

  it('refuses a part name that would break its header', () => {
    expect(() => multipartBody([{ name: 'meta"; x="', type: 'text/plain', data: '' }])).toThrow(/must be letters, digits/);
  });
});
