/**
 * The instructor's log-in form, for the pages that need an instructor session (the workshop
 * dashboard, an exam session's results). A one-time dashboard link that was used already or has
 * expired leads to its page with `?login=link-spent` (src/server/routes/auth-routes.ts): the form
 * then says so, and how to get a fresh link, instead of asking for a password unexplained.
 *
 * @example
 * if ((await fetch('/api/auth/session')).status === 401)
 *   showInstructorLogin(main, { heading: 'Log in to see the workshop', freshLink: 'npx stacklab workshop login K7MQ2X', onLoggedIn: start });
 */
import { LOGIN_LINK_SPENT, LOGIN_NOTICE_PARAM } from '../server/schemas.ts';
import { errorMessage } from './classroom/client.ts';

export interface InstructorLoginOptions {
  heading: string;
  /** The command that prints a fresh one-time link to this page, named when a spent link led here. */
  freshLink: string;
  onLoggedIn: () => void;
}

/** Whether a spent one-time link led to this page (its `login` query parameter). */
export const cameByLinkSpent = (search = location.search) => new URLSearchParams(search).get(LOGIN_NOTICE_PARAM) === LOGIN_LINK_SPENT;

/** What the form says above its fields when a spent link led here, before the command for a fresh link; null otherwise. */
export function loginNotice(search: string): string | null {
  if (!cameByLinkSpent(search)) return null;
  return 'That log-in link was used already or has expired: each link logs in once, within 24 hours. Log in with your email and password, or get a fresh link with';
}

/** Drops the notice's parameter from the address bar, so a reload or a bookmark does not carry it. */
export function forgetLoginNotice(): void {
  const url = new URL(location.href);
  if (!url.searchParams.has(LOGIN_NOTICE_PARAM)) return;
  url.searchParams.delete(LOGIN_NOTICE_PARAM);
  history.replaceState(history.state, '', url);
}

/** Replaces `target`'s content with the log-in form; on success, forgets the notice and calls `onLoggedIn`. */
export function showInstructorLogin(target: HTMLElement, options: InstructorLoginOptions): void {
  const heading = Object.assign(document.createElement('h1'), { textContent: options.heading });
  const notice = loginNotice(location.search);
  const form = document.createElement('form');
  form.className = 'dashboard-login';
  form.innerHTML = `
    <label>Email <input name="email" type="email" required autocomplete="username" /></label>
    <label>Password <input name="password" type="password" required autocomplete="current-password" /></label>
    <button type="submit" class="button button-primary">Log in</button>
    <p role="alert" data-part="error"></p>`;
  const parts: HTMLElement[] = [heading];
  if (notice) {
    const paragraph = Object.assign(document.createElement('p'), { className: 'login-notice' });
    paragraph.append(`${notice} `, Object.assign(document.createElement('code'), { textContent: options.freshLink }), '.');
    parts.push(paragraph);
  }
  target.replaceChildren(...parts, form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const response = await fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: data.get('email'), password: data.get('password') }) });
    if (!response.ok) return void (form.querySelector('[data-part="error"]')!.textContent = await errorMessage(response));
    forgetLoginNotice();
    options.onLoggedIn();
  });
}
