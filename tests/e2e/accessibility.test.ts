/**
 * axe-core's WCAG 2.0/2.1/2.2 A and AA rules on every page of the built site, in the light
 * and the dark theme, with the VM running (so the terminal is on screen): the home page,
 * every lesson of the course, the exam list, each exam's rules, a sitting and its report,
 * and a lesson whose exercise report shows failing checks. Each page must have no violations;
 * a failure lists each violation's rule, impact, help and the elements it found.
 */
import { readdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listExamIds } from '../../src/exams/load.ts';
import { axeViolations } from './support/axe.ts';
import { LESSON_TWO, NAVIGATION, siteUrl, useChromium, waitForPrompt } from './support/browser.ts';

const THEMES = ['light', 'dark'] as const;
/** The VM boots once per page load; a loaded machine needs the slack. */
const VM_READY = { timeout: 120_000 };

const openPage = useChromium({ needsVm: true });

async function expectNoViolations(page: Page): Promise<void> {
  expect(await axeViolations(page), `axe violations on ${page.url()}`).toEqual([]);
}

describe.each(THEMES)('the %s theme', (theme) => {
  let page: Page;
  beforeAll(async () => {
    page = await openPage({ serviceWorkers: 'block', colorScheme: theme });
  });
  afterAll(async () => {
    await page.context().close();
  });

  async function goto(path: string): Promise<void> {
    await page.goto(siteUrl(path));
    expect(await page.locator('html').getAttribute('data-theme')).toBe(theme);
  }

  it('the home page', async () => {
    await goto('');
    await expectNoViolations(page);
  });

  it('every lesson of the course, with the terminal running', async () => {
    await goto('');
    // The course as the home page maps it: every lesson file, in course order.
    const lessons = await page.locator('.course-map .lesson-card a').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
    expect(lessons).toHaveLength(readdirSync('content/lessons').filter((f) => f.endsWith('.mdx')).length);
    await goto(lessons[0]!.slice(1));
    await waitForPrompt(page, VM_READY.timeout);
    for (const href of lessons) {
      // The learner's way between lessons: the course contents, with the same VM and terminal.
      await page.locator(`.course-nav a[href="${href}"]`).click();
      await expect.poll(() => page.locator('.course-nav a[aria-current="page"]').getAttribute('href'), NAVIGATION).toBe(href);
      await waitForPrompt(page);
      await expectNoViolations(page);
    }
    // xterm's text copy of the screen for screen readers, on the last lesson.
    const screenReader = page.locator('stacklab-terminal [data-action="screen-reader"]');
    await screenReader.click();
    await expect.poll(() => page.locator('.terminal-host .xterm-accessibility-tree').count()).toBe(1);
    await expectNoViolations(page);
    await screenReader.click();
  }, 300_000);

  it('a lesson whose exercise report shows failing checks', async () => {
    await goto(LESSON_TWO);
    await waitForPrompt(page, VM_READY.timeout);
    const exercise = page.locator('stacklab-exercise').first();
    await exercise.locator('[data-action="start"]').click();
    await expect.poll(() => exercise.getAttribute('data-state'), { timeout: 60_000 }).toBe('started');
    await exercise.locator('[data-action="check"]').click();
    // On failure, say what the exercise showed instead of a report (an error, still checking...).
    const reportOrStatus = async () =>
      (await exercise.locator('.exercise-check[data-status="fail"]').count()) > 0
        ? 'failing checks shown'
        : `${await exercise.getAttribute('data-state')}: ${await exercise.locator('[data-part="status"]').innerText()}`;
    await expect.poll(reportOrStatus, { timeout: 90_000 }).toBe('failing checks shown');
    await expectNoViolations(page);
    // The same exercise with a hint and the reference solution shown.
    await exercise.locator('[data-action="hint"]').click();
    await exercise.locator('[data-action="solution"]').click();
    await exercise.locator('[data-action="solution"]').click();
    await expect.poll(() => exercise.locator('[data-part="solution"] pre').isVisible()).toBe(true);
    await expectNoViolations(page);
  }, 240_000);

  it('the exam list and each exam’s rules', async () => {
    await goto('exams/');
    await expectNoViolations(page);
    const ids = listExamIds();
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      await goto(`exams/${id}/`);
      await expect.poll(() => page.locator('stacklab-exam [data-action="start"]').isDisabled(), VM_READY).toBe(false);
      await expectNoViolations(page);
    }
  }, 300_000);

  it('an exam sitting and its report', async () => {
    await goto('exams/e2e-short/');
    const exam = page.locator('stacklab-exam');
    const start = exam.locator('[data-action="start"]');
    await expect.poll(() => start.isDisabled(), VM_READY).toBe(false);
    await start.click();
    await expect.poll(() => exam.locator('[data-part="status"]').innerText(), { timeout: 60_000 }).toMatch(/Task 1 is set up/);
    await waitForPrompt(page);
    await expectNoViolations(page);
    await exam.locator('[data-action="submit"]').click();
    await expectNoViolations(page);
    await exam.locator('[data-action="confirm-submit"]').click();
    await expect.poll(() => exam.getAttribute('data-phase'), { timeout: 120_000, interval: 1000 }).toBe('finished');
    await expectNoViolations(page);
  }, 300_000);
});
