/**
 * A lesson page asks for its VM from its head (src/components/EarlyVm.astro), before its own
 * code has loaded, and the loader takes that worker over: one emulator, and the load's phases
 * say it came from the early request.
 */
import { describe, expect, it } from 'vitest';
import { LESSON_ONE, siteUrl, typeCommand, useChromium, waitForPrompt } from './support/browser.ts';

const openPage = useChromium({ needsVm: true });

describe('the VM asked for from the page head', () => {
  it('is the VM the terminal shows: one emulator worker, taken over by the loader', async () => {
    const page = await openPage({ serviceWorkers: 'block' });
    await page.goto(siteUrl(LESSON_ONE));
    await waitForPrompt(page);
    const loaded = await page.evaluate(() => {
      const measure = performance.getEntriesByName('stacklab:load:loader-code')[0] as PerformanceMeasure | undefined;
      return { detail: measure?.detail as unknown, taken: (window as { stacklabEarlyVm?: unknown }).stacklabEarlyVm };
    });
    expect(loaded.detail).toEqual({ thread: 'worker', early: true });
    expect(loaded.taken, 'the loader marks the early VM as taken').toBeNull();
    expect(page.workers().filter((worker) => worker.url().includes('vm-machine-worker'))).toHaveLength(1);
    await typeCommand(page, 'echo EARLY-$((40+2))');
    await expect.poll(() => page.locator('.terminal-host .xterm-rows').innerText(), { timeout: 30_000 }).toContain('EARLY-42');
    await page.context().close();
  });

  it("whose worker's code fails to load after the loader took it over is replaced by a worker of the loader's own", async () => {
    const page = await openPage({ serviceWorkers: 'block' });
    let asked = 0;
    await page.route('**/vm-machine-worker-*.js', async (route) => {
      if (++asked > 1) return route.continue();
      // The early worker's script fails only once the loader holds it: the failure reaches the loader.
      await page.waitForFunction(() => (window as { stacklabEarlyVm?: unknown }).stacklabEarlyVm === null, undefined, { timeout: 30_000 });
      await route.fulfill({ status: 503, body: 'unavailable' });
    });
    await page.goto(siteUrl(LESSON_ONE));
    await waitForPrompt(page);
    expect(asked, "the early worker and the loader's own").toBe(2);
    expect(await page.evaluate(() => (performance.getEntriesByName('stacklab:load:loader-code')[0] as PerformanceMeasure | undefined)?.detail)).toEqual({ thread: 'worker' });
    await typeCommand(page, 'echo AGAIN-$((40+2))');
    await expect.poll(() => page.locator('.terminal-host .xterm-rows').innerText(), { timeout: 30_000 }).toContain('AGAIN-42');
    await page.context().close();
  });

  it('is not asked for where the address puts the VM on the page thread', async () => {
    const page = await openPage({ serviceWorkers: 'block' });
    await page.goto(`${siteUrl(LESSON_ONE)}?vm-thread=page`);
    await waitForPrompt(page);
    expect(page.workers().filter((worker) => worker.url().includes('vm-machine-worker'))).toHaveLength(0);
    expect(await page.evaluate(() => (performance.getEntriesByName('stacklab:load:loader-code')[0] as PerformanceMeasure | undefined)?.detail)).toEqual({ thread: 'page' });
    await page.context().close();
  });
});
