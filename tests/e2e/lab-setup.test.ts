/**
 * "Set up this lesson's lab": on a lesson whose lab is what lesson 1 builds, the button resets the
 * VM and runs lesson 1's commands again, and an exercise's saved VM state still resumes afterwards.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LESSON_TWO, siteUrl, typeCommand, useChromium, waitForPrompt, waitForTerminalText } from './support/browser.ts';

/** Lesson 14 declares lab: { after: [translation-table] }: eth1 and the route lesson 1 configured. */
const PERSISTENCE = 'lessons/persistent-configuration/';
const LESSON_ONE_ROUTE = '10.51.0.0/16 via 10.50.0.1 dev eth1';
/**
 * A guest command, a page move or a whole set-up may take this long: on a machine shared by
 * several VMs a command typed into the terminal has taken 40 s to answer. What is checked here
 * is what happens, not how fast.
 */
const SLOW = 120_000;

const openPage = useChromium({ needsVm: true });
let page: Page;
beforeAll(async () => {
  page = await openPage({ serviceWorkers: 'block' });
});

const lab = () => page.locator('stacklab-lab-setup');
/** Moves to another lesson through the course contents (the VM and its terminal stay). */
async function goTo(path: string, heading: RegExp): Promise<void> {
  await page.locator(`.course-nav a[href="/${path}"]`).click();
  await page.waitForURL(`**/${path}`, { timeout: SLOW });
  await expect.poll(() => page.locator('h1').first().textContent(), { timeout: SLOW }).toMatch(heading);
}
const exercise = (id: string) => page.locator(`stacklab-exercise[exercise="${id}"]`);
/** The lab's state and status text, so a failure says where it stopped. */
const labState = async () => `${await lab().getAttribute('data-state')}: ${await lab().locator('[data-part="status"]').textContent()}`;

describe("setting up a lesson's lab", () => {
  it("builds what the earlier lesson built, seen through one of the lesson's Run buttons", async () => {
    await page.goto(siteUrl(LESSON_TWO));
    await waitForPrompt(page, SLOW);
    await exercise('netns-red-blue').locator('[data-action="start"]').click();
    await expect.poll(() => exercise('netns-red-blue').getAttribute('data-state'), { timeout: SLOW }).toBe('started');
    await typeCommand(page, 'ip netns add lab-kept; echo "[made $(ip netns list | grep -c lab-kept)]"');
    await waitForTerminalText(page, '[made 1]', SLOW);

    await goTo(PERSISTENCE, /^Persistent configuration/);
    expect((await lab().textContent())?.replace(/\s+/g, ' ')).toMatch(/the VM as lesson 1 \(Your router CLI, translated\) left it/);
    await typeCommand(page, 'echo "[routes $(ip route show 10.51.0.0/16 | wc -l)]"');
    await waitForTerminalText(page, '[routes 0]', SLOW);

    page.once('dialog', (dialog) => void dialog.accept());
    await lab().locator('button[data-action="set-up"]').click();
    await expect.poll(labState, { timeout: 3 * SLOW, interval: 250 }).toMatch(/^ready: Ready: the VM holds what lesson 1 built/);
    await waitForPrompt(page, SLOW);

    await page.locator(`stacklab-run[command="ip route show 10.51.0.0/16"] button`).first().click();
    await waitForTerminalText(page, LESSON_ONE_ROUTE, SLOW);
  }, 8 * SLOW);

  it('keeps the saved exercise: Resume brings back the work from before the set-up', async () => {
    await goTo(LESSON_TWO, /^Namespaces as VRFs/);
    const resume = exercise('netns-red-blue').locator('[data-action="resume"]');
    await expect.poll(() => resume.isVisible(), { timeout: SLOW }).toBe(true);
    await resume.click();
    await expect.poll(() => exercise('netns-red-blue').getAttribute('data-state'), { timeout: SLOW }).toBe('started');
    await typeCommand(page, 'echo "[kept $(ip netns list | grep -c lab-kept)] [routes $(ip route show 10.51.0.0/16 | wc -l)]"');
    await waitForTerminalText(page, '[kept 1] [routes 0]', SLOW);
  }, 4 * SLOW);

  it('shows an error that says what to do when a command of the set-up fails', async () => {
    await goTo(PERSISTENCE, /^Persistent configuration/);
    // A plan whose one command fails where its lesson says it succeeds, as a changed image could make it.
    await lab().evaluate((element) => {
      element.dataset.plan = JSON.stringify({ lessons: [{ id: 'translation-table', title: 'T', order: 1 }], commands: [{ command: 'ip link set nosuchdev up', fails: false, source: 'Cmd', lesson: 1 }] });
    });
    page.once('dialog', (dialog) => void dialog.accept());
    await lab().locator('button[data-action="set-up"]').click();
    await expect.poll(labState, { timeout: SLOW, interval: 250 }).toMatch(/^error: The lab could not be set up: lesson 1's command `ip link set nosuchdev up` exited 1: .*nosuchdev.*Press "Set up this lesson's lab" to try again/);
    expect(await lab().locator('button[data-action="set-up"]').isDisabled()).toBe(false);
  }, 3 * SLOW);
});
