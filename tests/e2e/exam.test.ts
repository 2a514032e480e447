/**
 * Exam mode on a two-task exam with a 90-second limit (exams/e2e-short.json): start, solve one
 * task in the terminal with the values drawn for this sitting, survive a reload, let the
 * timer submit, read the report, download the results bundle and re-grade it in Node.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { regradeBundle } from '../../src/exams/regrade.ts';
import { bundleSchema, type Bundle } from '../../src/exams/schema.ts';
import { displayScript, type ParameterValues } from '../../src/exercises/parameters.ts';
import { siteUrl, terminalText, typeCommand, useChromium, waitForPrompt, waitForTerminalText } from './support/browser.ts';

const repoRoot = join(import.meta.dirname, '../..');
const EXAM = 'exams/e2e-short/';
/** The limit plus grading, with room for a slow machine. */
const UNTIL_GRADED_MS = 240_000;

const openPage = useChromium({ needsVm: true });
let page: Page;
let seed = '';
let bundle: Bundle | undefined;

beforeAll(async () => {
  page = await openPage({ serviceWorkers: 'block', acceptDownloads: true });
});

const exam = (selector = '') => page.locator(`stacklab-exam ${selector}`.trim());
const phase = () => exam().getAttribute('data-phase');
const status = () => exam('[data-part="status"]').innerText();
const clockSeconds = async () => {
  const [minutes, seconds] = (await exam('[data-part="clock-time"]').innerText()).split(':').map(Number);
  return minutes! * 60 + seconds!;
};

