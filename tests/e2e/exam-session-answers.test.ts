/**
 * An answer task on the exam server, in chromium: the answers a candidate types reach the
 * server with the task's state as soon as typing pauses, before anything is submitted, so a
 * sitting the server closes itself (the browser gone at the deadline) is re-graded with them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examLinks } from '../../src/server/services/exam-links.ts';
import { openExamSession } from '../../src/server/services/exam-sessions.ts';
import { createInstructor, createLoginToken } from '../../src/server/services/instructors.ts';
import type { RunningServer } from '../../src/server/server.ts';
import { axeViolations } from './support/axe.ts';
import { inSight, useChromium, waitForPrompt } from './support/browser.ts';
import { newDataDir, startSiteServer, stopSiteServer } from './support/site-server.ts';

const openPage = useChromium({ needsVm: true });
let server: RunningServer;
let dataDir: string;
let links: ReturnType<typeof examLinks>;

beforeAll(async () => {
  dataDir = newDataDir('exam-answers');
  server = await startSiteServer(dataDir);
  const teacher = await createInstructor(server.ctx, { email: 'ada@example.org', password: 'a long enough password', admin: true });
  const session = await openExamSession(server.ctx, teacher.id, { exam: 'e2e-answers', minutes: 15 });
  links = examLinks(server.url, session.code, await createLoginToken(server.ctx, teacher.id));
});
afterAll(async () => {
  await stopSiteServer(server, dataDir);
});

/** The answers the server keeps for the sitting's task, once they equal `expected`; undefined until then. */
async function storedAnswers(expected: Record<string, string>): Promise<Record<string, string> | undefined> {
  const row = await server.ctx.storage.db.selectFrom('exam_task_states').select(['task_id', 'answers']).where('task_id', '=', 'fdb').executeTakeFirst();
  const answers = row?.answers ? (JSON.parse(row.answers) as Record<string, string>) : undefined;
  return JSON.stringify(answers) === JSON.stringify(expected) ? answers : undefined;
}

describe('an answer task on the exam server', () => {
  it('uploads the typed answers with the task state once typing pauses, with nothing submitted, and says while a newer save is being sent', async () => {
    const page = await openPage({ serviceWorkers: 'block' });
    await page.goto(links.sitUrl);
    await page.locator('#exam-session-form input[name="name"]').fill('Cy');
    await page.locator('#exam-session-form button[type="submit"]').click();
    await expect.poll(() => page.locator('stacklab-exam').getAttribute('data-phase'), { timeout: 90_000 }).toBe('running');
    await waitForPrompt(page);

    // Typed as soon as the fields show, which may be before the task's set-up has finished.
    const fields = page.locator('stacklab-exam [data-part="task-answer-fields"] input[data-question]');
    await expect.poll(() => fields.count(), { timeout: 60_000 }).toBe(2);
    await fields.nth(0).fill('p3');
    await fields.nth(1).fill('02:00:00:00:00:09');
    await expect.poll(() => page.locator('stacklab-exam [data-part="status"]').innerText(), { timeout: 120_000 }).toMatch(/Task 1 is set up|set up again from its start/);
    const expected = { 'app-port': 'p3', 'p1-mac': '02:00:00:00:00:09' };
    const until = Date.now() + 120_000;
    let stored = await storedAnswers(expected);
    while (!stored && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      stored = await storedAnswers(expected);
    }
    expect(stored, 'the exam server never got the typed answers with the task state').toEqual(expected);
    // The candidate is told of the save with the task's name on their page, not its internal id.
    const line = page.locator('#exam-session-status');
    await expect.poll(() => line.innerText(), { timeout: 10_000 }).toMatch(/^Task 1 saved on the exam server at /);

    // A newer answer while the server is slow to take its upload: from the save on, the line says
    // the work is being sent, beside the time the server last saved it, until the server has it.
    let release!: () => void;
    const slowServer = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/exam-sitting/tasks/*/state', async (route) => {
      await slowServer;
      await route.continue();
    });
    await fields.nth(0).fill('p4');
    await expect.poll(() => line.getAttribute('data-kind'), { timeout: 60_000 }).toBe('sending');
    expect(await line.innerText()).toMatch(/^Task 1 saved on the exam server at [^;]+; sending newer work…$/);
    // The exam bar says the same in a few words, in sight beside Submit while the candidate types low on the page.
    const summary = page.locator('stacklab-exam .exam-bar #exam-session-save');
    expect(await summary.innerText()).toBe('Sending your work to the exam server…');
    expect(await inSight(line), 'the full line has scrolled out of sight, above the exam').toBe(false);
    expect(await inSight(summary), 'the exam bar keeps the upload in sight').toBe(true);
    await page.screenshot({ path: 'test-results/exam-session-sending.png' });
    release();
    await expect.poll(() => line.getAttribute('data-kind'), { timeout: 60_000 }).toBe('saved');
    expect(await line.innerText()).toMatch(/^Task 1 saved on the exam server at [^;]+\.$/);
    expect(await summary.innerText()).toBe('All your work is on the exam server');
    // Its words lead to the full line.
    await summary.click();
    await expect.poll(() => inSight(line), { timeout: 10_000 }).toBe(true);
    expect(await axeViolations(page), 'axe on the running sitting with both upload lines').toEqual([]);
    expect(await storedAnswers({ ...expected, 'app-port': 'p4' })).toEqual({ ...expected, 'app-port': 'p4' });
    const sitting = await server.ctx.storage.db.selectFrom('exam_sittings').select(['submitted_at']).executeTakeFirstOrThrow();
    expect(sitting.submitted_at).toBeNull();
    await page.context().close();
  }, 600_000);
});
