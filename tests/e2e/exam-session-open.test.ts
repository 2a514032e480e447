/**
 * An examiner opens an exam session in the browser, as `npx stacklab exam open` does: logged in
 * with a one-time link, the page lists their sessions and has the form (the exam, a time limit,
 * an access code, when sittings may start, the candidates' names). A form the server refuses
 * says why and opens nothing; the session opened goes to its results page with the sit link,
 * and the list then shows it with what a candidate needs. A visitor who is not logged in gets
 * the log-in form. On the site served as static files, the instructors' pages say that no
 * server answers there, and what they need.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { NO_SERVER_MESSAGE } from '../../src/lib/classroom/client.ts';
import { createInstructor, createLoginToken } from '../../src/server/services/instructors.ts';
import type { RunningServer } from '../../src/server/server.ts';
import { axeViolations } from './support/axe.ts';
import { useChromium } from './support/browser.ts';
import { newDataDir, startSiteServer, stopSiteServer } from './support/site-server.ts';

const openPage = useChromium({ needsVm: false });
const soon = { timeout: 15_000 };
const SESSIONS = '/exams/session-results/';

describe('opening an exam session in the browser', () => {
  let server: RunningServer;
  let dataDir: string;
  let adaId: number;
  beforeAll(async () => {
    dataDir = newDataDir('exam-open');
    server = await startSiteServer(dataDir);
    adaId = (await createInstructor(server.ctx, { email: 'ada@example.org', password: 'a long enough password', admin: true })).id;
  });
  afterAll(async () => {
    await stopSiteServer(server, dataDir);
  });
  const sessionRows = () => server.ctx.storage.db.selectFrom('exam_sessions').selectAll().execute();

  it('lists the examiner\'s sessions, refuses a form the server would not take, and opens one with its access code and candidates', async () => {
    const page = await openPage({ serviceWorkers: 'block' });
    const token = await createLoginToken(server.ctx, adaId);
    await page.goto(`${server.url}/api/auth/token-login?token=${encodeURIComponent(token)}&next=${encodeURIComponent(SESSIONS)}`);
    await expect.poll(() => page.locator('h1').innerText(), soon).toBe('Your exam sessions');
    await expect.poll(() => page.locator('#exam-sessions-list').innerText(), soon).toBe('You have opened no exam sessions yet.');
    expect(await page.locator('#exam-results-part').isVisible()).toBe(false);
    expect(await axeViolations(page), 'axe on the sessions page with its form').toEqual([]);

    const form = page.locator('#exam-session-open');
    await form.locator('select[name="exam"]').selectOption('routing-nat-practical');
    expect(await form.locator('select[name="exam"]').locator('option:checked').innerText()).toBe('Routing and NAT practical: a router, a NAT gateway and a ticket (45 min, 3 tasks, 100 points)');
    await form.getByLabel('Time limit in minutes').fill('30');
    await form.getByLabel('Access code').fill('ROOM-42');
    await form.getByLabel(/^Candidates/).fill('Ana Lima\n\n  Bo  \n');
    // Closing before it opens: the server's reason, and no session.
    await form.getByLabel('Sittings may start from').fill('2026-12-10T10:00');
    await form.getByLabel(/^Until/).fill('2026-12-10T09:00');
    await form.getByRole('button', { name: 'Open the session' }).click();
    await expect.poll(() => form.getByRole('alert').innerText(), soon).toMatch(/^The session was not opened: .*The time until which sittings may start \(closesAt\) must be after the time they may start from \(opensAt\)\./);
    expect(await sessionRows()).toEqual([]);

    await form.getByLabel('Sittings may start from').fill('');
    await form.getByLabel(/^Until/).fill('');
    await form.getByRole('button', { name: 'Open the session' }).click();
    await expect.poll(() => page.locator('h1').innerText(), soon).toMatch(/^Routing and NAT practical: a router, a NAT gateway and a ticket: session [A-Z2-9]{10}$/);
    const [row] = await sessionRows();
    expect(row).toMatchObject({ exam_id: 'routing-nat-practical', time_limit_ms: 30 * 60_000, access_code: 'ROOM-42', opens_at: null, closes_at: null });
    expect(JSON.parse(row!.candidates!)).toEqual(['Ana Lima', 'Bo']);
    expect(new URL(page.url()).searchParams.get('s')).toBe(row!.code);
    expect(await page.locator('#exam-results-sit').innerText()).toBe(`${server.url}/exams/session/?s=${row!.code}`);
    expect(await page.locator('#exam-results').innerText()).toBe('No one has started yet.');

    await page.getByRole('link', { name: 'All your exam sessions' }).click();
    await expect.poll(() => page.locator('#exam-sessions-list').innerText(), soon).toBe(
      `Routing and NAT practical: a router, a NAT gateway and a ticket: session ${row!.code} (30 min, access code, named candidates only, no sittings yet)`,
    );
    await page.screenshot({ path: 'test-results/exam-sessions.png', fullPage: true });
    // On a phone the form keeps to the screen: the exams' long titles do not widen it.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 'the page scrolls sideways on a phone').toBe(0);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByRole('link', { name: new RegExp(`session ${row!.code}`) }).click();
    await expect.poll(() => page.locator('h1').innerText(), soon).toMatch(/: session [A-Z2-9]{10}$/);
    await page.context().close();
  });

  it('asks a visitor who is not logged in to log in, and opens nothing', async () => {
    const page = await openPage({ serviceWorkers: 'block' });
    await page.goto(`${server.url}${SESSIONS}`);
    await expect.poll(() => page.locator('h1').innerText(), soon).toBe('Log in to see your exam sessions');
    expect(await page.locator('#exam-session-open').isVisible()).toBe(false);
    const refused = await page.evaluate(async () => (await fetch('/api/exam-sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ exam: 'foundations-practical' }) })).status);
    expect(refused).toBe(401);
    await page.context().close();
  });

  it('says on the static site that the instructors\' pages need the Stacklab server', async () => {
    const page = await openPage({ serviceWorkers: 'block' });
    // Reached as an instructor would, from the home page's links.
    await page.goto(inject('siteUrl'));
    await page.getByRole('link', { name: 'your exam sessions' }).click();
    await expect.poll(() => page.locator('#exam-results-error').innerText(), soon).toBe(NO_SERVER_MESSAGE);
    // Home again and back by the site's own links (client-side navigations): the page boots again.
    await page.locator('a.brand').click();
    await page.getByRole('link', { name: 'your exam sessions' }).click();
    await expect.poll(() => page.locator('#exam-results-error').innerText(), soon).toBe(NO_SERVER_MESSAGE);
    await page.goto(inject('siteUrl'));
    await page.getByRole('link', { name: 'your workshops' }).click();
    await expect.poll(() => page.locator('.dashboard-error').innerText(), soon).toBe(NO_SERVER_MESSAGE);
    await page.context().close();
  });
});
