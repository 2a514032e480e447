/** Each exercise keeps its own VM state: leave one for another, come back, and Resume finds the work. */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LESSON_ONE, LESSON_TWO, siteUrl, typeCommand, useChromium, waitForPrompt, waitForTerminalText } from './support/browser.ts';

const openPage = useChromium({ needsVm: true });
let page: Page;
beforeAll(async () => {
  page = await openPage({ serviceWorkers: 'block' });
});

const exercise = (id: string) => page.locator(`stacklab-exercise[exercise="${id}"]`);
const started = (id: string) => expect.poll(() => exercise(id).getAttribute('data-state'), { timeout: 30_000 }).toBe('started');

describe('resuming an exercise', () => {
  it('restores the VM state an exercise was left in, after another exercise used the VM', async () => {
    await page.goto(siteUrl(LESSON_TWO));
    await waitForPrompt(page);
    await exercise('netns-red-blue').locator('[data-action="start"]').click();
    await started('netns-red-blue');
    await typeCommand(page, 'ip netns add resume-red; ip netns list');
    await waitForTerminalText(page, /^resume-red/m);

    await page.locator(`.course-nav a[href="/${LESSON_ONE}"]`).click();
    await exercise('eth1-up').locator('[data-action="start"]').click();
    await started('eth1-up');
    await typeCommand(page, 'echo "[$(ip netns list | wc -l) namespaces]"');
    await waitForTerminalText(page, '[0 namespaces]');

    await page.locator(`.course-nav a[href="/${LESSON_TWO}"]`).click();
    const resume = exercise('netns-red-blue').locator('[data-action="resume"]');
    await expect.poll(() => resume.isVisible(), { timeout: 30_000 }).toBe(true);
    await resume.click();
    await started('netns-red-blue');
    await typeCommand(page, 'echo "[found $(ip netns list | grep -c resume-red)]"');
    await waitForTerminalText(page, '[found 1]');
  });
});
