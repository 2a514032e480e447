/**
 * A learner who powers the VM off, halts it, reboots it, drowns it in processes or stops its
 * grader agent: Check says what happened within 10 s, the terminal toolbar stops saying
 * "running", Reset stays offered (also while the Check waits), and the exercise's Reset brings
 * a working prompt back with the progress marks kept. Each test prints the time its Check took.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LESSON_TWO, PROMPT, siteUrl, terminalText, typeCommand, useChromium, waitForPrompt, waitForTerminalText } from './support/browser.ts';

const EXERCISE = 'stacklab-exercise[exercise="netns-red-blue"]';
/** The bar the learner sees: a report or a message within this long, whatever the guest does. */
const CHECK_BAR_MS = 10_000;
/** Commands typed in the terminal on a busy CI machine (a cold guest, other VMs running) can take long. */
const TYPED = 60_000;

const openPage = useChromium({ needsVm: true });
let page: Page;
beforeAll(async () => {
  page = await openPage({ serviceWorkers: 'block' });
  await page.goto(siteUrl(LESSON_TWO));
});

const exercise = (selector = '') => page.locator(`${EXERCISE} ${selector}`.trim());
const terminal = () => page.locator('stacklab-terminal');
const status = () => exercise('[data-part="status"]').innerText();
const toolbarState = () => terminal().locator('[data-part="state"]').innerText();

/** The exercise's state and status text, so a failed wait says where the exercise was. */
const stateAndStatus = async () => `${await exercise().getAttribute('data-state')}: ${await status()}`;

async function startExercise(button: 'start' | 'reset'): Promise<void> {
  await exercise(`[data-action="${button}"]`).click();
  await expect.poll(stateAndStatus, { timeout: 60_000 }).toMatch(/^started: /);
}

/** Each fault starts from the exercise set up afresh, with a prompt that answers. */
async function setUpAfresh(): Promise<void> {
  await startExercise((await exercise('[data-action="reset"]').isDisabled()) ? 'start' : 'reset');
  await waitForPrompt(page);
}

/** Types a command and waits for the marker it echoes, so the next step starts after it ran. */
async function typeAndWait(command: string, marker: string): Promise<void> {
  await typeCommand(page, command);
  await waitForTerminalText(page, marker, TYPED);
}

/** Presses Check; resolves with how long the exercise stayed busy. */
async function timedCheck(): Promise<number> {
  const started = Date.now();
  await exercise('[data-action="check"]').click();
  await expect.poll(() => exercise().getAttribute('data-state'), { timeout: 60_000, interval: 50 }).not.toBe('busy');
  return Date.now() - started;
}

/** The exercise's Reset brings a prompt that runs commands, the toolbar says running, and the done mark is still there. */
async function expectResetRecovers(): Promise<void> {
  expect(await exercise('[data-action="reset"]').isDisabled()).toBe(false);
  await startExercise('reset');
  await expect.poll(toolbarState, { timeout: 10_000 }).toBe('VM: running');
  expect(await terminal().getAttribute('data-vm-state')).toBe('ready');
  await waitForPrompt(page);
  await typeAndWait('echo "back-$((40+2))"', 'back-42');
  expect(await exercise().getAttribute('data-done')).toBe('');
}

