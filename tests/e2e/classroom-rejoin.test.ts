/**
 * A workshop learner whose laptop gives out, in chromium: the instructor sees them away on the
 * dashboard and gives them a link to carry on from another computer (another browser context,
 * with none of the first one's storage). That browser is the same learner, with their progress:
 * the roster keeps one row for them, no longer away. The browser left behind, opened again, says
 * the learner carries on elsewhere and reports nothing more.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInstructor, createLoginToken } from '../../src/server/services/instructors.ts';
import { workshopLinks } from '../../src/server/services/links.ts';
import { PRESENCE_TIMEOUT_MS } from '../../src/server/services/learners.ts';
import { createWorkshop } from '../../src/server/services/workshops.ts';
import type { RunningServer } from '../../src/server/server.ts';
import { axeViolations } from './support/axe.ts';
import { useChromium } from './support/browser.ts';
import { newDataDir, startSiteServer, stopSiteServer } from './support/site-server.ts';

const openPage = useChromium({ needsVm: false });
const soon = { timeout: 30_000 };
let server: RunningServer;
let dataDir: string;
let links: ReturnType<typeof workshopLinks>;
let code: string;

beforeAll(async () => {
  dataDir = newDataDir('classroom-rejoin');
  server = await startSiteServer(dataDir);
  const ada = await createInstructor(server.ctx, { email: 'ada@example.org', password: 'a long enough password', admin: true });
  code = (await createWorkshop(server.ctx, ada.id, { title: 'Bridges, live', exercises: ['netns-red-blue'] })).code;
  links = workshopLinks(server.url, code, await createLoginToken(server.ctx, ada.id));
});
afterAll(async () => {
  await stopSiteServer(server, dataDir);
});

const joinResult = (page: Page) => page.locator('.classroom-join [data-part="result"]').innerText().catch(() => '');

/** A Check's report from the learner's browser, as the exercise sends it after a Check. */
const reportCheck = (page: Page) =>
  page.evaluate(async () => {
    const { token } = JSON.parse(localStorage.getItem('stacklab:classroom')!) as { token: string };
    const event = { key: crypto.randomUUID(), type: 'check-report', exercise: 'netns-red-blue', status: 'fail', score: 40, max: 100, earned: { score: 40, max: 100 }, checks: [{ id: 'c', title: 'red and blue exist', status: 'fail' }] };
    return (await fetch('/api/learner/events', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ events: [event] }) })).status;
  });

describe('a workshop learner carrying on from another computer', () => {
  it("comes back as themselves from the instructor's link, with their progress; the old browser is told where they went", async () => {
    const first = await openPage({ serviceWorkers: 'block' });
    await first.goto(links.joinUrl);
    await first.getByLabel('Your name, as the instructor will see it').fill('Ana');
    await first.getByRole('button', { name: 'Join' }).click();
    await expect.poll(() => joinResult(first), soon).toMatch(/^You are in: Bridges, live\./);
    expect(await reportCheck(first)).toBe(200);
    // The laptop gives out: its page is gone, its storage stays. The server's clock moves past
    // the presence timeout, so the dashboard shows Ana away at once.
    await first.close();
    const realNow = server.ctx.now;
    server.ctx.now = () => realNow() + PRESENCE_TIMEOUT_MS + 5_000;

    const dashboard = await openPage({ serviceWorkers: 'block' });
    await dashboard.goto(links.dashboardUrl);
    const anaRows = dashboard.locator('.roster tbody tr', { has: dashboard.locator('th', { hasText: /^Ana/ }) });
    await expect.poll(() => anaRows.first().getAttribute('data-away'), soon).toBe('');
    const asked: string[] = [];
    dashboard.on('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.accept();
    });
    await dashboard.getByRole('button', { name: 'Link to another computer for Ana' }).click();
    const field = dashboard.locator('#dashboard-rejoin-url');
    await expect.poll(() => field.inputValue().catch(() => ''), soon).toMatch(new RegExp(`^${links.joinUrl.replace(/[?.]/g, '\\$&')}#rejoin=slt_`));
    expect(asked).toEqual([expect.stringMatching(/^Give Ana a link to carry on from another computer, with their progress\?/)]);
    expect(await dashboard.evaluate(() => document.activeElement?.textContent)).toBe('Link for Ana to carry on from another computer');
    expect(await axeViolations(dashboard), 'axe on the dashboard with the rejoin link').toEqual([]);
    await dashboard.screenshot({ path: '.scratch/rejoin-dashboard.png', fullPage: true }).catch(() => undefined);
    const rejoinUrl = await field.inputValue();
    // Made, not yet opened: Ana is still away.
    await dashboard.waitForTimeout(1_500);
    expect(await anaRows.first().getAttribute('data-away')).toBe('');
    server.ctx.now = realNow;

    // Another computer: the same learner, not a second Ana.
    const second = await openPage({ serviceWorkers: 'block' });
    await second.goto(rejoinUrl);
    await expect
      .poll(() => joinResult(second), soon)
      .toMatch(/^You are back in: Bridges, live, as Ana, with your progress: the Check results of one exercise are marked in this browser too\. What you did inside the VM stayed in the other browser: Start an exercise to set it up here\. Go to the course\.$/);
    // Her Check result is this browser's progress too, as if she had checked here.
    expect(JSON.parse((await second.evaluate(() => localStorage.getItem('stacklab:progress'))) ?? '{}').exercises).toEqual({ 'netns-red-blue': { bestScore: 40, maximum: 100 } });
    expect(new URL(second.url()).hash, 'the token stayed in the address bar').toBe('');
    expect(await axeViolations(second), 'axe on the join page after a rejoin').toEqual([]);
    await second.screenshot({ path: '.scratch/rejoin-learner.png' }).catch(() => undefined);
    await expect.poll(() => second.locator('stacklab-classroom .classroom-where').innerText().catch(() => ''), soon).toMatch(/You are in: Bridges, live/);
    await expect.poll(() => anaRows.count(), soon).toBe(1);
    // Seen again by her new browser's stream; the dashboard redraws presence every 30 s.
    await expect.poll(() => anaRows.first().getAttribute('data-away'), { timeout: 75_000 }).toBeNull();
    expect(await anaRows.first().locator('td').nth(1).innerText(), "Ana's Check before the move is still hers").toMatch(/40/);
    expect(await reportCheck(second)).toBe(200);

    // The browser left behind, opened again: told where Ana went, and out of the workshop.
    const back = await first.context().newPage();
    await back.goto(`${server.url}/classroom/join/`);
    await expect.poll(() => back.locator('stacklab-classroom .classroom-notice').innerText().catch(() => ''), soon).toMatch(/^You carry on in this workshop from another browser since .*; this one no longer reports to your instructor\./);
    expect(await back.locator('stacklab-classroom .classroom-notice').innerText(), "the server's UTC moment, not the reader's clock").not.toMatch(/\d{4}-\d\d-\d\dT/);
    expect(await back.evaluate(() => localStorage.getItem('stacklab:classroom'))).toBeNull();
    await Promise.all([back.context().close(), second.context().close(), dashboard.context().close()]);
  }, 300_000);
});
