/** A damaged snapshot is explained, and Retry recovers once the file is good again. */
import { describe, expect, it } from 'vitest';
import { LESSON_ONE, siteUrl, typeCommand, useChromium, waitForPrompt } from './support/browser.ts';

const openPage = useChromium({ needsVm: true });

describe('a corrupt snapshot', () => {
  it('shows what went wrong and a Retry that works once the file is good', async () => {
    const page = await openPage({ serviceWorkers: 'block' });
    const garbage = '<html>this is not a VM snapshot</html>'.repeat(100);
    await page.route('**/vm/state-*', (route) => route.fulfill({ status: 200, contentType: 'application/zstd', body: garbage }));
    await page.goto(siteUrl(LESSON_ONE));
    const error = page.locator('.vm-error');
    await expect.poll(() => error.isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await error.innerText()).toMatch(/snapshot .* has \d+ bytes, but state\.json announces \d+/);
    expect(await page.locator('stacklab-terminal').getAttribute('data-vm-state')).toBe('failed');
    // The terminal, built while the VM loaded, stays out of reach (no focus, no clicks) with no VM behind it.
    const host = page.locator('.terminal-host');
    expect(await host.evaluate((element) => (element as HTMLElement).inert)).toBe(true);

    await page.unroute('**/vm/state-*');
    await page.getByRole('button', { name: 'Retry' }).click();
    await waitForPrompt(page);
    expect(await error.isVisible()).toBe(false);
    // The same terminal now shows the restarted VM and takes keystrokes.
    expect(await host.evaluate((element) => (element as HTMLElement).inert)).toBe(false);
    await page.context().close();
  });
});

describe("the emulator's worker", () => {
  it('runs the VM; when it stops with an error the pane says so, and Retry starts a new VM that answers', async () => {
    const page = await openPage({ serviceWorkers: 'block' });
    await page.goto(siteUrl(LESSON_ONE));
    await waitForPrompt(page);
    const vmWorker = page.workers().find((worker) => worker.url().includes('machine-worker'));
    expect(vmWorker, 'the emulator runs in its own worker').toBeDefined();

    // An error inside the emulator that nothing catches: the worker's own code can no longer be trusted.
    await vmWorker!.evaluate(() => void setTimeout(() => { throw new Error('emulator fault'); }, 0));
    const error = page.locator('.vm-error');
    await expect.poll(() => error.isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await error.innerText()).toMatch(/^The Linux VM stopped\.\s+The emulator running the VM stopped: an error in its worker \(.*emulator fault\)\.\s+Press Retry/);
    expect(await page.locator('stacklab-terminal').getAttribute('data-vm-state')).toBe('failed');
    expect(await page.locator('.terminal-host').evaluate((element) => (element as HTMLElement).inert)).toBe(true);

    await page.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => page.locator('stacklab-terminal').getAttribute('data-vm-state'), { timeout: 60_000 }).toBe('ready');
    await typeCommand(page, 'echo BACK-$((40+2))');
    await expect.poll(() => page.locator('.terminal-host .xterm-rows').innerText(), { timeout: 30_000 }).toContain('BACK-42');
    await page.context().close();
  });

  it("that stops answering (its thread stuck in one task) is ended: the pane and a Check say so, and the exercise's Reset brings a new VM", async () => {
    const page = await openPage({ serviceWorkers: 'block' });
    await page.goto(siteUrl(LESSON_ONE));
    await waitForPrompt(page);
    const exercise = page.locator('stacklab-exercise[exercise="eth1-up"]');
    const stateAndStatus = async () => `${await exercise.getAttribute('data-state')}: ${await exercise.locator('[data-part="status"]').innerText()}`;
    await exercise.locator('[data-action="start"]').click();
    await expect.poll(stateAndStatus, { timeout: 60_000 }).toMatch(/^started: /);
    const vmWorker = page.workers().find((worker) => worker.url().includes('machine-worker'))!;
    // The emulator's thread busy for a minute in one task, as a loop that never yields would hold it.
    const stuckAt = Date.now();
    void vmWorker
      .evaluate(() => {
        const until = Date.now() + 60_000;
        while (Date.now() < until);
      })
      .catch(() => undefined); // ended with the worker
    await exercise.locator('[data-action="check"]').click();
    const stuck = /The emulator running the VM stopped: its worker has not answered for \d+ s, so its thread is stuck\./;
    await expect.poll(stateAndStatus, { timeout: 30_000 }).toMatch(new RegExp(`^error: The check could not run\\. ${stuck.source}.*Press Reset`));
    expect(Date.now() - stuckAt, 'told within the silence limit and a few looks').toBeLessThan(20_000);
    const error = page.locator('.vm-error');
    expect(await error.innerText()).toMatch(new RegExp(`^The Linux VM stopped\\.\\s+${stuck.source}\\s+Press Retry`));
    expect(await page.locator('stacklab-terminal').getAttribute('data-vm-state')).toBe('failed');

    await exercise.locator('[data-action="reset"]').click();
    await expect.poll(stateAndStatus, { timeout: 60_000 }).toMatch(/^started: /);
    expect(await page.locator('stacklab-terminal').getAttribute('data-vm-state')).toBe('ready');
    await typeCommand(page, 'echo ALIVE-$((40+2))');
    await expect.poll(() => page.locator('.terminal-host .xterm-rows').innerText(), { timeout: 30_000 }).toContain('ALIVE-42');
    await page.context().close();
  });
});
