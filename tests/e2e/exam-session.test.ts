/**
 * An exam given on the classroom server, in chromium: the instructor opens a session; a
 * candidate sits it on /exams/session/, solves one task in the terminal, leaves the other and
 * submits; the server's re-grade job grades it and the results page shows the authoritative
 * score. A second candidate's browser report is edited on its way to the server: the results
 * show the disagreement and the authoritative score. A third submits after the deadline and
 * the grace (the server's clock is moved) and the page says the server refused it.
 *
 * The server runs here (SQLite, grading in process) on the built site: dist/, or
 * $STACKLAB_SITE (a build elsewhere, when dist/ is in use).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayScript, type ParameterValues } from '../../src/exercises/parameters.ts';
import type { SittingResult } from '../../src/server/exam-schemas.ts';
import { sessionResults } from '../../src/server/services/exam-grades.ts';
import { examLinks } from '../../src/server/services/exam-links.ts';
import { examSessionByCode, openExamSession } from '../../src/server/services/exam-sessions.ts';
import { createInstructor, createLoginToken } from '../../src/server/services/instructors.ts';
import type { RunningServer } from '../../src/server/server.ts';
import { typeCommand, useChromium, waitForPrompt, waitForTerminalText } from './support/browser.ts';
import { newDataDir, startSiteServer, stopSiteServer } from './support/site-server.ts';

const repoRoot = join(import.meta.dirname, '../..');

const openPage = useChromium({ needsVm: true });
let server: RunningServer;
let dataDir: string;
let session: string;
let links: ReturnType<typeof examLinks>;

beforeAll(async () => {
  dataDir = newDataDir('exam');
  server = await startSiteServer(dataDir);
  const teacher = await createInstructor(server.ctx, { email: 'ada@example.org', password: 'a long enough password', admin: true });
  const row = await openExamSession(server.ctx, teacher.id, { exam: 'e2e-short', minutes: 15 });
  session = row.code;
  links = examLinks(server.url, session, await createLoginToken(server.ctx, teacher.id));
});
afterAll(async () => {
  await stopSiteServer(server, dataDir);
});

const results = async () => sessionResults(server.ctx, await examSessionByCode(server.ctx, session));
const resultOf = (name: string, status: string) => async () => (await results()).find((r) => r.candidate === name && r.status === status);

async function poll<T>(read: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}: ${JSON.stringify((await results()).map((r) => [r.candidate, r.status, r.reason]))}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Opens the sit page as `name` and waits for the first task to be set up (the element resumes the server's sitting, finding no work yet). */
async function sit(name: string): Promise<Page> {
  const page = await openPage({ serviceWorkers: 'block' });
  await page.goto(links.sitUrl);
  await page.locator('#exam-session-form input[name="name"]').fill(name);
  await page.locator('#exam-session-form button[type="submit"]').click();
  const exam = page.locator('stacklab-exam');
  await expect.poll(() => exam.getAttribute('data-phase'), { timeout: 90_000 }).toBe('running');
  await expect.poll(() => page.locator('stacklab-exam [data-part="status"]').innerText(), { timeout: 120_000 }).toMatch(/Task 1 is set up|set up again from its start/);
  return page;
}

/** Submit, confirmed. The page may be busy for a while (an autosave compresses and uploads a VM state of tens of MB). */
async function submit(page: Page): Promise<void> {
  await page.locator('stacklab-exam [data-action="submit"]').click({ timeout: 120_000 });
  await page.locator('stacklab-exam [data-action="confirm-submit"]').click({ timeout: 120_000 });
}

const sitStatus = (page: Page) => page.locator('#exam-session-status').getAttribute('data-kind');

/** Waits for the sit page's status to become `kind`; on a timeout, says what the page showed. */
async function waitForSitStatus(page: Page, kind: string): Promise<void> {
  try {
    await expect.poll(() => sitStatus(page), { timeout: 240_000, interval: 1000 }).toBe(kind);
  } catch (error) {
    const shown = await page.evaluate(() => ({
      phase: document.querySelector('stacklab-exam')?.getAttribute('data-phase'),
      status: document.querySelector('stacklab-exam [data-part="status"]')?.textContent,
      delivery: document.querySelector('stacklab-exam [data-part="download-status"]')?.textContent,
      server: document.querySelector('#exam-session-status')?.textContent,
      error: document.querySelector('#exam-session-error')?.textContent,
    }));
    throw new Error(`${(error as Error).message}\nthe page showed ${JSON.stringify(shown)}`);
  }
}

