/**
 * An instructor whose one-time link was used already, in chromium: the workshop dashboard and an
 * exam session's results page each say why they ask for a password and which command prints a
 * fresh link, log in with the password, and then show the workshop or the session; the notice
 * leaves the address bar. An instructor still logged in follows a spent link straight to the page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examLinks } from '../../src/server/services/exam-links.ts';
import { openExamSession } from '../../src/server/services/exam-sessions.ts';
import { createInstructor, createLoginToken } from '../../src/server/services/instructors.ts';
import { workshopLinks } from '../../src/server/services/links.ts';
import { createWorkshop } from '../../src/server/services/workshops.ts';
import type { RunningServer } from '../../src/server/server.ts';
import { axeViolations } from './support/axe.ts';
import { useChromium } from './support/browser.ts';
import { newDataDir, startSiteServer, stopSiteServer } from './support/site-server.ts';

const openPage = useChromium({ needsVm: false });
const soon = { timeout: 20_000 };
const PASSWORD = 'a long enough password';

describe('a spent one-time log-in link', () => {
  let server: RunningServer;
  let dataDir: string;
  let instructorId: number;
  let workshopCode: string;
  let examSession: string;
  beforeAll(async () => {
    dataDir = newDataDir('instructor-login');
    server = await startSiteServer(dataDir);
    instructorId = (await createInstructor(server.ctx, { email: 'ada@example.org', password: PASSWORD, admin: true })).id;
    workshopCode = (await createWorkshop(server.ctx, instructorId, { title: 'Namespaces', exercises: ['netns-red-blue'] })).code;
    examSession = (await openExamSession(server.ctx, instructorId, { exam: 'e2e-short', minutes: 15 })).code;
  });
  afterAll(async () => {
    await stopSiteServer(server, dataDir);
  });

  /** A link that was used once already, as an instructor finds it in their terminal's history. */
  async function spentLink(link: (token: string) => string): Promise<string> {
    const url = link(await createLoginToken(server.ctx, instructorId));
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(303);
    return url;
  }

  async function logIn(page: Page): Promise<void> {
    await page.getByLabel('Email').fill('ada@example.org');
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.locator('form [role="alert"]').innerText(), soon).not.toBe('');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
  }

  it('on the workshop dashboard: says why and how to get a fresh link, logs in with the password, then shows the room', async () => {
    const page = await openPage();
    await page.goto(await spentLink((token) => workshopLinks(server.url, workshopCode, token).dashboardUrl));
    await expect.poll(() => page.locator('h1').innerText(), soon).toBe('Log in to see the workshop');
    const notice = await page.locator('.login-notice').innerText();
    expect(notice).toMatch(/^That log-in link was used already or has expired/);
    expect(await page.locator('.login-notice code').innerText()).toBe(`npx stacklab workshop login ${workshopCode}`);
    expect(await axeViolations(page), 'axe on the log-in form with its notice').toEqual([]);
    await logIn(page);
    await expect.poll(() => page.locator('h1').innerText(), soon).toBe('Namespaces');
    expect(new URL(page.url()).search).toBe(`?code=${workshopCode}`);
    await page.reload();
    await expect.poll(() => page.locator('h1').innerText(), soon).toBe('Namespaces');
    expect(await page.locator('.login-notice').count()).toBe(0);

    // Still logged in: another spent link opens the dashboard with no word of it.
    await page.goto(await spentLink((token) => workshopLinks(server.url, workshopCode, token).dashboardUrl));
    await expect.poll(() => page.locator('h1').innerText(), soon).toBe('Namespaces');
    expect(new URL(page.url()).search).toBe(`?code=${workshopCode}`);
    await page.context().close();
  });

  it("on an exam session's results: says why and names exam login, logs in with the password, then shows the session", async () => {
    const page = await openPage();
    await page.goto(await spentLink((token) => examLinks(server.url, examSession, token).dashboardUrl));
    await expect.poll(() => page.locator('h1').innerText(), soon).toBe('Log in to see the exam session');
    expect(await page.locator('.login-notice code').innerText()).toBe(`npx stacklab exam login ${examSession}`);
    await logIn(page);
    await expect.poll(() => page.locator('h1').innerText(), soon).toMatch(new RegExp(`: session ${examSession}$`));
    expect(new URL(page.url()).search).toBe(`?s=${examSession}`);
    await page.context().close();
  });

  it('without any link: the results page asks for the password with no notice', async () => {
    const page = await openPage();
    await page.goto(examLinks(server.url, examSession).dashboardUrl);
    await expect.poll(() => page.locator('h1').innerText(), soon).toBe('Log in to see the exam session');
    expect(await page.locator('.login-notice').count()).toBe(0);
    await page.context().close();
  });
});
