/**
 * The classroom's services without HTTP, on each database the run has (SQLite always,
 * PostgreSQL when DATABASE_URL is set): accounts and sessions, workshops, learners' events and
 * what they derive (best scores, failing checks, stuck, presence, hands, the per-check view).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboard, exportCsv, progressReport } from '../../src/server/services/dashboard.ts';
import { eventsAfter, recordLearnerEvents } from '../../src/server/services/events.ts';
import { createInstructor, createLoginToken, logIn, logOut, redeemLoginToken, sessionFor } from '../../src/server/services/instructors.ts';
import { joinWorkshop, learnerByToken, markSeen, PRESENCE_TIMEOUT_MS, type Learner } from '../../src/server/services/learners.ts';
import { broadcast, updateHand } from '../../src/server/services/room.ts';
import { hashPassword, verifyPassword } from '../../src/server/services/secrets.ts';
import { createWorkshop, listWorkshops, updateSettings, workshopByCode, workshopForInstructor } from '../../src/server/services/workshops.ts';
import { openStorage } from '../../src/server/storage/database.ts';
import { learnersTopic, learnerTopic } from '../../src/server/storage/event-bus.ts';
import type { LearnerEventInput } from '../../src/server/schemas.ts';
import { learnerEventSchema } from '../../src/server/schemas.ts';
import { kinds } from './support/databases.ts';
import { testContext, type TestContext } from './support/services.ts';

let keys = 0;
const key = () => `k-${++keys}-${Math.random().toString(36).slice(2, 10)}`;
type WithoutKey<T> = T extends unknown ? Omit<T, 'key'> : never;
const ev = (e: WithoutKey<LearnerEventInput>) => learnerEventSchema.parse({ key: key(), ...e });
const report = (exercise: string, score: number, checks: Array<[string, 'pass' | 'fail' | 'skip']>) =>
  ev({ type: 'check-report', exercise, status: checks.every(([, s]) => s === 'pass') ? 'pass' : 'fail', score, max: 100, checks: checks.map(([id, status]) => ({ id, title: `the ${id} check`, status })) });

describe('passwords', () => {
  it('are stored as a salted scrypt hash that verifies only the right password', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(stored).not.toContain('correct horse');
    expect(await hashPassword('correct horse battery')).not.toBe(stored);
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
  });
});

describe.each(kinds)('services on %s', (kind) => {
  let ctx: TestContext;
  let instructorId: number;
  beforeAll(async () => {
    ctx = await testContext(kind);
    instructorId = (await createInstructor(ctx, { email: 'Ada@Example.org', password: 'a long enough password', admin: true })).id;
  });
  afterAll(() => ctx?.close());

  it('applies the migrations once: opening the database again changes nothing', async () => {
    const tables = await ctx.storage.db.introspection.getTables();
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['events', 'hands', 'learners', 'progress', 'workshops', 'sessions']));
    if (kind === 'sqlite') {
      const again = await openStorage({ dataDir: ctx.storage.location.replace(/\/[^/]+$/, '') });
      expect((await again.db.selectFrom('instructors').select('email').execute()).map((r) => r.email)).toEqual(['ada@example.org']);
      await again.close();
    }
  });

  it('refuses a second account with the same email, in any case', async () => {
    await expect(createInstructor(ctx, { email: 'ADA@example.org', password: 'another long password', admin: false })).rejects.toMatchObject({ status: 409, code: 'instructor-exists' });
  });

  it('logs in with the right password only, and a session ends at log-out', async () => {
    await expect(logIn(ctx, 'ada@example.org', 'wrong password!!')).rejects.toMatchObject({ status: 401, code: 'bad-credentials' });
    await expect(logIn(ctx, 'nobody@example.org', 'a long enough password')).rejects.toMatchObject({ status: 401 });
    const session = await logIn(ctx, 'ada@example.org', 'a long enough password');
    expect((await sessionFor(ctx, session.token))?.instructor.email).toBe('ada@example.org');
    await logOut(ctx, session.token);
    expect(await sessionFor(ctx, session.token)).toBeUndefined();
  });

  it('opens a session with a login token once, and not after it expires', async () => {
    const token = await createLoginToken(ctx, instructorId);
    expect((await redeemLoginToken(ctx, token)).instructor.id).toBe(instructorId);
    await expect(redeemLoginToken(ctx, token)).rejects.toMatchObject({ status: 401, code: 'login-link-spent' });
    const late = await createLoginToken(ctx, instructorId);
    ctx.advance(25 * 3_600_000);
    await expect(redeemLoginToken(ctx, late)).rejects.toMatchObject({ code: 'login-link-spent' });
  });

  it('refuses a workshop with an exercise the course does not have, naming the known ones', async () => {
    await expect(createWorkshop(ctx, instructorId, { title: 'Bad', exercises: ['no-such-exercise'] })).rejects.toMatchObject({
      status: 400,
      code: 'unknown-exercise',
      message: expect.stringContaining('netns-red-blue'),
    });
  });

  it('shows a workshop only to its instructors', async () => {
    const other = await createInstructor(ctx, { email: 'grace@example.org', password: 'a long enough password', admin: false });
    const workshop = await createWorkshop(ctx, instructorId, { title: 'Private', exercises: ['eth1-up'] });
    expect(workshop.code).toMatch(/^[A-Z2-9]{6}$/);
    expect((await workshopForInstructor(ctx, workshop.code, instructorId)).title).toBe('Private');
    await expect(workshopForInstructor(ctx, workshop.code, other.id)).rejects.toMatchObject({ status: 404 });
  });

  describe('a workshop in progress', () => {
    let code: string;
    let ana: { token: string; learner: Learner };
    let bo: { token: string; learner: Learner };
    beforeAll(async () => {
      code = (await createWorkshop(ctx, instructorId, { title: 'Namespaces', exercises: ['netns-red-blue', 'eth1-up'], stuckMinutes: 5, stuckFailures: 3 })).code;
      ana = await joinWorkshop(ctx, code, 'Ana');
      bo = await joinWorkshop(ctx, code, 'Bo');
    });
    const workshop = () => workshopByCode(ctx, code);
    const row = async (name: string) => (await dashboard(ctx, await workshop())).roster.find((r) => r.name === name)!;

    it('stores a retried event once', async () => {
      const started = ev({ type: 'exercise-started', exercise: 'netns-red-blue' });
      const [first] = await recordLearnerEvents(ctx, ana.learner, [started]);
      const [again] = await recordLearnerEvents(ctx, ana.learner, [started]);
      expect(first).toMatchObject({ duplicate: false });
      expect(again).toEqual({ key: started.key, id: first!.id, duplicate: true });
      const count = await ctx.storage.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).where('idem_key', '=', started.key).executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(1);
    });

    it('keeps the best score and names the failing check', async () => {
      await recordLearnerEvents(ctx, ana.learner, [report('netns-red-blue', 60, [['ns-red', 'pass'], ['return-route', 'fail']])]);
      await recordLearnerEvents(ctx, ana.learner, [report('netns-red-blue', 30, [['ns-red', 'fail'], ['return-route', 'skip']])]);
      const cell = (await row('Ana')).exercises['netns-red-blue']!;
      expect(cell).toMatchObject({ best: 60, max: 100, status: 'fail', reports: 2, failingCheck: { id: 'ns-red', title: 'the ns-red check' } });
      expect((await row('Ana')).currentExercise).toBe('netns-red-blue');
    });

    it('flags a learner stuck when the same check fails K times in a row, and clears it on a pass', async () => {
      for (let i = 0; i < 3; i++) await recordLearnerEvents(ctx, bo.learner, [report('netns-red-blue', 50, [['ns-red', 'pass'], ['return-route', 'fail']])]);
      expect((await row('Bo')).stuck).toMatchObject({ reason: 'same-check-failing', detail: expect.stringContaining('the return-route check" failed 3 times') });
      await recordLearnerEvents(ctx, bo.learner, [report('netns-red-blue', 100, [['ns-red', 'pass'], ['return-route', 'pass']])]);
      const bos = await row('Bo');
      expect(bos.stuck).toBeNull();
      expect(bos.exercises['netns-red-blue']).toMatchObject({ status: 'pass', best: 100, failingCheck: null });
    });

    it('refuses a second learner by the name of one who is here, and says what to do; a namesake away or gone frees it', async () => {
      const room = (await createWorkshop(ctx, instructorId, { title: 'Names', exercises: ['netns-red-blue'] })).code;
      const elodie = await joinWorkshop(ctx, room, 'Élodie');
      await expect(joinWorkshop(ctx, room, 'élodie')).rejects.toMatchObject({
        status: 409,
        code: 'name-taken',
        message: 'Someone called "élodie" is already in this workshop. Add your surname or an initial (such as "élodie K.") so your instructor can tell you apart.',
      });
      expect((await joinWorkshop(ctx, room, 'Élodie K.')).learner.name).toBe('Élodie K.');
      // Élodie's page closed: she may be the one joining again from another browser.
      ctx.advance(PRESENCE_TIMEOUT_MS);
      const again = await joinWorkshop(ctx, room, 'Élodie');
      await expect(joinWorkshop(ctx, room, 'ÉLODIE')).rejects.toMatchObject({ status: 409 });
      await recordLearnerEvents(ctx, again.learner, [ev({ type: 'left' })]);
      expect((await joinWorkshop(ctx, room, 'Élodie')).learner.id).not.toBe(elodie.learner.id);
    });

    it('flags a learner stuck after N minutes without progress, with their page open', async () => {
      expect((await row('Ana')).stuck).toBeNull();
      ctx.advance(6 * 60_000);
      await markSeen(ctx, ana.learner.id);
      expect((await row('Ana')).stuck).toMatchObject({ reason: 'no-progress', detail: 'no progress for 6 minutes' });
      expect((await row('Ana')).awayFor).toBeNull();
      expect((await row('Ana')).timeOnCurrent).toBeGreaterThanOrEqual(6 * 60_000);
    });

    it('shows a learner away once their page has been gone for 45 s, not stuck, and here again when it comes back', async () => {
      await markSeen(ctx, ana.learner.id);
      ctx.advance(PRESENCE_TIMEOUT_MS - 1000);
      expect((await row('Ana')).awayFor).toBeNull();
      ctx.advance(1000);
      const away = await row('Ana');
      expect(away.awayFor).toBe(PRESENCE_TIMEOUT_MS);
      expect(away.stuck, 'no progress from a learner who is away is not being stuck').toBeNull();
      await markSeen(ctx, ana.learner.id);
      const back = await row('Ana');
      expect(back.awayFor).toBeNull();
      expect(back.stuck).toMatchObject({ reason: 'no-progress' });
    });

    it('counts, per check, the learners whose latest report fails it', async () => {
      const { checks } = await dashboard(ctx, await workshop());
      expect(checks.find((c) => c.check === 'ns-red')).toEqual({ exercise: 'netns-red-blue', check: 'ns-red', title: 'the ns-red check', failing: 1, checked: 2, room: 2 });
      expect(checks.find((c) => c.check === 'return-route')).toMatchObject({ failing: 0, checked: 2 });
    });

    it('queues raised hands until resolved, and tells only that learner', async () => {
      const woken = { bo: [] as number[], ana: [] as number[], room: [] as number[] };
      const stops = [
        ctx.bus.subscribe(learnerTopic(bo.learner.id), (id) => woken.bo.push(id)),
        ctx.bus.subscribe(learnerTopic(ana.learner.id), (id) => woken.ana.push(id)),
        ctx.bus.subscribe(learnersTopic(bo.learner.workshopId), (id) => woken.room.push(id)),
      ];
      const [raised] = await recordLearnerEvents(ctx, bo.learner, [ev({ type: 'hand-raised', message: 'my ping fails' })]);
      let { hands } = await dashboard(ctx, await workshop());
      expect(hands).toMatchObject([{ learnerName: 'Bo', message: 'my ping fails', acknowledgedAt: null }]);
      await updateHand(ctx, await workshop(), hands[0]!.id, 'acknowledge');
      expect((await dashboard(ctx, await workshop())).hands[0]!.acknowledgedAt).not.toBeNull();
      await updateHand(ctx, await workshop(), hands[0]!.id, 'resolve');
      ({ hands } = await dashboard(ctx, await workshop()));
      expect(hands).toEqual([]);
      await expect(updateHand(ctx, await workshop(), 999_999, 'resolve')).rejects.toMatchObject({ status: 404 });
      const forBo = await eventsAfter(ctx, bo.learner.workshopId, raised!.id, 100, { forLearner: bo.learner.id });
      const forAna = await eventsAfter(ctx, ana.learner.workshopId, raised!.id, 100, { forLearner: ana.learner.id });
      expect(forBo.map((e) => e.type)).toEqual(['hand-acknowledged', 'hand-resolved']);
      expect(forAna).toEqual([]);
      // Only Bo's stream was woken (on PostgreSQL the wake-ups come through NOTIFY, a moment later): not Ana's, nor every learner's.
      await expect.poll(() => woken.bo.length).toBe(2);
      await new Promise((r) => setTimeout(r, 200));
      for (const stop of stops) stop();
      expect(woken).toMatchObject({ ana: [], room: [] });
    });

    it('sends a broadcast to every learner, and wakes the streams with its id', async () => {
      const woken: number[] = [];
      const stop = ctx.bus.subscribe(learnersTopic(ana.learner.workshopId), (id) => woken.push(id));
      const id = await broadcast(ctx, await workshop(), 'Break until 11:00');
      await expect.poll(() => woken).toContain(id);
      stop();
      for (const learner of [ana.learner, bo.learner]) {
        expect((await eventsAfter(ctx, learner.workshopId, id - 1, 100, { forLearner: learner.id })).map((e) => e.payload.message)).toEqual(['Break until 11:00']);
      }
    });

    it('prints progress per learner and exports CSV that a spreadsheet will not run', async () => {
      const progress = await progressReport(ctx, await workshop());
      expect(progress.find((p) => p.learner === 'Bo')?.exercises).toEqual({
        'netns-red-blue': { best: 100, max: 100, earned: 100, earnedMax: 100, status: 'pass' },
        'eth1-up': { best: 0, max: 0, earned: 0, earnedMax: 0, status: 'not-started' },
      });
      const sly = await joinWorkshop(ctx, code, '=HYPERLINK("x")');
      const csv = await exportCsv(ctx, await workshop());
      expect(csv.split('\r\n')[0]).toContain('netns-red-blue best,netns-red-blue max,netns-red-blue earned,netns-red-blue earned max,netns-red-blue status');
      expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
      expect(csv).toMatch(/^Bo,.*,100,100,100,100,pass,/m);
      await recordLearnerEvents(ctx, sly.learner, [ev({ type: 'left' })]);
    });

    it('counts what the work earned: a Check of an untouched lab is no progress, and its cell shows 0 of the points the work can earn', async () => {
      const tickets = (await createWorkshop(ctx, instructorId, { title: 'Tickets', exercises: ['fix-two-faults'], stuckMinutes: 5, stuckFailures: 9 })).code;
      const cy = await joinWorkshop(ctx, tickets, 'Cy');
      const cyRow = async () => (await dashboard(ctx, await workshopByCode(ctx, tickets))).roster.find((r) => r.name === 'Cy')!;
      const ticket = (score: number, earned: number) =>
        ev({ type: 'check-report', exercise: 'fix-two-faults', status: 'fail', score, max: 8, earned: { score: earned, max: 5 }, checks: [{ id: 'lab-intact', title: 'the lab is intact', status: 'pass' }, { id: 'web-reachable', title: 'web answers', status: 'fail' }] });
      await recordLearnerEvents(ctx, cy.learner, [ev({ type: 'exercise-started', exercise: 'fix-two-faults' })]);
      ctx.advance(6 * 60_000);
      await markSeen(ctx, cy.learner.id);
      // Check pressed on the lab as it was set up: 3 of 8 points, all of them the set-up's.
      await recordLearnerEvents(ctx, cy.learner, [ticket(3, 0)]);
      let cell = (await cyRow()).exercises['fix-two-faults']!;
      expect(cell).toMatchObject({ best: 3, max: 8, earned: 0, earnedMax: 5, status: 'fail' });
      expect((await cyRow()).stuck, 'a Check that found only the set-up counted as progress').toMatchObject({ reason: 'no-progress', detail: 'no progress for 6 minutes' });
      // One fault mended: progress, and the earned score goes up.
      await recordLearnerEvents(ctx, cy.learner, [ticket(6, 3)]);
      cell = (await cyRow()).exercises['fix-two-faults']!;
      expect(cell).toMatchObject({ best: 6, max: 8, earned: 3, earnedMax: 5 });
      expect((await cyRow()).stuck).toBeNull();
      expect(await exportCsv(ctx, await workshopByCode(ctx, tickets))).toMatch(/^Cy,.*,6,8,3,5,fail,web answers$/m);
      // A tab of an older build sends no earned score: its whole score counts as earned.
      const [older] = await recordLearnerEvents(ctx, cy.learner, [ev({ type: 'check-report', exercise: 'eth1-up', status: 'fail', score: 2, max: 4, checks: [] })]);
      expect(older).toMatchObject({ duplicate: false });
      expect((await cyRow()).exercises['eth1-up']).toMatchObject({ best: 2, max: 4, earned: 2, earnedMax: 4 });
    });

    it('ends a learner token when the learner leaves', async () => {
      await expect(learnerByToken(ctx, ana.token)).resolves.toMatchObject({ name: 'Ana' });
      await recordLearnerEvents(ctx, ana.learner, [ev({ type: 'left' })]);
      await expect(learnerByToken(ctx, ana.token)).rejects.toMatchObject({ status: 401, code: 'learner-left' });
      await expect(learnerByToken(ctx, 'slt_not-a-token')).rejects.toMatchObject({ status: 401, code: 'unknown-learner' });
    });

    it("lists the instructor's workshops newest first, each with the learners in it: joined and not left", async () => {
      const listed = await listWorkshops(ctx, instructorId);
      expect(listed.map((w) => w.title).slice(-2)).toEqual(['Namespaces', 'Private']);
      const inRoom = (await progressReport(ctx, await workshop())).filter((learner) => !learner.left).length;
      expect(inRoom, 'Ana left, Bo is here').toBeGreaterThan(0);
      expect(listed.find((w) => w.code === code)).toMatchObject({ title: 'Namespaces', exercises: ['netns-red-blue', 'eth1-up'], learners: inRoom });
      expect(listed.find((w) => w.title === 'Private')!.learners).toBe(0);
      const fresh = await createWorkshop(ctx, instructorId, { title: 'Fresh', exercises: ['eth1-up'] });
      expect((await listWorkshops(ctx, instructorId))[0]).toMatchObject({ code: fresh.code, learners: 0 });
      const other = await createInstructor(ctx, { email: 'hedy@example.org', password: 'a long enough password', admin: false });
      expect(await listWorkshops(ctx, other.id)).toEqual([]);
    });
  });

  it('closes a workshop to new learners when its instructor says, keeps those in it, and opens it again', async () => {
    const room = (await createWorkshop(ctx, instructorId, { title: 'Closing', exercises: ['eth1-up'] })).code;
    const cy = await joinWorkshop(ctx, room, 'Cy');
    const closed = await updateSettings(ctx, await workshopByCode(ctx, room), { endsAt: 'now' });
    expect(closed.endsAt, "'now' is the server's clock").toBe(ctx.now());
    ctx.advance(1);
    await expect(joinWorkshop(ctx, room, 'Di')).rejects.toMatchObject({ status: 403, code: 'workshop-over', message: expect.stringMatching(/"Closing" is closed to new learners; ask your instructor to open it again/) });
    // Those in it keep working.
    expect((await recordLearnerEvents(ctx, cy.learner, [ev({ type: 'exercise-started', exercise: 'eth1-up' })]))[0]).toMatchObject({ duplicate: false });
    // Another setting leaves the closing time as it is.
    expect(await updateSettings(ctx, await workshopByCode(ctx, room), { stuckMinutes: 7 })).toMatchObject({ stuckMinutes: 7, endsAt: closed.endsAt });
    await expect(joinWorkshop(ctx, room, 'Di')).rejects.toMatchObject({ status: 403 });
    // Open again (null), or closing later: Di joins.
    expect((await updateSettings(ctx, await workshopByCode(ctx, room), { endsAt: null })).endsAt).toBeNull();
    expect((await joinWorkshop(ctx, room, 'Di')).learner.name).toBe('Di');
    await updateSettings(ctx, await workshopByCode(ctx, room), { endsAt: new Date(ctx.now() + 60_000).toISOString() });
    expect((await joinWorkshop(ctx, room, 'Ed')).learner.name).toBe('Ed');
    ctx.advance(60_001);
    await expect(joinWorkshop(ctx, room, 'Fa')).rejects.toMatchObject({ status: 403 });
  });

  it('refuses to close a workshop to new learners before it starts, saying when it starts', async () => {
    const starts = new Date(ctx.now() + 3_600_000).toISOString();
    const later = (await createWorkshop(ctx, instructorId, { title: 'Later', startsAt: starts })).code;
    await expect(updateSettings(ctx, await workshopByCode(ctx, later), { endsAt: new Date(ctx.now()).toISOString() })).rejects.toMatchObject({
      status: 400,
      code: 'ends-before-start',
      message: expect.stringContaining(starts),
    });
    expect((await workshopByCode(ctx, later)).ends_at).toBeNull();
  });
});
