/**
 * A practice exam (/exams/<id>/, no server) open in two tabs of one browser, in chromium, with
 * the real VM: both tabs keep the sitting and the task states in the same browser storage, so
 * two running sittings would each save the task (older work over newer) and each submit. The
 * second tab says where the exam runs and offers to move it; moving it has the first save its
 * latest work and step aside, and the second go on from that save.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.ts';
import { siteUrl, typeCommand, useChromium, waitForPrompt, waitForTerminalText } from './support/browser.ts';

const EXAM = 'exams/foundations-practical/';
const openPage = useChromium({ needsVm: true });

const phase = (page: Page) => page.locator('stacklab-exam').getAttribute('data-phase').catch(() => null);
const vmWorkers = (page: Page) => page.workers().filter((worker) => worker.url().includes('vm-machine-worker'));
const status = (page: Page) => page.locator('stacklab-exam [data-part="status"]').innerText().catch(() => '');
const elsewhere = (page: Page) => page.locator('stacklab-exam [data-part="elsewhere-text"]').innerText().catch(() => '');

describe('a practice exam in two tabs of one browser', () => {
  it('runs in one tab only, and moves to the other with the latest work', async () => {
    const first = await openPage({ serviceWorkers: 'block' });
    await first.goto(siteUrl(EXAM));
    const start = first.locator('stacklab-exam [data-action="start"]');
    await expect.poll(() => start.isDisabled(), { timeout: 90_000 }).toBe(false);
    await start.click();
    await expect.poll(() => status(first), { timeout: 60_000 }).toMatch(/Task 1 is set up/);
    await waitForPrompt(first);

    // The same exam in a second tab: told where it runs, with no sitting and no VM of its own.
    const second = await first.context().newPage();
    await second.goto(siteUrl(EXAM));
    await expect.poll(() => elsewhere(second), { timeout: 30_000 }).toMatch(/^This exam is open in another tab of this browser/);
    expect(await second.locator('stacklab-exam [data-part="intro"]').isVisible()).toBe(false);
    expect(await second.locator('stacklab-exam [data-part="running"]').isVisible()).toBe(false);
    expect(await phase(second)).toBe('loading');
    await second.waitForTimeout(1000);
    expect(vmWorkers(second), 'the second tab started a VM of its own').toEqual([]);
    expect(await second.locator('.terminal-pane').isVisible()).toBe(false);
    expect(await axeViolations(second), 'axe on the page of a tab without the exam').toEqual([]);

    // The last command in the first tab, then at once (before its autosave) the move.
    await first.bringToFront();
    await typeCommand(first, 'ip netns add late && echo made-late');
    await waitForTerminalText(first, /^made-late$/m, 30_000);
    await second.bringToFront();
    await second.getByRole('button', { name: 'Work in this tab' }).click();

    await expect.poll(() => elsewhere(first), { timeout: 120_000 }).toMatch(/^Your exam moved to another tab at /);
    expect(new URL(first.url()).searchParams.get('tab')).toBe('moved');
    expect(await phase(first)).toBe('loading');
    expect(vmWorkers(first), 'the tab that stepped aside started a VM again').toEqual([]);

    await expect.poll(() => phase(second), { timeout: 90_000 }).toBe('running');
    expect(new URL(second.url()).searchParams.get('tab')).toBeNull();
    await expect.poll(() => status(second), { timeout: 120_000 }).toMatch(/back where you left off/);
    await waitForPrompt(second);
    await typeCommand(second, 'echo "[$(ip netns list | grep -c late) namespaces]"');
    await waitForTerminalText(second, '[1 namespaces]', 60_000);
    await first.context().close();
  }, 600_000);

  it('starts the VM of an exam page visited again in the same tab, whose earlier page the browser keeps for the back button with the claim', async () => {
    const page = await openPage({ serviceWorkers: 'block' });
    const start = page.locator('stacklab-exam [data-action="start"]');
    for (const exam of ['exams/e2e-short/', 'exams/e2e-answers/', 'exams/e2e-short/', 'exams/e2e-answers/']) {
      await page.goto(siteUrl(exam));
      await expect.poll(() => start.isDisabled(), { timeout: 60_000, message: `Start never became available on ${exam}` }).toBe(false);
      expect(await elsewhere(page)).toBe('');
    }
    await page.context().close();
  }, 300_000);
});
