/**
 * The log-in notice of a spent one-time link: the server adds it to the page's own address
 * (keeping its query and fragment), and the page's form says it only when it is there.
 */
import { describe, expect, it } from 'vitest';
import { loginNotice } from '../../src/lib/instructor-login.ts';
import { LOGIN_LINK_SPENT, withLoginNotice } from '../../src/server/schemas.ts';

describe('the log-in notice of a spent link', () => {
  it('is added to the page address, keeping its query and fragment', () => {
    expect(withLoginNotice('/classroom/dashboard/?code=K7MQ2X', LOGIN_LINK_SPENT)).toBe('/classroom/dashboard/?code=K7MQ2X&login=login-link-spent');
    expect(withLoginNotice('/exams/session-results/?s=AB12#top', LOGIN_LINK_SPENT)).toBe('/exams/session-results/?s=AB12&login=login-link-spent#top');
    expect(withLoginNotice('/', LOGIN_LINK_SPENT)).toBe('/?login=login-link-spent');
  });

  it('replaces a notice already in the address instead of adding a second', () => {
    expect(withLoginNotice('/classroom/dashboard/?login=login-link-spent&code=K7', LOGIN_LINK_SPENT)).toBe('/classroom/dashboard/?login=login-link-spent&code=K7');
  });

  it('is said by the form only when the address carries it', () => {
    expect(loginNotice('?code=K7MQ2X&login=login-link-spent')).toMatch(/^That log-in link was used already or has expired/);
    expect(loginNotice('?code=K7MQ2X')).toBeNull();
    expect(loginNotice('?code=K7MQ2X&login=something-else')).toBeNull();
  });
});
