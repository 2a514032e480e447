/**
 * An LTI launch in chromium, end to end: the browser follows the LMS's login initiation to the
 * test platform's auth endpoint, whose form_post page sends the signed id_token to Stacklab;
 * the launch opens the exercise's lesson, the learner solves netns-red-blue and presses Check,
 * and the platform's line item receives the score (with a token from its token endpoint).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/server.ts';
import { startTestPlatform, type TestPlatform } from '../support/lti-platform.ts';
import { freshDatabase, type FreshDatabase } from '../server/support/databases.ts';
import { instructor, serverOn } from '../server/support/http.ts';
import { typeCommand, useChromium, waitForPrompt, waitForTerminalText } from './support/browser.ts';

const EXERCISE = 'stacklab-exercise[exercise="netns-red-blue"]';

const openPage = useChromium({ needsVm: true });
let db: FreshDatabase;
let server: RunningServer;
let platform: TestPlatform;
let page: Page;

beforeAll(async () => {
  db = await freshDatabase('sqlite');
  server = await serverOn(db.options, { siteRoot: join(import.meta.dirname, '../../dist') });
  const admin = await instructor(server, 'admin@example.org', true);
  platform = await startTestPlatform({ toolUrl: server.url });
  const registered = await admin.call('/api/lti/platforms', {
    method: 'POST',
    json: { issuer: platform.issuer, clientId: platform.clientId, deploymentIds: [platform.deploymentId], jwksUrl: platform.jwksUrl, authUrl: platform.authUrl, tokenUrl: platform.tokenUrl },
  });
  expect(registered.status).toBe(201);
  page = await openPage({ serviceWorkers: 'block' });
});
afterAll(async () => {
  await platform?.close();
  await server?.close();
  await db?.drop();
});

describe('an LTI launch into an exercise, in chromium', () => {
  it('lands on the lesson of the exercise, with the launch kept in localStorage', async () => {
    await page.goto(platform.loginUrl({ target: 'exercise:netns-red-blue', user: 'browser-learner', resourceLink: 'red-blue' }));
    await page.waitForURL(/\/lessons\/namespaces-as-vrfs\/#netns-red-blue$/, { timeout: 30_000 });
    const stored = await page.evaluate(() => localStorage.getItem('stacklab:lti'));
    expect(JSON.parse(stored ?? 'null')).toMatchObject({ token: expect.stringMatching(/^slti_/), target: 'exercise:netns-red-blue' });
    await waitForPrompt(page, 90_000);
  });

  it('sends the passing Check to the LMS line item', async () => {
    await page.locator(`${EXERCISE} [data-action="start"]`).click();
    await expect.poll(() => page.locator(EXERCISE).getAttribute('data-state'), { timeout: 60_000 }).toBe('started');
    await waitForPrompt(page);
    await typeCommand(page, 'ip netns add red; ip netns add blue; ip -n red link set lo up; ip -n blue link set lo up');
    await typeCommand(page, 'ip -n blue -br link');
    await waitForTerminalText(page, /^lo\s+UNKNOWN/m);
    await page.locator(`${EXERCISE} [data-action="check"]`).click();
    await expect.poll(() => platform.scores.length, { timeout: 60_000 }).toBe(1);
    expect(platform.scores[0]).toMatchObject({
      lineItem: platform.lineItemUrl('red-blue'),
      body: { userId: 'browser-learner', scoreGiven: 4, scoreMaximum: 4, activityProgress: 'Completed', gradingProgress: 'FullyGraded' },
    });
    expect(platform.tokenRequests).toEqual([{ granted: true }]);
  });
});
