/**
 * One lesson exercise in two tabs of one browser, in chromium, with the real VMs: each tab runs
 * its own VM and both save the exercise under the same id, so without a guard the tab that saved
 * last would win, older work over newer. The second tab says where the exercise is and offers to
 * move it; moving it has the first tab save its latest work (typed a moment before, not yet
 * autosaved) and let the exercise go, and the second go on from that save. It moves back the
 * same way, and once the tab that has it is closed, the other offers Resume again.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.ts';
import { LESSON_ONE, LESSON_TWO, siteUrl, typeCommand, useChromium, waitForPrompt, waitForTerminalText } from './support/browser.ts';

const openPage = useChromium({ needsVm: true });

const exercise = (page: Page, id = 'netns-red-blue') => page.locator(`stacklab-exercise[exercise="${id}"]`);
const status = (page: Page, id?: string) => exercise(page, id).locator('[data-part="status"]').innerText().catch(() => '');
const moveHere = (page: Page) => exercise(page).getByRole('button', { name: 'Work on it in this tab' });
/** Waits for the exercise to be started; on failure the message shows its state and status text. */
const started = (page: Page, id?: string) =>
  expect.poll(async () => `${await exercise(page, id).getAttribute('data-state')}: ${await status(page, id)}`, { timeout: 120_000 }).toMatch(/^started: /);

async function startExercise(page: Page, lesson: string, id?: string): Promise<void> {
  await page.goto(siteUrl(lesson));
  await waitForPrompt(page, 120_000);
  await exercise(page, id).locator('[data-action="start"]').click();
  await started(page, id);
}

describe('a lesson exercise in two tabs of one browser', () => {
  it('is set up in one tab only, moves to the other with the work typed a moment before, moves back, and is offered again once that tab is closed', async () => {
    const first = await openPage({ serviceWorkers: 'block' });
    await startExercise(first, LESSON_TWO);
    await typeCommand(first, 'ip netns add tab-one && echo made-one');
    await waitForTerminalText(first, /^made-one$/m, 30_000);

    // The same lesson in a second tab: told where the exercise is, with no Start or Resume that would save over it.
    const second = await first.context().newPage();
    await second.goto(siteUrl(LESSON_TWO));
    await expect.poll(() => exercise(second).getAttribute('data-elsewhere'), { timeout: 30_000 }).toBe('open');
    expect(await status(second)).toMatch(/^This exercise is open in another tab of this browser/);
    expect(await exercise(second).locator('[data-action="start"]').isVisible()).toBe(false);
    expect(await exercise(second).locator('[data-action="resume"]').isVisible()).toBe(false);
    expect(await exercise(second).locator('[data-action="check"]').isDisabled()).toBe(true);
    expect(await axeViolations(second), 'axe on a lesson whose exercise is in another tab').toEqual([]);
    await waitForPrompt(second, 120_000);

    // The last command in the first tab, then at once (before its autosave) the move.
    await first.bringToFront();
    await typeCommand(first, 'ip netns add late-one && echo made-late');
    await waitForTerminalText(first, /^made-late$/m, 30_000);
    await second.bringToFront();
    await moveHere(second).click();

    await expect.poll(() => exercise(first).getAttribute('data-elsewhere'), { timeout: 120_000 }).toBe('moved');
    expect(await status(first)).toMatch(/^This exercise moved to another tab at .+, after saving your work here\./);
    expect(await exercise(first).locator('[data-action="check"]').isDisabled(), 'the tab the exercise left can still Check it').toBe(true);
    expect(await first.locator('stacklab-terminal [data-part="notice"]').innerText(), 'the terminal the exercise left does not say so').toMatch(/^Your exercise moved to another tab/);
    await started(second);
    expect(await status(second)).toMatch(/^Back where you left off/);
    await typeCommand(second, 'echo "[$(ip netns list | grep -c -e tab-one -e late-one) moved]"');
    await waitForTerminalText(second, '[2 moved]', 60_000);

    // And back: the second tab's latest work comes along.
    await typeCommand(second, 'ip netns add tab-two && echo made-two');
    await waitForTerminalText(second, /^made-two$/m, 30_000);
    await first.bringToFront();
    await moveHere(first).click();
    await expect.poll(() => exercise(second).getAttribute('data-elsewhere'), { timeout: 120_000 }).toBe('moved');
    await started(first);
    expect(await exercise(first).getAttribute('data-elsewhere')).toBeNull();
    await typeCommand(first, 'echo "[$(ip netns list | grep -c tab-two) back]"');
    await waitForTerminalText(first, '[1 back]', 60_000);

    // The tab that has it is closed: the other offers Resume again, without a move.
    const context = first.context();
    await first.close({ runBeforeUnload: false });
    const resume = exercise(second).locator('[data-action="resume"]');
    await expect.poll(() => resume.isVisible(), { timeout: 30_000, message: 'the tab left behind still says the exercise is elsewhere' }).toBe(true);
    expect(await exercise(second).getAttribute('data-elsewhere')).toBeNull();
    expect(await moveHere(second).isVisible()).toBe(false);
    await context.close();
  }, 600_000);

  it('lets the exercise go once the tab hands its VM to another exercise: a second tab then offers Resume, not a move', async () => {
    const first = await openPage({ serviceWorkers: 'block' });
    await startExercise(first, LESSON_TWO);
    await typeCommand(first, 'ip netns add left-behind && echo made-left');
    await waitForTerminalText(first, /^made-left$/m, 30_000);
    await first.locator(`.course-nav a[href="/${LESSON_ONE}"]`).click();
    await exercise(first, 'eth1-up').locator('[data-action="start"]').click();
    await started(first, 'eth1-up');

    const second = await first.context().newPage();
    await second.goto(siteUrl(LESSON_TWO));
    const resume = exercise(second).locator('[data-action="resume"]');
    await expect.poll(() => resume.isVisible(), { timeout: 30_000, message: 'no Resume offered: the exercise the first tab left may still be held there' }).toBe(true);
    expect(await exercise(second).getAttribute('data-elsewhere'), 'the exercise the first tab left is still held there').toBeNull();
    await waitForPrompt(second, 120_000);
    await resume.click();
    await started(second);
    await typeCommand(second, 'echo "[$(ip netns list | grep -c left-behind) resumed]"');
    await waitForTerminalText(second, '[1 resumed]', 60_000);
    await first.context().close();
  }, 600_000);
});
