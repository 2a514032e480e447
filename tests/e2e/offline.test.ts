/** After one visit, the lesson and its VM work with the network cut. */
import { describe, expect, it } from 'vitest';
import { LESSON_ONE, LESSON_TWO, siteUrl, typeCommand, useChromium, waitForPrompt, waitForTerminalText, NAVIGATION } from './support/browser.ts';

const openPage = useChromium({ needsVm: true });

describe('offline use', () => {
  it('reloads a visited lesson and starts its VM without the network', async () => {
    const page = await openPage();
    // What the service worker itself asks the network for, to see that it fetches each disk chunk once.
    const chunkRequests = new Map<string, number>();
    page.context().on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (request.serviceWorker() && path.startsWith('/vm/disk-')) chunkRequests.set(path, (chunkRequests.get(path) ?? 0) + 1);
    });
    // How the emulator's code crossed the network on this first visit.
    const encodings = new Map<string, string>();
    page.on('response', (response) => {
      const path = new URL(response.url()).pathname;
      if (/\.(wasm|js)$/.test(path) && !response.fromServiceWorker()) encodings.set(path, response.headers()['content-encoding'] ?? 'none');
    });
    await page.goto(siteUrl(LESSON_ONE));
    await waitForPrompt(page);
    // Compressed: the build's Brotli copies (src/integrations/precompress.ts), 0.3 MB for v86.wasm instead of 2.1 MB.
    const wasm = [...encodings].filter(([path]) => path.endsWith('.wasm'));
    expect(wasm).toEqual([[expect.stringMatching(/^\/_astro\/v86-.*\.wasm$/), 'br']]);
    expect([...encodings].filter(([path, encoding]) => path.includes('machine-worker') && encoding !== 'br')).toEqual([]);
    // The service worker registers once the VM is up and the terminal has been quiet for a moment, precaches, then takes control.
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? 'none'), { timeout: 60_000, interval: 500 })
      .toBe('activated');
    // Then it caches the rest of the VM's disk in the background and says so.
    await expect
      .poll(() => page.evaluate(() => document.documentElement.dataset.offline ?? 'not yet'), { timeout: 90_000, interval: 500 })
      .toBe('ready');
    expect(await page.locator('[data-part="notice"]').innerText()).toMatch(/Saved for offline use/);
    // Once each: the page asks for the disk once per VM, not once more when the worker registers.
    expect(chunkRequests.size).toBeGreaterThan(0);
    expect([...chunkRequests].filter(([, count]) => count > 1)).toEqual([]);

    await page.context().setOffline(true);
    await page.reload();
    await waitForPrompt(page);
    // The emulator and the snapshot came straight from the saved copy, not through a fetch
    // (the service worker's answer to one would be listed with the resources of the emulator's
    // worker, which downloads them).
    const vmWorker = page.workers().find((worker) => worker.url().includes('vm-machine-worker'));
    expect(vmWorker, 'the emulator runs in its own worker').toBeDefined();
    const fetched = await vmWorker!.evaluate(() => performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname));
    expect(fetched.filter((path) => path.endsWith('.wasm') || path.startsWith('/vm/state-'))).toEqual([]);
    expect(fetched).toContain('/vm/state.json');
    await typeCommand(page, 'ip -br link');
    await waitForTerminalText(page, /^lo\s+UNKNOWN/m);
    // The disk chunks that start and the command read came straight from the saved copies too (src/vm/disk-cache.ts).
    const read = await vmWorker!.evaluate(() => performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname));
    expect(read.filter((path) => path.startsWith('/vm/disk-'))).toEqual([]);
    // A page never opened before is also there: the build precached every page.
    await page.locator(`a[href="/${LESSON_TWO}"]`).first().click();
    await expect.poll(() => page.locator('main h1').innerText(), NAVIGATION).toBe('Namespaces as VRFs');
    await page.context().close();
  });
});
