/**
 * Binds an LTI launch to the browser that started its login (against login CSRF: a state
 * leaked from one browser must not open a launch in another). The login sets a short-lived,
 * HTTP-only cookie named after the state and carrying its SHA-256; the launch is taken only
 * when the browser posting it sends that cookie back.
 *
 * The LMS shows the tool in an iframe and posts the launch from its own site, so over HTTPS the
 * cookie is `SameSite=None; Secure; Partitioned` (Partitioned: kept per top-level site, which
 * browsers that block third-party cookies still allow). Over plain HTTP a browser refuses
 * `SameSite=None` without `Secure`, so there it is `SameSite=Lax`: it comes back only when the
 * LMS and Stacklab are the same site (both on 127.0.0.1 or localhost, as in development and the
 * tests). A browser that sends nothing back is told to open the activity again, or in a new window.
 *
 * @example
 * const cookie = stateCookie(state, secure);      // at login: set cookie.name = cookie.value with cookie.attributes
 * checkStateCookie(state, getCookie(c));           // at launch: throws a ServiceError when the browser differs
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { ServiceError } from '../services/errors.ts';

export const STATE_COOKIE_PREFIX = 'stacklab_lti_';
/** Where the cookie is sent: the launch endpoint only. */
export const STATE_COOKIE_PATH = '/lti/launch';

export interface StateCookie {
  name: string;
  value: string;
  attributes: { httpOnly: true; path: string; maxAge: number; sameSite: 'None' | 'Lax'; secure: boolean; partitioned?: true };
}

const digest = (state: string) => createHash('sha256').update(state).digest('hex');
/** Named after the state, so two logins in one browser (two tabs) keep their own cookie. */
const cookieName = (hash: string) => `${STATE_COOKIE_PREFIX}${hash.slice(0, 16)}`;

/** The cookie a login sets for `state`; `secure` when the browser reached Stacklab over HTTPS. */
export function stateCookie(state: string, secure: boolean, ttlMs: number): StateCookie {
  const hash = digest(state);
  const common = { httpOnly: true as const, path: STATE_COOKIE_PATH, maxAge: Math.floor(ttlMs / 1000) };
  return {
    name: cookieName(hash),
    value: hash,
    attributes: secure ? { ...common, sameSite: 'None', secure: true, partitioned: true } : { ...common, sameSite: 'Lax', secure: false },
  };
}

const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Throws unless `cookies` (the launch request's) hold the cookie the login for `state` set. */
export function checkStateCookie(state: string, cookies: Record<string, string>): void {
  const hash = digest(state);
  const sent = cookies[cookieName(hash)];
  if (sent !== undefined && sameText(sent, hash)) return;
  const anyLogin = Object.keys(cookies).some((name) => name.startsWith(STATE_COOKIE_PREFIX));
  if (anyLogin) {
    throw new ServiceError(
      401,
      'lti-state-other-browser',
      'This launch was started in another browser than the one sending it (its state does not match any login cookie of this browser). Open the activity again from your course in the LMS, in this browser.',
    );
  }
  throw new ServiceError(
    401,
    'lti-state-cookie-missing',
    'This browser did not send back the cookie Stacklab set when the launch began, so the launch cannot be tied to the browser that started it. Open the activity again from your course in the LMS. If this repeats, the browser is blocking third-party cookies in the LMS page: allow cookies for this site, or open the activity in a new window (the course teacher can set it to open in one).',
  );
}
