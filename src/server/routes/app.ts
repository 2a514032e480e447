/**
 * The classroom's HTTP application: the API under /api (JSON in and out, every body checked by
 * a zod schema, at most 64 KiB, errors as `{ error: { code, message } }` and never a stack
 * trace) and, when a site root is given, the built site.
 *
 * @example
 * const app = createApp({ ctx, siteRoot: 'dist' });
 * serve({ fetch: app.fetch, port: 4321, hostname: '127.0.0.1' });
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { ServiceError } from '../services/errors.ts';
import { isGuard, publicAccess, sameOriginOnly } from './access.ts';
import { authRoutes } from './auth-routes.ts';
import type { AppEnv, AppOptions, Limits } from './env.ts';
import { examRoutes, examUploadRoutes } from './exam-routes.ts';
import { learnerRoutes } from './learner-routes.ts';
import { ltiApiRoutes, ltiToolRoutes } from './lti-routes.ts';
import { TokenBuckets } from './rate-limit.ts';
import { serveSite } from './static-site.ts';
import { malformedJson } from './validate.ts';
import { workshopRoutes } from './workshop-routes.ts';

export const DEFAULT_BODY_BYTES = 64 * 1024;

export function defaultLimits(): Limits {
  return {
    // A classroom behind one NAT joins at once: 60 joins at a time per address, then one a second.
    joins: new TokenBuckets({ burst: 60, perSecond: 1 }),
    logins: new TokenBuckets({ burst: 10, perSecond: 1 / 30 }),
    // A tab reports a few events a minute; a minute's offline queue flushes in one go.
    events: new TokenBuckets({ burst: 60, perSecond: 2 }),
    // A peeked terminal relays its output at most about ten times a second.
    peekFrames: new TokenBuckets({ burst: 100, perSecond: 12 }),
    bodyBytes: DEFAULT_BODY_BYTES,
  };
}

const errorBody = (code: string, message: string) => ({ error: { code, message } });

export function createApp(options: AppOptions): Hono<AppEnv> {
  const limits: Limits = { ...defaultLimits(), ...options.limits };
  const origin = (c: Context) => (options.publicUrl ? new URL(options.publicUrl).origin : new URL(c.req.url).origin);
  const secureCookies = (c: Context) => origin(c).startsWith('https:') || (options.trustProxy === true && c.req.header('x-forwarded-proto') === 'https');
  /** The client's address; behind a trusted proxy, the one the proxy appended last to X-Forwarded-For. */
  const clientKey = (c: Context) => {
    const forwarded = options.trustProxy ? c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim() : undefined;
    return `ip:${forwarded || getConnInfo(c).remote.address || 'unknown'}`;
  };

  const api = new Hono<AppEnv>()
    .use(sameOriginOnly(origin))
    // VM-state uploads: before the 64 KiB limit, with their own (exam-routes.ts).
    .route('/', examUploadRoutes(options))
    .use(
      bodyLimit({
        maxSize: limits.bodyBytes,
        onError: () => {
          throw new ServiceError(413, 'body-too-large', `The request body is larger than ${limits.bodyBytes} bytes; send fewer events per request.`);
        },
      }),
    )
    .get('/health', publicAccess, (c) => c.json({ ok: true, database: options.ctx.storage.kind }))
    .route('/', authRoutes(options, limits, clientKey, secureCookies))
    .route('/', learnerRoutes(options, limits, clientKey))
    .route('/', workshopRoutes(options, origin))
    .route('/', ltiApiRoutes(options))
    .route('/', examRoutes(options, limits, clientKey, origin))

  const app = new Hono<AppEnv>();
  app.onError((error, c) => {
    if (error instanceof ServiceError) {
      // Refused for its size, the body was not read: the connection closes after the answer, so
      // no client sends its next request on a socket the server drops once the rest of the body
      // fails to arrive (Hono's node server gives it 500 ms).
      if (error.status === 413) c.header('connection', 'close');
      return c.json(errorBody(error.code, error.message), error.status);
    }
    if (error instanceof HTTPException && error.status < 500) {
      if (/malformed json/i.test(error.message)) {
        const malformed = malformedJson();
        return c.json(errorBody(malformed.code, malformed.message), malformed.status);
      }
      return c.json(errorBody('bad-request', error.message || 'Bad request.'), error.status);
    }
    console.error(`[classroom] ${c.req.method} ${c.req.path} failed:`, error);
    return c.json(errorBody('internal', 'The server failed on this request; its log has the details.'), 500);
  });
  app.route('/api', api);
  // The LMS-facing LTI endpoints live outside /api: a platform posts launches from its own origin.
  app.route('/', ltiToolRoutes(options, clientKey, secureCookies));
  app.all('/api/*', (c) => c.json(errorBody('no-such-route', `There is no ${c.req.method} ${c.req.path}.`), 404));
  if (options.siteRoot) app.use('*', serveSite(options.siteRoot));
  return app;
}

/** The access level each /api route declares (its first handler), for the test that every route has one. */
export function routeAccess(app: Hono<AppEnv>): Array<{ method: string; path: string; access: string | undefined }> {
  const byRoute = new Map<string, string | undefined>();
  for (const route of app.routes) {
    if (!route.path.startsWith('/api/') || route.method === 'ALL') continue;
    const key = `${route.method} ${route.path}`;
    if (isGuard(route.handler)) byRoute.set(key, route.handler.access);
    else if (!byRoute.has(key)) byRoute.set(key, undefined);
  }
  return [...byRoute].map(([key, access]) => {
    const [method = '', path = ''] = key.split(' ');
    return { method, path, access };
  });
}
