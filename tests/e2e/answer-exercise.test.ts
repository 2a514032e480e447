/**
 * An answer exercise in the browser (read-the-fdb, lesson 19): the learner reads the answers in
 * the terminal, types them into the exercise's labelled fields, and Check grades them against
 * the VM; a wrong answer fails with what the VM shows, the answers survive a reload, and Start
 * empties them (the set-up draws new ones).
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { siteUrl, terminalText, typeCommand, useChromium, waitForPrompt, waitForTerminalText } from './support/browser.ts';

const EXERCISE = 'stacklab-exercise[exercise="read-the-fdb"]';

const openPage = useChromium({ needsVm: true });
let page: Page;
beforeAll(async () => {
  page = await openPage({ serviceWorkers: 'block' });
  await page.goto(siteUrl('lessons/evidence-not-guesses/'));
});

const exercise = (selector = '') => page.locator(`${EXERCISE} ${selector}`.trim());
const field = (name: RegExp) => exercise().getByLabel(name);
const portField = () => field(/On which port of br0 did the bridge learn/);
const macField = () => field(/Which MAC address did br0 learn on port p1/);

async function check(): Promise<void> {
  await exercise('[data-action="check"]').click();
  await expect.poll(() => exercise().getAttribute('data-state'), { timeout: 60_000 }).not.toBe('busy');
}

/** The first match of `pattern`'s group in the terminal, once it shows. */
async function readTerminal(pattern: RegExp): Promise<string> {
  await waitForTerminalText(page, pattern);
  return pattern.exec(await terminalText(page))![1]!;
}

let port = '';
let mac = '';

describe('the read-the-fdb answer exercise', () => {
  it('shows one labelled field per question, described by what Check does', async () => {
    await waitForPrompt(page);
    expect(await portField().count()).toBe(1);
    expect(await macField().count()).toBe(1);
    const note = await portField().getAttribute('aria-describedby');
    expect(await page.locator(`#${note}`).innerText()).toMatch(/compares each answer with the VM as it is at that moment/);
    expect(await portField().getAttribute('placeholder')).toBe('a port name, e.g. p4');
  });

  it('starts, and the learner finds the answers in the terminal', async () => {
    await exercise('[data-action="start"]').click();
    await expect.poll(() => exercise().getAttribute('data-state'), { timeout: 60_000 }).toBe('started');
    await waitForPrompt(page);
    await typeCommand(page, "clear; bridge fdb show br br0 | grep $(ip -n app -br link show eth0 | awk '{print $3}')");
    port = await readTerminal(/^[0-9a-f:]{17} dev (p\d) master br0/m);
    await typeCommand(page, 'clear; bridge fdb show dynamic br br0 brport p1');
    mac = await readTerminal(/^([0-9a-f:]{17}) master br0/m);
  });

  it('fails a wrong answer, saying what the forwarding table shows about it without giving the right port away', async () => {
    const wrongPort = port === 'p2' ? 'p3' : 'p2';
    await portField().fill(wrongPort);
    await macField().fill(mac);
    await check();
    const result = exercise('[data-check-id="app-port"]');
    await expect.poll(() => result.getAttribute('data-status')).toBe('fail');
    const message = await result.locator('.exercise-check-message').innerText();
    expect(message).toMatch(new RegExp(`^You answered ${wrongPort}; br0 has not learned app's MAC \\S+ on ${wrongPort}\\.`));
    expect(message).not.toContain(port);
    expect(await exercise('[data-check-id="p1-mac"]').getAttribute('data-status')).toBe('pass');
    expect(await exercise('[data-part="summary"]').innerText()).toMatch(/^Not yet: 1 of 2 checks pass/);
  });

  it('names an unanswered question', async () => {
    await macField().fill('');
    await check();
    expect(await exercise('[data-check-id="p1-mac"] .exercise-check-message').innerText()).toMatch(/^Question 2 \("Which MAC address did br0 learn on port p1.*"\) is unanswered/);
  });

  it('passes with the answers typed as the terminal shows them, Enter in a field checking', async () => {
    await portField().fill(`br0 port ${port}`);
    await macField().fill(mac.toUpperCase());
    await macField().press('Enter');
    await expect.poll(() => exercise('[data-part="summary"]').innerText(), { timeout: 60_000 }).toMatch(/^Passed: all 2 checks pass\. Score 2\/2/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await exercise().screenshot({ path: 'test-results/answer-exercise-pass.png' });
  });

  it('keeps the typed answers after a reload, and empties them when Start draws the exercise afresh', async () => {
    await page.reload();
    await expect.poll(() => portField().inputValue()).toBe(`br0 port ${port}`);
    expect(await macField().inputValue()).toBe(mac.toUpperCase());
    await waitForPrompt(page);
    await exercise('[data-action="start"]').click();
    await expect.poll(() => exercise().getAttribute('data-state'), { timeout: 60_000 }).toBe('started');
    expect(await portField().inputValue()).toBe('');
    expect(await macField().inputValue()).toBe('');
  });
});
