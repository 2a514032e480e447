/** The VM in the page: prompt, typing, Run buttons, and one VM across lesson navigation. */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LESSON_ONE, LESSON_TWO, siteUrl, terminalText, typeCommand, useChromium, waitForPrompt, waitForTerminalText, NAVIGATION } from './support/browser.ts';

const openPage = useChromium({ needsVm: true });
let page: Page;
beforeAll(async () => {
  page = await openPage({ serviceWorkers: 'block' });
  await page.goto(siteUrl(LESSON_ONE));
});

describe('the terminal on a lesson page', () => {
  it('shows the shell prompt once the VM has started', async () => {
    await waitForPrompt(page);
    expect(await page.locator('stacklab-terminal').getAttribute('data-vm-state')).toBe('ready');
  });

  it('runs what the learner types', async () => {
    await typeCommand(page, 'ip -br link');
    await waitForTerminalText(page, /^lo\s+UNKNOWN/m);
  });

  it('types a translation-table command when its Run button is pressed', async () => {
    await typeCommand(page, 'clear');
    // clear is read from the lazily loaded disk the first time: a busy machine takes seconds.
    await expect.poll(() => terminalText(page), { timeout: 15_000 }).not.toMatch(/^lo\s+UNKNOWN/m);
    await page.locator('.translation-table stacklab-run[command="ip -br addr show"] button').click();
    await waitForTerminalText(page, 'ip -br addr show');
    await waitForTerminalText(page, /eth0\S*\s+UP\s+198\.51\.100\.10\/24/);
  });

  it('keeps the same VM when the learner moves to the next lesson', async () => {
    await typeCommand(page, 'ip netns add e2e-red');
    await page.evaluate(() => ((document.querySelector('stacklab-terminal') as HTMLElement & { e2eMark?: boolean }).e2eMark = true));
    await page.locator('a[rel="next"]').click();
    await expect.poll(() => page.url(), NAVIGATION).toBe(siteUrl(LESSON_TWO));
    await expect.poll(() => page.locator('main h1').innerText(), NAVIGATION).toBe('Namespaces as VRFs');
    // The same element, not a new one: the router moved it into the new page.
    expect(await page.evaluate(() => (document.querySelector('stacklab-terminal') as HTMLElement & { e2eMark?: boolean }).e2eMark)).toBe(true);
    await typeCommand(page, 'clear; ip netns list');
    await waitForTerminalText(page, /^e2e-red/m);
  });

  it('shows the earlier output again after a visit to the course map', async () => {
    await page.locator('.course-nav-home a').click();
    await expect.poll(() => page.locator('.course-map').isVisible(), NAVIGATION).toBe(true);
    expect(await page.locator('stacklab-terminal').count()).toBe(0);
    await page.locator(`.lesson-card a[href="/${LESSON_ONE}"]`).click();
    await waitForPrompt(page);
    // A new terminal, attached to the same VM, replays the shell's recent history.
    await waitForTerminalText(page, /^e2e-red/m);
    await typeCommand(page, 'ip netns del e2e-red; ip netns list | wc -l');
    await waitForTerminalText(page, /^0$/m);
  });
});
