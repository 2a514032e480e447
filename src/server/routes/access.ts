/**
 * Who may call a route. Every /api route starts with exactly one of these, and a test reads the
 * route table to keep it so:
 * - `publicAccess`: anyone (health, log-in, join);
 * - `learnerAccess`: a learner token (`Authorization: Bearer slt_...`), which reaches only that learner's own data;
 * - `instructorAccess`: an instructor's session cookie, plus the session's CSRF token in
 *   `X-CSRF-Token` on every state-changing request;
 * - `adminAccess`: the same, for an admin.
 * The workshop routes further check that the instructor is one of the workshop's instructors.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { timingSafeEqual } from 'node:crypto';
import type { ServiceContext } from '../services/context.ts';
import { ServiceError } from '../services/errors.ts';
import { sessionFor } from '../services/instructors.ts';
import { learnerByToken } from '../services/learners.ts';
import type { AppEnv } from './env.ts';

export const SESSION_COOKIE = 'stacklab_session';
export const CSRF_HEADER = 'x-csrf-token';

export type AccessLevel = 'public' | 'learner' | 'instructor' | 'admin';
type Guard = MiddlewareHandler<AppEnv> & { access: AccessLevel };

const guard = (access: AccessLevel, handler: MiddlewareHandler<AppEnv>): Guard => Object.assign(handler, { access });

export const isGuard = (handler: unknown): handler is Guard => typeof handler === 'function' && 'access' in handler;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const publicAccess = guard('public', async (_c, next) => next());

export function learnerAccess(ctx: ServiceContext): Guard {
  return guard('learner', async (c, next) => {
    const token = c.req.header('authorization')?.match(/^Bearer (slt_[A-Za-z0-9_-]+)$/)?.[1];
    if (!token) throw new ServiceError(401, 'learner-token-required', 'This needs your learner token (Authorization: Bearer slt_...). Join the workshop with its code to get one.');
    c.set('learner', await learnerByToken(ctx, token));
    await next();
  });
}

async function requireSession(ctx: ServiceContext, c: Context<AppEnv>): Promise<void> {
  const token = getCookie(c, SESSION_COOKIE);
  const session = token ? await sessionFor(ctx, token) : undefined;
  if (!session) throw new ServiceError(401, 'login-required', 'Log in as an instructor first (POST /api/auth/login, or the dashboard link from `npx stacklab workshop create`).');
  if (!SAFE_METHODS.has(c.req.method)) {
    const sent = Buffer.from(c.req.header(CSRF_HEADER) ?? '');
    const expected = Buffer.from(session.csrfToken);
    if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
      throw new ServiceError(403, 'csrf-token-invalid', `A state-changing request needs the session's CSRF token in the ${CSRF_HEADER} header (GET /api/auth/session returns it).`);
    }
  }
  c.set('session', session);
}

export function instructorAccess(ctx: ServiceContext): Guard {
  return guard('instructor', async (c, next) => {
    await requireSession(ctx, c);
    await next();
  });
}

export function adminAccess(ctx: ServiceContext): Guard {
  return guard('admin', async (c, next) => {
    await requireSession(ctx, c);
    if (!c.var.session.instructor.admin) throw new ServiceError(403, 'admin-only', 'Only an admin may do this.');
    await next();
  });
}

/**
 * Refuses a state-changing request sent from another site: its Origin (or, without one,
 * Sec-Fetch-Site) must say it comes from this server's own pages.
 */
export function sameOriginOnly(allowedOrigin: (c: Context) => string): MiddlewareHandler {
  return async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header('origin');
      const site = c.req.header('sec-fetch-site');
      if ((origin && origin !== allowedOrigin(c)) || (!origin && site && site !== 'same-origin' && site !== 'none')) {
        throw new ServiceError(403, 'cross-origin', 'This request came from another site and was refused. Use the Stacklab pages on this server.');
      }
    }
    await next();
  };
}
