/**
 * LTI 1.3 over HTTP.
 * - The tool's endpoints an LMS is configured with, outside /api (a platform posts the launch
 *   from its own origin, which /api's same-origin check would refuse): OIDC login initiation
 *   `GET|POST /lti/login`, the launch (redirect URI) `POST /lti/launch`, the public JWKS
 *   `GET /lti/jwks`. All public: the launch is authenticated by the platform's signature, and
 *   tied to the browser that started its login by the login's state cookie.
 * - Under /api: platform registration and key rotation (admin), the Check results a tab of
 *   an LTI exercise launch reports (its launch token, `Authorization: Bearer slti_...`), and
 *   the retry of a sitting's LMS score post (the instructor whose session it is).
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { accepts } from 'hono/accepts';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { ServiceError } from '../services/errors.ts';
import { publicJwks, rotateKeys } from '../lti/keys.ts';
import { beginLogin, loginInitiationSchema, STATE_TTL_MS, verifyLaunch } from '../lti/launch.ts';
import { stateCookie } from '../lti/state-cookie.ts';
import { openLaunch, type LaunchOutcome } from '../lti/launches.ts';
import { launchPage, refusalPage } from '../lti/launch-page.ts';
import { listPlatforms, platformRegistrationSchema, registerPlatform } from '../lti/platforms.ts';
import { exerciseReportSchema, launchByToken, reportExerciseScore, type LtiLaunch } from '../lti/scores.ts';
import { retryScoreForInstructor } from '../lti/score-outbox.ts';
import { examSessionCodeSchema } from '../exam-schemas.ts';
import { adminAccess, instructorAccess, publicAccess } from './access.ts';
import { rateLimit, TokenBuckets } from './rate-limit.ts';
import type { AppEnv, AppOptions } from './env.ts';
import { validate, validated } from './validate.ts';

type LtiEnv = { Variables: AppEnv['Variables'] & { ltiLaunch: LtiLaunch } };

export const LTI_PATHS = { login: '/lti/login', launch: '/lti/launch', jwks: '/lti/jwks' } as const;

const launchFormSchema = z.object({ id_token: z.string().min(1), state: z.string().min(1) });
const sittingScoreParam = z.object({ session: examSessionCodeSchema, sitting: z.coerce.number().int().positive() });

/** A tab of an LTI launch: its launch token, which reaches only that launch's own score. */
function ltiLaunchAccess(options: AppOptions): MiddlewareHandler<LtiEnv> & { access: 'learner' } {
  const handler: MiddlewareHandler<LtiEnv> = async (c, next) => {
    const token = c.req.header('authorization')?.match(/^Bearer (slti_[A-Za-z0-9_-]+)$/)?.[1];
    if (!token) throw new ServiceError(401, 'lti-token-required', 'This needs the LMS launch token (Authorization: Bearer slti_...); open the activity from your LMS.');
    c.set('ltiLaunch', await launchByToken(options.ctx, token));
    await next();
  };
  return Object.assign(handler, { access: 'learner' as const });
}

async function formOrQuery(c: Context): Promise<Record<string, unknown>> {
  const query = c.req.query();
  if (c.req.method !== 'POST') return query;
  return { ...query, ...(await c.req.parseBody()) };
}

/** An LTI request's form or query, refused with the LTI routes' own code. */
const parsed = <T extends z.ZodType>(schema: T, value: unknown, what: string) => validated(schema, value, what, 'lti-invalid-request');

/** /lti/login, /lti/launch and /lti/jwks, mounted at the root; `secureCookies` says whether the browser came over HTTPS. */
export function ltiToolRoutes(options: AppOptions, clientKey: (c: Context) => string, secureCookies: (c: Context) => boolean) {
  const { ctx } = options;
  // Each login stores a state row: a class launching at once from one address, then one a second.
  const logins = rateLimit(new TokenBuckets({ burst: 60, perSecond: 1 }), 'LMS logins from your address', clientKey);
  const origin = (c: Context) => (options.publicUrl ? new URL(options.publicUrl).origin : new URL(c.req.url).origin);
  /** A refusal answers a browser (the LMS's frame or tab) with a page saying why; the API's JSON otherwise. */
  const pageOnRefusal =
    (handler: (c: Context) => Promise<Response>) =>
    async (c: Context): Promise<Response> => {
      try {
        return await handler(c);
      } catch (error) {
        const wantsPage = accepts(c, { header: 'Accept', supports: ['application/json', 'text/html'], default: 'application/json' }) === 'text/html';
        if (!(error instanceof ServiceError) || !wantsPage) throw error;
        return c.html(refusalPage(error.message), error.status, { 'cache-control': 'no-store' });
      }
    };
  const login = pageOnRefusal(async (c: Context) => {
    const params = parsed(loginInitiationSchema, await formOrQuery(c), 'LTI login initiation');
    const { state, redirect } = await beginLogin(ctx, params, `${origin(c)}${LTI_PATHS.launch}`);
    const cookie = stateCookie(state, secureCookies(c), STATE_TTL_MS);
    setCookie(c, cookie.name, cookie.value, cookie.attributes);
    return c.redirect(redirect, 302);
  });
  return new Hono<AppEnv>()
    .get(LTI_PATHS.login, publicAccess, logins, login)
    .post(LTI_PATHS.login, publicAccess, logins, login)
    .post(
      LTI_PATHS.launch,
      publicAccess,
      pageOnRefusal(async (c) => {
        const form = parsed(launchFormSchema, await c.req.parseBody(), 'LTI launch form');
        const outcome: LaunchOutcome = await openLaunch(ctx, await verifyLaunch(ctx, { idToken: form.id_token, state: form.state, cookies: getCookie(c) }));
        // Taken: the login's cookie goes (with the attributes it was set with, so a partitioned one goes too).
        const used = stateCookie(form.state, secureCookies(c), 0);
        deleteCookie(c, used.name, used.attributes);
        return c.html(launchPage(outcome), 200, { 'cache-control': 'no-store', 'x-stacklab-launch': `${outcome.target.kind}:${outcome.target.id}` });
      }),
    )
    .get(LTI_PATHS.jwks, publicAccess, async (c) => c.json(await publicJwks(ctx), 200, { 'cache-control': 'max-age=300' }));
}

/** /api/lti/...: registration and keys (admin), a launch's score reports, and a sitting's score retry (its session's instructor). */
export function ltiApiRoutes(options: AppOptions) {
  const { ctx } = options;
  const asAdmin = adminAccess(ctx);
  return new Hono<LtiEnv>()
    .get('/lti/platforms', asAdmin, async (c) => c.json({ platforms: await listPlatforms(ctx) }))
    .post('/lti/platforms', asAdmin, validate('json', platformRegistrationSchema), async (c) => c.json({ platform: await registerPlatform(ctx, c.req.valid('json')) }, 201))
    .post('/lti/keys/rotate', asAdmin, async (c) => c.json(await rotateKeys(ctx)))
    .post('/lti/reports', ltiLaunchAccess(options), validate('json', exerciseReportSchema), async (c) => c.json(await reportExerciseScore(ctx, c.var.ltiLaunch, c.req.valid('json'))))
    .post('/lti/exam-sessions/:session/sittings/:sitting/score-retry', instructorAccess(ctx), validate('param', sittingScoreParam), async (c) => {
      const { session, sitting } = c.req.valid('param');
      return c.json({ lms: await retryScoreForInstructor(ctx, c.var.session.instructor.id, session, sitting) });
    });
}
