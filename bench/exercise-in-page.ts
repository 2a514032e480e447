/**
 * An exercise worked in the built site as a learner works it, for the browser benchmarks:
 * started, solved by typing its solution in the terminal, and checked with the time from the
 * click to the report measured in the page.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { COLLECT_MEASURE } from '../src/exercises/run.ts';

/** Presses the exercise's Start, waits `readMs` (a learner reading the task), then types solution.sh in the terminal once the prompt shows. */
export async function startAndSolve(page: Page, id: string, readMs = 0): Promise<void> {
  const element = page.locator(`stacklab-exercise[exercise="${id}"]`);
  await element.locator('[data-action="start"]').click();
  await page.waitForFunction((exerciseId) => document.querySelector<HTMLElement>(`stacklab-exercise[exercise="${exerciseId}"]`)?.dataset.state === 'started', id, { timeout: 120_000 });
  await page.waitForTimeout(readMs);
  await page.waitForFunction(() => document.querySelector('.terminal-host .xterm-rows')?.textContent?.includes('root@stacklab'), undefined, { timeout: 120_000 });
  const solution = readFileSync(join(import.meta.dirname, '../exercises', id, 'solution.sh'), 'utf8');
  await page.locator('.terminal-host .xterm-helper-textarea').focus();
  for (const command of solution.split('\n').filter((l) => l.trim() && !l.startsWith('#'))) {
    await page.keyboard.type(command);
    await page.keyboard.press('Enter');
  }
}

/** Clicks Check and measures, in page time, until the exercise leaves its busy state with a report shown. */
export interface CheckTiming {
  ms: number;
  status: string;
  /** The collection's round trip to the agent, and the agent's own time for it. */
  collectMs: number;
  guestMs: number;
}

export async function timeCheck(page: Page, id: string): Promise<CheckTiming> {
  return page.evaluate(
    ({ exerciseId, measure }) =>
      new Promise<CheckTiming>((resolve, reject) => {
        const element = document.querySelector<HTMLElement>(`stacklab-exercise[exercise="${exerciseId}"]`);
        const report = element?.querySelector<HTMLElement>('[data-part="report"]');
        const button = element?.querySelector<HTMLButtonElement>('[data-action="check"]');
        if (!element || !report || !button) return reject(new Error(`no exercise ${exerciseId} on the page`));
        report.hidden = true;
        const observer = new MutationObserver(() => {
          if (element.dataset.state === 'busy' || report.hidden) return;
          observer.disconnect();
          const ms = performance.now() - start;
          const collect = performance.getEntriesByName(measure).at(-1) as PerformanceMeasure | undefined;
          const fresh = collect && collect.startTime >= start;
          resolve({
            ms,
            status: report.querySelector<HTMLElement>('[data-part="summary"]')?.dataset.status ?? '?',
            collectMs: fresh ? collect.duration : Number.NaN,
            guestMs: fresh ? Number((collect.detail as { guestMs?: number } | null)?.guestMs) : Number.NaN,
          });
        });
        observer.observe(element, { attributes: true, subtree: true, childList: true });
        const start = performance.now();
        button.click();
      }),
    { exerciseId: id, measure: COLLECT_MEASURE },
  );
}
