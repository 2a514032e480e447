/** A graded exercise in a lesson: Start, a failing Check with its reason, a pass, and progress after a reload. */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LESSON_TWO, siteUrl, typeCommand, useChromium, waitForPrompt, waitForTerminalText } from './support/browser.ts';

const EXERCISE = 'stacklab-exercise[exercise="netns-red-blue"]';

const openPage = useChromium({ needsVm: true });
let page: Page;
beforeAll(async () => {
  page = await openPage({ serviceWorkers: 'block' });
  await page.goto(siteUrl(LESSON_TWO));
});

function exercise(selector = '') {
  return page.locator(`${EXERCISE} ${selector}`.trim());
}

async function check(): Promise<void> {
  await exercise('[data-action="check"]').click();
  await expect.poll(() => exercise().getAttribute('data-state'), { timeout: 60_000 }).not.toBe('busy');
}

interface SampleWatch {
  samples: Array<{ statuses: string[]; visibility: string; removed: boolean }>;
}

/** Records every report container added to the exercise (the page's own one is there from the start, so only a sample is added), and whether it is gone again. */
async function watchForSampleReports(): Promise<void> {
  await page.evaluate((selector) => {
    const watch = window as unknown as SampleWatch;
    watch.samples = [];
    const element = document.querySelector(selector)!;
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (!(node instanceof HTMLElement) || !node.classList.contains('exercise-report')) continue;
          const statuses = [...node.querySelectorAll<HTMLElement>('.exercise-check')].map((item) => item.dataset.status ?? '');
          watch.samples.push({ statuses, visibility: node.style.visibility, removed: false });
        }
        for (const node of record.removedNodes) {
          if (node instanceof HTMLElement && node.classList.contains('exercise-report')) watch.samples.at(-1)!.removed = true;
        }
      }
    }).observe(element, { childList: true, subtree: true });
  }, EXERCISE);
}

/** Records when (performance.now()) the exercise first says it is started. */
async function watchStarted(): Promise<void> {
  await page.evaluate((selector) => {
    const element = document.querySelector<HTMLElement>(selector)!;
    const observer = new MutationObserver(() => {
      if (element.dataset.state !== 'started') return;
      (window as unknown as { startedAt: number }).startedAt = performance.now();
      observer.disconnect();
    });
    observer.observe(element, { attributes: true, attributeFilter: ['data-state'] });
  }, EXERCISE);
}

describe('the netns-red-blue exercise', () => {
  it('starts: the VM is reset and set up, and Check becomes available', async () => {
    await waitForPrompt(page);
    await watchForSampleReports();
    await watchStarted();
    await exercise('[data-action="start"]').click();
    await expect.poll(() => exercise().getAttribute('data-state'), { timeout: 30_000 }).toBe('started');
    expect(await exercise('[data-action="check"]').isDisabled()).toBe(false);
    await waitForPrompt(page);
  });

  it("asked for the grader and the Check's code at Start, so they load while the exercise is set up, not at the first Check", async () => {
    const { startedAt, asked } = await page.evaluate(() => ({
      startedAt: (window as unknown as { startedAt: number }).startedAt,
      asked: performance.getEntriesByType('resource').map((entry) => ({ path: new URL(entry.name).pathname, at: entry.startTime })),
    }));
    const askedFor = (chunk: RegExp) => asked.find(({ path }) => chunk.test(path));
    for (const chunk of [/^\/_astro\/netns-red-blue\.[\w-]+\.js$/, /^\/_astro\/run\.[\w-]+\.js$/]) {
      expect(askedFor(chunk), `a request for ${chunk}`).toBeDefined();
      expect(askedFor(chunk)!.at).toBeLessThan(startedAt);
    }
  });

  it("lays out a hidden sample report while the exercise is set up, so the first report's fonts are resolved, and leaves nothing of it", async () => {
    await expect.poll(() => page.evaluate(() => (window as unknown as SampleWatch).samples.length), { timeout: 10_000 }).toBe(1);
    const [sample] = await page.evaluate(() => (window as unknown as SampleWatch).samples);
    expect(sample!.statuses).toEqual(['pass', 'fail', 'skip', 'error']);
    expect(sample!.visibility).toBe('hidden');
    expect(sample!.removed).toBe(true);
    expect(await page.locator(`${EXERCISE} .exercise-report`).count()).toBe(1);
    expect(await exercise('[data-part="report"]').isHidden()).toBe(true);
  });

  it('shows the failing check and its message when only red exists', async () => {
    await typeCommand(page, 'ip netns add red');
    await typeCommand(page, 'ip netns list');
    await waitForTerminalText(page, /^red/m);
    await check();
    const blue = exercise('[data-check-id="blue-exists"]');
    await expect.poll(() => blue.getAttribute('data-status')).toBe('fail');
    expect(await blue.locator('.exercise-check-title').innerText()).toBe('namespace blue: exists');
    expect(await blue.locator('.exercise-check-message').innerText()).toMatch(/no namespace called blue.*ip netns add blue/);
    expect(await exercise('[data-check-id="red-exists"]').getAttribute('data-status')).toBe('pass');
    expect(await exercise('[data-part="summary"]').innerText()).toMatch(/^Not yet/);
    expect(await exercise().getAttribute('data-done')).toBeNull();
  });

  it('passes with 4/4 once the rest of the solution is typed', async () => {
    await typeCommand(page, 'ip netns add blue; ip -n red link set lo up; ip -n blue link set lo up');
    await typeCommand(page, 'ip -n blue -br link');
    await waitForTerminalText(page, /^lo\s+UNKNOWN/m);
    await check();
    await expect.poll(() => exercise('[data-part="summary"]').innerText()).toMatch(/^Passed.*4\/4/);
    expect(await exercise('.exercise-check[data-status="pass"]').count()).toBe(4);
    await expect.poll(() => exercise().getAttribute('data-done')).toBe('');
  });

  it('shows the exercise and the lesson as done after a reload', async () => {
    await page.reload();
    await expect.poll(() => exercise().getAttribute('data-done')).toBe('');
    expect(await exercise('[data-part="done"]').innerText()).toMatch(/Done.*4\/4/);
    await expect.poll(() => page.locator('.course-nav [data-lesson-id="namespaces-as-vrfs"]').getAttribute('data-done')).toBe('');
    expect(await page.locator('stacklab-done-button button').getAttribute('aria-pressed')).toBe('true');
  });

  it('reveals hints one at a time and the solution only after a second click', async () => {
    const hint = exercise('[data-action="hint"]');
    expect(await hint.innerText()).toBe('Show a hint (1 of 3)');
    await hint.click();
    expect(await hint.innerText()).toBe('Show a hint (2 of 3)');
    expect(await exercise('[data-part="hints"] > li:not([hidden])').count()).toBe(1);
    const solution = exercise('[data-action="solution"]');
    await solution.click();
    expect(await solution.innerText()).toBe('Are you sure? Show the solution');
    expect(await exercise('[data-part="solution"]').isHidden()).toBe(true);
    await solution.click();
    expect(await exercise('[data-part="solution"] pre').innerText()).toContain('ip netns add blue');
  });
});