describe('a VM that stops, stops answering or drowns, in an exercise', () => {
  it('passes the exercise first, so there is a progress mark to keep', async () => {
    await waitForPrompt(page);
    await startExercise('start');
    await typeAndWait('ip netns add red; ip netns add blue; ip -n red link set lo up; ip -n blue link set lo up; echo "made-$((1+1))"', 'made-2');
    await timedCheck();
    await expect.poll(() => exercise('[data-part="summary"]').innerText()).toMatch(/^Passed/);
    await expect.poll(() => exercise().getAttribute('data-done')).toBe('');
  });

  it.each([
    ['poweroff -f', 'VM: powered off', 'powered-off', /The check could not run\. The VM has been powered off.*Press Reset/],
    ['halt -f', 'VM: powered off', 'powered-off', /The check could not run\. The VM has been powered off.*Press Reset/],
    ['reboot -f', 'VM: rebooted', 'rebooted', /The check could not run\. The VM was rebooted.*Press Reset/],
  ] as const)('after `%s` the toolbar says "%s", Check says so within 10 s, and Reset brings the prompt back', async (command, label, state, message) => {
    await setUpAfresh();
    await typeCommand(page, command);
    await expect.poll(toolbarState, { timeout: 20_000 }).toBe(label);
    expect(await terminal().getAttribute('data-vm-state')).toBe(state);
    expect(await terminal().locator('[data-part="notice"]').innerText()).toMatch(/Press Reset VM, or Reset in the exercise/);
    const elapsedMs = await timedCheck();
    console.log(`[vm-faults e2e] ${command}: Check answered in ${elapsedMs} ms`);
    expect(await stateAndStatus()).toMatch(new RegExp(`^error: .*${message.source}`));
    expect(elapsedMs).toBeLessThan(CHECK_BAR_MS);
    await expectResetRecovers();
  });

  it('with its agent stopped (SIGSTOP): Reset stays offered while Check waits, Check says not answering within 10 s, and the toolbar too', async () => {
    await setUpAfresh();
    await typeAndWait('kill -STOP $(pidof stacklab-agent); echo "agent-$((1+1))-stopped"', 'agent-2-stopped');
    const started = Date.now();
    await exercise('[data-action="check"]').click();
    await expect.poll(() => exercise().getAttribute('data-state')).toBe('busy');
    expect(await exercise('[data-action="reset"]').isDisabled()).toBe(false);
    expect(await terminal().locator('button[data-action="reset"]').isDisabled()).toBe(false);
    await expect.poll(() => exercise().getAttribute('data-state'), { timeout: 60_000, interval: 50 }).not.toBe('busy');
    const elapsedMs = Date.now() - started;
    console.log(`[vm-faults e2e] agent stopped (SIGSTOP): Check answered in ${elapsedMs} ms`);
    expect(await stateAndStatus()).toMatch(/^error: The check could not run\. The VM is not answering: too many processes.*Press Reset/);
    expect(elapsedMs).toBeLessThan(CHECK_BAR_MS);
    expect(await toolbarState()).toBe('VM: not answering');
    expect(await terminal().getAttribute('data-vm-state')).toBe('not-answering');
    await expectResetRecovers();
  });

  it('drowned in processes (a fork bomb): the toolbar and Check say it is not answering within 10 s, and Reset brings the prompt back', async () => {
    await setUpAfresh();
    await typeCommand(page, 'b(){ b|b& };b');
    // A learner who checks a few seconds later, once the bomb has filled the process table.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const elapsedMs = await timedCheck();
    console.log(`[vm-faults e2e] fork bomb: Check answered in ${elapsedMs} ms`);
    expect(await stateAndStatus()).toMatch(/^error: The check could not run\. The VM is not answering: too many processes.*Press Reset/);
    expect(elapsedMs).toBeLessThan(CHECK_BAR_MS);
    expect(await toolbarState()).toBe('VM: not answering');
    await expectResetRecovers();
  });

  it('pressing Reset while a Check waits on a stopped agent sets the exercise up again, and the Check shows nothing', async () => {
    await setUpAfresh();
    await typeAndWait('kill -STOP $(pidof stacklab-agent); echo "agent-$((1+2))-stopped"', 'agent-3-stopped');
    await exercise('[data-action="check"]').click();
    await expect.poll(() => exercise().getAttribute('data-state')).toBe('busy');
    const started = Date.now();
    await startExercise('reset');
    console.log(`[vm-faults e2e] Reset during a stuck Check: started again in ${Date.now() - started} ms`);
    // The overtaken Check leaves the exercise as the Reset left it.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await stateAndStatus()).toMatch(/^started: The exercise is back at its start/);
    expect(await terminalText(page)).toContain(PROMPT);
    await expectResetRecovers();
  });

  it("the terminal's Reset VM brings a powered-off VM back to a prompt that answers, and the toolbar says running", async () => {
    await setUpAfresh();
    await typeCommand(page, 'poweroff -f');
    await expect.poll(toolbarState, { timeout: 20_000 }).toBe('VM: powered off');
    const reset = terminal().locator('button[data-action="reset"]');
    expect(await reset.isDisabled()).toBe(false);
    page.once('dialog', (dialog) => void dialog.accept());
    const started = Date.now();
    await reset.click();
    await expect.poll(toolbarState, { timeout: 30_000 }).toBe('VM: running');
    console.log(`[vm-faults e2e] terminal Reset VM over a powered-off VM: running again in ${Date.now() - started} ms`);
    expect(await terminal().getAttribute('data-vm-state')).toBe('ready');
    await waitForPrompt(page);
    await typeAndWait('echo "again-$((40+2))"', 'again-42');
    // The terminal's reset releases the exercise; its done mark stays.
    await expect.poll(() => exercise().getAttribute('data-state'), { timeout: 10_000 }).toBe('idle');
    expect(await exercise().getAttribute('data-done')).toBe('');
  });
});