describe('an exam sitting', () => {
  it('shows the rules, and starts with a seed, a countdown and the task list once the VM runs', async () => {
    await page.goto(siteUrl(EXAM));
    const rules = await exam('[data-part="intro"]').innerText();
    expect(rules).toMatch(/Time limit: 1 minute 30 seconds/);
    expect(rules).toMatch(/Pass mark: 70%/);
    expect(rules).toMatch(/No hints, and no per-check feedback until the end/);
    expect(rules).toMatch(/graded again by your instructor from the bundle/);
    const start = exam('[data-action="start"]');
    await expect.poll(() => start.isDisabled(), { timeout: 90_000 }).toBe(false);
    await start.click();
    await expect.poll(phase).toBe('running');
    seed = await exam('[data-part="seed"]').innerText();
    expect(seed).toMatch(/^[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}$/);
    expect(await clockSeconds()).toBeGreaterThan(60);
    expect(await exam('.exam-task-button').allTextContents()).toEqual([expect.stringMatching(/Task 1[\s\S]*40 points/), expect.stringMatching(/Task 2[\s\S]*60 points/)]);
    await expect.poll(status, { timeout: 30_000 }).toMatch(/Task 1 is set up/);
    expect(await exam('[data-action="hint"]').count()).toBe(0);
  });

  it('takes the reference solution typed with the drawn values, and says the work is saved without scoring it', async () => {
    const values = JSON.parse((await exam('[data-part="task"]').getAttribute('data-values')) ?? '{}') as ParameterValues;
    expect(values.ns).toBeTruthy();
    expect(await exam('[data-part="task-text"]').innerText()).toContain(String(values.peer_addr));
    await waitForPrompt(page);
    const solution = displayScript(readFileSync(join(repoRoot, 'exercises/veth-testns/solution.sh'), 'utf8'), values);
    for (const line of solution.split('\n').filter((l) => l.trim() && !l.startsWith('#'))) await typeCommand(page, line);
    await typeCommand(page, `echo "[done $(ip -n ${values.ns} -br addr show veth1 | grep -c ${values.peer_ip})]"`);
    // A loaded machine slows the guest down: give the commands most of the 90 seconds.
    await waitForTerminalText(page, '[done 1]', 60_000);
    await exam('[data-action="save"]').click();
    await expect.poll(status, { timeout: 30_000 }).toMatch(/Your work on task 1 is saved in this browser/);
    expect(await page.locator('.exercise-check').count()).toBe(0);
  });

  it('survives a reload: the same seed, the clock still counting from the start, the work restored', async () => {
    const before = await clockSeconds();
    await page.reload();
    await expect.poll(phase).toBe('running');
    expect(await exam('[data-part="seed"]').innerText()).toBe(seed);
    expect(await clockSeconds()).toBeLessThanOrEqual(before);
    await expect.poll(status, { timeout: 60_000 }).toMatch(/back where you left off/);
  });

  it('submits by itself at 0:00 and shows the report per task and per check with the verdict', async () => {
    await expect.poll(phase, { timeout: UNTIL_GRADED_MS, interval: 1000 }).toBe('finished');
    expect(await exam('[data-part="result-facts"]').innerText()).toMatch(/submitted automatically when the time ran out/);
    const verdict = exam('[data-part="verdict"]');
    expect(await verdict.getAttribute('data-passed')).toBe('false');
    expect(await verdict.innerText()).toMatch(/^Fail: 40 of 100 points \(40%\)\. The pass mark is 70%\./);
    const cable = exam('.exam-task-result[data-task="cable"]');
    expect(await cable.getAttribute('data-points')).toBe('40');
    // The values drawn for this candidate, not the addresses derived from them.
    expect(await cable.locator('.exam-task-values').innerText()).toMatch(/^Your values: ns [a-z]+, subnet \d+\.\d+\.\d+\.0\/24$/);
    expect(await cable.locator('.exercise-check').count()).toBeGreaterThan(0);
    expect(await cable.locator('.exercise-check[data-status="fail"]').count()).toBe(0);
    const bridge = exam('.exam-task-result[data-task="switch"]');
    expect(await bridge.getAttribute('data-points')).toBe('0');
    expect(await bridge.innerText()).toMatch(/Not started: no points/);
  }, UNTIL_GRADED_MS + 30_000);

  it('downloads a results bundle that matches the bundle schema', async () => {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), exam('[data-action="download"]').click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^stacklab-e2e-short-${seed}-.*\\.json$`));
    const file = join(mkdtempSync(join(tmpdir(), 'stacklab-exam-')), download.suggestedFilename());
    await download.saveAs(file);
    bundle = bundleSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(bundle).toMatchObject({ exam: { id: 'e2e-short', version: 1 }, seed, submittedBy: 'timer', browserReport: { points: 40, passed: false } });
    expect(bundle.image?.build).toBe((JSON.parse(readFileSync(join(repoRoot, 'dist/vm/image.json'), 'utf8')) as { build: string }).build);
    expect(bundle.tasks.map((t) => [t.id, t.state === null])).toEqual([
      ['cable', false],
      ['switch', true],
    ]);
  });

  it('does not record lesson progress', async () => {
    const progress = await page.evaluate(() => localStorage.getItem('stacklab:progress'));
    expect(progress === null || !/veth-testns|bridge-three/.test(progress)).toBe(true);
  });

  it('re-grades the bundle in Node to the same verdict', async () => {
    expect(bundle, 'the download test must pass first').toBeDefined();
    const result = await regradeBundle(bundle!);
    expect(result.authoritative.passed).toBe(bundle!.browserReport.passed);
    expect(result.authoritative.tasks.map((t) => [t.id, t.points])).toEqual([
      ['cable', 40],
      ['switch', 0],
    ]);
    expect(result.differences).toEqual([]);
    expect(result.agrees).toBe(true);
  }, 120_000);
});

describe('switching tasks and submitting by hand', () => {
  it("keeps each task its own VM, runs a command typed during a task's set-up in that task's VM, and grades every started task after a confirmed Submit", async () => {
    // A fresh browser context (no sitting stored); the first one's VM must not compete for the CPU.
    await page.context().close();
    page = await openPage({ serviceWorkers: 'block' });
    await page.goto(siteUrl('exams/foundations-practical/'));
    const start = exam('[data-action="start"]');
    await expect.poll(() => start.isDisabled(), { timeout: 90_000 }).toBe(false);
    await start.click();
    await expect.poll(status, { timeout: 30_000 }).toMatch(/Task 1 is set up/);
    await waitForPrompt(page);
    await typeCommand(page, 'ip netns add kept-one; echo "[made $(ip netns list | grep -c kept-one)]"');
    await waitForTerminalText(page, '[made 1]', 60_000);

    await page.evaluate(() => {
      const notices: string[] = ((window as unknown as { notices: string[] }).notices = []);
      const line = document.querySelector('stacklab-terminal [data-part="notice"]')!;
      new MutationObserver(() => notices.push(line.textContent ?? '')).observe(line, { childList: true, characterData: true, subtree: true });
    });
    await exam('[data-action="task"][data-task="switch"]').click();
    // Typed at once, while task 1 is saved and task 2 set up: it waits, and runs in task 2's VM
    // (it used to reach task 1's guest, or one about to be thrown away).
    await typeCommand(page, 'echo "[task 2 sees $(ip netns list | grep -c kept-one)]"');
    await expect.poll(status, { timeout: 30_000 }).toMatch(/Task 2 is set up/);
    expect(await exam('[data-action="task"][data-task="switch"]').getAttribute('aria-current')).toBe('step');
    await waitForTerminalText(page, '[task 2 sees 0]', 60_000);
    expect(await terminalText(page)).not.toContain('[task 2 sees 1]');
    expect(await page.evaluate(() => (window as unknown as { notices: string[] }).notices)).toContain(
      'The VM is being set up: what you type is sent to it as soon as it is ready.',
    );

    await exam('[data-action="task"][data-task="cable"]').click();
    await expect.poll(status, { timeout: 30_000 }).toMatch(/Task 1: back where you left off/);
    await typeCommand(page, 'echo "[task 1 sees $(ip netns list | grep -c kept-one)]"');
    await waitForTerminalText(page, '[task 1 sees 1]', 60_000);

    await exam('[data-action="submit"]').click();
    expect(await exam('[data-part="confirm"]').isVisible()).toBe(true);
    await exam('[data-action="cancel-submit"]').click();
    expect(await exam('[data-part="confirm"]').isVisible()).toBe(false);
    expect(await phase()).toBe('running');
    await exam('[data-action="submit"]').click();
    await exam('[data-action="confirm-submit"]').click();
    await expect.poll(phase, { timeout: 120_000, interval: 1000 }).toBe('finished');
    expect(await exam('[data-part="result-facts"]').innerText()).toMatch(/; submitted at/);
    for (const task of ['cable', 'switch']) {
      expect(await exam(`.exam-task-result[data-task="${task}"] .exercise-summary`).innerText()).toMatch(/checks pass/);
    }
    expect(await exam('[data-part="verdict"]').getAttribute('data-passed')).toBe('false');
  }, 240_000);
});
