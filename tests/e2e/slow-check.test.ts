/**
 * A Check that takes seconds says why, in chromium with the real VM: fix-pmtu-blackhole's
 * Check fetches a file that, at the exercise's start, never arrives, so its probe waits for its
 * time-out. "Checking…" alone for that long reads as a hang; after a moment the status says
 * the Check sends test traffic and a probe without an answer waits for it. The report follows.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { siteUrl, typeCommand, useChromium, waitForPrompt, waitForTerminalText } from './support/browser.ts';

const EXERCISE = 'stacklab-exercise[exercise="fix-pmtu-blackhole"]';
const openPage = useChromium({ needsVm: true });
let page: Page;
beforeAll(async () => {
  page = await openPage({ serviceWorkers: 'block' });
  await page.goto(siteUrl('lessons/mtu/'));
});

describe('a Check that waits for a probe', () => {
  it('says, while it runs, that its test traffic waits for an answer, then shows the report', async () => {
    await waitForPrompt(page);
    const exercise = page.locator(EXERCISE);
    await exercise.locator('[data-action="start"]').click();
    await expect.poll(() => exercise.getAttribute('data-state'), { timeout: 60_000 }).toBe('started');
    await page.evaluate((selector) => {
      const texts: string[] = ((window as unknown as { statusTexts: string[] }).statusTexts = []);
      const status = document.querySelector(`${selector} [data-part="status"]`)!;
      new MutationObserver(() => texts.push(status.textContent ?? '')).observe(status, { childList: true, characterData: true, subtree: true });
    }, EXERCISE);
    await exercise.locator('[data-action="check"]').click();
    await expect.poll(() => exercise.getAttribute('data-state'), { timeout: 60_000 }).not.toBe('busy');
    const texts = await page.evaluate(() => (window as unknown as { statusTexts: string[] }).statusTexts);
    expect(texts[0]).toBe('Checking…');
    expect(texts).toContainEqual(expect.stringMatching(/^Still checking: this Check also sends test traffic of its own, and a probe that gets no answer waits for its time-out/));
    expect(texts.at(-1)).toBe('Not yet: see the first failing check below.');
    expect(await exercise.locator('[data-check-id="large-fetch"]').getAttribute('data-status')).toBe('fail');
  }, 180_000);

  it('holds the save that the terminal falls quiet for until the report is drawn, so it does not hold the report back', async () => {
    const exercise = page.locator(EXERCISE);
    await expect.poll(() => exercise.getAttribute('data-state'), { timeout: 60_000 }).not.toBe('busy');
    // The autosave comes 3 s after the terminal falls quiet (src/lib/exercise-autosave.ts): in the middle of this Check.
    await typeCommand(page, 'echo "[quiet $((40+2))]"');
    await waitForTerminalText(page, '[quiet 42]');
    await page.waitForTimeout(1000);
    const clickedAt = await page.evaluate(() => performance.now());
    await exercise.locator('[data-action="check"]').click();
    await expect.poll(() => exercise.getAttribute('data-state'), { timeout: 60_000 }).not.toBe('busy');
    // Only each phase's latest measure is kept: wait for a save begun after the click.
    const startOf = (name: string) => page.evaluate((measure) => performance.getEntriesByName(measure).at(-1)?.startTime ?? -1, name);
    await expect.poll(() => startOf('stacklab:save:snapshot'), { timeout: 60_000 }).toBeGreaterThan(clickedAt);
    const drawn = await startOf('stacklab:check:draw');
    const checked = await startOf('stacklab:check:guest');
    // The Check's collection took seconds, past the moment the quiet called for a save.
    expect(drawn - checked).toBeGreaterThan(2000);
    expect(await startOf('stacklab:save:snapshot')).toBeGreaterThanOrEqual(drawn);
  }, 180_000);
});
