/**
 * Serves the built site (dist/) as the e2e tests' static server does (scripts/static-server.ts):
 * the same content types (application/wasm for v86, application/zstd for the VM's chunks),
 * long-lived caching for content-hashed names and no-cache for the rest (so the service worker
 * and pages update), byte ranges, and a plain 404.
 */
import { serveStatic } from '@hono/node-server/serve-static';
import type { MiddlewareHandler } from 'hono';
import { extname } from 'node:path';
import { IMMUTABLE, MIME_TYPES } from '../../../scripts/static-server.ts';

export function serveSite(root: string): MiddlewareHandler {
  const files = serveStatic({
    root,
    onFound: (path, c) => {
      c.header('content-type', MIME_TYPES[extname(path)] ?? 'application/octet-stream');
      c.header('cache-control', IMMUTABLE.test(c.req.path) ? 'public, max-age=31536000, immutable' : 'no-cache');
      c.header('accept-ranges', 'bytes');
    },
  });
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return c.text('Method not allowed\n', 405, { allow: 'GET, HEAD' });
    const response = await files(c, async () => {});
    return response ?? c.text(`Not found: ${decodeURIComponent(c.req.path)}\n`, 404);
  };
}
