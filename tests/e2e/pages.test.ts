/** The site without the VM: course map, readable lessons, and the failure pane. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listExamIds } from '../../src/exams/load.ts';
import { formatBytes, formatPercent } from '../../src/lib/format-bytes.ts';
import { axeViolations } from './support/axe.ts';
import { LESSON_ONE, siteUrl, useChromium } from './support/browser.ts';

const openPage = useChromium({ needsVm: false });

describe('the home page', () => {
  it('lists the lessons in course order, grouped by part', async () => {
    const page = await openPage();
    await page.goto(siteUrl());
    // Every lesson file, in the order of its `order` field, by its title.
    const titles = readdirSync('content/lessons')
      .filter((f) => f.endsWith('.mdx'))
      .map((f) => readFileSync(`content/lessons/${f}`, 'utf8'))
      .map((text) => ({ order: Number(/^order: (\d+)/m.exec(text)![1]), title: /^title: (.+)$/m.exec(text)![1]!.trim().replace(/^['"]|['"]$/g, '') }))
      .sort((a, b) => a.order - b.order)
      .map((l) => l.title);
    expect(titles.length).toBeGreaterThanOrEqual(12);
    expect(titles[0]).toBe('Your router CLI, translated');
    await expect.poll(() => page.locator('.lesson-card-title').allInnerTexts()).toEqual(titles.map((t) => expect.stringContaining(t)));
    expect(await page.locator('.course-part h2').first().innerText()).toMatch(/foundations/i);
    await page.context().close();
  });
});

describe('an address that leads to no page', () => {
  it("says so with the address, offers the course map and the way home, and passes axe", async () => {
    const page = await openPage();
    const response = await page.goto(siteUrl('lessons/'));
    expect(response?.status()).toBe(404);
    expect(await page.locator('main h1').innerText()).toBe('There is no page here');
    await expect.poll(() => page.locator('.not-found [data-part="address"]').innerText()).toBe('/lessons/');
    expect(await page.locator('.lesson-card').count()).toBeGreaterThanOrEqual(12);
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.locator('.not-found [data-part="suggestion"]').isVisible(), 'no lesson suggested for the lessons folder').toBe(false);
    await page.locator('.lesson-card a').first().click();
    await page.waitForURL(/\/lessons\/translation-table\/$/);
    expect(await page.locator('main h1').innerText()).toBe('Your router CLI, translated');
    await page.context().close();
  });

  it('suggests the lesson a mistyped address most likely meant', async () => {
    const page = await openPage();
    await page.goto(siteUrl('lessons/bridge/'));
    const suggestion = page.locator('.not-found [data-part="suggestion"]');
    await expect.poll(() => suggestion.isVisible()).toBe(true);
    expect(await suggestion.innerText()).toMatch(/^Did you mean .*bridge.*\?$/i);
    await suggestion.locator('a').click();
    await page.waitForURL(/\/lessons\/bridges\/$/);
    await page.context().close();
  });
});

describe('the exam list', () => {
  it('starts no VM: a page to choose an exam from, linking to each', async () => {
    const page = await openPage({ serviceWorkers: 'block' });
    const vmRequests: string[] = [];
    page.context().on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/vm/')) vmRequests.push(request.url());
    });
    await page.goto(siteUrl('exams/'));
    expect(await page.locator('main h1').innerText()).toBe('Exams');
    const links = await page.locator('.exam-cards a').evaluateAll((anchors) => anchors.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    // Every exam but the e2e tests' own.
    expect(links.sort()).toEqual(listExamIds().filter((id) => !id.startsWith('e2e-')).map((id) => `/exams/${id}/`).sort());
    await page.waitForTimeout(2000);
    expect(await page.locator('stacklab-terminal').count()).toBe(0);
    expect(vmRequests, 'VM files fetched by the exam list').toEqual([]);
    await page.context().close();
  });
});

describe('a lesson page', () => {
  it('shows its text while the VM is still loading', async () => {
    const page = await openPage({ serviceWorkers: 'block' });
    // Hold every VM file: the text must not wait for any of them.
    await page.route('**/vm/**', () => {});
    await page.goto(siteUrl(LESSON_ONE), { waitUntil: 'domcontentloaded' });
    await expect.poll(() => page.locator('main h1').isVisible()).toBe(true);
    expect(await page.locator('main h1').innerText()).toBe('Your router CLI, translated');
    expect(await page.locator('.translation-table').isVisible()).toBe(true);
    await expect.poll(() => page.locator('stacklab-terminal').getAttribute('data-vm-state')).toBe('loading');
    expect(await page.locator('.vm-loading').isVisible()).toBe(true);
    await page.context().close();
  });

  it('keeps every lesson inside its column on a small laptop and a phone: long inline code and tables wrap, the pane never scrolls sideways', async () => {
    const lessons = readdirSync('content/lessons')
      .filter((f) => f.endsWith('.mdx'))
      .map((f) => f.replace(/^\d+-|\.mdx$/g, ''));
    for (const viewport of [{ width: 1024, height: 700 }, { width: 390, height: 844 }]) {
      const page = await openPage({ serviceWorkers: 'block', viewport });
      await page.route('**/vm/**', () => {});
      const wide: string[] = [];
      for (const lesson of lessons) {
        await page.goto(siteUrl(`lessons/${lesson}/`), { waitUntil: 'domcontentloaded' });
        const [scrollWidth, clientWidth] = await page.locator('.lesson-pane').evaluate((pane) => [pane.scrollWidth, pane.clientWidth]);
        // A few pixels are the padding of a code fragment at a line's end.
        if (scrollWidth > clientWidth + 4) wide.push(`${lesson} ${scrollWidth} px in ${clientWidth}`);
      }
      expect(wide, `lessons wider than their pane at ${viewport.width} px`).toEqual([]);
      await page.context().close();
    }
  });

  it("keeps every button of the terminal's toolbar in sight on a phone: the toolbar wraps, A− and A+ together", async () => {
    for (const viewport of [{ width: 360, height: 740 }, { width: 390, height: 844 }]) {
      const page = await openPage({ serviceWorkers: 'block', viewport });
      await page.route('**/vm/**', () => {});
      await page.goto(siteUrl(LESSON_ONE), { waitUntil: 'domcontentloaded' });
      const toolbar = page.getByRole('toolbar', { name: 'Terminal' });
      const edges = await toolbar.evaluate((bar) => {
        const box = bar.getBoundingClientRect();
        return [...bar.querySelectorAll('button')].map((button) => {
          const own = button.getBoundingClientRect();
          return { name: button.textContent!.trim(), inside: own.left >= box.left && own.right <= box.right, top: Math.round(own.top) };
        });
      });
      expect(edges.filter((edge) => !edge.inside).map((edge) => edge.name), `toolbar buttons past its edge at ${viewport.width} px`).toEqual([]);
      const top = (name: string) => edges.find((edge) => edge.name.startsWith(name))!.top;
      expect(top('A−'), `A− and A+ on one row at ${viewport.width} px`).toBe(top('A+'));
      await page.context().close();
    }
  });

  it('shows the download progress in bytes and percent', async () => {
    const page = await openPage({ serviceWorkers: 'block' });
    // Hold the snapshot; the emulator's wasm still arrives, so progress moves but cannot finish.
    await page.route('**/vm/state-*', () => {});
    await page.goto(siteUrl(LESSON_ONE));
    await expect
      .poll(() => page.locator('[data-part="loading-text"]').innerText(), { timeout: 20_000 })
      .toMatch(/^Downloading the Linux VM: [\d.]+ (kB|MB) of [\d.]+ MB \(\d+%\)$/);
    expect(await page.locator('.vm-loading progress').getAttribute('value')).toMatch(/^\d+$/);
    await page.context().close();
  });

  it('counts the bytes that cross the network, v86.wasm as its compressed copy', async () => {
    const page = await openPage({ serviceWorkers: 'block' });
    await page.route('**/vm/state-*', () => {});
    const wasm = page.waitForResponse((response) => /\/v86[^/]*\.wasm$/.test(response.url()));
    await page.goto(siteUrl(LESSON_ONE));
    const wasmHeaders = await (await wasm).allHeaders();
    expect(wasmHeaders['content-encoding']).toBe('br');
    const wasmBytes = Number(wasmHeaders['content-length']);
    const { bytes: stateBytes } = (await (await page.request.get(siteUrl('vm/state.json'))).json()) as { bytes: number };
    // The snapshot is held, so the line stops with v86.wasm read whole: its bytes on the wire, of both files' bytes on the wire.
    await expect
      .poll(() => page.locator('[data-part="loading-text"]').innerText(), { timeout: 20_000 })
      .toBe(`Downloading the Linux VM: ${formatBytes(wasmBytes)} of ${formatBytes(wasmBytes + stateBytes)} (${formatPercent(wasmBytes, wasmBytes + stateBytes)})`);
    await page.context().close();
  });

  it('explains a missing VM image and offers Retry', async () => {
    const page = await openPage({ serviceWorkers: 'block' });
    await page.route('**/vm/image.json', (route) => route.fulfill({ status: 404, body: 'not found' }));
    await page.goto(siteUrl(LESSON_ONE));
    const error = page.locator('.vm-error');
    await expect.poll(() => error.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await error.innerText()).toMatch(/image\.json was not found[\s\S]*npm run build:image/);
    const retry = page.getByRole('button', { name: 'Retry' });
    expect(await retry.isVisible()).toBe(true);
    await retry.click();
    // Retry tries again (and fails again the same way, still explained, never blank).
    await expect.poll(() => error.isVisible(), { timeout: 20_000 }).toBe(true);
    await page.context().close();
  });

  it('explains a browser without WebAssembly', async () => {
    const page = await openPage({ serviceWorkers: 'block' });
    await page.addInitScript(() => {
      delete (globalThis as { WebAssembly?: unknown }).WebAssembly;
    });
    await page.goto(siteUrl(LESSON_ONE));
    await expect.poll(() => page.locator('.vm-error').innerText().catch(() => ''), { timeout: 20_000 }).toMatch(/cannot run WebAssembly/);
    await page.context().close();
  });

  it('can be read on a narrow screen, with the terminal collapsible', async () => {
    const page = await openPage({ serviceWorkers: 'block', viewport: { width: 390, height: 800 } });
    await page.route('**/vm/**', () => {});
    await page.goto(siteUrl(LESSON_ONE));
    const toggle = page.locator('[data-action="collapse"]');
    await expect.poll(() => toggle.isVisible()).toBe(true);
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.locator('.terminal-body').isVisible()).toBe(false);
    await toggle.click();
    expect(await page.locator('.terminal-body').isVisible()).toBe(true);
    await page.context().close();
  });

  it('resizes the text and terminal from the keyboard, and keeps the split', async () => {
    const page = await openPage({ serviceWorkers: 'block' });
    await page.route('**/vm/**', () => {});
    await page.goto(siteUrl(LESSON_ONE));
    const divider = page.getByRole('separator', { name: 'Resize the lesson and the terminal' });
    await expect.poll(() => divider.getAttribute('aria-valuenow')).toBe('50');
    await divider.focus();
    await page.keyboard.press('Shift+ArrowRight');
    expect(await divider.getAttribute('aria-valuenow')).toBe('60');
    const lessonWidth = () => page.locator('.lesson-pane').evaluate((element) => element.getBoundingClientRect().width);
    const widened = await lessonWidth();
    await page.reload();
    await expect.poll(() => page.getByRole('separator').getAttribute('aria-valuenow')).toBe('60');
    expect(Math.abs((await lessonWidth()) - widened)).toBeLessThan(2);

    // And with the mouse: drag the divider to 40% of the split area.
    const area = (await page.locator('.split').boundingBox())!;
    const bar = (await page.getByRole('separator').boundingBox())!;
    await page.mouse.move(bar.x + bar.width / 2, bar.y + 200);
    await page.mouse.down();
    await page.mouse.move(area.x + area.width * 0.4, bar.y + 220, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => page.getByRole('separator').getAttribute('aria-valuenow')).toBe('40');
    await page.context().close();
  });
});

describe('the theme', () => {
  it('follows the system, switches with the toggle, and keeps the choice', async () => {
    const page = await openPage({ serviceWorkers: 'block', colorScheme: 'light' });
    await page.route('**/vm/**', () => {});
    await page.goto(siteUrl(LESSON_ONE));
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    expect(await theme()).toBe('light');
    await page.getByRole('button', { name: 'Dark theme' }).click();
    expect(await theme()).toBe('dark');
    expect(await page.getByRole('button', { name: 'Dark theme' }).getAttribute('aria-pressed')).toBe('true');
    await page.reload();
    expect(await theme()).toBe('dark');
    // Client-side navigation replaces <html>'s attributes; the theme must survive it.
    await page.locator('a[rel="next"]').click();
    await expect.poll(() => page.locator('main h1').innerText()).toBe('Namespaces as VRFs');
    expect(await theme()).toBe('dark');
    await page.context().close();
  });
});
