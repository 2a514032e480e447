/**
 * A candidate with the exam open in two tabs of one browser, in chromium, with the real VM: the
 * second tab does not run the sitting beside the first (each would save the task, older work
 * over newer) but says where it is and offers to move it. Moving it has the first tab save its
 * latest work and step aside, and the second go on from that save, with the command typed last
 * in the first tab, and upload it: the server ends with the browser's latest save, which
 * decodes. A save whose upload failed (the server unreachable) is uploaded by the next page, or
 * by this one: again by itself while the server restarts, and at once when the browser is back online.
 * Closing the page while the server lacks the latest work asks first. A link of the site
 * leaves by a page load, and Back resumes the sitting with its work.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeState } from '../../src/exams/bundle-codec.ts';
import { examLinks } from '../../src/server/services/exam-links.ts';
import { openExamSession } from '../../src/server/services/exam-sessions.ts';
import { createInstructor } from '../../src/server/services/instructors.ts';
import type { RunningServer } from '../../src/server/server.ts';
import { axeViolations } from './support/axe.ts';
import { reloadAnswering, typeCommand, useChromium, waitForPrompt, waitForTerminalText } from './support/browser.ts';
import { browserStateSha256, serverStateSha256 } from './support/exam-states.ts';
import { newDataDir, startSiteServer, stopSiteServer } from './support/site-server.ts';

const openPage = useChromium({ needsVm: true });
let server: RunningServer;
let dataDir: string;
let sitUrl: string;

beforeAll(async () => {
  dataDir = newDataDir('exam-tabs');
  server = await startSiteServer(dataDir);
  const teacher = await createInstructor(server.ctx, { email: 'ada@example.org', password: 'a long enough password', admin: true });
  sitUrl = examLinks(server.url, (await openExamSession(server.ctx, teacher.id, { exam: 'foundations-practical', minutes: 15 })).code).sitUrl;
});
afterAll(async () => {
  await stopSiteServer(server, dataDir);
});

const phase = (page: Page) => page.locator('stacklab-exam').getAttribute('data-phase').catch(() => null);
/** The emulator's workers in a page: none where another tab has the sitting. */
const vmWorkers = (page: Page) => page.workers().filter((worker) => worker.url().includes('vm-machine-worker'));
const status = (page: Page) => page.locator('stacklab-exam [data-part="status"]').innerText().catch(() => '');

/** The uploads `page` sends: how many are under way (begun, not yet answered; the server may hold a state before its answer reaches the page) and how many have begun. */
interface Uploads {
  underWay(): number;
  begun(): number;
}

function uploadsOf(page: Page): Uploads {
  let underWay = 0;
  let begun = 0;
  page.on('request', (request) => void (request.method() === 'PUT' && (underWay++, begun++)));
  page.on('requestfinished', (request) => void (request.method() === 'PUT' && underWay--));
  page.on('requestfailed', (request) => void (request.method() === 'PUT' && underWay--));
  return { underWay: () => underWay, begun: () => begun };
}

/**
 * Presses "Check my work is saved" in `page`, as a careful candidate would, and waits for that
 * save (begun after the press, so after every output before it) to end and reach the server:
 * no upload under way, and the server's copy of `candidate`'s task 1 the browser's.
 */
async function saveToServer(page: Page, candidate: string, uploads: Uploads): Promise<void> {
  const pressedAt = Date.now();
  await page.locator('stacklab-exam [data-action="save"]').click();
  await expect.poll(async () => Date.parse((await page.locator('stacklab-exam [data-part="saved"]').getAttribute('data-saved-at')) ?? '') > pressedAt, { timeout: 60_000 }).toBe(true);
  await expect.poll(async () => uploads.underWay() === 0 && (await serverStateSha256(server.ctx, candidate, 'cable')) === (await browserStateSha256(page, 'cable')), { timeout: 60_000 }).toBe(true);
}

/** Starts a sitting as `name` in `page`, until task 1 is set up at a prompt. */
async function startSitting(page: Page, name: string): Promise<void> {
  await page.goto(sitUrl);
  await page.locator('#exam-session-form input[name="name"]').fill(name);
  await page.locator('#exam-session-form button[type="submit"]').click();
  await expect.poll(() => phase(page), { timeout: 90_000 }).toBe('running');
  await waitForPrompt(page);
  await expect.poll(() => status(page), { timeout: 120_000 }).toMatch(/Task 1 is set up|set up again from its start/);
}

