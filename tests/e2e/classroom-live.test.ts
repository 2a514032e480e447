/**
 * A whole workshop in chromium, with the real VM: the instructor logs in with the one-time
 * link and creates the workshop on the dashboard page; a learner (a second browser context)
 * joins with the join link, starts netns-red-blue in the lesson, builds a wrong state in the
 * real terminal and presses Check (the dashboard shows the failing check's title), then the
 * right state (the dashboard shows the pass), raises a hand (the queue shows it); the
 * instructor asks to peek, the learner accepts, types a command, and the dashboard's read-only
 * terminal shows it and its output; the learner stops the peek. Screenshots of the dashboard
 * in light and dark go to test-results/.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listExerciseIds, loadExercise } from '../../src/exercises/load.ts';
import { createInstructor, createLoginToken } from '../../src/server/services/instructors.ts';
import type { RunningServer } from '../../src/server/server.ts';
import { axeViolations } from './support/axe.ts';
import { LESSON_TWO, terminalText, typeCommand, useChromium, waitForPrompt, waitForTerminalText } from './support/browser.ts';
import { newDataDir, startSiteServer, stopSiteServer } from './support/site-server.ts';

const openPage = useChromium({ needsVm: true });
const soon = { timeout: 20_000 };
const EXERCISE = 'stacklab-exercise[exercise="netns-red-blue"]';

describe('a live workshop with the real VM', () => {
  let server: RunningServer;
  let dataDir: string;
  let instructor: Page;
  let learner: Page;
  beforeAll(async () => {
    dataDir = newDataDir('classroom-live');
    server = await startSiteServer(dataDir);
    mkdirSync('test-results', { recursive: true });
  });
  afterAll(async () => {
    await instructor?.context().close();
    await learner?.context().close();
    await stopSiteServer(server, dataDir);
  });

  const exercise = (selector = '') => learner.locator(`${EXERCISE} ${selector}`.trim());
  const peekScreen = () => instructor.locator('.dashboard-peek .xterm-rows').innerText().catch(() => '');
  async function check(): Promise<void> {
    await exercise('[data-action="check"]').click();
    await expect.poll(() => exercise().getAttribute('data-state'), { timeout: 90_000 }).not.toBe('busy');
  }

  it('runs from creating the workshop to a peek at the learner’s terminal', async () => {
    // The instructor: the one-time log-in link (as `npx stacklab workshop login` prints), then the create form.
    const ada = await createInstructor(server.ctx, { email: 'ada@example.org', password: 'a long enough password', admin: true });
    const token = await createLoginToken(server.ctx, ada.id);
    instructor = await openPage({ serviceWorkers: 'block', colorScheme: 'light' });
    await instructor.goto(`${server.url}/api/auth/token-login?token=${encodeURIComponent(token)}&next=${encodeURIComponent('/classroom/dashboard/')}`);
    await expect.poll(() => instructor.locator('h1').innerText(), soon).toBe('Your workshops');
    await instructor.getByLabel('Title').fill('Namespaces, live');
    // The exercises are ticked in the course's list, under their lessons: no ids to know.
    const picker = instructor.getByRole('group', { name: 'Exercises the dashboard follows' });
    const ticked = () => picker.locator('input[name="exercise"]:checked').count();
    expect(await picker.locator('input[name="exercise"]').count(), 'every exercise of the course is offered').toBe(listExerciseIds().length);
    // A whole part is one tick; untying one of its exercises leaves the part's box mixed; unticking it ticks none.
    const lessonBoxName = /^all \d+ of this lesson$/;
    const part = picker.locator('.exercise-picker-part', { has: instructor.getByRole('checkbox', { name: lessonBoxName }) }).first();
    const partBox = part.getByRole('checkbox', { name: /: all \d+ exercises$/ });
    const mixed = (box: typeof partBox) => box.evaluate((input: HTMLInputElement) => `${input.checked ? 'ticked' : 'not ticked'}${input.indeterminate ? ', mixed' : ''}`);
    const partSize = await part.locator('input[name="exercise"]').count();
    await partBox.check();
    expect(await ticked()).toBe(partSize);
    const severalLesson = part.locator('fieldset.exercise-picker-lesson', { has: instructor.getByRole('checkbox', { name: lessonBoxName }) }).first();
    const lessonBox = severalLesson.getByRole('checkbox', { name: lessonBoxName });
    await severalLesson.locator('input[name="exercise"]').first().uncheck();
    expect([await mixed(partBox), await mixed(lessonBox)]).toEqual(['not ticked, mixed', 'not ticked, mixed']);
    await lessonBox.check();
    expect([await mixed(partBox), await mixed(lessonBox)]).toEqual(['ticked', 'ticked']);
    await partBox.uncheck();
    expect([await ticked(), await mixed(lessonBox)]).toEqual([0, 'not ticked']);
    await picker.getByRole('group', { name: /^2\. / }).getByRole('checkbox', { name: /netns-red-blue/ }).check();
    await picker.getByRole('checkbox', { name: /eth1-up/ }).check();
    expect(await axeViolations(instructor), 'axe on the workshop list with its create form').toEqual([]);
    await instructor.screenshot({ path: 'test-results/classroom-create-workshop.png', fullPage: true });
    await instructor.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => instructor.locator('h1').innerText(), soon).toBe('Namespaces, live');
    // The exercises' columns are named by their titles, as the lessons name them; the id (the CSV's column) on hover.
    const [eth1Title, redBlueTitle] = ['eth1-up', 'netns-red-blue'].map((id) => loadExercise(id).title);
    expect(await instructor.locator('.roster thead th').allInnerTexts()).toEqual(['Learner', 'Now on', eth1Title, redBlueTitle]);
    expect(await instructor.locator('.roster thead th.exercise-head').evaluateAll((heads) => heads.map((th) => th.getAttribute('title')))).toEqual(['eth1-up', 'netns-red-blue']);
    const code = await instructor.locator('.join-code').innerText();
    const joinUrl = await instructor.locator('a', { hasText: '/classroom/join/' }).getAttribute('href');
    expect(joinUrl).toBe(`/classroom/join/?code=${code}`);

    // Closed to new learners, the join link says so and what to do; opened again, the learner joins.
    const joining = instructor.locator('.dashboard-joining');
    expect(await joining.innerText()).toMatch(/^Open to new learners\.\s*Close to new learners now$/);
    await instructor.getByRole('button', { name: 'Close to new learners now' }).click();
    await expect.poll(() => joining.innerText(), soon).toMatch(/^Closed to new learners since .+; those in it keep working\.\s*Open to new learners again$/);
    learner = await openPage({ serviceWorkers: 'block' });
    await learner.goto(`${server.url}${joinUrl}`);
    await learner.locator('input[name="name"]').fill('Ana');
    await learner.getByRole('button', { name: 'Join' }).click();
    await expect
      .poll(() => learner.locator('.classroom-join [data-part="result"]').innerText(), soon)
      .toBe('Could not join: The workshop "Namespaces, live" is closed to new learners; ask your instructor to open it again, or for a new code.');
    await instructor.getByRole('button', { name: 'Open to new learners again' }).click();
    await expect.poll(() => joining.innerText(), soon).toMatch(/^Open to new learners\.\s*Close to new learners now$/);

    // The learner joins with the link, opens the lesson and starts the exercise on the real VM.
    await learner.getByRole('button', { name: 'Join' }).click();
    await expect.poll(() => learner.locator('.classroom-join [data-part="result"]').innerText(), soon).toContain('You are in: Namespaces, live');
    await learner.goto(`${server.url}/${LESSON_TWO}`);
    // Reading, not yet on an exercise: "Now on" names the lesson by its title.
    const lessonTitle = await learner.locator('h1').first().innerText();
    await expect.poll(() => instructor.locator('.roster tbody tr td').first().innerText(), soon).toBe(lessonTitle);
    await waitForPrompt(learner, 90_000);
    await exercise('[data-action="start"]').click();
    await expect.poll(async () => `${await exercise().getAttribute('data-state')}: ${await exercise('[data-part="status"]').innerText()}`, { timeout: 60_000 }).toMatch(/^started/);
    await waitForPrompt(learner);
    // "Now on" names the exercise by its title too, with the time on it.
    await expect.poll(() => instructor.locator('.roster tbody tr td').first().innerText(), soon).toMatch(/, (under a minute|\d+ min)$/);
    expect((await instructor.locator('.roster tbody tr td').first().innerText()).startsWith(`${redBlueTitle}, `)).toBe(true);

    // A wrong state: only red. The dashboard shows the failing check's title in the cell.
    await typeCommand(learner, 'ip netns add red');
    await typeCommand(learner, 'ip netns list');
    await waitForTerminalText(learner, /^red/m);
    await check();
    await expect.poll(() => exercise('[data-check-id="blue-exists"]').getAttribute('data-status')).toBe('fail');
    // The columns follow the course: eth1-up (lesson 1), then netns-red-blue.
    const cell = instructor.locator('td.heat').nth(1);
    await expect.poll(() => cell.getAttribute('data-failing'), soon).toBe('namespace blue: exists');
    await expect.poll(() => instructor.locator('.check-summary').innerText(), soon).toContain(`1 of 1 fail namespace blue: exists (${redBlueTitle})`);
    expect(await cell.getAttribute('aria-label')).toBe(`Ana, ${redBlueTitle}: ${await cell.getAttribute('title')}`);

    // The right state: the pass.
    await typeCommand(learner, 'ip netns add blue; ip -n red link set lo up; ip -n blue link set lo up');
    await typeCommand(learner, 'ip -n blue -br link');
    await waitForTerminalText(learner, /^lo\s+UNKNOWN/m);
    await check();
    await expect.poll(() => exercise('[data-part="summary"]').innerText()).toMatch(/^Passed/);
    await expect.poll(() => cell.getAttribute('data-status'), soon).toBe('pass');

    // A raised hand reaches the queue.
    await learner.getByRole('button', { name: 'Raise hand' }).click();
    await learner.getByLabel('Message for your instructor (optional)').fill('how do I see the routes in red?');
    await learner.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => instructor.locator('.hands').innerText(), soon).toContain('Ana: how do I see the routes in red?');

    // The peek: asked on the dashboard, accepted by the learner in a dialog.
    await instructor.getByRole('button', { name: 'Peek' }).first().click();
    await expect.poll(() => instructor.locator('.dashboard-peek').innerText(), soon).toContain('waiting for their answer');
    const dialog = learner.getByRole('dialog', { name: 'Share your terminal?' });
    await expect.poll(() => dialog.isVisible(), soon).toBe(true);
    expect(await dialog.innerText()).toContain('ada@example.org');
    expect(await axeViolations(learner), 'axe on the peek consent dialog').toEqual([]);
    await learner.screenshot({ path: 'test-results/classroom-peek-consent.png' });
    await dialog.getByRole('button', { name: 'Accept' }).click();
    const indicator = learner.locator('stacklab-classroom [data-part="peek-on"]');
    await expect.poll(() => indicator.innerText(), soon).toContain('Your instructor is viewing your terminal');
    expect(await indicator.getByRole('button', { name: 'Stop' }).isVisible()).toBe(true);
    // The screen so far arrives first (the lo line from before the peek), then what is typed now.
    await expect.poll(peekScreen, soon).toMatch(/lo\s+UNKNOWN/);
    await typeCommand(learner, 'echo peek-$((6*7))');
    await expect.poll(peekScreen, soon).toContain('echo peek-$((6*7))');
    await expect.poll(peekScreen, soon).toMatch(/^peek-42/m);
    // The copy has the learner's size, so it wraps where theirs does: the learner's whole screen
    // reads the same in it (the copy may also show a line from before the exercise's reset cleared theirs).
    const learnerScreen = (await terminalText(learner)).trimEnd();
    await expect.poll(async () => (await peekScreen()).trimEnd(), soon).toContain(learnerScreen);

    // The dashboard, light and dark, with the room, the queue and the peek.
    await cell.focus();
    await instructor.screenshot({ path: 'test-results/classroom-dashboard-light.png', fullPage: true });
    expect(await axeViolations(instructor), 'axe on the dashboard, light').toEqual([]);
    await instructor.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => instructor.evaluate(() => document.documentElement.dataset.theme ?? getComputedStyle(document.documentElement).colorScheme), soon).toMatch(/dark/);
    await instructor.screenshot({ path: 'test-results/classroom-dashboard-dark.png', fullPage: true });
    expect(await axeViolations(instructor), 'axe on the dashboard, dark').toEqual([]);

    // The learner stops it: the indicator goes, the dashboard says so, and nothing more arrives.
    await indicator.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => indicator.isHidden(), soon).toBe(true);
    await expect.poll(() => instructor.locator('.dashboard-peek').innerText(), soon).toContain('Ana stopped sharing their terminal.');
    expect(await instructor.locator('.dashboard-peek .xterm').count()).toBe(0);
  });
});