describe('an exam session on the server', () => {
  it('grades a candidate who solved one task and left the other: the authoritative score is on the results page', async () => {
    const page = await sit('Ana');
    const values = JSON.parse((await page.locator('stacklab-exam [data-part="task"]').getAttribute('data-values')) ?? '{}') as ParameterValues;
    await waitForPrompt(page);
    const solution = displayScript(readFileSync(join(repoRoot, 'exercises/veth-testns/solution.sh'), 'utf8'), values);
    for (const line of solution.split('\n').filter((l) => l.trim() && !l.startsWith('#'))) await typeCommand(page, line);
    await typeCommand(page, `echo "[done $(ip -n ${values.ns} -br addr show veth1 | grep -c ${values.peer_ip})]"`);
    await waitForTerminalText(page, '[done 1]', 60_000);
    await submit(page);
    await waitForSitStatus(page, 'submitted');
    expect(await page.locator('#exam-session-status').innerText()).toMatch(/Submitted to the exam server/);
    await page.context().close();
    const graded = await poll(resultOf('Ana', 'graded'), 240_000, "Ana's re-grade");
    expect(graded).toMatchObject({ verdict: 'fail', authoritative: { points: 40, maximum: 100 }, claimed: { points: 40 }, agree: true, submittedBy: 'candidate' });

    const dashboard = await openPage();
    await dashboard.goto(links.dashboardUrl);
    const row = dashboard.locator('.exam-results tr[data-candidate="Ana"]');
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('graded');
    expect(await row.locator('.authoritative').innerText()).toBe('40/100 (40%)');
    expect(await row.locator('.agree').innerText()).toBe('agrees');
    // The same, as the CSV the instructor downloads for a gradebook.
    const [download] = await Promise.all([dashboard.waitForEvent('download', { timeout: 30_000 }), dashboard.locator('#exam-results-csv').click()]);
    expect(download.suggestedFilename()).toBe(`exam-e2e-short-${session}.csv`);
    const file = join(mkdtempSync(join(tmpdir(), 'stacklab-results-')), 'results.csv');
    await download.saveAs(file);
    expect(readFileSync(file, 'utf8').split('\r\n').find((line) => line.startsWith('Ana,'))).toMatch(/,candidate,graded,fail,40,100,40,40,0,40,yes,/);
    await dashboard.context().close();
  }, 600_000);

  it("shows the disagreement when a candidate's report is edited on its way, and the authoritative score wins", async () => {
    const page = await sit('Bo');
    // The candidate owns the browser: the bundle's report is rewritten to full marks before it leaves.
    await page.route('**/api/exam-sitting/submit', async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as { bundle: { browserReport: Record<string, unknown> & { tasks: Array<{ weight: number; points: number }> } } };
      const report = body.bundle.browserReport;
      body.bundle.browserReport = { ...report, points: 100, percent: 100, passed: true, tasks: report.tasks.map((t) => ({ ...t, points: t.weight })) };
      await route.continue({ postData: JSON.stringify(body) });
    });
    await submit(page);
    await waitForSitStatus(page, 'submitted');
    await page.context().close();
    const graded: SittingResult = await poll(resultOf('Bo', 'graded'), 240_000, "Bo's re-grade");
    expect(graded.claimed).toMatchObject({ points: 100, passed: true });
    expect(graded.agree).toBe(false);
    expect(graded.verdict).toBe('fail');
    expect(graded.authoritative!.points).toBeLessThan(40);
    expect(graded.differences).toContain('verdict: fail, the browser claimed pass');
  }, 600_000);

  it('refuses a submission after the deadline and the grace, and the candidate reads why', async () => {
    const page = await sit('Cy');
    const sitting = (await results()).find((r) => r.candidate === 'Cy')!;
    const deadline = Date.parse(sitting.started) + 15 * 60_000;
    const realNow = server.ctx.now;
    server.ctx.now = () => deadline + 2 * 60_000;
    try {
      await submit(page);
      await waitForSitStatus(page, 'refused');
      expect(await page.locator('#exam-session-status').innerText()).toMatch(/The exam server refused this submission: Your time ended at/);
    } finally {
      server.ctx.now = realNow;
      await page.context().close();
    }
  }, 600_000);
});
