/** Instructors' log-in and sessions (public and instructor routes) and account creation (admin). */
import { Hono, type Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { createInstructorSchema, LOGIN_LINK_SPENT, loginSchema, tokenLoginQuerySchema, withLoginNotice } from '../schemas.ts';
import { ServiceError } from '../services/errors.ts';
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
      try {
        startSession(c, await redeemLoginToken(ctx, token));
      } catch (error) {
        // A browser followed the link: the page it leads to says so beside its log-in form, or simply opens for an instructor already logged in.
        if (error instanceof ServiceError && error.code === LOGIN_LINK_SPENT) return c.redirect(withLoginNotice(next, LOGIN_LINK_SPENT), 303);
        throw error;
      }
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
