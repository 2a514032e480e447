/**
 * A small static file server for the built site (dist/), used by the e2e tests and the
 * site benchmark: correct MIME types (application/wasm for v86), single-range requests,
 * long-lived caching for files whose names carry a content hash, and the build's Brotli or
 * gzip copy of a file to a browser that accepts it.
 *
 * @example
 * const server = await startStaticServer('dist');
 * console.log(server.url); // http://127.0.0.1:41234/
 * await server.close();
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { PRECOMPRESSED } from '../src/integrations/precompress.ts';
import { decodedPath } from '../src/lib/not-found.ts';

export const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.zst': 'application/zstd',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
};

/** Names that change when their content does (Vite's /_astro/ assets, the snapshot, disk chunks). */
export const IMMUTABLE = /^\/(_astro\/|vm\/state-|vm\/disk-)/;

/** The site's page for an address that leads nowhere (src/pages/404.astro). */
export const NOT_FOUND_PAGE = '/404.html';

/** Whether a request for a missing file is a browser asking for a page, which gets the site's 404 page rather than a line of text. */
export const wantsPage = (accept: string | null | undefined): boolean => /\btext\/html\b/.test(accept ?? '');

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

export async function startStaticServer(root: string, port = 0, host = '127.0.0.1'): Promise<StaticServer> {
  const base = resolve(root);
  const server = createServer((request, response) => {
    serve(base, request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
  });
  await new Promise<void>((done) => server.listen(port, host, done));
  const { port: actualPort } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${actualPort}/`,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

async function serve(base: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const pathname = decodedPath(new URL(request.url ?? '/', 'http://localhost').pathname);
  const file = await findFile(base, pathname);
  if (!file) {
    const page = wantsPage(request.headers.accept) ? await findFile(base, NOT_FOUND_PAGE) : undefined;
    if (page) {
      response.writeHead(404, { 'content-type': MIME_TYPES['.html']!, 'cache-control': 'no-cache', 'content-length': page.size });
      if (request.method === 'HEAD') response.end();
      else createReadStream(page.path).pipe(response);
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`Not found: ${pathname}\n`);
    return;
  }
  const headers: Record<string, string | number> = {
    'content-type': MIME_TYPES[extname(file.path)] ?? 'application/octet-stream',
    'accept-ranges': 'bytes',
    'cache-control': IMMUTABLE.test(pathname) ? 'public, max-age=31536000, immutable' : 'no-cache',
    'last-modified': file.modified.toUTCString(),
  };
  // The build's compressed copy, to a browser that accepts it (a range is then of the copy, as @hono/node-server serves it).
  const encoded = await compressedCopy(file.path, request.headers['accept-encoding']);
  if (encoded) {
    Object.assign(headers, { 'content-encoding': encoded.encoding, vary: 'Accept-Encoding' });
    Object.assign(file, { path: encoded.path, size: encoded.size });
  }
  const range = parseRange(request.headers.range, file.size);
  if (range === 'invalid') {
    response.writeHead(416, { 'content-range': `bytes */${file.size}` }).end();
    return;
  }
  const { start, end } = range ?? { start: 0, end: file.size - 1 };
  headers['content-length'] = file.size === 0 ? 0 : end - start + 1;
  if (range) headers['content-range'] = `bytes ${start}-${end}/${file.size}`;
  response.writeHead(range ? 206 : 200, headers);
  if (request.method === 'HEAD' || file.size === 0) {
    response.end();
    return;
  }
  createReadStream(file.path, { start, end }).pipe(response);
}

async function findFile(base: string, pathname: string): Promise<{ path: string; size: number; modified: Date } | undefined> {
  const path = normalize(join(base, pathname));
  if (path !== base && !path.startsWith(base + sep)) return undefined;
  for (const candidate of [path, join(path, 'index.html')]) {
    const info = await stat(candidate).catch(() => undefined);
    if (info?.isFile()) return { path: candidate, size: info.size, modified: info.mtime };
  }
  return undefined;
}

/** The encodings an Accept-Encoding header allows (a q of 0 refuses one). */
export function acceptedEncodings(header: string | undefined): Set<string> {
  const accepted = new Set<string>();
  for (const item of (header ?? '').split(',')) {
    const [name = '', ...params] = item.split(';').map((part) => part.trim().toLowerCase());
    const q = params.find((param) => param.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name);
  }
  return accepted;
}

/** The first compressed copy of `path` (src/integrations/precompress.ts) that `acceptEncoding` allows, if the build made one. */
async function compressedCopy(path: string, acceptEncoding: string | undefined): Promise<{ encoding: string; path: string; size: number } | undefined> {
  const accepted = acceptedEncodings(acceptEncoding);
  for (const { encoding, suffix } of PRECOMPRESSED) {
    if (!accepted.has(encoding)) continue;
    const info = await stat(path + suffix).catch(() => undefined);
    if (info?.isFile()) return { encoding, path: path + suffix, size: info.size };
  }
  return undefined;
}

/** A single "bytes=a-b" range (open ends allowed); undefined for none, 'invalid' when unsatisfiable. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | undefined | 'invalid' {
  const match = header?.match(/^bytes=(\d*)-(\d*)$/);
  if (!match) return undefined;
  const [, from = '', to = ''] = match;
  if (from === '' && to === '') return 'invalid';
  const start = from === '' ? Math.max(0, size - Number(to)) : Number(from);
  const end = from === '' || to === '' ? size - 1 : Math.min(Number(to), size - 1);
  return start > end || start >= size ? 'invalid' : { start, end };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await startStaticServer(process.argv[2] ?? 'dist', Number(process.argv[3] ?? 4321));
  console.log(`Serving ${process.argv[2] ?? 'dist'} at ${server.url}`);
}
