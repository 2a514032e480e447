/** Instructors' log-in and sessions (public and instructor routes) and account creation (admin). */
import { Hono, type Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { createInstructorSchema, loginSchema, tokenLoginQuerySchema } from '../schemas.ts';
import { createInstructor, logIn, logOut, redeemLoginToken, SESSION_DAYS, type Session } from '../services/instructors.ts';
import { adminAccess, instructorAccess, publicAccess, SESSION_COOKIE } from './access.ts';
import type { AppEnv, AppOptions, Limits } from './env.ts';
import { rateLimit } from './rate-limit.ts';
import { validate } from './validate.ts';

export function authRoutes(options: AppOptions, limits: Limits, clientKey: (c: Context) => string, secureCookies: (c: Context) => boolean) {
  const { ctx } = options;
  const startSession = (c: Context, session: Session) =>
    setCookie(c, SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'Lax', path: '/', secure: secureCookies(c), maxAge: SESSION_DAYS * 86_400 });
  const sessionBody = (session: Session) => ({ instructor: session.instructor, csrfToken: session.csrfToken });

  return new Hono<AppEnv>()
    .post('/auth/login', publicAccess, rateLimit(limits.logins, 'log-in attempts', clientKey), validate('json', loginSchema), async (c) => {
      const { email, password } = c.req.valid('json');
      const session = await logIn(ctx, email, password);
      startSession(c, session);
      return c.json(sessionBody(session));
    })
    .get('/auth/token-login', publicAccess, rateLimit(limits.logins, 'log-in attempts', clientKey), validate('query', tokenLoginQuerySchema), async (c) => {
      const { token, next } = c.req.valid('query');
      startSession(c, await redeemLoginToken(ctx, token));
      return c.redirect(next, 303);
    })
    .get('/auth/session', instructorAccess(ctx), (c) => c.json(sessionBody(c.var.session)))
    .post('/auth/logout', instructorAccess(ctx), async (c) => {
      await logOut(ctx, c.var.session.token);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.json({ ok: true });
    })
    .post('/admin/instructors', adminAccess(ctx), validate('json', createInstructorSchema), async (c) => c.json(await createInstructor(ctx, c.req.valid('json')), 201));
}
