/**
 * Serves the built site (dist/) as the e2e tests' static server does (scripts/static-server.ts):
 * the same content types (application/wasm for v86, application/zstd for the VM's chunks),
 * long-lived caching for content-hashed names and no-cache for the rest (so the service worker
 * and pages update), byte ranges, the build's compressed copy of a file to a browser that accepts
 * it, and a 404: the site's 404 page to a browser asking for a page, a line of text to anything else.
 */
import { serveStatic } from '@hono/node-server/serve-static';
import type { MiddlewareHandler } from 'hono';
import { extname } from 'node:path';
import { IMMUTABLE, MIME_TYPES, NOT_FOUND_PAGE, wantsPage } from '../../../scripts/static-server.ts';
import { PRECOMPRESSED } from '../../integrations/precompress.ts';
import { decodedPath } from '../../lib/not-found.ts';

export function serveSite(root: string): MiddlewareHandler {
  const files = serveStatic({
    root,
    // The build's Brotli or gzip copy (src/integrations/precompress.ts), to a browser that accepts it.
    precompressed: true,
    onFound: (path, c) => {
      // `path` is the copy sent: its type is the file's it was made from.
      const copy = PRECOMPRESSED.find(({ suffix }) => path.endsWith(suffix) && !c.req.path.endsWith(suffix));
      const original = copy ? path.slice(0, -copy.suffix.length) : path;
      c.header('content-type', MIME_TYPES[extname(original)] ?? 'application/octet-stream');
      c.header('cache-control', IMMUTABLE.test(c.req.path) ? 'public, max-age=31536000, immutable' : 'no-cache');
      c.header('accept-ranges', 'bytes');
    },
  });
  // The site's 404 page, as a browser asking for a missing page gets it.
  const notFoundPage = serveStatic({ root, path: NOT_FOUND_PAGE, onFound: (_path, c) => c.header('cache-control', 'no-cache') });
  return async (c) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return c.text('Method not allowed\n', 405, { allow: 'GET, HEAD' });
    const response = await files(c, async () => {});
    if (response) return response;
    const page = wantsPage(c.req.header('accept')) ? await notFoundPage(c, async () => {}) : undefined;
    if (page) return new Response(page.body, { status: 404, headers: page.headers });
    return c.text(`Not found: ${decodedPath(c.req.path)}\n`, 404);
  };
}
