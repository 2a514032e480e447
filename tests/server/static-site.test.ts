/**
 * The classroom server serves the built site as the e2e tests' static server does: for each
 * kind of file the same status, content type, caching and range handling, so `npm start`
 * behaves as before (service worker included) with the API beside it.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../../scripts/static-server.ts';
import { precompressFile } from '../../src/integrations/precompress.ts';
import type { RunningServer } from '../../src/server/server.ts';
import { freshDatabase, type FreshDatabase } from './support/databases.ts';
import { serverOn } from './support/http.ts';

const FILES: Record<string, string> = {
  'index.html': '<!doctype html><title>Stacklab</title>',
  '404.html': '<!doctype html><title>No page here</title>',
  'lessons/bridges/index.html': '<!doctype html><title>Bridges</title>',
  'sw.js': 'self.addEventListener("fetch", () => {});',
  '_astro/page.Ab12Cd.js': 'export const x = 1;',
  '_astro/page.Ab12Cd.css': 'body{}',
  'vm/v86.wasm': '\0asm\x01\0\0\0',
  'vm/disk-0123abcd.zst': 'z'.repeat(1000),
  'vm/state-5.bin.zst': 's'.repeat(100),
  'vm/manifest.json': '{"build":5}',
  'favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
};
/** Files large enough that the build keeps compressed copies of them (src/integrations/precompress.ts). */
const COMPRESSED: Record<string, string> = {
  '_astro/lesson.Ef34Gh.js': 'export const lines = [\n' + '  "a line of the lesson player\'s code",\n'.repeat(500) + '];\n',
  '_astro/v86-Ij56Kl.wasm': '\0asm\x01\0\0\0' + 'v86 guest code '.repeat(600),
};
const HEADERS = ['content-type', 'cache-control', 'accept-ranges', 'content-length', 'content-range', 'content-encoding', 'vary'];

describe('the site behind the classroom server', () => {
  let root: string;
  let db: FreshDatabase;
  let reference: StaticServer;
  let server: RunningServer;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'stacklab-site-'));
    for (const [path, body] of Object.entries({ ...FILES, ...COMPRESSED })) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), body);
    }
    for (const path of Object.keys(COMPRESSED)) await precompressFile(join(root, path));
    db = await freshDatabase('sqlite');
    [reference, server] = await Promise.all([startStaticServer(root), serverOn(db.options, { siteRoot: root })]);
  });
  afterAll(async () => {
    await Promise.all([reference?.close(), server?.close()]);
    await db?.drop();
    rmSync(root, { recursive: true, force: true });
  });

  const both = async (path: string, init: RequestInit = {}) => {
    const [a, b] = await Promise.all([fetch(new URL(path, reference.url), init), fetch(new URL(path, server.url), init)]);
    const view = async (r: Response): Promise<{ status: number; body: string } & Record<string, string | number | null>> => ({
      status: r.status,
      body: init.method === 'HEAD' ? '' : await r.text(),
      ...Object.fromEntries(HEADERS.map((h) => [h, r.headers.get(h)])),
    });
    return [await view(a), await view(b)] as const;
  };

  it.each(['/', '/lessons/bridges/', '/sw.js', '/_astro/page.Ab12Cd.js', '/_astro/page.Ab12Cd.css', '/vm/v86.wasm', '/vm/disk-0123abcd.zst', '/vm/state-5.bin.zst', '/vm/manifest.json', '/favicon.svg'])(
    'serves %s as the static server does',
    async (path) => {
      const [expected, actual] = await both(path);
      expect(actual).toEqual(expected);
      expect(actual.status).toBe(200);
    },
  );

  it.each([
    ['gzip, deflate, br, zstd', 'br'],
    ['br, gzip', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['identity', null],
  ])("sends the build's compressed copy to a client that accepts %s, as the static server does", async (acceptEncoding, encoding) => {
    for (const [path, body] of Object.entries(COMPRESSED)) {
      const [expected, actual] = await both(`/${path}`, { headers: { 'accept-encoding': acceptEncoding } });
      expect(actual).toEqual(expected);
      expect(actual['content-encoding'], path).toBe(encoding);
      expect(actual['content-type'], path).toBe(path.endsWith('.wasm') ? 'application/wasm' : 'text/javascript; charset=utf-8');
      // The body, decoded, is the file's; what crossed the wire is the copy.
      expect(actual.body, path).toBe(body);
      const sent = encoding ? statSync(join(root, `${path}${encoding === 'br' ? '.br' : '.gz'}`)).size : body.length;
      expect(Number(actual['content-length']), path).toBe(sent);
      if (encoding) expect(sent, path).toBeLessThan(body.length / 5);
      if (encoding) expect(actual.vary, path).toMatch(/accept-encoding/i);
    }
  });

  it('answers a byte range of a VM chunk as the static server does', async () => {
    const [expected, actual] = await both('/vm/disk-0123abcd.zst', { headers: { range: 'bytes=100-199' } });
    expect(actual).toEqual(expected);
    expect(actual).toMatchObject({ status: 206, 'content-range': 'bytes 100-199/1000', 'content-length': '100' });
  });

  it('answers HEAD, a missing file and a POST as the static server does', async () => {
    const [headExpected, headActual] = await both('/vm/manifest.json', { method: 'HEAD' });
    expect(headActual).toEqual(headExpected);
    const [missingExpected, missingActual] = await both('/no/such/page/');
    expect(missingActual.status).toBe(missingExpected.status);
    expect(missingActual.body).toBe(missingExpected.body);
    expect((await fetch(new URL('/sw.js', server.url), { method: 'POST' })).status).toBe(405);
  });

  it("gives a browser asking for a missing page the site's 404 page, and anything else a line of text, as the static server does", async () => {
    const [pageExpected, pageActual] = await both('/lessons/', { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(pageActual).toEqual(pageExpected);
    expect(pageActual).toMatchObject({ status: 404, body: FILES['404.html'], 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    const [assetExpected, assetActual] = await both('/vm/disk-ffff.zst', { headers: { accept: '*/*' } });
    expect(assetActual.body).toBe(assetExpected.body);
    expect(assetActual).toMatchObject({ status: 404, body: 'Not found: /vm/disk-ffff.zst\n', 'content-type': expect.stringMatching(/^text\/plain; charset=utf-8$/i) });
  });

  it('answers an address with malformed escapes with a 404, as the static server does, not a failure', async () => {
    for (const accept of ['text/html', '*/*']) {
      const [expected, actual] = await both('/lessons/%E0%A4%A/', { headers: { accept } });
      expect(actual.status).toBe(404);
      expect(actual.body).toBe(expected.body);
      expect(expected.status).toBe(404);
    }
  });

  it('keeps the API beside the site', async () => {
    expect(await (await fetch(new URL('/api/health', server.url))).json()).toEqual({ ok: true, database: 'sqlite' });
  });
});
