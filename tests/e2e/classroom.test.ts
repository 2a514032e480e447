/**
 * The learner's side of a workshop in chromium, against the classroom server serving the built
 * site: join with a code and a name, the "You are in" bar on every page, reports (lesson
 * viewed, a Check's report, a raised hand) reaching the instructor's dashboard data, reports
 * made offline delivered once back online, a broadcast shown, leaving; a second learner by the
 * name of one who is here is refused; and a learner who never joined sends nothing.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboard } from '../../src/server/services/dashboard.ts';
import { createInstructor, createLoginToken } from '../../src/server/services/instructors.ts';
import { workshopLinks } from '../../src/server/services/links.ts';
import { broadcast } from '../../src/server/services/room.ts';
import { createWorkshop, workshopByCode } from '../../src/server/services/workshops.ts';
import { joinWorkshop } from '../../src/server/services/learners.ts';
import { recordLearnerEvents } from '../../src/server/services/events.ts';
import { listExerciseIds } from '../../src/exercises/load.ts';
import type { RunningServer } from '../../src/server/server.ts';
import type { CheckReportDetail } from '../../src/lib/classroom/events.ts';
import { axeViolations } from './support/axe.ts';
import { LESSON_ONE, useChromium } from './support/browser.ts';
import { newDataDir, startSiteServer, stopSiteServer } from './support/site-server.ts';

const openPage = useChromium({ needsVm: false });
/** Page loads and the reporter's round trips on a busy machine. */
const soon = { timeout: 15_000 };

