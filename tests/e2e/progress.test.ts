/** Progress marks: set at the end of a lesson, shown on the course map, kept across reloads. */
import { readdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LESSON_ONE, siteUrl, useChromium } from './support/browser.ts';

const openPage = useChromium({ needsVm: false });

describe('progress marks', () => {
  it('survive a reload and show on the sidebar and the course map', async () => {
    const page = await openPage({ serviceWorkers: 'block' });
    await page.route('**/vm/**', () => {});
    await page.goto(siteUrl(LESSON_ONE));
    const done = page.locator('stacklab-done-button button');
    await expect.poll(() => done.getAttribute('aria-pressed')).toBe('false');
    await done.click();
    await expect.poll(() => done.getAttribute('aria-pressed')).toBe('true');

    await page.reload();
    await expect.poll(() => page.locator('stacklab-done-button button').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.locator('.course-nav [data-lesson-id="translation-table"]').getAttribute('data-done')).toBe('');

    await page.goto(siteUrl());
    await expect.poll(() => page.locator('.lesson-card[data-lesson-id="translation-table"]').getAttribute('data-done')).toBe('');
    expect(await page.locator('.lesson-card[data-lesson-id="namespaces-as-vrfs"]').getAttribute('data-done')).toBeNull();
    const lessons = readdirSync('content/lessons').filter((f) => f.endsWith('.mdx')).length;
    expect(await page.locator('.course-map-count').innerText()).toBe(`1 of ${lessons} lessons done`);
    await page.context().close();
  });

  it('export to a file that imports into a fresh browser', async () => {
    const page = await openPage({ serviceWorkers: 'block', acceptDownloads: true });
    await page.route('**/vm/**', () => {});
    await page.goto(siteUrl(LESSON_ONE));
    await page.locator('stacklab-done-button button').click();
    await page.goto(siteUrl());
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export progress' }).click()]);
    const file = join(await mkdtemp(join(tmpdir(), 'stacklab-e2e-')), download.suggestedFilename());
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(/^stacklab-progress-\d{4}-\d\d-\d\d\.json$/);
    await page.context().close();

    const fresh = await openPage({ serviceWorkers: 'block' });
    await fresh.goto(siteUrl());
    await fresh.locator('[data-import]').setInputFiles(file);
    await expect.poll(() => fresh.locator('.progress-file-message').innerText()).toMatch(/1 lesson marked done/);
    await expect.poll(() => fresh.locator('.lesson-card[data-lesson-id="translation-table"]').getAttribute('data-done')).toBe('');
    await fresh.context().close();
  });
});
