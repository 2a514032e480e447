import { describe, expect, it } from 'vitest';
import { acceptedEncodings, parseRange } from '../../scripts/static-server.ts';

describe('Range headers', () => {
  it('select a closed range', () => expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 }));
  it('select an open-ended range', () => expect(parseRange('bytes=900-', 1000)).toEqual({ start: 900, end: 999 }));
  it('select a suffix', () => expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 }));
  it('clamp the end to the file', () => expect(parseRange('bytes=0-5000', 1000)).toEqual({ start: 0, end: 999 }));
  it('are invalid past the end', () => expect(parseRange('bytes=1000-', 1000)).toBe('invalid'));
  it('are ignored when absent or multi-range', () => {
    expect(parseRange(undefined, 10)).toBeUndefined();
    expect(parseRange('bytes=0-1,3-4', 10)).toBeUndefined();
  });
});

describe('Accept-Encoding headers', () => {
  it('list what a browser accepts', () => expect([...acceptedEncodings('gzip, deflate, br, zstd')]).toEqual(['gzip', 'deflate', 'br', 'zstd']));
  it('leave out an encoding refused with q=0', () => expect([...acceptedEncodings('br;q=0, gzip;q=0.5')]).toEqual(['gzip']));
  it('accept nothing when absent', () => expect(acceptedEncodings(undefined).size).toBe(0));
});
