/**
 * A candidate's laptop gives out mid-exam, in chromium, with the real VM: the instructor, in a
 * browser of their own, gives the sitting a link that continues it on another computer (another
 * browser context, with none of the first one's storage). That browser fetches the work the
 * server holds, checks it, and opens the task where it was saved, the namespace made on the
 * first computer still there; its next save reaches the server. The first browser's next save is
 * refused: its page puts the exam away and says where the sitting went, as it does when opened again.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examLinks } from '../../src/server/services/exam-links.ts';
import { openExamSession } from '../../src/server/services/exam-sessions.ts';
import { createInstructor, createLoginToken } from '../../src/server/services/instructors.ts';
import type { RunningServer } from '../../src/server/server.ts';
import { AUTOSAVE_QUIET_MS } from '../../src/lib/autosave-quiet.ts';
import { axeViolations } from './support/axe.ts';
import { typeCommand, useChromium, waitForPrompt, waitForTerminalText } from './support/browser.ts';
import { browserStateSha256, serverStateSha256 } from './support/exam-states.ts';
import { newDataDir, startSiteServer, stopSiteServer } from './support/site-server.ts';

const openPage = useChromium({ needsVm: true });
let server: RunningServer;
let dataDir: string;
let links: ReturnType<typeof examLinks>;

beforeAll(async () => {
  dataDir = newDataDir('exam-move');
  server = await startSiteServer(dataDir);
  const teacher = await createInstructor(server.ctx, { email: 'ada@example.org', password: 'a long enough password', admin: true });
  const row = await openExamSession(server.ctx, teacher.id, { exam: 'e2e-short', minutes: 30 });
  links = examLinks(server.url, row.code, await createLoginToken(server.ctx, teacher.id));
});
afterAll(async () => {
  await stopSiteServer(server, dataDir);
});

const phase = (page: Page) => page.locator('stacklab-exam').getAttribute('data-phase').catch(() => null);
const taskStatus = (page: Page) => page.locator('stacklab-exam [data-part="status"]').innerText().catch(() => '');
const serverLine = (page: Page) => page.locator('#exam-session-status').innerText().catch(() => '');

const savedAt = (page: Page) => page.locator('stacklab-exam [data-part="saved"]').getAttribute('data-saved-at');

/**
 * Presses "Check my work is saved", waits until the server holds this browser's latest save of
 * task 1, and then until no further save follows: the shell's prompt, drawn after the last
 * command's output, may reach the terminal after the press, and the autosave then saves again
 * once the terminal has been quiet for AUTOSAVE_QUIET_MS. The state returned is the last one the server
 * took, the one the candidate saw confirmed.
 */
async function saveToServer(page: Page, candidate: string): Promise<string> {
  const pressedAt = Date.now();
  await page.locator('stacklab-exam [data-action="save"]').click();
  await expect.poll(async () => Date.parse((await savedAt(page)) ?? '') > pressedAt, { timeout: 120_000 }).toBe(true);
  for (;;) {
    await expect.poll(async () => (await serverStateSha256(server.ctx, candidate, 'cable')) === (await browserStateSha256(page, 'cable')), { timeout: 120_000 }).toBe(true);
    const confirmed = await savedAt(page);
    await page.waitForTimeout(AUTOSAVE_QUIET_MS + 2_000);
    if ((await savedAt(page)) === confirmed) break;
  }
  const saved = await browserStateSha256(page, 'cable');
  expect(await serverStateSha256(server.ctx, candidate, 'cable'), 'the server holds the last save').toBe(saved);
  return saved as string;
}