describe('a learner in a workshop', () => {
  let server: RunningServer;
  let dataDir: string;
  let code: string;
  let adaId: number;
  beforeAll(async () => {
    dataDir = newDataDir('classroom');
    server = await startSiteServer(dataDir);
    const ada = await createInstructor(server.ctx, { email: 'ada@example.org', password: 'a long enough password', admin: true });
    adaId = ada.id;
    code = (await createWorkshop(server.ctx, ada.id, { title: 'Namespaces workshop', exercises: ['netns-red-blue'] })).code;
  });
  afterAll(async () => {
    await stopSiteServer(server, dataDir);
  });
  const room = async () => dashboard(server.ctx, await workshopByCode(server.ctx, code));
  const page = async () => {
    const p = await openPage({ serviceWorkers: 'block' });
    await p.route('**/vm/**', () => {});
    return p;
  };
  /** Announces a Check's report as the exercise element does (src/lib/classroom/events.ts). */
  const announceReport = (p: Page, detail: CheckReportDetail) => p.evaluate((detail) => window.dispatchEvent(new CustomEvent('stacklab:check-report', { detail })), detail);
  const checkReport = (p: Page, pass: boolean) =>
    announceReport(p, {
      exercise: 'netns-red-blue',
      report: {
        status: pass ? 'pass' : 'fail',
        score: pass ? 4 : 2,
        maximum: 4,
        earned: { score: pass ? 4 : 2, maximum: 4 },
        checks: [
          { id: 'ns-exist', title: 'red and blue exist', status: 'pass' },
          { id: 'return-route', title: 'return route', status: pass ? 'pass' : 'fail' },
        ],
      },
    });
  /** Check pressed on fix-two-faults as it was set up: its three "lab intact" checks pass, and the work earned nothing. */
  const untouchedTicket = (p: Page) =>
    announceReport(p, {
      exercise: 'fix-two-faults',
      report: { status: 'fail', score: 3, maximum: 8, earned: { score: 0, maximum: 5 }, checks: [{ id: 'web-reachable', title: 'client reaches web', status: 'fail' }] },
    });

  it('joins, reports, raises a hand, gets a broadcast, reports offline, and leaves', async () => {
    const p = await page();
    await p.goto(`${server.url}/classroom/join/?code=${code}`);
    expect(await p.locator('input[name="code"]').inputValue()).toBe(code);
    await p.locator('input[name="name"]').fill('Ana');
    await p.getByRole('button', { name: 'Join' }).click();
    await expect.poll(() => p.locator('.classroom-join [data-part="result"]').innerText(), soon).toContain('You are in: Namespaces workshop');

    await p.goto(`${server.url}/${LESSON_ONE}`);
    await expect.poll(() => p.locator('stacklab-classroom').innerText(), soon).toContain('You are in: Namespaces workshop');
    await expect.poll(async () => (await room()).roster[0]?.currentLesson, soon).toBe('translation-table');

    await checkReport(p, false);
    await expect.poll(async () => (await room()).roster[0]?.exercises['netns-red-blue']?.failingCheck?.title, soon).toBe('return route');

    await p.getByRole('button', { name: 'Raise hand' }).click();
    await p.getByLabel('Message for your instructor (optional)').fill('my ping fails');
    await p.getByRole('button', { name: 'Send' }).click();
    await expect.poll(async () => (await room()).hands.map((h) => `${h.learnerName}: ${h.message}`), soon).toEqual(['Ana: my ping fails']);

    await broadcast(server.ctx, await workshopByCode(server.ctx, code), 'Look at the whiteboard');
    // Pushed by the learner's stream at once, not polled (a poll every 20 s would miss this bound).
    await expect.poll(() => p.locator('stacklab-classroom [data-part="message"]').innerText(), { timeout: 5_000 }).toBe('From your instructor: Look at the whiteboard');

    await p.context().setOffline(true);
    await checkReport(p, true);
    await expect.poll(() => p.evaluate(() => JSON.parse(localStorage.getItem('stacklab:classroom:queue') ?? '[]').length), soon).toBe(1);
    expect((await room()).roster[0]?.exercises['netns-red-blue']?.status).toBe('fail');
    await p.context().setOffline(false);
    await expect.poll(async () => (await room()).roster[0]?.exercises['netns-red-blue']?.status, { timeout: 30_000 }).toBe('pass');

    await p.screenshot({ path: 'test-results/classroom-learner-bar.png' });
    await p.getByRole('button', { name: 'Leave' }).click();
    await expect.poll(() => p.locator('stacklab-classroom').innerText(), soon).toContain('You left "Namespaces workshop"');
    await expect.poll(async () => (await room()).roster[0]?.leftAt, soon).not.toBeNull();
    await p.context().close();
  });

  it('sends nothing anywhere for a learner who joined no workshop', async () => {
    const p = await page();
    const api: string[] = [];
    p.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/')) api.push(request.url());
    });
    await p.goto(`${server.url}/${LESSON_ONE}`);
    await checkReport(p, false);
    await p.waitForTimeout(1000);
    expect(api).toEqual([]);
    expect(await p.locator('stacklab-classroom').isHidden()).toBe(true);
    await p.context().close();
  });

  it('keeps a workshop of every exercise on a laptop’s screen: the roster scrolls sideways on its own, the learner’s name in view', async () => {
    const every = (await createWorkshop(server.ctx, adaId, { title: 'The whole course', exercises: listExerciseIds() })).code;
    const { learner: max } = await joinWorkshop(server.ctx, every, 'Maximilian Oberhausen-Schmidt');
    const instructor = await openPage({ serviceWorkers: 'block', viewport: { width: 1024, height: 768 } });
    await instructor.goto(workshopLinks(server.url, every, await createLoginToken(server.ctx, adaId)).dashboardUrl);
    await expect.poll(() => instructor.locator('.roster caption').innerText(), soon).toBe('1 learner in the room');
    const { page: pageOverflow, grid } = await instructor.evaluate(() => {
      const box = document.querySelector('.roster-scroll');
      return { page: document.documentElement.scrollWidth - document.documentElement.clientWidth, grid: box ? box.scrollWidth - box.clientWidth : 0 };
    });
    expect(pageOverflow, 'the page scrolls sideways').toBeLessThanOrEqual(0);
    expect(grid, 'the roster is wider than the screen, so it scrolls on its own').toBeGreaterThan(0);
    await instructor.locator('.roster-scroll').evaluate((scroller) => scroller.scrollTo({ left: scroller.scrollWidth }));
    const name = instructor.locator('.roster tbody th').first();
    const [nameBox, gridBox] = [await name.boundingBox(), await instructor.locator('.roster-scroll').boundingBox()];
    expect(nameBox!.x, 'the learner’s name stays at the grid’s left edge').toBeCloseTo(gridBox!.x, 0);
    const lastCell = instructor.locator('.roster tbody td.heat').last();
    // A failing Check of the last column's exercise: its cell's note is drawn on focus.
    const lastExercise = (await instructor.locator('.roster thead th.exercise-head').last().getAttribute('data-exercise'))!;
    await recordLearnerEvents(server.ctx, max, [
      { key: 'wide-start-1', type: 'exercise-started', exercise: lastExercise },
      { key: 'wide-check-1', type: 'check-report', exercise: lastExercise, status: 'fail', score: 1, max: 3, checks: [{ id: 'a', title: 'the overlay carries traffic between the two sites', status: 'fail' }] },
    ]);
    await expect.poll(() => lastCell.getAttribute('data-failing'), soon).toBe('the overlay carries traffic between the two sites');
    await instructor.locator('.roster-scroll').evaluate((scroller) => scroller.scrollTo({ left: scroller.scrollWidth }));
    const lastBox = await lastCell.boundingBox();
    expect(lastBox!.x + lastBox!.width, 'the last exercise is in view').toBeLessThanOrEqual(gridBox!.x + gridBox!.width + 1);
    // Its note ("latest Check fails: …"), centred on the cell, ran past the grid's visible edge and was cut off.
    await lastCell.focus();
    const note = await lastCell.evaluate((td) => {
      const style = getComputedStyle(td, '::after');
      const cell = td.getBoundingClientRect();
      const width = parseFloat(style.width);
      // Where it is drawn, from its used offset in the cell and its shift.
      const left = cell.left + td.clientLeft + parseFloat(style.left) + new DOMMatrix(style.transform === 'none' ? undefined : style.transform).e;
      // The width its words need in its font: a note narrower than that hides the rest of them.
      const pen = document.createElement('canvas').getContext('2d')!;
      pen.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      return { content: style.content, left, right: left + width, width, words: pen.measureText(JSON.parse(style.content) as string).width };
    });
    expect(note.width, "the note is as wide as its words").toBeGreaterThanOrEqual(Math.floor(note.words));
    expect(note.content).toBe('"latest Check fails: the overlay carries traffic between the two sites"');
    expect(note.right, "the failing cell's note ends inside the grid").toBeLessThanOrEqual(gridBox!.x + gridBox!.width + 1);
    expect(note.left, "the failing cell's note starts inside the grid").toBeGreaterThanOrEqual(gridBox!.x);
    // Something happens in the room and the dashboard draws its snapshot again: the instructor's
    // place stays, the grid scrolled to its end and the focus on the same cell.
    const scrolled = await instructor.locator('.roster-scroll').evaluate((scroller) => {
      scroller.dataset.drawnBefore = '';
      return scroller.scrollLeft;
    });
    expect(scrolled).toBeGreaterThan(0);
    await recordLearnerEvents(server.ctx, max, [{ key: 'wide-hand-1', type: 'hand-raised', message: 'which column is mine?' }]);
    await expect.poll(() => instructor.locator('.roster-scroll:not([data-drawn-before])').count(), soon).toBe(1);
    expect(await instructor.locator('.roster-scroll').evaluate((scroller) => scroller.scrollLeft), 'the grid stays scrolled where the instructor left it').toBe(scrolled);
    expect(await instructor.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.exercise ?? document.activeElement?.tagName), 'the focus stays on the cell').toBe(lastExercise);
    expect(await axeViolations(instructor), 'axe on the wide roster').toEqual([]);
    await instructor.context().close();
  });

  it('shows the instructor the room live: the failing check, then the pass, the raised hand, a pass that fails since, and the learner away once gone', async () => {
    const other = (await createWorkshop(server.ctx, adaId, { title: 'Dashboard workshop', exercises: ['netns-red-blue', 'eth1-up', 'fix-two-faults'] })).code;
    for (const colorScheme of ['light', 'dark'] as const) {
      const instructor = await openPage({ serviceWorkers: 'block', colorScheme });
      await instructor.goto(workshopLinks(server.url, other, await createLoginToken(server.ctx, adaId)).dashboardUrl);
      await expect.poll(() => instructor.locator('h1').innerText(), soon).toBe('Dashboard workshop');
      if (colorScheme === 'light') {
        const learner = await page();
        await learner.goto(`${server.url}/classroom/join/?code=${other}`);
        expect(await axeViolations(learner), 'axe on the join page').toEqual([]);
        await learner.locator('input[name="name"]').fill('Bo');
        await learner.getByRole('button', { name: 'Join' }).click();
        await expect.poll(() => learner.locator('.classroom-join [data-part="result"]').innerText(), soon).toContain('You are in');
        // A second "Bo" while Bo is here: told to add an initial, and not in the roster.
        const namesake = await page();
        await namesake.goto(`${server.url}/classroom/join/?code=${other}`);
        await namesake.locator('input[name="name"]').fill('bo');
        await namesake.getByRole('button', { name: 'Join' }).click();
        await expect.poll(() => namesake.locator('.classroom-join [data-part="result"]').innerText(), soon).toBe(
          'Could not join: Someone called "bo" is already in this workshop. Add your surname or an initial (such as "bo K.") so your instructor can tell you apart.',
        );
        await namesake.context().close();
        await checkReport(learner, false);
        const cell = instructor.locator('td.heat').first();
        await expect.poll(() => cell.getAttribute('data-failing'), soon).toBe('return route');
        await expect.poll(() => instructor.locator('.check-summary').innerText(), soon).toContain('1 of 1 fail return route');
        expect(await cell.locator('.heat-note').count(), 'a cell that never passed needs no marker').toBe(0);
        // The untouched ticket is cold: 0 of the 5 points the work can earn, the learner's 3/8 named beside.
        await untouchedTicket(learner);
        const ticket = instructor.locator('td.heat').nth(2);
        await expect.poll(() => ticket.innerText(), soon).toBe('0/5');
        expect(await ticket.getAttribute('title')).toBe("0/5 earned (the learner's report says 3/8, counting the checks the set-up already satisfies), fail, latest Check fails: client reaches web");
        expect(await ticket.evaluate((td) => getComputedStyle(td).getPropertyValue('--heat'))).toBe('0');
        await checkReport(learner, true);
        await expect.poll(() => cell.getAttribute('data-status'), soon).toBe('pass');
        expect(await cell.locator('.heat-note').count(), 'a latest Check that passes needs no marker').toBe(0);
        await learner.getByRole('button', { name: 'Raise hand' }).click();
        await learner.getByLabel('Message for your instructor (optional)').fill('what is a return route?');
        await learner.getByRole('button', { name: 'Send' }).click();
        await expect.poll(() => instructor.locator('.hands').innerText(), soon).toContain('Bo: what is a return route?');
        expect(await axeViolations(learner), 'axe on the learner bar with its hand form').toEqual([]);
        await checkReport(learner, false);
        // The report goes from the learner's queue over HTTP; closing the tab before it is sent would keep it queued in that tab.
        await expect.poll(() => cell.getAttribute('data-failing'), soon).toBe('return route');
        // The best score stays (green 4/4), and the cell says the latest Check fails since.
        expect(await cell.getAttribute('data-status')).toBe('pass');
        expect(await cell.locator('.heat-note').innerText()).toBe('now failing');
        expect(await instructor.locator('.roster caption').innerText()).toBe('1 learner in the room');
        expect(await instructor.locator('.away-badge').count(), 'Bo, with the page open, is not away').toBe(0);
        await learner.context().close();
        // Two minutes later (the clock moved on in the table): the page closed, nothing kept Bo's stream open.
        await server.ctx.storage.db.updateTable('learners').set({ last_seen_at: Date.now() - 2 * 60_000 }).where('display_name', '=', 'Bo').execute();
      } else {
        expect(await instructor.locator('.roster caption').innerText()).toBe('1 learner in the room, 1 of them away');
        expect(await instructor.locator('tr[data-away] .away-badge').innerText()).toBe('away 2 min');
        expect(await instructor.locator('td.heat .heat-note').first().innerText()).toBe('now failing');
        // A peek at a learner who is away: the request waits for them, and the dashboard says so.
        await instructor.locator('tr[data-away]').getByRole('button', { name: 'Peek' }).click();
        await expect.poll(() => instructor.locator('.dashboard-peek').innerText(), soon).toContain(
          'Asked Bo to share their terminal. Bo is away (no page of the workshop is open), so they will see the request when they are back.',
        );
      }
      await expect.poll(() => instructor.locator('td.heat').first().getAttribute('data-failing'), soon).toBe('return route');
      expect(await axeViolations(instructor), `axe on the dashboard, ${colorScheme}`).toEqual([]);
      await instructor.locator('td.heat').first().focus();
      await instructor.screenshot({ path: `test-results/classroom-dashboard-simulated-${colorScheme}.png`, fullPage: true });
      await instructor.context().close();
    }
  });
});