describe('an exam sitting in two tabs of one browser', () => {
  it('runs in one tab only, and moves to the other with the latest work', async () => {
    const first = await openPage({ serviceWorkers: 'block' });
    const uploads = uploadsOf(first);
    await startSitting(first, 'Di');
    await typeCommand(first, 'ip netns add early && echo made-early');
    await waitForTerminalText(first, /^made-early$/m, 30_000);

    // The same sitting in a second tab: told where it runs, with no exam element of its own.
    const second = await first.context().newPage();
    await second.goto(sitUrl);
    await expect.poll(() => second.locator('#exam-session-elsewhere').isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await second.locator('#exam-session-elsewhere-text').innerText()).toMatch(/^This exam is open in another tab of this browser/);
    expect(await second.locator('stacklab-exam').count()).toBe(0);
    expect(vmWorkers(second), 'the second tab started a VM of its own').toEqual([]);
    expect(await second.locator('.terminal-pane').isVisible()).toBe(false);
    expect(await axeViolations(second), 'axe on the page of a tab without the exam').toEqual([]);
    // The keyboard reaches the button (the page has a skip link and the site's header first).
    let focused = '';
    for (let presses = 0; presses < 10 && focused !== 'exam-session-take-over'; presses++) {
      await second.keyboard.press('Tab');
      focused = await second.evaluate(() => document.activeElement?.id ?? '');
    }
    expect(focused, 'Tab never reached "Work in this tab"').toBe('exam-session-take-over');

    // The last command in the first tab, then at once (before its autosave) the move. The first
    // tab saves the task in this browser and steps aside, leaving the upload to the second: on a
    // loaded 2-core machine that takes seconds (gzip of a 19.5 MB state beside the guest), hence the long wait.
    await first.bringToFront();
    // The early command saved and uploaded: the press below meets no upload begun before it. An
    // upload the first tab has begun loads its state before its request leaves (seconds here), so
    // "no request in flight" holds for 8 s with none begun before it counts as none under way.
    await saveToServer(first, 'Di', uploads);
    await expect
      .poll(
        async () => {
          const before = uploads.begun();
          await first.waitForTimeout(8_000);
          return uploads.begun() === before && uploads.underWay() === 0;
        },
        { timeout: 120_000, interval: 0 },
      )
      .toBe(true);
    // The candidate looks at the second tab (the first is hidden: its save on hiding finds nothing
    // new), and the late command goes to the first, as with two windows side by side. Brought to
    // the front after the command, the second tab would hide the first, whose save on hiding
    // would then race the press, and an upload begun before the press is let end.
    await second.bringToFront();
    await typeCommand(first, 'ip netns add late && echo made-late');
    await waitForTerminalText(first, /^made-late$/m, 30_000);
    // Uploads the first tab starts from the press on: none, its last save is left to the second.
    const uploadsAfterPress: string[] = [];
    first.on('request', (request) => void (request.method() === 'PUT' && uploadsAfterPress.push(request.url())));
    // The first tab reloads into "moved" by itself, its work saved: the browser asks nothing.
    const firstDialogs: string[] = [];
    first.on('dialog', (dialog) => {
      firstDialogs.push(dialog.type());
      void dialog.accept();
    });
    await second.getByRole('button', { name: 'Work in this tab' }).click();

    await expect.poll(() => first.locator('#exam-session-elsewhere-text').innerText().catch(() => ''), { timeout: 120_000 }).toMatch(/^Your exam moved to another tab at /);
    expect(new URL(first.url()).searchParams.get('tab')).toBe('moved');
    expect(await first.locator('stacklab-exam').count()).toBe(0);
    expect(vmWorkers(first), 'the tab that stepped aside started a VM again').toEqual([]);
    expect(uploadsAfterPress, 'the tab that stepped aside uploaded its last save itself').toEqual([]);
    expect(firstDialogs, 'the tab that stepped aside asked before leaving').toEqual([]);

    await expect.poll(() => phase(second), { timeout: 90_000 }).toBe('running');
    expect(vmWorkers(second)).toHaveLength(1);
    expect(new URL(second.url()).searchParams.get('tab')).toBeNull();
    await expect.poll(() => status(second), { timeout: 120_000 }).toMatch(/back where you left off/);
    await waitForPrompt(second);
    await typeCommand(second, 'echo "[$(ip netns list | grep -c -e early -e late) namespaces]"');
    await waitForTerminalText(second, '[2 namespaces]', 60_000);

    // The first tab left its last save for this one to upload: the server ends with the browser's
    // latest state (sent as stored, gzipped, with its digest), and it decodes as a bundle's does.
    await expect.poll(async () => (await serverStateSha256(server.ctx, 'Di', 'cable')) === (await browserStateSha256(second, 'cable')), { timeout: 120_000 }).toBe(true);
    const row = await server.ctx.storage.db.selectFrom('exam_task_states').select(['state']).where('task_id', '=', 'cable').executeTakeFirstOrThrow();
    const uploaded = JSON.parse(row.state!) as Parameters<typeof decodeState>[0];
    expect((await decodeState(uploaded, 'cable')).byteLength).toBe(uploaded.bytes);
    await first.context().close();
  }, 600_000);

  it('uploads the saves the server never got (it was unreachable) from the next page of the sitting, a task not on screen included', async () => {
    const page = await openPage({ serviceWorkers: 'block' });
    const uploads = '**/api/exam-sitting/tasks/*/state';
    await page.route(uploads, (route) => route.abort('internetdisconnected'));
    await startSitting(page, 'Em');
    await typeCommand(page, 'ip netns add offline && echo made-offline');
    await waitForTerminalText(page, /^made-offline$/m, 30_000);
    // Task 1 is saved as task 2 is put on screen; neither upload reaches the server.
    await page.locator('stacklab-exam [data-action="task"][data-task="switch"]').click();
    await expect.poll(() => status(page), { timeout: 120_000 }).toMatch(/Task 2 is set up/);
    const line = page.locator('#exam-session-status');
    // The line names both tasks, each with why, not only the last upload.
    await expect.poll(() => line.innerText(), { timeout: 120_000 }).toMatch(/^Task 1 could not be saved on the exam server: The exam server cannot be reached.* Task 2 could not be saved on the exam server: The exam server cannot be reached.* Trying again in \d+ s/);
    // It says the server has nothing of either task yet, and the exam bar says the latest work is not there.
    expect((await line.innerText()).match(/The exam server has none of your work on it yet\./g)).toHaveLength(2);
    expect(await page.locator('stacklab-exam .exam-bar #exam-session-save').innerText()).toBe('Your latest work is not on the exam server yet; trying again');
    expect(await browserStateSha256(page, 'cable')).toMatch(/^[0-9a-f]{64}$/);
    expect(await serverStateSha256(server.ctx, 'Em', 'cable')).toBeUndefined();

    // The next page of the sitting puts task 2 back on screen, and uploads both saves: task 1's,
    // which nothing else would send, and task 2's (a Resume is not saved again). The server stays
    // unreachable until this page has replaced the last, so that one's own retries send nothing.
    await page.reload();
    await page.unroute(uploads);
    await expect.poll(() => status(page), { timeout: 120_000 }).toMatch(/back where you left off/);
    await expect.poll(async () => (await serverStateSha256(server.ctx, 'Em', 'cable')) ?? 'none', { timeout: 120_000 }).toBe(await browserStateSha256(page, 'cable'));
    await expect.poll(async () => (await serverStateSha256(server.ctx, 'Em', 'switch')) ?? 'none', { timeout: 120_000 }).toBe(await browserStateSha256(page, 'switch'));
    await expect.poll(() => line.innerText(), { timeout: 60_000 }).toMatch(/^Task 1 saved on the exam server at [^.]+\. Task 2 saved on the exam server at [^.]+\.$/);
    await page.context().close();
  }, 600_000);

  it('sends the save made while the exam server was down once it is back, and the one made offline as soon as the browser is online, with nothing typed again; closing meanwhile asks first', async () => {
    const page = await openPage({ serviceWorkers: 'block' });
    // When each upload begins and how each ends.
    const begun: number[] = [];
    let failed = 0;
    page.on('request', (request) => void (request.method() === 'PUT' && begun.push(Date.now())));
    page.on('requestfailed', (request) => void (request.method() === 'PUT' && failed++));
    await startSitting(page, 'Fe');
    const line = page.locator('#exam-session-status');
    const inSync = async () => (await serverStateSha256(server.ctx, 'Fe', 'cable')) === (await browserStateSha256(page, 'cable'));

    // The server goes down (a restart, say) once a command is answered, before its autosave (3 s
    // of quiet later): the save cannot reach it. (Down earlier, the guest could not read its disk.)
    const port = Number(new URL(server.url).port);
    await expect.poll(() => line.innerText(), { timeout: 120_000 }).toMatch(/^Task 1 saved on the exam server at [^.;]+\.$/);
    await typeCommand(page, 'ip netns add down && echo made-down');
    await waitForTerminalText(page, /^made-down$/m, 30_000);
    // What the server holds as it goes down (on a loaded machine, a save of the set-up may land
    // after the first "saved" line): read at the last moment, not before the command.
    const savedBefore = (await line.innerText()).match(/^Task 1 saved on the exam server at ([^.;]+)\.$/)?.[1];
    const heldBefore = await serverStateSha256(server.ctx, 'Fe', 'cable');
    await server.close();
    await expect.poll(() => line.innerText(), { timeout: 120_000 }).toMatch(/^Task 1 could not be saved on the exam server: The exam server cannot be reached.* Trying again in \d+ s, or as soon as your connection is back\.$/);
    // It says what the server still has: the task as it saved it before it went down.
    expect(await line.innerText()).toContain(`The exam server has your work on it from ${savedBefore}.`);
    const summary = page.locator('stacklab-exam .exam-bar #exam-session-save');
    expect(await summary.getAttribute('data-kind')).toBe('save-failed');

    // Back on the same port and data: the page tries again by itself, and the server gets the save.
    server = await startSiteServer(dataDir, port);
    await expect.poll(inSync, { timeout: 120_000 }).toBe(true);
    expect(await serverStateSha256(server.ctx, 'Fe', 'cable'), 'the server still holds the save from before it went down').not.toBe(heldBefore);
    await expect.poll(() => line.innerText(), { timeout: 60_000 }).toMatch(/^Task 1 saved on the exam server at [^.]+\.$/);

    // Offline: the save fails, and so do the tries after it, each waiting twice as long.
    await page.context().setOffline(true);
    const failedBefore = failed;
    await typeCommand(page, 'ip netns add away && echo made-away');
    await waitForTerminalText(page, /^made-away$/m, 30_000);
    await expect.poll(() => failed - failedBefore, { timeout: 120_000 }).toBeGreaterThanOrEqual(3);
    await expect.poll(() => line.innerText(), { timeout: 30_000 }).toMatch(/Trying again in (1\d|20) s/);
    // Closing now would leave the server without the latest work (saved in this browser, its
    // upload waiting): the browser asks first. The candidate stays.
    const offline = await reloadAnswering(page, 'stay');
    expect(offline.asked, 'a reload with an upload waiting did not ask').toBe(true);
    expect(offline.stayed, 'the page reloaded').toBe(true);
    // Online again: the upload goes at once, not at the next try (10-20 s away).
    const onlineAt = Date.now();
    await page.context().setOffline(false);
    await expect.poll(() => begun.filter((at) => at >= onlineAt).length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(begun.find((at) => at >= onlineAt)! - onlineAt, 'the upload waited for the next try, not for the connection').toBeLessThan(5_000);
    await expect.poll(inSync, { timeout: 120_000 }).toBe(true);
    await expect.poll(() => line.innerText(), { timeout: 60_000 }).toMatch(/^Task 1 saved on the exam server at [^.]+\.$/);
    // Everything on the server: a reload asks nothing.
    expect((await reloadAnswering(page, 'leave')).asked, 'a reload with everything on the server asked too').toBe(false);
    await page.context().close();
  }, 600_000);

  it('leaves by a page load when the candidate follows a link of the site, and Back resumes the sitting with its work', async () => {
    const page = await openPage({ serviceWorkers: 'block' });
    const uploads = uploadsOf(page);
    await startSitting(page, 'Gu');
    await typeCommand(page, 'ip netns add kept && echo made-kept');
    await waitForTerminalText(page, /^made-kept$/m, 30_000);
    // Saved in this browser and on the server (an autosave that began before the output would not hold it).
    await saveToServer(page, 'Gu', uploads);
    // The browser may still ask (a save of the last seconds under way): the candidate leaves.
    page.on('dialog', (dialog) => void dialog.accept());
    await page.evaluate(() => Object.assign(window, { sittingDocument: true }));
    await page.locator('a.brand').click();
    await expect.poll(() => page.locator('h1').first().innerText(), { timeout: 30_000 }).toMatch(/^The Linux network stack/);
    expect(await page.evaluate(() => 'sittingDocument' in window), 'the site swapped the home page into the sitting\'s document').toBe(false);
    // Back: the sitting again, not an empty page beside the terminal.
    await page.goBack();
    await expect.poll(() => phase(page), { timeout: 90_000 }).toBe('running');
    await expect.poll(() => status(page), { timeout: 120_000 }).toMatch(/back where you left off/);
    await waitForPrompt(page);
    await typeCommand(page, 'echo "[$(ip netns list | grep -c kept) kept]"');
    await waitForTerminalText(page, '[1 kept]', 60_000);
    await page.context().close();
  }, 600_000);
});