describe('an exam sitting continued on another computer', () => {
  it("opens in a second browser from the instructor's link with the work the server holds; the first browser is told it moved", async () => {
    const first = await openPage({ serviceWorkers: 'block' });
    await first.goto(links.sitUrl);
    await first.locator('#exam-session-form input[name="name"]').fill('Ora');
    await first.locator('#exam-session-form button[type="submit"]').click();
    await expect.poll(() => phase(first), { timeout: 90_000 }).toBe('running');
    await expect.poll(() => taskStatus(first), { timeout: 120_000 }).toMatch(/Task 1 is set up|set up again from its start/);
    await waitForPrompt(first);
    await typeCommand(first, 'ip netns add before-move && echo made-before');
    await waitForTerminalText(first, /^made-before$/m, 30_000);
    const savedFirst = await saveToServer(first, 'Ora');

    // The instructor, in their own browser, gives Ora a link from the results page.
    const dashboard = await openPage();
    await dashboard.goto(links.dashboardUrl);
    const row = dashboard.locator('.exam-results tr[data-candidate="Ora"]');
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('sitting');
    const asked: string[] = [];
    dashboard.on('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.accept();
    });
    // The examiner reads Ora's checks; the page draws the results again on each change (the move
    // below is one) and keeps them open.
    const perTask = row.locator('xpath=following-sibling::tr[1]').locator('details');
    await perTask.locator('summary').click();
    expect(await perTask.evaluate((details: HTMLDetailsElement) => details.open)).toBe(true);
    await row.getByRole('button', { name: "Continue on another computer: Ora's exam" }).click();
    const linkField = dashboard.locator('#exam-results-resume-url');
    await expect.poll(() => linkField.inputValue().catch(() => ''), { timeout: 30_000 }).toMatch(new RegExp(`^${links.sitUrl.replace(/[?.]/g, '\\$&')}#resume=sxc_`));
    expect(asked).toEqual([expect.stringMatching(/^Give Ora a link that continues their exam on another computer\? The browser they are working in now stops saving/)]);
    const resumeUrl = await linkField.inputValue();
    await expect.poll(() => row.locator('.moved').innerText().catch(() => ''), { timeout: 30_000 }).toMatch(/^continued in another browser at .* \(your link\)$/);
    expect(await perTask.evaluate((details: HTMLDetailsElement) => details.open), "Ora's checks stay open when the results are drawn again").toBe(true);
    expect(await axeViolations(dashboard), 'axe on the results page with the resume link').toEqual([]);
    // On a phone the results table scrolls sideways on its own, not the page.
    await dashboard.setViewportSize({ width: 390, height: 844 });
    expect(await dashboard.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 'the results page scrolls sideways at 390 px').toBeLessThanOrEqual(0);
    await dashboard.setViewportSize({ width: 1400, height: 900 });
    await dashboard.screenshot({ path: '.scratch/exam-move-dashboard.png', fullPage: true }).catch(() => undefined);

    // Another computer: a browser with none of the first one's storage.
    const second = await openPage({ serviceWorkers: 'block' });
    await second.goto(resumeUrl);
    await expect.poll(() => phase(second), { timeout: 120_000 }).toBe('running');
    expect(new URL(second.url()).hash, 'the token stayed in the address bar').toBe('');
    await expect.poll(() => serverLine(second), { timeout: 120_000 }).toMatch(/Your saved work of one task came from the exam server; carry on where you left off\./);
    expect(await browserStateSha256(second, 'cable')).toBe(savedFirst);
    await expect.poll(() => taskStatus(second), { timeout: 120_000 }).toMatch(/back where you left off/);
    // The take-up gunzipped the state to check it, and handed those bytes to the restore.
    const resumeMeasures = await second.evaluate(() => performance.getEntriesByType('measure').map((m) => m.name).filter((name) => name.startsWith('stacklab:resume:')));
    expect(resumeMeasures, 'the task restored was read back and gunzipped again').toEqual([]);
    await waitForPrompt(second);
    await typeCommand(second, 'echo "[$(ip netns list | grep -c before-move) moved]" && ip netns add after-move');
    await waitForTerminalText(second, '[1 moved]', 60_000);
    await second.screenshot({ path: '.scratch/exam-move-second.png' }).catch(() => undefined);
    await saveToServer(second, 'Ora');
    expect(await serverStateSha256(server.ctx, 'Ora', 'cable')).not.toBe(savedFirst);

    // The first computer, had it come back: its save is refused, the server keeps the second
    // browser's work, and the page puts its exam away and says where the sitting went (asking nothing).
    const serverCopy = await serverStateSha256(server.ctx, 'Ora', 'cable');
    const dialogs: string[] = [];
    first.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });
    // Its page was hidden while the other browsers worked, and saved then: that upload may have
    // been refused already. If the exam is still there, the candidate presses save.
    await first
      .locator('stacklab-exam [data-action="save"]')
      .click({ timeout: 5_000 })
      .catch(() => undefined);
    await expect.poll(() => first.locator('#exam-session-over h1').innerText().catch(() => ''), { timeout: 120_000 }).toBe('Exam continued elsewhere');
    expect(await serverStateSha256(server.ctx, 'Ora', 'cable')).toBe(serverCopy);
    expect(dialogs, 'the page asked before putting the exam away').toEqual([]);
    const overText = await first.locator('#exam-session-over-text').innerText();
    expect(overText).toMatch(/^This exam sitting moved to another browser at /);
    expect(overText, "the server's UTC moment, not the reader's clock").not.toMatch(/\d{4}-\d\d-\d\dT/);
    expect(await first.locator('.terminal-pane').isVisible(), 'a terminal beside an exam that is elsewhere').toBe(false);
    // No emulator left running for nothing (the one its head started): the worker is ended.
    await expect.poll(() => first.workers().filter((worker) => worker.url().includes('vm-machine-worker')).length, { timeout: 30_000, message: 'a VM still runs in the page left behind' }).toBe(0);
    expect(await first.locator('#exam-session-form').isVisible()).toBe(false);
    expect(await first.locator('stacklab-exam').count()).toBe(0);
    expect(await axeViolations(first), 'axe on the page of the browser left behind').toEqual([]);
    await first.screenshot({ path: '.scratch/exam-move-first.png' }).catch(() => undefined);
    await Promise.all([first.context().close(), second.context().close(), dashboard.context().close()]);
  }, 900_000);
});
