/**
 * A SCORM package in an LMS's frame, in chromium: `buildScormPackage` from the built site,
 * served under a path of its own beside a player page that holds an API_1484_11 made to the
 * SCORM 2004 run-time's calls. The lesson loads with no failed request (its guest image from
 * the package), the adapter initializes, and solving the exercise reports the learner's own
 * Check as a scaled score of 1, completed and passed, committed.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildScormPackage } from '../../src/scorm/package.ts';
import { PROMPT, useChromium } from './support/browser.ts';

const LESSON = 'namespaces-as-vrfs';
const EXERCISE = 'stacklab-exercise[exercise="netns-red-blue"]';
const TYPES: Record<string, string> = { html: 'text/html', js: 'text/javascript', css: 'text/css', json: 'application/json', svg: 'image/svg+xml', wasm: 'application/wasm' };

const PLAYER = `<!doctype html><html lang="en"><head><title>LMS player</title></head><body><script>
window.scormCalls = [];
let state = 'not-initialized';
const log = (...call) => { scormCalls.push(call); };
const running = () => state === 'running';
window.API_1484_11 = {
  Initialize: (a) => (log('Initialize', a), state === 'not-initialized' ? ((state = 'running'), 'true') : 'false'),
  GetValue: (k) => (log('GetValue', k), ''),
  SetValue: (k, v) => (log('SetValue', k, v), running() ? 'true' : 'false'),
  Commit: (a) => (log('Commit', a), running() ? 'true' : 'false'),
  Terminate: (a) => (log('Terminate', a), running() ? ((state = 'terminated'), 'true') : 'false'),
  GetLastError: () => '0', GetErrorString: () => '', GetDiagnostic: () => '',
};
</script><iframe title="lesson" src="pkg/lessons/${LESSON}/index.html" style="width:1380px;height:860px;border:0"></iframe></body></html>`;

const openPage = useChromium({ needsVm: true });
let server: Server;
let base: string;
let page: Page;
let lesson: Frame;
const failed: string[] = [];

beforeAll(async () => {
  const files = unzipSync(buildScormPackage({ distDir: join(import.meta.dirname, '../../dist'), lessons: [LESSON] }));
  server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://lms').pathname);
    if (path === '/lms/player.html') return response.writeHead(200, { 'content-type': 'text/html' }).end(PLAYER);
    const file = path.startsWith('/lms/pkg/') ? files[path.slice('/lms/pkg/'.length)] : undefined;
    if (!file) return response.writeHead(404).end();
    response.writeHead(200, { 'content-type': TYPES[path.split('.').pop() ?? ''] ?? 'application/octet-stream' }).end(file);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  expect(strFromU8(files['imsmanifest.xml']!)).toContain(`href="lessons/${LESSON}/index.html"`);
  page = await openPage({ serviceWorkers: 'block' });
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  page.on('requestfailed', (r) => failed.push(`failed ${r.url()}`));
  await page.goto(`${base}/lms/player.html`);
  lesson = page.frames().find((f) => f.url().includes(`/lms/pkg/lessons/${LESSON}/`))!;
});
afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

const calls = () => page.evaluate(() => (window as unknown as { scormCalls: string[][] }).scormCalls);
const lastValue = async (key: string) => (await calls()).filter((c) => c[0] === 'SetValue' && c[1] === key).at(-1)?.[2];
const terminal = () => lesson.locator('.terminal-host .xterm-rows').innerText().catch(() => '');

async function type(command: string): Promise<void> {
  await lesson.locator('.terminal-host .xterm-helper-textarea').focus();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
}

describe('a SCORM package in an LMS frame', () => {
  it('loads the lesson from the package and initializes the attempt as incomplete', async () => {
    expect(lesson).toBeDefined();
    await expect.poll(terminal, { timeout: 90_000, interval: 250 }).toContain(PROMPT);
    expect((await calls())[0]).toEqual(['Initialize', '']);
    expect(await lastValue('cmi.completion_status')).toBe('incomplete');
    expect(failed).toEqual([]);
  });

  it("reports the learner's passing Check as completed, passed and a scaled score of 1", async () => {
    await lesson.locator(`${EXERCISE} [data-action="start"]`).click();
    await expect.poll(() => lesson.locator(EXERCISE).getAttribute('data-state'), { timeout: 60_000 }).toBe('started');
    await expect.poll(terminal, { timeout: 60_000 }).toContain(PROMPT);
    await type('ip netns add red; ip netns add blue; ip -n red link set lo up; ip -n blue link set lo up');
    await type('ip -n blue -br link');
    await expect.poll(terminal, { timeout: 20_000 }).toMatch(/^lo\s+UNKNOWN/m);
    await lesson.locator(`${EXERCISE} [data-action="check"]`).click();
    await expect.poll(() => lastValue('cmi.completion_status'), { timeout: 60_000 }).toBe('completed');
    expect(await lastValue('cmi.success_status')).toBe('passed');
    expect(await lastValue('cmi.score.scaled')).toBe('1');
    expect((await calls()).at(-1)).toEqual(['Commit', '']);
    expect(failed).toEqual([]);
  });
});
