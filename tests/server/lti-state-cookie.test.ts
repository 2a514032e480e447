/**
 * The login's browser cookie as an LMS iframe needs it: over HTTPS SameSite=None, Secure and
 * Partitioned (a cross-site POST carries it; browsers blocking third-party cookies keep a
 * partitioned one); over plain http SameSite=Lax without Secure (which a browser would drop).
 */
import { setCookie } from 'hono/cookie';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { checkStateCookie, stateCookie } from '../../src/server/lti/state-cookie.ts';

async function setCookieLine(secure: boolean): Promise<string> {
  const cookie = stateCookie('lts_example', secure, 600_000);
  const app = new Hono().get('/', (c) => {
    setCookie(c, cookie.name, cookie.value, cookie.attributes);
    return c.text('ok');
  });
  return (await app.request('/')).headers.get('set-cookie') ?? '';
}

describe('the LTI login state cookie', () => {
  it('is SameSite=None, Secure, Partitioned and HTTP-only over HTTPS', async () => {
    const line = await setCookieLine(true);
    expect(line).toMatch(/^stacklab_lti_[0-9a-f]{16}=[0-9a-f]{64}; /);
    for (const attribute of ['Max-Age=600', 'Path=/lti/launch', 'HttpOnly', 'Secure', 'SameSite=None', 'Partitioned']) expect(line.split('; ')).toContain(attribute);
  });

  it('is SameSite=Lax without Secure over plain http', async () => {
    const line = await setCookieLine(false);
    expect(line.split('; ')).toContain('SameSite=Lax');
    expect(line).not.toMatch(/Secure|Partitioned/);
  });

  it('is accepted for its own state only', () => {
    const cookie = stateCookie('lts_example', true, 600_000);
    expect(() => checkStateCookie('lts_example', { [cookie.name]: cookie.value })).not.toThrow();
    expect(() => checkStateCookie('lts_other', { [cookie.name]: cookie.value })).toThrow(expect.objectContaining({ code: 'lti-state-other-browser' }));
    expect(() => checkStateCookie('lts_example', { stacklab_session: 'x' })).toThrow(expect.objectContaining({ code: 'lti-state-cookie-missing' }));
  });
});
